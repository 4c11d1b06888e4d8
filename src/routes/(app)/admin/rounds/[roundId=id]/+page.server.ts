import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentActor, requirePermission } from '$lib/server/auth/guards';
import { formValuesOf, getRound, saveKeyDateWindow, updateRound } from '$lib/server/rounds';
import { failFrom } from '$lib/server/errors';
import { parseForm } from '$lib/forms';
import { keyDateWindowSchema, newPilotSchema, roundSchema } from '$lib/schemas/items';
import { createPilot } from '$lib/server/programme';
import { HENAN_DIVISIONS } from '$lib/data/henan-divisions';
import { redirect } from '@sveltejs/kit';
import { KEY_DATES } from '$lib/domain/key-dates';

export const load: PageServerLoad = async ({ params }) => {
	requirePermission('programme.manage');
	const found = await getRound(Number(params.roundId));
	if (!found) error(404, '未找到该批次');
	const cityName = new Map(HENAN_DIVISIONS.filter((d) => d.level === 'city').map((d) => [d.code, d.name]));
	const units = HENAN_DIVISIONS.filter((d) => d.level !== 'province').map((d) => ({
		code: d.code,
		label: d.level === 'city' ? `${d.name}（市级）` : `${cityName.get(d.parentCode ?? '') ?? ''} ${d.name}`
	}));
	return { round: found.round, values: formValuesOf(found.round), windows: found.windows, keyDates: KEY_DATES.map((k) => ({ key: k.key, name: k.name })), units };
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
	},
	addPilot: async ({ request, params }) => {
		requirePermission('programme.manage');
		const parsed = parseForm(newPilotSchema, await request.formData());
		if (!parsed.ok) return fail(400, { pilot: parsed.values, errors: parsed.errors });
		let id: number;
		try {
			id = await createPilot(currentActor(), Number(params.roundId), parsed.data);
		} catch (e) {
			const f = failFrom(e, parsed.values);
			return fail(f.status, { ...f.data, pilot: parsed.values });
		}
		redirect(303, `/pilots/${id}`);
	}
};
