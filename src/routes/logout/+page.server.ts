import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { logout } from '$lib/server/auth/login';
import { currentActor } from '$lib/server/auth/guards';
import { deleteSessionCookie } from '$lib/server/auth/session';

/** GET never changes state: it only offers the button. */
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	return {};
};

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.session) await logout(currentActor(), locals.session.id);
		deleteSessionCookie(cookies, url);
		locals.user = null;
		locals.session = null;
		redirect(303, '/login');
	}
};
