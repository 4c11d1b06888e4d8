/** One pilot as its pages read it: the row, its cycle, targets and counted progress for today. */
import { listPilotProgress, listPilotSummaries } from '../queries/pilots';

/** With every item counted: for the pages that list or check the pilot's items. */
export async function get(pilotId: number, today: string) {
	const [pilot] = await listPilotProgress({ pilotIds: [pilotId] }, today);
	return pilot ?? null;
}

/** Its figures and progress from the stored tally, without loading its items (recounted only when stale). */
export async function summary(pilotId: number, today: string) {
	const [pilot] = await listPilotSummaries({ pilotIds: [pilotId] }, today);
	return pilot ?? null;
}

export type LoadedPilot = NonNullable<Awaited<ReturnType<typeof get>>>;
