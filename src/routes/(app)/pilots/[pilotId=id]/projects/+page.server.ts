import type { Actions, PageServerLoad } from './$types';
import { deleteAction, editAction, readPilot } from '../pilot-page';
import { projectsOf } from '$lib/server/pilot-items';
import { returnsOf } from '$lib/server/reviews';
import { createProject, deleteProject, updateProject } from '$lib/server/pilot-records';
import { projectSchema } from '$lib/schemas/items';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot, canEdit } = await readPilot(params);
	const projects = await projectsOf(pilot);
	return { projects, returns: await returnsOf(pilot.id, 'project', projects), target: pilot.targets.projects, actual: pilot.counted?.actual.projects ?? 0, canEdit };
};

export const actions: Actions = {
	save: (event) =>
		editAction(event, projectSchema, ({ actor, pilotId, data, itemId, token }) =>
			itemId ? updateProject(actor, pilotId, itemId, data) : createProject(actor, pilotId, data, token), { message: '项目已保存' }),
	delete: (event) => deleteAction(event, 'project', deleteProject)
};
