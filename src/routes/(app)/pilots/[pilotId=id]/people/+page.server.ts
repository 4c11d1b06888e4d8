import type { PageServerLoad } from './$types';
import { readPilot } from '../pilot-page';
import * as people from '$lib/server/people';

export const load: PageServerLoad = async ({ params, url }) => {
	const { pilot, today } = await readPilot(params);
	const q = (url.searchParams.get('q') ?? '').slice(0, 40);
	const page = Number(url.searchParams.get('page') ?? '1');
	return { q, ...(await people.list(pilot.id, today, { q, page: Number.isFinite(page) ? page : 1 })) };
};
