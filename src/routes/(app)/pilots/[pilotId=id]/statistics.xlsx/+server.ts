import type { RequestHandler } from './$types';
import { exportPilot } from '../pilot-page';
import { activityStatistics, statisticsWorkbook } from '$lib/server/exports';
import { xlsxResponse } from '$lib/server/downloads';

/** 附件3 filled for one pilot. */
export const GET: RequestHandler = async ({ params }) => {
	const { pilot, today } = await exportPilot(params);
	return xlsxResponse(await statisticsWorkbook(pilot.name, today, await activityStatistics([pilot], today)), `${pilot.name}_活动情况统计表_${today}.xlsx`);
};
