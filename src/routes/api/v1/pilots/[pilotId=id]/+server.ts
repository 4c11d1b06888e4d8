import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiJson, itemsJson, pilotJson, requireApiUser } from '$lib/server/api';
import { canReadPilot } from '$lib/server/auth/policy';
import * as pilots from '$lib/server/pilots/pilot';
import { today } from '$lib/server/clock';

/** GET /api/v1/pilots/{id}: the pilot and its items; 404 alike for "missing" and "not yours". */
export const GET: RequestHandler = async ({ params }) => {
	const user = requireApiUser();
	const id = Number(params.pilotId);
	if (!canReadPilot(user, id)) error(404, '未找到该试点');
	const day = today();
	const pilot = await pilots.get(id, day);
	if (!pilot) error(404, '未找到该试点');
	return apiJson({ today: day, ...pilotJson(pilot), items: await itemsJson(pilot) });
};
