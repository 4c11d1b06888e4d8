import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentActor, requireUnitEdit, requireUnitRead } from '$lib/server/auth/guards';
import { canEditUnit, canManageOrganisation, canReadUnit, canRemindUnit, canRestructureUnit } from '$lib/server/auth/policy';
import * as units from '$lib/server/organisation/units';
import * as officers from '$lib/server/organisation/officers';
import * as deadlines from '$lib/server/organisation/deadlines';
import * as tree from '$lib/server/organisation/tree';
import { today } from '$lib/server/clock';
import { formAction, refuseForm } from '$lib/server/form-actions';
import { notAfterToday } from '$lib/forms';
import { EVIDENCE_KINDS } from '$lib/server/files';
import { FieldError } from '$lib/server/errors';
import { ID_PATTERN } from '$lib/ids';
import { canBeChildOf } from '$lib/domain/organisation';
import { officerRoleLabel } from '$lib/domain/org-units';
import { detachQuestion, undoDoneQuestion } from './questions';
import { deadlineRefSchema, doneSchema, idSchema, officerSchema, teamLinkSchema, unitEditSchema, unitMoveSchema, unitRemindSchema } from '$lib/schemas/organisation';
import { HENAN_DIVISIONS } from '$lib/data/henan-divisions';

async function scopeOf(params: { unitId: string }) {
	const unitId = Number(params.unitId);
	return { unitId, day: today(), scope: await units.scopeOf(unitId, today()) };
}

export const load: PageServerLoad = async ({ params, url }) => {
	const { unitId, day, scope } = await scopeOf(params);
	const user = requireUnitRead(scope);
	const unit = await units.get(unitId);
	if (!unit) error(404, '未找到该组织单位');
	const rows = await tree.rollUp(day);
	const row = rows.find((r) => r.id === unitId);
	if (!row) error(404, '未找到该组织单位');
	const canEdit = canEditUnit(user, scope!);
	const canRestructure = canRestructureUnit(user, scope!);
	const canManage = canManageOrganisation(user);
	const subtree = new Set<number>([unitId]);
	for (const r of rows) if (r.parentId !== null && subtree.has(r.parentId)) subtree.add(r.id);
	const ancestorsOf = (id: number) => {
		const out: number[] = [];
		for (let p = rows.find((r) => r.id === id)?.parentId ?? null; p !== null && !out.includes(p); p = rows.find((r) => r.id === p)?.parentId ?? null) out.push(p);
		return out;
	};
	const moveTargets = canRestructure
		? rows.filter((r) => !subtree.has(r.id) && canBeChildOf(unit.kind, r.kind) && canEditUnit(user, { id: r.id, ancestorIds: ancestorsOf(r.id) })).map((r) => ({ id: r.id, name: r.name }))
		: [];
	const [officerList, teamList, history, reminders, accounts, unattached] = await Promise.all([
		officers.list(unitId),
		units.teamsOf(unitId),
		units.history(unitId),
		deadlines.remindersOf(unitId),
		canManage ? units.accountsOf(unitId) : Promise.resolve([]),
		canManage ? units.unattachedTeams() : Promise.resolve([])
	]);
	return {
		removedNotice: await units.removedNotice(url.searchParams.get('removed'), (parentId) => parentId === unitId),
		today: day,
		unit,
		row,
		parent: row.parentId !== null ? (rows.find((r) => r.id === row.parentId) ?? null) : null,
		breadcrumbs: ancestorsOf(unitId)
			.reverse()
			.map((id) => rows.find((r) => r.id === id)!)
			.filter((r) => canReadUnit(user, { id: r.id, ancestorIds: ancestorsOf(r.id) }))
			.map((r) => ({ id: r.id, name: r.name })),
		children: rows.filter((r) => r.parentId === unitId),
		officers: officerList.map((o) => ({ ...o, title: officerRoleLabel(o.role, unit.kind) })),
		teams: teamList,
		history,
		reminders,
		accounts,
		unattached,
		moveTargets,
		canEdit,
		canRestructure,
		canManage,
		canRemind: canRemindUnit(user, scope!),
		divisions: HENAN_DIVISIONS.filter((d) => (unit.kind === 'city_detachment' ? d.level === 'city' : unit.kind === 'county_team' ? d.level === 'county' : d.level !== 'province')).map((d) => ({
			value: d.code,
			label: `${d.name}（${d.code}）`
		}))
	};
};

/** The officer form edits the row named by its hidden id, or makes a new one. */
function officerIdOf(body: FormData): number | null | 'bad' {
	const raw = body.get('id');
	if (raw === null || raw === '') return null;
	return typeof raw === 'string' && ID_PATTERN.test(raw) ? Number(raw) : 'bad';
}

