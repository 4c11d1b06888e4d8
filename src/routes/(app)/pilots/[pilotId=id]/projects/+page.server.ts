import type { Actions, PageServerLoad } from './$types';
import { deleteAction, editAction, readPilot } from '../pilot-page';
import * as projects from '$lib/server/pilots/projects';
import { returnsOf } from '$lib/server/reviews';
import { projectSchema } from '$lib/schemas/items';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot, canEdit } = await readPilot(params);
	const list = await projects.list(pilot);
	return { projects: list, returns: await returnsOf(pilot.id, 'project', list), target: pilot.targets.projects, actual: pilot.counted?.actual.projects ?? 0, canEdit };
};

export const actions: Actions = {
	save: (event) =>
		editAction(event, projectSchema, ({ actor, pilotId, data, itemId, token }) =>
			itemId ? projects.update(actor, pilotId, itemId, data) : projects.create(actor, pilotId, data, token), { message: '项目已保存' }),
	delete: (event) => deleteAction(event, 'project', projects.remove)
};
