import type { Actions, PageServerLoad } from './$types';
import { currentActor, requireUser } from '$lib/server/auth/guards';
import { ROLE_LABELS } from '$lib/server/auth/policy';
import { setSessionCookie } from '$lib/server/auth/session';
import { changeOwnPassword, passwordChangeProblemsOf } from '$lib/server/users';
import { formAction } from '$lib/server/form-actions';
import { changePasswordSchema } from '$lib/schemas/auth';

export const load: PageServerLoad = () => {
	const user = requireUser();
	return {
		account: { username: user.username, displayName: user.displayName, role: ROLE_LABELS[user.role] },
		mustChangePassword: user.mustChangePassword
	};
};

export const actions: Actions = {
	password: async (event) => {
		const user = requireUser();
		return formAction({
			key: 'password',
			schema: changePasswordSchema,
			// a wrong current password is named with the new password's problems, not after them
			check: (values) => passwordChangeProblemsOf(user.id, values),
			saved: '密码已修改。',
			run: async ({ data }) => {
				const issued = await changeOwnPassword(currentActor(), {
					currentPassword: data.currentPassword,
					newPassword: data.newPassword,
					sessionId: event.locals.session!.id,
					userAgent: event.request.headers.get('user-agent')
				});
				setSessionCookie(event.cookies, event.url, issued.token, issued.session);
				event.locals.user = { ...user, mustChangePassword: false };
				return { changed: true };
			}
		});
	}
};
