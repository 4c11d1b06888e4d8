import type { Actions, PageServerLoad } from './$types';
import { deleteAction, deleteFileAction, editAction, readPilot } from '../pilot-page';
import * as stations from '$lib/server/pilots/stations';
import * as projects from '$lib/server/pilots/projects';
import * as teams from '$lib/server/pilots/teams';
import { filesOf } from '$lib/server/files';
import { PHOTO_KINDS, type CheckedFile } from '$lib/server/files';
import { stationSchema } from '$lib/schemas/items';
import { returnsOf } from '$lib/server/reviews';
import * as culture from '$lib/server/culture';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot, canEdit } = await readPilot(params);
	const [stationList, teamList, projectList] = await Promise.all([stations.list(pilot), teams.list(pilot), projects.list(pilot)]);
	const [photos, returns, works] = await Promise.all([filesOf(pilot.id, 'station', stationList.map((s) => s.id)), returnsOf(pilot.id, 'station', stationList), culture.byStation(pilot.id)]);
	return {
		stations: stationList,
		culture: works,
		photos,
		returns,
		teams: teamList.map((t) => ({ id: t.id, name: t.name })),
		projects: projectList.map((p) => ({ id: p.id, name: p.name })),
		target: pilot.targets.stations,
		actual: pilot.counted?.actual.stations ?? 0,
		canEdit
	};
};

const PHOTO_FIELDS = stations.EVIDENCED_YOU.map((y) => ({ name: `${y}Photo`, kinds: PHOTO_KINDS }));

function photosFrom(files: Record<string, CheckedFile | null>): stations.StationPhotos {
	const photos: stations.StationPhotos = {};
	for (const y of stations.EVIDENCED_YOU) {
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
				return itemId ? stations.update(actor, pilotId, itemId, data, photos) : stations.create(actor, pilotId, data, photos, token);
			},
			{ message: '站点已保存', files: PHOTO_FIELDS }
		),
	delete: (event) => deleteAction(event, 'station', stations.remove),
	deleteFile: deleteFileAction
};
