import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentActor, requireUser } from '$lib/server/auth/guards';
import { ROLE_LABELS } from '$lib/server/auth/policy';
import { setSessionCookie } from '$lib/server/auth/session';
import { changeOwnPassword } from '$lib/server/users';
import { parseForm } from '$lib/forms';
import { failFrom } from '$lib/server/errors';
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
		const parsed = parseForm(changePasswordSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		try {
			const issued = await changeOwnPassword(currentActor(), {
				currentPassword: parsed.data.currentPassword,
				newPassword: parsed.data.newPassword,
				sessionId: event.locals.session!.id,
				userAgent: event.request.headers.get('user-agent')
			});
			setSessionCookie(event.cookies, event.url, issued.token, issued.session);
			event.locals.user = { ...user, mustChangePassword: false };
			return { changed: true };
		} catch (e) {
			return failFrom(e);
		}
	}
};
