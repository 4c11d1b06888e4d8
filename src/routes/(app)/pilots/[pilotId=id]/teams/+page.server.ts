import type { Actions, PageServerLoad } from './$types';
import { deleteAction, editAction, readPilot } from '../pilot-page';
import { teamsOf } from '$lib/server/pilot-items';
import { returnsOf } from '$lib/server/reviews';
import { createTeam, deleteTeam, updateTeam } from '$lib/server/pilot-records';
import { teamSchema } from '$lib/schemas/items';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot, canEdit } = await readPilot(params);
	const teams = await teamsOf(pilot);
	return { teams, returns: await returnsOf(pilot.id, 'team', teams), target: pilot.targets, actual: pilot.counted?.actual.teams ?? 0, canEdit };
};

export const actions: Actions = {
	save: (event) =>
		editAction(event, teamSchema, ({ actor, pilotId, data, itemId, token }) =>
			itemId ? updateTeam(actor, pilotId, itemId, data) : createTeam(actor, pilotId, data, token), { message: '服务队已保存' }),
	delete: (event) => deleteAction(event, 'team', deleteTeam)
};
