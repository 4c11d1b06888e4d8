/** A pilot's activity cadence over its cycle (issue 19): the quarters and the four categories. */
import { and, eq, gte, lte } from 'drizzle-orm';
import { db } from '../db';
import { activities } from '../db/schema';
import { evaluateCadence } from '../../domain/cadence';

export async function ofPilot(pilotId: number, period: { startDate: string; endDate: string }, today: string) {
	const rows = await db
		.select({ date: activities.date, keyDate: activities.keyDate, field: activities.field, kind: activities.kind, keyGroups: activities.keyGroups, setting: activities.setting })
		.from(activities)
		.where(and(eq(activities.pilotId, pilotId), gte(activities.date, period.startDate), lte(activities.date, period.endDate)));
	return evaluateCadence(rows.map((r) => ({ ...r, keyGroups: r.keyGroups ?? [] })), period, today);
}
