import type { RequestHandler } from './$types';
import { apiJson, pilotJson, requireApiUser } from '$lib/server/api';
import { readablePilots } from '$lib/server/auth/policy';
import { listPilotSummaries } from '$lib/server/queries/pilots';
import { today } from '$lib/server/clock';

/** GET /api/v1/pilots?round=&level=&status= */
export const GET: RequestHandler = async ({ url }) => {
	const user = requireApiUser();
	const day = today();
	const round = Number(url.searchParams.get('round')) || undefined;
	const level = url.searchParams.get('level');
	const status = url.searchParams.get('status');
	const pilots = readablePilots(user, await listPilotSummaries(round ? { roundId: round } : {}, day))
		.filter((p) => !level || p.level === level)
		.filter((p) => !status || p.progress?.status === status);
	return apiJson({ today: day, pilots: pilots.map(pilotJson) });
};
