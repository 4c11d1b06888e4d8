import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { readPilot } from '../../../pilot-page';
import { requireUser } from '$lib/server/auth/guards';
import { canExportPilot } from '$lib/server/auth/policy';
import * as rosters from '$lib/server/pilots/rosters';

/** A team's roster: searched and paged on the server (URL parameters `q` and `page`), so it works without scripts. */
export const load: PageServerLoad = async ({ params, url }) => {
	const { pilot, canEdit } = await readPilot(params);
	const team = await rosters.get(pilot.id, Number(params.teamId));
	if (!team) error(404, '未找到该服务队');
	const [roster, last] = await Promise.all([
		rosters.list(team.id, { q: url.searchParams.get('q') ?? '', page: Number(url.searchParams.get('page')) || 1 }),
		rosters.lastImport(team.id)
	]);
	return { team, roster, last, canEdit, canExport: canExportPilot(requireUser(), pilot.id) };
};
