import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { auditScopeOf, canSeeAuditAddress } from '$lib/server/auth/policy';
import { listAudit } from '$lib/server/audit';
import { pilotChoices } from '$lib/server/users';
import { isValidDate } from '$lib/domain/dates';

/** Province roles browse everything; a pilot's editors see their own pilot's history only. */
export const load: PageServerLoad = async ({ url }) => {
	const user = requireUser();
	const scope = auditScopeOf(user);
	if (!scope) error(403, '您的账号没有此项权限');
	const all = scope.all;
	const q = url.searchParams;
	const requestedPilot = Number(q.get('pilot')) || null;
	const pilotId = scope.all ? requestedPilot : scope.pilotId;
	const date = (key: string) => {
		const v = q.get(key)?.trim();
		return v && isValidDate(v) ? v : undefined;
	};
	const filter = {
		pilotId,
		username: (all && q.get('user')?.trim()) || undefined,
		action: q.get('action')?.trim().slice(0, 40) || undefined,
		from: date('from'),
		to: date('to'),
		before: Number(q.get('before')) || undefined
	};
	const [page, pilots] = await Promise.all([listAudit(filter), all ? pilotChoices() : Promise.resolve([])]);
	return {
		rows: page.rows.map((r) => ({ ...r, ip: canSeeAuditAddress(user, r) ? r.ip : null, before: r.before ?? null, after: r.after ?? null })),
		next: page.next,
		pilots,
		canFilterAll: all,
		filter: { pilot: all ? (requestedPilot ?? '') : '', user: filter.username ?? '', action: filter.action ?? '', from: filter.from ?? '', to: filter.to ?? '' }
	};
};
