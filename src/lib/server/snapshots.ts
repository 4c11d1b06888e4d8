/**
 * Daily snapshots of each running pilot's counts, so its page can draw progress over time against
 * the linear pace. Taken when the server starts and then hourly (a no-op once today's exist);
 * several instances writing the same day simply overwrite one another with the same figures.
 */
import { and, asc, eq } from 'drizzle-orm';
import { db, writeTransaction } from './db';
import { progressSnapshots } from './db/schema';
import { listPilotSummaries } from './queries/pilots';
import { today as todayNow } from './clock';

export async function takeSnapshots(day: string = todayNow()): Promise<number> {
	const pilots = (await listPilotSummaries({}, day)).filter((p) => p.hasPace && p.counted && p.progress);
	if (!pilots.length) return 0;
	const existing = await db.select({ pilotId: progressSnapshots.pilotId }).from(progressSnapshots).where(eq(progressSnapshots.date, day));
	const done = new Set(existing.map((e) => e.pilotId));
	const rows = pilots.filter((p) => !done.has(p.id)).map((p) => ({ pilotId: p.id, date: day, ...p.counted!.actual, overall: p.progress!.overall }));
	if (!rows.length) return 0;
	// Bookkeeping derived from audited data, not a user's change: written without an audit row.
	await writeTransaction((tx) => tx.insert(progressSnapshots).values(rows).onConflictDoNothing());
	return rows.length;
}

export async function snapshotsOf(pilotId: number) {
	return db.select().from(progressSnapshots).where(and(eq(progressSnapshots.pilotId, pilotId))).orderBy(asc(progressSnapshots.date));
}
