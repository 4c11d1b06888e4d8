import type { RequestHandler } from './$types';
import { exportPilot } from '../pilot-page';
import { itemsWorkbook } from '$lib/server/exports';
import { xlsxResponse } from '$lib/server/downloads';

/** A pilot's item lists: for its own editors and for the province's exporters. */
export const GET: RequestHandler = async ({ params }) => {
	const { pilot, today } = await exportPilot(params);
	return xlsxResponse(await itemsWorkbook(pilot), `${pilot.name}_填报明细_${today}.xlsx`);
};
