/** The dashboard's rows for a filter, shared by the page and its Excel export so both show the same pilots. */
import { listPilotSummaries } from '$lib/server/queries/pilots';
import { chosenRound, listRounds } from '$lib/server/queries/rounds';
import { hasBehindFilter, pilotIdsBehind } from '$lib/server/queries/summary';
import { toPilotRow } from '$lib/server/views/pilot-row';
import { applyFilter, type DashboardFilter } from './dashboard';

export async function dashboardRows(filter: DashboardFilter, today: string) {
	const rounds = await listRounds();
	const round = chosenRound(rounds, filter.round);
	const progress = round ? await listPilotSummaries({ roundId: round.id }, today) : [];
	const all = progress.map(toPilotRow);
	const behind = hasBehindFilter(filter) ? await pilotIdsBehind(filter, progress, today) : undefined;
	return { rounds, round, all, rows: applyFilter(all, filter, behind) };
}
