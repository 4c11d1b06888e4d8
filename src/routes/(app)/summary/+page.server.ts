import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/guards';
import { listPilotProgress } from '$lib/server/queries/pilots';
import { today } from '$lib/server/clock';
import { toPilotRow } from '$lib/server/views/pilot-row';

export const load: PageServerLoad = async () => {
	requirePermission('summary.read');
	const day = today();
	const pilots = (await listPilotProgress({}, day)).map(toPilotRow);
	const totals = { city: 0, county: 0 };
	for (const p of pilots) totals[p.level]++;
	return { today: day, pilots, totals };
};
