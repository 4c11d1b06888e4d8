import type { RequestHandler } from './$types';
import { error } from '@sveltejs/kit';
import { requirePilotRead } from '$lib/server/auth/guards';
import { can, canEditPilot } from '$lib/server/auth/policy';
import { loadPilot } from '$lib/server/pilot-items';
import { activityStatistics, statisticsWorkbook } from '$lib/server/exports';
import { xlsxResponse } from '$lib/server/downloads';
import { today } from '$lib/server/clock';

/** 附件3 filled for one pilot. */
export const GET: RequestHandler = async ({ params }) => {
	const pilotId = Number(params.pilotId);
	const user = requirePilotRead(pilotId);
	if (!canEditPilot(user, pilotId) && !can(user, 'export')) error(403, '您的账号没有导出权限');
	const day = today();
	const pilot = await loadPilot(pilotId, day);
	if (!pilot) error(404, '未找到该试点');
	return xlsxResponse(await statisticsWorkbook(pilot.name, day, await activityStatistics([pilot])), `${pilot.name}_活动情况统计表_${day}.xlsx`);
};
