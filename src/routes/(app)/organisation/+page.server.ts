import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentActor, requireOrganisationRead } from '$lib/server/auth/guards';
import { canCreateUnits, canEditUnit, canExportOrganisation, canManageOrganisation, canSetOrgDeadlines, canUseOrgBin } from '$lib/server/auth/policy';
import * as tree from '$lib/server/organisation/tree';
import * as units from '$lib/server/organisation/units';
import { today } from '$lib/server/clock';
import { formAction } from '$lib/server/form-actions';
import { notAfterToday } from '$lib/forms';
import { FieldError } from '$lib/server/errors';
import { unitCreateSchema } from '$lib/schemas/organisation';
import { HENAN_DIVISIONS } from '$lib/data/henan-divisions';
import { matches, readOrgFilter } from './filter';
import { visibleRows } from './scope.server';

export const load: PageServerLoad = async ({ url }) => {
	const user = requireOrganisationRead();
	const day = today();
	const filter = readOrgFilter(url.searchParams, day);
	const all = visibleRows(user, await tree.rollUp(filter.asOf ?? day));
	const rows = all.filter((r) => matches(r, filter));
	const cityCodes = new Set(all.map((r) => r.cityCode).filter(Boolean));
	const cities = HENAN_DIVISIONS.filter((d) => d.level === 'city' && cityCodes.has(d.code)).map((d) => ({ code: d.code, name: d.name }));
	const byId = new Map(all.map((r) => [r.id, r]));
	// parents a new unit may go under: units this reader may edit, as of today
	const current = filter.asOf ? visibleRows(user, await tree.rollUp(day)) : all;
	const ancestorsOf = (id: number) => {
		const out: number[] = [];
		for (let p = current.find((r) => r.id === id)?.parentId ?? null; p !== null && !out.includes(p); p = current.find((r) => r.id === p)?.parentId ?? null) out.push(p);
		return out;
	};
	const parents = current.filter((r) => canEditUnit(user, { id: r.id, ancestorIds: ancestorsOf(r.id) })).map((r) => ({ id: r.id, kind: r.kind, name: r.name }));
	return {
		removedNotice: await units.removedNotice(url.searchParams.get('removed'), (parentId) => (parentId === null ? user.role !== 'unit_officer' : byId.has(parentId))),
		today: day,
		filter,
		rows: rows.map((r) => ({ ...r, parentName: r.parentId !== null ? (byId.get(r.parentId)?.name ?? null) : null })),
		total: all.length,
		counts: {
			size: all.filter((r) => matches(r, { ...filter, kind: null, city: null, status: 'size' })).length,
			cadence: all.filter((r) => matches(r, { ...filter, kind: null, city: null, status: 'cadence' })).length,
			deadline: all.filter((r) => matches(r, { ...filter, kind: null, city: null, status: 'deadline' })).length
		},
		cities,
		parents,
		canCreateTop: canManageOrganisation(user),
		canExport: canExportOrganisation(user),
		canSetDeadlines: canSetOrgDeadlines(user),
		canUseBin: canUseOrgBin(user),
		divisions: HENAN_DIVISIONS.filter((d) => d.level !== 'province').map((d) => ({ code: d.code, level: d.level, name: d.name, parentCode: d.parentCode }))
	};
};

export const actions: Actions = {
	create: async () => {
		const user = requireOrganisationRead();
		if (!canCreateUnits(user)) error(403, '您的账号没有此项权限');
		const day = today();
		const answer = await formAction({
			key: 'create',
			schema: unitCreateSchema,
			check: notAfterToday('foundedOn', '成立日期', day),
			saved: '组织单位已建立',
			run: async ({ data, token }) => {
				if (data.parentId === null) {
					if (!canManageOrganisation(user)) throw new FieldError('parentId', '请选择上级单位');
				} else {
					const scope = await units.scopeOf(data.parentId, day);
					if (!scope || !canEditUnit(user, scope)) throw new FieldError('parentId', '所选上级单位不存在');
				}
				return { unitId: await units.create(currentActor(), data, day, token) };
			}
		});
		if ('unitId' in answer && typeof answer.unitId === 'number') redirect(303, `/organisation/units/${answer.unitId}`);
		return answer;
	}
};
