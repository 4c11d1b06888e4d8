import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { currentActor, requireUser } from '$lib/server/auth/guards';
import { canRestoreOrgEntry, canUseOrgBin } from '$lib/server/auth/policy';
import type { SessionUser } from '$lib/server/auth/session';
import * as orgBin from '$lib/server/organisation/bin';
import * as units from '$lib/server/organisation/units';
import { formAction } from '$lib/server/form-actions';
import { NotFoundError } from '$lib/server/errors';
import { today } from '$lib/server/clock';
import { recordId } from '$lib/schemas/common';

function requireBin() {
	const user = requireUser();
	if (!canUseOrgBin(user)) error(403, '您的账号没有此项权限');
	return user;
}

/** Whether the user may restore this entry, decided on today's tree. */
async function mayRestore(user: SessionUser, entry: { kind: orgBin.OrgBinKind; scopeUnitId: number | null }, day: string) {
	const scope = entry.scopeUnitId === null ? null : await units.scopeOf(entry.scopeUnitId, day);
	return canRestoreOrgEntry(user, { kind: entry.kind, scope, hadScope: entry.scopeUnitId !== null });
}

export const load: PageServerLoad = async () => {
	const user = requireBin();
	const day = today();
	const all = await orgBin.list();
	const entries: (Awaited<ReturnType<typeof orgBin.list>>[number] & { kindLabel: string })[] = [];
	for (const e of all) if (await mayRestore(user, e, day)) entries.push({ ...e, kindLabel: orgBin.ORG_BIN_KIND_LABELS[e.kind] });
	return { entries, keepDays: orgBin.KEEP_DAYS };
};

const restoreSchema = z.object({ binId: recordId('未找到该记录') });

export const actions: Actions = {
	restore: async () => {
		const user = requireBin();
		const day = today();
		return formAction({
			key: 'restore',
			schema: restoreSchema,
			saved: (r) => `已恢复${orgBin.ORG_BIN_KIND_LABELS[r.kind as orgBin.OrgBinKind] ?? ''}“${String(r.label ?? '')}”。`,
			run: async ({ data }) => {
				// an entry the user may not restore answers like one that does not exist
				const entry = await orgBin.get(data.binId);
				if (!entry || !(await mayRestore(user, entry, day))) throw new NotFoundError();
				return orgBin.restore(currentActor(), data.binId, day);
			}
		});
	}
};
