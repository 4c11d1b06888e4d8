import type { Actions, PageServerLoad } from './$types';
import { deleteAction, editAction, readPilot } from '../pilot-page';
import { returnsOf } from '$lib/server/reviews';
import { activitiesOf, activityContextOf, keyDateWindowsOf, projectsOf, teamsOf } from '$lib/server/pilot-items';
import { createActivity, deleteActivity, updateActivity } from '$lib/server/pilot-records';
import { activitySchema, ACTIVITY_ARRAY_FIELDS } from '$lib/schemas/items';
import { today } from '$lib/server/clock';
import { activityChecks } from '$lib/domain/activity-checks';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot, canEdit, today: day } = await readPilot(params);
	const [activities, projects, teams, windows] = await Promise.all([activitiesOf(pilot), projectsOf(pilot), teamsOf(pilot), keyDateWindowsOf(pilot.roundId)]);
	return {
		activities,
		returns: await returnsOf(pilot.id, 'activity', activities),
		projects: projects.map((p) => ({ id: p.id, name: p.name })),
		teams: teams.map((t) => ({ id: t.id, name: t.name })),
		keyDates: windows,
		today: day,
		cycle: pilot.cycle,
		target: pilot.targets.activities,
		actual: pilot.counted?.actual.activities ?? 0,
		canEdit
	};
};

export const actions: Actions = {
	save: (event) => {
		// one read of the pilot's cycle and key dates serves the checks and the write
		let context: ReturnType<typeof activityContextOf> | undefined;
		const contextOf = (pilotId: number) => (context ??= activityContextOf(pilotId, today()));
		return editAction(
			event,
			activitySchema,
			async ({ actor, pilotId, data, itemId, token }) => {
				const ctx = await contextOf(pilotId);
				return itemId ? updateActivity(actor, pilotId, itemId, data, ctx) : createActivity(actor, pilotId, data, ctx, token);
			},
			{
				message: '活动已保存',
				arrayKeys: ACTIVITY_ARRAY_FIELDS,
				check: async (values) => activityChecks(values, await contextOf(Number(event.params.pilotId)))
			}
		);
	},
	delete: (event) => deleteAction(event, 'activity', deleteActivity)
};
