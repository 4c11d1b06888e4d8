import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { exportPilot } from '../../../../pilot-page';
import * as rosters from '$lib/server/pilots/rosters';
import * as rosterForms from '$lib/server/pilots/roster-forms';
import { xlsxResponse } from '$lib/server/downloads';

/** A team's roster as `004` 附件2 or `002` 附件2: for the pilot's editors and the province's exporters. */
export const GET: RequestHandler = async ({ params }) => {
	const { pilot, today } = await exportPilot(params);
	const team = await rosters.get(pilot.id, Number(params.teamId));
	if (!team) error(404, '未找到该服务队');
	const form = params.form === '004.xlsx' ? '004' : '002';
	const bytes = await rosterForms.teamWorkbook(form, team, pilot, await rosters.members(team.id), today);
	return xlsxResponse(bytes, `${team.name}_${rosterForms.FORM_TITLES[form].title}_${today}.xlsx`);
};
