import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requirePilotRead } from '$lib/server/auth/guards';
import { canEditPilot } from '$lib/server/auth/policy';
import { listPilotProgress } from '$lib/server/queries/pilots';
import { today } from '$lib/server/clock';
import { toPilotRow } from '$lib/server/views/pilot-row';

export const load: PageServerLoad = async ({ params }) => {
	const pilotId = Number(params.pilotId);
	const user = requirePilotRead(pilotId);
	const day = today();
	const [pilot] = await listPilotProgress({ pilotIds: [pilotId] }, day);
	if (!pilot) error(404, '未找到该试点');
	return {
		today: day,
		pilot: toPilotRow(pilot),
		monthlyNeed: pilot.progress && pilot.hasPace ? pilot.progress.monthlyNeed : {},
		roundName: pilot.roundName,
		canEdit: canEditPilot(user, pilotId)
	};
};
