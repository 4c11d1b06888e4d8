import type { Actions, PageServerLoad } from './$types';
import { deleteAction, editAction, readPilot } from '../pilot-page';
import * as teams from '$lib/server/pilots/teams';
import { returnsOf } from '$lib/server/reviews';
import { teamSchema } from '$lib/schemas/items';
import { teamChecks } from '$lib/domain/team-checks';
import { today } from '$lib/server/clock';
import { requireUser } from '$lib/server/auth/guards';
import { canExportPilot } from '$lib/server/auth/policy';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot, canEdit, today: day } = await readPilot(params);
	const list = await teams.list(pilot);
	return { today: day, teams: list, returns: await returnsOf(pilot.id, 'team', list), target: pilot.targets, actual: pilot.counted?.actual.teams ?? 0, canEdit, canExport: canExportPilot(requireUser(), pilot.id) };
};

export const actions: Actions = {
	save: (event) =>
		editAction(event, teamSchema, ({ actor, pilotId, data, itemId, token }) =>
			itemId ? teams.update(actor, pilotId, itemId, data) : teams.create(actor, pilotId, data, token), { message: '服务队已保存', check: (values) => teamChecks(values, today()) }),
	delete: (event) => deleteAction(event, 'team', teams.remove)
};
