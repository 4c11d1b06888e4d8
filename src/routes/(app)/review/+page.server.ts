import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/guards';
import { reviewQueue } from '$lib/server/reviews';

/** What waits for the province across every pilot: items to verify and 月报 to accept. */
export const load: PageServerLoad = async () => {
	requirePermission('review');
	return { queue: await reviewQueue() };
};
