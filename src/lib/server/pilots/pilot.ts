/** One pilot as its pages read it: the row, its cycle, targets and counted progress for today. */
import { listPilotProgress } from '../queries/pilots';

export async function get(pilotId: number, today: string) {
	const [pilot] = await listPilotProgress({ pilotIds: [pilotId] }, today);
	return pilot ?? null;
}

export type LoadedPilot = NonNullable<Awaited<ReturnType<typeof get>>>;
