import type { RequestHandler } from './$types';
import { requirePermission } from '$lib/server/auth/guards';
import { pilotsWorkbook } from '$lib/server/exports';
import { xlsxResponse } from '$lib/server/downloads';
import { today } from '$lib/server/clock';
import { describeFilter, readFilter } from '../dashboard';
import { dashboardRows } from '../rows.server';

/** The dashboard's table with the same filters as the page it was downloaded from. */
export const GET: RequestHandler = async ({ url }) => {
	requirePermission('export');
	const day = today();
	const filter = readFilter(url.searchParams);
	const { round, all, rows } = await dashboardRows(filter, day);
	const cityName = all.find((p) => p.cityCode === filter.city)?.cityName;
	const description = [round?.name ?? '', `数据日期 ${day}`, ...describeFilter(filter, cityName).map((d) => d.label)].filter(Boolean).join('；');
	return xlsxResponse(await pilotsWorkbook(rows, description), `试点进度_${day}.xlsx`);
};
