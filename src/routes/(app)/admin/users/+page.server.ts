import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentActor, requirePermission } from '$lib/server/auth/guards';
import { createUser, listUsers, pilotChoices } from '$lib/server/users';
import { parseForm } from '$lib/forms';
import { failFrom } from '$lib/server/errors';
import { createUserSchema } from '$lib/schemas/auth';

export const load: PageServerLoad = async () => {
	requirePermission('users.manage');
	const [users, pilots] = await Promise.all([listUsers(), pilotChoices()]);
	return { users, pilots };
};

export const actions: Actions = {
	create: async ({ request }) => {
		requirePermission('users.manage');
		const parsed = parseForm(createUserSchema, await request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		try {
			const created = await createUser(currentActor(), parsed.data);
			return { created: { id: created.id, username: parsed.data.username, temporaryPassword: created.temporaryPassword } };
		} catch (e) {
			return failFrom(e, parsed.values);
		}
	}
};
