import type { Actions, PageServerLoad } from './$types';
import { deleteAction, deleteFileAction, editAction, readPilot } from '../pilot-page';
import * as culture from '$lib/server/culture';
import * as stations from '$lib/server/pilots/stations';
import { EVIDENCE_KINDS } from '$lib/server/files';
import { cultureSchema } from '$lib/schemas/scheme';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot, canEdit } = await readPilot(params);
	const [works, stationList] = await Promise.all([culture.list(pilot.id), stations.list(pilot)]);
	return { works, stations: stationList.map((s) => ({ id: s.id, name: s.name })), canEdit };
};

export const actions: Actions = {
	save: (event) =>
		editAction(
			event,
			cultureSchema,
			({ actor, pilotId, data, itemId, token, files }) =>
				itemId ? culture.update(actor, pilotId, itemId, data, files.file ?? null) : culture.create(actor, pilotId, data, files.file ?? null, token),
			{ message: '作品已保存', files: [{ name: 'file', kinds: EVIDENCE_KINDS }] }
		),
	delete: (event) => deleteAction(event, 'culture', culture.remove),
	deleteFile: deleteFileAction
};
