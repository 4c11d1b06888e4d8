import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentActor, requirePermission } from '$lib/server/auth/guards';
import { formValuesOf, getRound, saveKeyDateWindow, updateRound } from '$lib/server/rounds';
import { nameProblem } from '../name-check';
import { formAction } from '$lib/server/form-actions';
import { keyDateWindowSchema, newPilotSchema, roundSchema } from '$lib/schemas/items';
import { createPilot, DIVISION_TAKEN, divisionInRound } from '$lib/server/programme';
import { HENAN_DIVISIONS } from '$lib/data/henan-divisions';
import { redirect } from '@sveltejs/kit';
import { KEY_DATES } from '$lib/domain/key-dates';
import * as orgSizes from '$lib/server/organisation/sizes';
import { orgSizesSchema, sizeSettingsOf } from '$lib/schemas/organisation';

export const load: PageServerLoad = async ({ params }) => {
	requirePermission('programme.manage');
	const found = await getRound(Number(params.roundId));
	if (!found) error(404, '未找到该批次');
	const cityName = new Map(HENAN_DIVISIONS.filter((d) => d.level === 'city').map((d) => [d.code, d.name]));
	const units = HENAN_DIVISIONS.filter((d) => d.level !== 'province').map((d) => ({
		code: d.code,
		label: d.level === 'city' ? `${d.name}（市级）` : `${cityName.get(d.parentCode ?? '') ?? ''} ${d.name}`
	}));
	return { round: found.round, values: formValuesOf(found.round), windows: found.windows, keyDates: KEY_DATES.map((k) => ({ key: k.key, name: k.name })), units, orgSizes: await orgSizes.get(found.round.id), orgSizesHeldBy: await orgSizes.roundInForce().then((r) => r && { id: r.id, name: r.name }) };
};

export const actions: Actions = {
	save: async ({ params }) => {
		requirePermission('programme.manage');
		return formAction({
			key: 'save',
			schema: roundSchema,
			check: ({ name }) => nameProblem(name, Number(params.roundId)),
			saved: '批次设置已保存，各试点的状态已按新设置计算',
			run: async ({ data }) => {
				await updateRound(currentActor(), Number(params.roundId), data);
			}
		});
	},
	keyDate: async ({ params }) => {
		requirePermission('programme.manage');
		return formAction({
			key: 'keyDate',
			schema: keyDateWindowSchema,
			saved: '关键时间节点已保存',
			run: async ({ data }) => {
				await saveKeyDateWindow(currentActor(), Number(params.roundId), data);
			}
		});
	},
	// 组织体系 (issue 19): the members each kind of unit must reach
	orgSizes: async ({ params }) => {
		requirePermission('programme.manage');
		return formAction({
			key: 'orgSizes',
			schema: orgSizesSchema,
			saved: '组织人数要求已保存',
			run: async ({ data }) => {
				await orgSizes.update(currentActor(), Number(params.roundId), sizeSettingsOf(data), (data as { version?: number }).version);
			}
		});
	},
	addPilot: async ({ params }) => {
		requirePermission('programme.manage');
		const answer = await formAction({
			key: 'addPilot',
			schema: newPilotSchema,
			// said with the form's other problems, not after them (createPilot checks again in its write)
			check: async ({ divisionCode }): Promise<Record<string, string>> =>
				typeof divisionCode === 'string' && (await divisionInRound(Number(params.roundId), divisionCode)) ? { divisionCode: DIVISION_TAKEN } : {},
			saved: '已登记申报单位',
			run: async ({ data, token }) => ({ pilotId: await createPilot(currentActor(), Number(params.roundId), data, token) })
		});
		if ('pilotId' in answer) redirect(303, `/pilots/${answer.pilotId}`);
		return answer;
	}
};
