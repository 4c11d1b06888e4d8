import type { RequestHandler } from './$types';
import { requirePermission } from '$lib/server/auth/guards';
import { listPilotProgress } from '$lib/server/queries/pilots';
import { chosenRound, listRounds } from '$lib/server/queries/rounds';
import { activityStatistics, statisticsWorkbook } from '$lib/server/exports';
import { xlsxResponse } from '$lib/server/downloads';
import { today } from '$lib/server/clock';

/** 附件3 for the round, or for one city's pilots with ?city=. */
export const GET: RequestHandler = async ({ url }) => {
	requirePermission('export');
	const day = today();
	const rounds = await listRounds();
	const round = chosenRound(rounds, Number(url.searchParams.get('round')));
	const city = url.searchParams.get('city');
	const pilots = round ? (await listPilotProgress({ roundId: round.id }, day)).filter((p) => !city || p.cityCode === city) : [];
	const scope = city ? `${pilots[0]?.cityName ?? city}（${round?.name ?? ''}）` : (round?.name ?? '');
	return xlsxResponse(await statisticsWorkbook(scope, day, await activityStatistics(pilots, day)), `科技志愿服务活动情况统计表_${day}.xlsx`);
};
