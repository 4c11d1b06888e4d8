import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentActor } from '$lib/server/auth/guards';
import { requireCall, requireManage } from '$lib/server/nominations/access';
import * as calls from '$lib/server/nominations/calls';
import * as quotas from '$lib/server/nominations/quotas';
import * as entries from '$lib/server/nominations/entries';
import * as reviews from '$lib/server/nominations/reviews';
import * as results from '$lib/server/nominations/results';
import { formAction } from '$lib/server/form-actions';
import { today } from '$lib/server/clock';
import { canReadResults, unitMayNominate } from '$lib/server/auth/policy';
import {
	adjustSchema, ASSIGN_ARRAY_KEYS, assignSchema, CALL_ARRAY_KEYS, callSchema, CHOOSE_ARRAY_KEYS, chooseSchema, conflictSchema,
	DECIDE_ARRAY_KEYS, decideSchema, nominateSchema, objectionSchema, resolveSchema, SCORE_ARRAY_KEYS, scoreCheck, scoreSchema, stageSchema
} from '$lib/schemas/nominations';
import { z } from 'zod';
import type { NominationCategory } from '$lib/domain/nominations';

export const load: PageServerLoad = async ({ params }) => {
	const { user, scope, call } = await requireCall(Number(params.callId));
	const manage = scope.kind === 'province' && scope.manage;
	const province = scope.kind === 'province';
	const units = await calls.unitsOf(call);
	const frozen = await quotas.frozen(call.id);
	const quotaRows = province || scope.kind === 'unit' ? (frozen ?? (await quotas.preview(call))) : [];
	const all = province || scope.kind === 'unit' ? await entries.list(call.id, scope.kind === 'unit' ? scope.unitId : undefined) : [];
	const mine = scope.kind === 'unit' ? units.find((u) => u.id === scope.unitId) ?? null : null;
	const candidates: Record<string, { key: string; name: string; summary: string }[]> = {};
	const unitOpen = unitMayNominate(call.stage, today() > call.deadline);
	if (mine && unitOpen) {
		const taken = new Set(all.map((r) => r.n.candidateKey));
		for (const c of mine.categories) {
			candidates[c] = (await entries.candidates(call, { divisionCode: mine.divisionCode }, c as NominationCategory)).filter((o) => !taken.has(o.key)).map((o) => ({ key: o.key, name: o.name, summary: o.summary }));
		}
	}
	const assigned = scope.kind === 'reviewer' ? (await reviews.assignedTo(call.id, user.id)).filter((r) => !r.r.conflict) : [];
	const experts = manage ? await reviews.experts() : [];
	const flags: Record<string, string[]> = {};
	if (manage) {
		for (const e of experts) for (const [id, f] of await reviews.flagsFor(e.id, all.map((r) => r.n))) if (f.length) flags[`${e.id}:${id}`] = f;
	}
	return {
		call,
		scope: scope.kind,
		manage,
		frozen: frozen !== null,
		canFreeze: manage && frozen === null && today() >= call.cutoffDate,
		units: province ? units : units.filter((u) => u.id === mine?.id),
		quotas: quotaRows.filter((q) => province || q.unitId === mine?.id),
		nominations: all.map((r) => ({ ...r.n, unitName: r.unitName, photos: Number(r.photos), missing: entries.missingForSubmit(r.n, Number(r.photos)) })),
		mine,
		unitOpen,
		candidates,
		assigned: assigned.map((r) => ({ id: r.n.id, category: r.n.category, name: r.n.candidateName, scores: r.r.scores, unitName: call.hideUnitFromReviewers ? null : units.find((u) => u.id === r.n.unitId)?.name ?? null })),
		experts: experts.map((e) => ({ id: e.id, name: e.name })),
		flags,
		reviews: province ? (await reviews.ofCall(call.id)).map((r) => ({ nominationId: r.r.nominationId, name: r.name, scored: !!r.r.scores, conflict: r.r.conflict })) : [],
		ranking: province ? await reviews.ranking(call) : [],
		objections: province ? await results.objectionsOf(call.id) : [],
		selected: canReadResults(scope, call.stage) ? await results.selectedOf(call.id) : [],
		settings: manage ? calls.formValuesOf(call, units.map((u) => u.id)) : null,
		allUnits: manage ? (await calls.listUnits()).map((u) => ({ id: u.id, name: u.name, kind: u.kind })) : []
	};
};

async function managed(params: { callId: string }) {
	const ctx = await requireCall(Number(params.callId));
	requireManage(ctx.scope);
	return ctx;
}

const quotaId = z.object({});

