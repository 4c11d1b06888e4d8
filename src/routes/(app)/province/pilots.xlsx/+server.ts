import type { RequestHandler } from './$types';
import { requirePermission } from '$lib/server/auth/guards';
import { listPilotProgress } from '$lib/server/queries/pilots';
import { listRounds } from '$lib/server/queries/rounds';
import { toPilotRow } from '$lib/server/views/pilot-row';
import { pilotsWorkbook } from '$lib/server/exports';
import { xlsxResponse } from '$lib/server/downloads';
import { today } from '$lib/server/clock';
import { applyFilter, readFilter } from '../dashboard';
import { LEVEL_LABELS, PACE_STATUS_LABELS } from '$lib/domain/labels';

/** The dashboard's table with the same filters as the page it was downloaded from. */
export const GET: RequestHandler = async ({ url }) => {
	requirePermission('export');
	const day = today();
	const filter = readFilter(url.searchParams);
	const rounds = await listRounds();
	const round = rounds.find((r) => r.id === filter.round) ?? rounds[0];
	const rows = round ? applyFilter((await listPilotProgress({ roundId: round.id }, day)).map(toPilotRow), filter) : [];
	const description = [
		round?.name ?? '',
		`数据日期 ${day}`,
		filter.level ? `级别：${LEVEL_LABELS[filter.level]}` : '',
		filter.city ? `所在市代码：${filter.city}` : '',
		filter.status ? `状态：${PACE_STATUS_LABELS[filter.status]}` : '',
		filter.q ? `搜索：${filter.q}` : ''
	].filter(Boolean).join('；');
	return xlsxResponse(await pilotsWorkbook(rows, description), `试点进度_${day}.xlsx`);
};
