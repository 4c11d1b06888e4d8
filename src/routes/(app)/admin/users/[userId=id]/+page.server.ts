import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentActor, requirePermission } from '$lib/server/auth/guards';
import { endSessionsOf, getUser, pilotChoices, resetPassword, setDisabled, updateUser } from '$lib/server/users';
import { failFrom } from '$lib/server/errors';
import { parseForm } from '$lib/forms';
import { updateUserSchema } from '$lib/schemas/auth';

async function loadTarget(userIdParam: string) {
	const user = await getUser(Number(userIdParam));
	if (!user) error(404, '账号不存在');
	return user;
}

export const load: PageServerLoad = async ({ params }) => {
	requirePermission('users.manage');
	const [user, pilots] = await Promise.all([loadTarget(params.userId), pilotChoices()]);
	return { user, pilots };
};

export const actions: Actions = {
	update: async ({ request, params }) => {
		requirePermission('users.manage');
		const target = await loadTarget(params.userId);
		const parsed = parseForm(updateUserSchema, await request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		try {
			await updateUser(currentActor(), target.id, parsed.data);
			return { saved: true };
		} catch (e) {
			return failFrom(e, parsed.values);
		}
	},
	disable: async ({ params }) => {
		requirePermission('users.manage');
		const target = await loadTarget(params.userId);
		try {
			await setDisabled(currentActor(), target.id, true);
			return { saved: true };
		} catch (e) {
			return failFrom(e);
		}
	},
	enable: async ({ params }) => {
		requirePermission('users.manage');
		const target = await loadTarget(params.userId);
		await setDisabled(currentActor(), target.id, false);
		return { saved: true };
	},
	resetPassword: async ({ params }) => {
		requirePermission('users.manage');
		const target = await loadTarget(params.userId);
		return { temporaryPassword: await resetPassword(currentActor(), target.id) };
	},
	endSessions: async ({ params }) => {
		requirePermission('users.manage');
		const target = await loadTarget(params.userId);
		await endSessionsOf(currentActor(), target.id);
		return { saved: true };
	}
};
