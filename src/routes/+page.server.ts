import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { homeOf } from '$lib/server/auth/policy';

/** `/` sends each role to its own home, and anyone else to the login page. */
export const load: PageServerLoad = ({ locals }) => {
	redirect(303, locals.user ? homeOf(locals.user) : '/login');
};