export const actions: Actions = {
	save: async ({ params }) => {
		const { call } = await managed(params);
		const frozen = (await quotas.frozen(call.id)) !== null;
		return formAction({ key: 'save', schema: callSchema, arrayKeys: CALL_ARRAY_KEYS, saved: '征集设置已保存', run: async ({ data }) => void (await calls.update(currentActor(), call.id, data, frozen)) });
	},
	freeze: async ({ params }) => {
		const { call } = await managed(params);
		return formAction({ key: 'freeze', schema: quotaId, saved: '名额已按数据截止日期冻结', confirm: () => `按截至 ${call.cutoffDate} 的数据冻结名额？冻结后依据和结果不再随数据变化。`, run: async () => void (await quotas.freeze(currentActor(), call, today())) });
	},
	adjust: async ({ params }) => {
		const { call } = await managed(params);
		return formAction({ key: 'adjust', schema: adjustSchema, saved: '名额已调整', run: async ({ data }) => void (await quotas.adjust(currentActor(), call.id, data.quotaId, data.quota, data.reason)) });
	},
	choose: async ({ params }) => {
		const { scope, call } = await requireCall(Number(params.callId));
		if (!(scope.kind === 'province' && scope.manage) && scope.kind !== 'unit') error(403, '您的账号没有此项权限');
		return formAction({
			key: 'choose',
			schema: chooseSchema,
			arrayKeys: CHOOSE_ARRAY_KEYS,
			saved: '推荐类别已保存',
			run: async ({ data }) => {
				if (scope.kind === 'unit' && data.unitId !== scope.unitId) error(404, '未找到该推荐单位');
				if (call.stage !== 'open') error(403, '征集已结束');
				if (scope.kind === 'unit' && !unitMayNominate(call.stage, today() > call.deadline)) error(403, `报送截止日期 ${call.deadline} 已过`);
				await calls.chooseCategories(currentActor(), call, data.unitId, data.categories);
			}
		});
	},
	nominate: async ({ params }) => {
		const { scope, call } = await requireCall(Number(params.callId));
		if (scope.kind !== 'unit') error(403, '只有推荐单位可以推荐');
		if (call.stage !== 'open') error(403, '征集已结束');
		if (!unitMayNominate(call.stage, today() > call.deadline)) error(403, `报送截止日期 ${call.deadline} 已过，不能再新增推荐`);
		const unit = (await calls.unitsOf(call)).find((u) => u.id === scope.unitId)!;
		const answer = await formAction({
			key: 'nominate',
			schema: nominateSchema,
			saved: '已加入推荐',
			run: async ({ data, token }) => ({ nominationId: await entries.create(currentActor(), call, unit, data.category, data.candidate, token) })
		});
		if ('nominationId' in answer) redirect(303, `/nominations/${call.id}/${answer.nominationId}`);
		return answer;
	},
	assign: async ({ params }) => {
		const { call } = await managed(params);
		return formAction({ key: 'assign', schema: assignSchema, arrayKeys: ASSIGN_ARRAY_KEYS, saved: '已分配', run: async ({ data }) => void (await reviews.assign(currentActor(), call, data.reviewerId, data.nominationIds)) });
	},
	score: async ({ params }) => {
		const { scope, call, user } = await requireCall(Number(params.callId));
		if (scope.kind !== 'reviewer') error(403, '只有评审专家可以打分');
		return formAction({ key: 'score', schema: scoreSchema, arrayKeys: SCORE_ARRAY_KEYS, check: scoreCheck(call.criteria), saved: '评分已保存', run: async ({ data }) => void (await reviews.score({ ...currentActor(), userId: user.id }, call, data.nominationId, data.scores)) });
	},
	conflict: async ({ params }) => {
		const { scope, call, user } = await requireCall(Number(params.callId));
		if (scope.kind !== 'reviewer') error(403, '只有评审专家可以声明回避');
		return formAction({ key: 'conflict', schema: conflictSchema, saved: '已声明回避', confirm: () => '声明回避后将不再看到该推荐材料，确定吗？', run: async ({ data }) => void (await reviews.declareConflict({ ...currentActor(), userId: user.id }, call, data.nominationId, data.conflict)) });
	},
	decide: async ({ params }) => {
		const { call } = await managed(params);
		return formAction({ key: 'decide', schema: decideSchema, arrayKeys: DECIDE_ARRAY_KEYS, saved: '入选名单已保存', run: async ({ data }) => void (await results.decide(currentActor(), call, data.selectedIds)) });
	},
	stage: async ({ params }) => {
		const { call } = await managed(params);
		return formAction({ key: 'stage', schema: stageSchema, saved: '阶段已变更', run: async ({ data }) => void (await results.setStage(currentActor(), call, data.stage, data.publicityStart || null)) });
	},
	objection: async ({ params }) => {
		const { call } = await managed(params);
		return formAction({ key: 'objection', schema: objectionSchema, saved: '异议已登记', run: async ({ data }) => void (await results.addObjection(currentActor(), call, data)) });
	},
	resolve: async ({ params }) => {
		const { call } = await managed(params);
		return formAction({ key: 'resolve', schema: resolveSchema, saved: '异议处理结果已保存', run: async ({ data }) => void (await results.resolveObjection(currentActor(), call, data.objectionId, data.resolution)) });
	}
};
