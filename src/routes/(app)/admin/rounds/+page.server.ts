import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { currentActor, requirePermission } from '$lib/server/auth/guards';
import { listRounds } from '$lib/server/queries/rounds';
import { createRound } from '$lib/server/rounds';
import { parseForm } from '$lib/forms';
import { count, text } from '$lib/schemas/common';

export const load: PageServerLoad = async () => {
	requirePermission('programme.manage');
	return { rounds: await listRounds() };
};

const newRound = z.object({ name: text('批次名称', 60), year: count('年度', { min: 2000, max: 2100 }) });

export const actions: Actions = {
	create: async ({ request }) => {
		requirePermission('programme.manage');
		const parsed = parseForm(newRound, await request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const id = await createRound(currentActor(), parsed.data);
		redirect(303, `/admin/rounds/${id}`);
	}
};