export const actions: Actions = {
	save: async ({ params }) => {
		const { unitId, day, scope } = await scopeOf(params);
		const user = requireUnitEdit(scope);
		return formAction({
			key: 'save',
			schema: unitEditSchema,
			check: notAfterToday('foundedOn', '成立日期', day),
			saved: '单位信息已保存',
			run: async ({ data }) => void (await units.update(currentActor(), unitId, data, { placeFixed: !canRestructureUnit(user, scope!) }))
		});
	},
	move: async ({ params }) => {
		const { unitId, day, scope } = await scopeOf(params);
		const user = requireUnitEdit(scope);
		if (!canRestructureUnit(user, scope!)) error(403, '不能调整本单位自身的上级单位');
		return formAction({
			key: 'move',
			schema: unitMoveSchema,
			saved: `已调整上级单位，自 ${day} 起生效；此前日期的数据仍按原上级计算`,
			run: async ({ data }) => {
				const target = data.parentId === null ? null : await units.scopeOf(data.parentId, day);
				if (data.parentId === null ? !canManageOrganisation(user) : !target || !canEditUnit(user, target)) throw new FieldError('parentId', '所选上级单位不存在');
				await units.move(currentActor(), unitId, data.parentId, day);
			}
		});
	},
	remove: async ({ params }) => {
		const { unitId, day, scope } = await scopeOf(params);
		const user = requireUnitEdit(scope);
		if (!canRestructureUnit(user, scope!)) error(403, '不能删除本单位');
		const answer = await formAction({
			key: 'remove',
			schema: unitMoveSchema.pick({}),
			confirm: async () => `确定删除组织单位“${(await units.get(unitId))?.name ?? ''}”吗？删除后 30 天内可在回收站恢复。`,
			saved: '组织单位已删除，30 天内可在组织体系回收站恢复',
			run: async () => ({ removed: true, parentId: scope!.ancestorIds[0] ?? null, ...(await units.remove(currentActor(), unitId, day)) })
		});
		if ('removed' in answer) redirect(303, `${answer.parentId ? `/organisation/units/${answer.parentId}` : '/organisation'}?removed=${unitId}`);
		return answer;
	},
	officer: async ({ params, request }) => {
		const { unitId, scope } = await scopeOf(params);
		requireUnitEdit(scope);
		const body = await request.formData();
		const id = officerIdOf(body);
		if (id === 'bad') return refuseForm('officer', 404, '未找到该记录');
		return formAction(
			{
				key: 'officer',
				schema: officerSchema,
				extra: { editing: id },
				saved: '负责人已保存',
				run: async ({ data, token }) => {
					const made = await officers.save(currentActor(), unitId, id, data, token);
					return id === null ? { editing: made } : {};
				}
			},
			body
		);
	},
	deleteOfficer: async ({ params }) => {
		const { unitId, scope } = await scopeOf(params);
		requireUnitEdit(scope);
		return formAction({
			key: 'deleteOfficer',
			schema: idSchema,
			confirm: async ({ id }) => {
				const o = (await officers.list(unitId)).find((x) => x.id === id);
				if (!o) throw new FieldError('_form', '未找到该负责人');
				return `确定删除负责人“${o.name}”吗？删除后 30 天内可在回收站恢复。`;
			},
			saved: (extra) => `已删除负责人“${String(extra.name ?? '')}”，30 天内可在组织体系回收站恢复`,
			run: async ({ data }) => officers.remove(currentActor(), unitId, data.id)
		});
	},
	attachTeam: async ({ params }) => {
		const { unitId, scope } = await scopeOf(params);
		const user = requireUnitRead(scope);
		if (!canManageOrganisation(user)) error(403, '您的账号没有此项权限');
		return formAction({ key: 'attachTeam', schema: teamLinkSchema, saved: '服务队已挂靠到本单位', run: async ({ data }) => void (await units.attachTeam(currentActor(), unitId, data.teamId)) });
	},
	detachTeam: async ({ params }) => {
		const { unitId, scope } = await scopeOf(params);
		const user = requireUnitRead(scope);
		if (!canManageOrganisation(user)) error(403, '您的账号没有此项权限');
		return formAction({
			key: 'detachTeam',
			schema: teamLinkSchema,
			confirm: async ({ teamId }) => {
				const team = (await units.teamsOf(unitId)).find((t) => t.id === teamId);
				if (!team) throw new FieldError('_form', '该服务队没有挂靠在本单位');
				return detachQuestion(team.name);
			},
			saved: (extra) => `已解除服务队“${String(extra.name ?? '')}”的挂靠`,
			run: async ({ data }) => units.detachTeam(currentActor(), unitId, data.teamId)
		});
	},
	done: async ({ params }) => {
		const { unitId, day, scope } = await scopeOf(params);
		requireUnitEdit(scope);
		return formAction({
			key: 'done',
			schema: doneSchema,
			check: notAfterToday('doneOn', '完成日期', day),
			files: [{ name: 'file', kinds: EVIDENCE_KINDS }],
			saved: '已登记完成',
			run: async ({ data, files }) => void (await deadlines.markDone(currentActor(), unitId, data, files.file ?? null, day))
		});
	},
	undoDone: async ({ params }) => {
		const { unitId, scope } = await scopeOf(params);
		requireUnitEdit(scope);
		return formAction({
			key: 'undoDone',
			schema: deadlineRefSchema,
			confirm: async ({ deadlineId }) => {
				const done = await deadlines.registrationOf(unitId, deadlineId);
				if (!done) throw new FieldError('_form', '该项尚未登记完成；请刷新页面查看');
				return undoDoneQuestion(done.title, done.doneOn);
			},
			saved: (extra) => `已撤销“${String(extra.title ?? '')}”的完成登记，可重新登记`,
			run: async ({ data }) => deadlines.undoDone(currentActor(), unitId, data.deadlineId)
		});
	},
	remind: async ({ params }) => {
		const { unitId, day, scope } = await scopeOf(params);
		const user = requireUnitRead(scope);
		if (!canRemindUnit(user, scope!)) error(403, '您的账号没有此项权限');
		return formAction({ key: 'remind', schema: unitRemindSchema, saved: '督办已发送', run: async ({ data }) => void (await deadlines.remind(currentActor(), unitId, data, day)) });
	}
};
