import type { RequestHandler } from './$types';
import { exportPilot } from '../../pilot-page';
import * as teams from '$lib/server/pilots/teams';
import * as rosterForms from '$lib/server/pilots/roster-forms';
import { xlsxResponse } from '$lib/server/downloads';

/** The pilot's teams as `002` 附件1 组织集体注册信息表. */
export const GET: RequestHandler = async ({ params }) => {
	const { pilot, today } = await exportPilot(params);
	const bytes = await rosterForms.organisationsWorkbook(pilot, await teams.list(pilot), today);
	return xlsxResponse(bytes, `${pilot.name}_${rosterForms.FORM_TITLES['002-1'].title}_${today}.xlsx`);
};
