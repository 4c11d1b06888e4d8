import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { currentActor, requirePermission } from '$lib/server/auth/guards';
import { endSessionsOf, getUser, pilotChoices, resetPassword, setDisabled, unitChoices, updateUser } from '$lib/server/users';
import { formAction } from '$lib/server/form-actions';
import * as nominationAccounts from '$lib/server/nominations/accounts';
import { updateUserSchema } from '$lib/schemas/auth';

async function loadTarget(userIdParam: string) {
	const user = await getUser(Number(userIdParam));
	if (!user) error(404, '账号不存在');
	return user;
}

export const load: PageServerLoad = async ({ params }) => {
	requirePermission('users.manage');
	const [user, pilots, units] = await Promise.all([loadTarget(params.userId), pilotChoices(), unitChoices()]);
	return { user, pilots, units, nomination: nominationAccounts.choices() };
};

const nothing = z.object({});

/** An account action with no fields but the question it asks first. */
function accountAction(params: { userId: string }, key: string, saved: string, run: (id: number) => Promise<Record<string, unknown> | void>, confirm?: string) {
	requirePermission('users.manage');
	return formAction({
		key,
		schema: nothing,
		saved,
		confirm: confirm ? () => confirm : undefined,
		run: async () => run((await loadTarget(params.userId)).id)
	});
}

export const actions: Actions = {
	update: async ({ params }) => {
		requirePermission('users.manage');
		const target = await loadTarget(params.userId);
		return formAction({
			key: 'update',
			schema: updateUserSchema,
			saved: '已保存。',
			run: async ({ data }) => {
				await updateUser(currentActor(), target.id, data);
			}
		});
	},
	disable: ({ params }) => accountAction(params, 'disable', '账号已停用。', (id) => setDisabled(currentActor(), id, true), '确定停用该账号吗？'),
	enable: ({ params }) => accountAction(params, 'enable', '账号已重新启用。', (id) => setDisabled(currentActor(), id, false)),
	resetPassword: ({ params }) =>
		accountAction(params, 'resetPassword', '已生成新的临时密码。', async (id) => ({ temporaryPassword: await resetPassword(currentActor(), id) }), '确定重置该账号的密码吗？'),
	endSessions: ({ params }) => accountAction(params, 'endSessions', '该账号已退出全部登录。', (id) => endSessionsOf(currentActor(), id), '确定让该账号退出全部登录吗？')
};
