import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentActor } from '$lib/server/auth/guards';
import { requireManage, requireScope } from '$lib/server/nominations/access';
import * as calls from '$lib/server/nominations/calls';
import { formAction } from '$lib/server/form-actions';
import { CALL_ARRAY_KEYS, callSchema } from '$lib/schemas/nominations';
import { today } from '$lib/server/clock';

export const load: PageServerLoad = async () => {
	const { user, scope } = await requireScope();
	const manage = scope.kind === 'province' && scope.manage;
	const units = manage ? await calls.listUnits() : [];
	const year = Number(today().slice(0, 4));
	const d = calls.defaults(year);
	return {
		calls: await calls.list(scope, user.id),
		manage,
		units: units.map((u) => ({ id: u.id, name: u.name, kind: u.kind })),
		defaults: calls.formValuesOf({ ...d, cutoffDate: today(), deadline: today(), hideUnitFromReviewers: false }, units.map((u) => u.id))
	};
};

export const actions: Actions = {
	create: async () => {
		const { scope } = await requireScope();
		requireManage(scope);
		const answer = await formAction({
			key: 'create',
			schema: callSchema,
			arrayKeys: CALL_ARRAY_KEYS,
			saved: '征集已创建',
			run: async ({ data, token }) => ({ callId: await calls.create(currentActor(), data, token) })
		});
		if ('callId' in answer) redirect(303, `/nominations/${answer.callId}`);
		return answer;
	}
};
