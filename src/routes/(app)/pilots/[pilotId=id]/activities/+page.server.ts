import type { Actions, PageServerLoad } from './$types';
import { deleteAction, deleteFileAction, editAction, readPilot } from '../pilot-page';
import { filesOf } from '$lib/server/files';
import * as activities from '$lib/server/pilots/activities';
import * as projects from '$lib/server/pilots/projects';
import * as teams from '$lib/server/pilots/teams';
import * as participants from '$lib/server/participants';
import { keyDateWindowsOf } from '$lib/server/rounds';
import { returnsOf } from '$lib/server/reviews';
import { activitySchema, ACTIVITY_ARRAY_FIELDS } from '$lib/schemas/items';
import { today } from '$lib/server/clock';
import { activityChecks } from '$lib/domain/activity-checks';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot, canEdit, today: day } = await readPilot(params);
	const [activityList, projectList, teamList, windows, recorded] = await Promise.all([activities.list(pilot), projects.list(pilot), teams.list(pilot), keyDateWindowsOf(pilot.roundId), participants.figuresOf(pilot.id)]);
	return {
		activities: activityList,
		evidence: await filesOf(pilot.id, 'activity', activityList.map((a) => a.id)),
		returns: await returnsOf(pilot.id, 'activity', activityList),
		projects: projectList.map((p) => ({ id: p.id, name: p.name })),
		teams: teamList.map((t) => ({ id: t.id, name: t.name })),
		keyDates: windows,
		/** activities with people recorded: their 志愿者人次 and 服务时长 follow the list */
		recorded,
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
		let context: ReturnType<typeof activities.contextOf> | undefined;
		const contextOf = (pilotId: number) => (context ??= activities.contextOf(pilotId, today()));
		return editAction(
			event,
			activitySchema,
			async ({ actor, pilotId, data, itemId, token, files }) => {
				const ctx = await contextOf(pilotId);
				return itemId ? activities.update(actor, pilotId, itemId, data, ctx, files) : activities.create(actor, pilotId, data, ctx, token, files);
			},
			{
				message: '活动已保存',
				files: activities.ACTIVITY_FILES.map((f) => ({ name: f.name, kinds: [...f.kinds] })),
				arrayKeys: ACTIVITY_ARRAY_FIELDS,
				check: async (values) => activityChecks(values, await contextOf(Number(event.params.pilotId)))
			}
		);
	},
	delete: (event) => deleteAction(event, 'activity', activities.remove),
	deleteFile: deleteFileAction
};
