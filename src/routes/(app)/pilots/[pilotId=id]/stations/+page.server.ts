import type { Actions, PageServerLoad } from './$types';
import { deleteAction, editAction, readPilot } from '../pilot-page';
import { filesOf, projectsOf, stationsOf, teamsOf } from '$lib/server/pilot-items';
import { createStation, deleteStation, EVIDENCED_YOU, updateStation, type StationPhotos } from '$lib/server/pilot-records';
import { PHOTO_KINDS, type CheckedFile } from '$lib/server/files';
import { stationSchema } from '$lib/schemas/items';
import { returnsOf } from '$lib/server/reviews';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot, canEdit } = await readPilot(params);
	const [stations, teams, projects] = await Promise.all([stationsOf(pilot), teamsOf(pilot), projectsOf(pilot)]);
	const [photos, returns] = await Promise.all([filesOf(pilot.id, 'station', stations.map((s) => s.id)), returnsOf(pilot.id, 'station', stations)]);
	return {
		stations,
		photos,
		returns,
		teams: teams.map((t) => ({ id: t.id, name: t.name })),
		projects: projects.map((p) => ({ id: p.id, name: p.name })),
		target: pilot.targets.stations,
		actual: pilot.counted?.actual.stations ?? 0,
		canEdit
	};
};

const PHOTO_FIELDS = EVIDENCED_YOU.map((y) => ({ name: `${y}Photo`, kinds: PHOTO_KINDS }));

function photosFrom(files: Record<string, CheckedFile | null>): StationPhotos {
	const photos: StationPhotos = {};
	for (const y of EVIDENCED_YOU) {
		const file = files[`${y}Photo`];
		if (file) photos[y] = file;
	}
	return photos;
}

export const actions: Actions = {
	save: (event) =>
		editAction(
			event,
			stationSchema,
			async ({ actor, pilotId, data, itemId, files, token }) => {
				const photos = photosFrom(files);
				return itemId ? updateStation(actor, pilotId, itemId, data, photos) : createStation(actor, pilotId, data, photos, token);
			},
			{ message: '站点已保存', files: PHOTO_FIELDS }
		),
	delete: (event) => deleteAction(event, 'station', deleteStation)
};
