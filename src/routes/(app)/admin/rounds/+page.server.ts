import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { currentActor, requirePermission } from '$lib/server/auth/guards';
import { listRounds } from '$lib/server/queries/rounds';
import { createRound } from '$lib/server/rounds';
import { formAction } from '$lib/server/form-actions';
import { count } from '$lib/schemas/common';
import { nameProblem } from './name-check';
import { roundName } from '$lib/schemas/items';

export const load: PageServerLoad = async () => {
	requirePermission('programme.manage');
	return { rounds: await listRounds() };
};

const newRound = z.object({ name: roundName, year: count('年度', { min: 2000, max: 2100 }) });

export const actions: Actions = {
	create: async () => {
		requirePermission('programme.manage');
		const answer = await formAction({
			key: 'create',
			schema: newRound,
			check: ({ name }) => nameProblem(name, null),
			saved: '批次已创建',
			run: async ({ data, token }) => ({ roundId: await createRound(currentActor(), data, { token }) })
		});
		if ('roundId' in answer) redirect(303, `/admin/rounds/${answer.roundId}`);
		return answer;
	}
};
