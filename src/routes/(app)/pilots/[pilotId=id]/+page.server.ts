import type { PageServerLoad } from './$types';
import { readPilot } from './pilot-page';
import { toPilotRow } from '$lib/server/views/pilot-row';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot, today, canEdit } = await readPilot(params);
	return {
		today,
		pilot: toPilotRow(pilot),
		monthlyNeed: pilot.progress && pilot.hasPace ? pilot.progress.monthlyNeed : {},
		roundName: pilot.roundName,
		canEdit
	};
};
