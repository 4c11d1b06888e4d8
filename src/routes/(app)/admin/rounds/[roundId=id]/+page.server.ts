import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentActor, requirePermission } from '$lib/server/auth/guards';
import { formValuesOf, getRound, saveKeyDateWindow, updateRound } from '$lib/server/rounds';
import { failFrom } from '$lib/server/errors';
import { parseForm } from '$lib/forms';
import { keyDateWindowSchema, roundSchema } from '$lib/schemas/items';
import { KEY_DATES } from '$lib/domain/key-dates';

export const load: PageServerLoad = async ({ params }) => {
	requirePermission('programme.manage');
	const found = await getRound(Number(params.roundId));
	if (!found) error(404, '未找到该批次');
	return { round: found.round, values: formValuesOf(found.round), windows: found.windows, keyDates: KEY_DATES.map((k) => ({ key: k.key, name: k.name })) };
};

export const actions: Actions = {
	save: async ({ request, params }) => {
		requirePermission('programme.manage');
		const parsed = parseForm(roundSchema, await request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		try {
			await updateRound(currentActor(), Number(params.roundId), parsed.data);
		} catch (e) {
			return failFrom(e, parsed.values);
		}
		return { saved: '批次设置已保存，各试点的状态已按新设置计算' };
	},
	keyDate: async ({ request, params }) => {
		requirePermission('programme.manage');
		const parsed = parseForm(keyDateWindowSchema, await request.formData());
		if (!parsed.ok) return fail(400, { window: parsed.values, errors: parsed.errors });
		try {
			await saveKeyDateWindow(currentActor(), Number(params.roundId), parsed.data);
		} catch (e) {
			const f = failFrom(e, parsed.values);
			return fail(f.status, { ...f.data, window: parsed.values });
		}
		return { saved: '关键时间节点已保存' };
	}
};
