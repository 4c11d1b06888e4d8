import type { Actions, PageServerLoad } from './$types';
import { currentActor, requirePermission } from '$lib/server/auth/guards';
import { createUser, listUsers, pilotChoices, unitChoices } from '$lib/server/users';
import { formAction } from '$lib/server/form-actions';
import * as nominationAccounts from '$lib/server/nominations/accounts';
import { createUserSchema } from '$lib/schemas/auth';

export const load: PageServerLoad = async () => {
	requirePermission('users.manage');
	const [users, pilots, units] = await Promise.all([listUsers(), pilotChoices(), unitChoices()]);
	return { users, pilots, units, nomination: nominationAccounts.choices() };
};

export const actions: Actions = {
	create: async () => {
		requirePermission('users.manage');
		return formAction({
			key: 'create',
			schema: createUserSchema,
			saved: '账号已创建',
			// no token: the temporary password must not be kept for a repeat; the username already makes a repeat fail
			run: async ({ data }) => {
				const created = await createUser(currentActor(), data);
				return { created: { id: created.id, username: data.username, temporaryPassword: created.temporaryPassword } };
			}
		});
	}
};
