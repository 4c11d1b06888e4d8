import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { auditScopeOf, canSeeAuditAddress } from '$lib/server/auth/policy';
import { auditUserIds, listAudit } from '$lib/server/audit';
import { auditPeople, describeAuditRows } from '$lib/server/audit-entries';
import { pilotChoices } from '$lib/server/users';
import { today } from '$lib/server/clock';
import { addDays, isValidDate } from '$lib/domain/dates';
import { ACTION_FILTERS } from '$lib/audit-labels';
import { ROLE_LABELS, type Role } from '$lib/domain/labels';

/** The date filter's choices: days back from today (0 = today only). */
const PERIODS = [
	{ value: '0', label: '今天', days: 0 },
	{ value: '7', label: '近 7 天', days: 6 },
	{ value: '30', label: '近 30 天', days: 29 },
	{ value: '90', label: '近 90 天', days: 89 },
	{ value: '365', label: '近一年', days: 364 }
];

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
	const period = PERIODS.find((p) => p.value === q.get('period'));
	const person = q.get('user')?.trim() ?? '';
	const action = ACTION_FILTERS.find((a) => a.value === q.get('action'))?.value;
	// the people an editor may pick are those in their own pilot's history
	const [peopleIds, people] = await Promise.all([auditUserIds(all ? null : pilotId), auditPeople()]);
	const shown = new Set(peopleIds);
	const personId = /^\d+$/.test(person) && shown.has(Number(person)) ? Number(person) : undefined;
	const filter = {
		pilotId,
		userId: personId,
		action,
		from: period ? addDays(today(), -period.days) : date('from'),
		to: period ? undefined : date('to'),
		before: Number(q.get('before')) || undefined
	};
	const [page, pilots] = await Promise.all([listAudit(filter), all ? pilotChoices() : Promise.resolve([])]);
	const entries = await describeAuditRows(page.rows);
	return {
		entries: entries.map((e) => ({ ...e, ip: canSeeAuditAddress(user, e) ? e.ip : null })),
		next: page.next,
		pilots,
		people: people.filter((p) => shown.has(p.id)).map((p) => ({ id: p.id, label: `${p.displayName}（${ROLE_LABELS[p.role as Role] ?? ''}）` })),
		actions: ACTION_FILTERS,
		periods: PERIODS.map(({ value, label }) => ({ value, label })),
		canFilterAll: all,
		filter: { pilot: all ? String(requestedPilot ?? '') : '', user: personId ? String(personId) : '', action: action ?? '', period: period?.value ?? '', from: period ? '' : (filter.from ?? ''), to: filter.to ?? '' }
	};
};
