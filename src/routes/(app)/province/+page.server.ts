import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/guards';
import { listPilotProgress } from '$lib/server/queries/pilots';
import { today } from '$lib/server/clock';
import { toPilotRow } from '$lib/server/views/pilot-row';

export const load: PageServerLoad = async () => {
	requirePermission('pilots.read_all');
	const day = today();
	const pilots = await listPilotProgress({}, day);
	return { today: day, pilots: pilots.map(toPilotRow) };
};
