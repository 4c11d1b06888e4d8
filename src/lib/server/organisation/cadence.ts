/** A pilot's activity cadence over its cycle (issue 19): the quarters and the four categories. */
import { and, eq, gte, lte } from 'drizzle-orm';
import { selectRows } from '../db/json-rows';
import { activities } from '../db/schema';
import { evaluateCadence } from '../../domain/cadence';

export async function ofPilot(pilotId: number, period: { startDate: string; endDate: string }, today: string) {
	// a busy pilot holds thousands of activities: read as one JSON array (see selectRows)
	const rows = await selectRows(
		{ date: activities.date, keyDate: activities.keyDate, field: activities.field, kind: activities.kind, keyGroups: activities.keyGroups, setting: activities.setting },
		activities,
		and(eq(activities.pilotId, pilotId), gte(activities.date, period.startDate), lte(activities.date, period.endDate))
	);
	return evaluateCadence(rows.map((r) => ({ ...r, keyGroups: r.keyGroups ?? [] })), period, today);
}
