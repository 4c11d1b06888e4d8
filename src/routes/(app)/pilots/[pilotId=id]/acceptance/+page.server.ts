import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { readPilot } from '../pilot-page';
import { acceptanceRecordOf } from '$lib/server/programme';
import { can } from '$lib/server/auth/policy';

/** 验收记录, laid out for A4: everyone who may read the pilot. */
export const load: PageServerLoad = async ({ params, locals }) => {
	const { pilot, today } = await readPilot(params);
	const record = await acceptanceRecordOf(pilot.id, today);
	if (!record) error(404, '未找到该试点');
	return { record, canReview: can(locals.user, 'review') };
};
