/**
 * Figures computed once per instance and reused until the next audited write anywhere (the
 * database's data stamp moves) or the next day. For pages many people open many times a day
 * whose figures change far less often. Concurrent readers share one computation; a failed one
 * is forgotten. Results are shared: treat them as read-only.
 */
import { sql } from 'drizzle-orm';
import { db } from './db';

/** The database's data stamp: every audited write moves it (see `write`), on whichever instance. */
export async function dataStamp(): Promise<string> {
	const [row] = await db.all<{ value: string }>(sql`select value from app_meta where key = 'data_stamp'`);
	return row?.value ?? '0';
}

const KEPT = 32;
const entries = new Map<string, Promise<unknown>>();

export async function untilNextWrite<T>(key: string, today: string, compute: () => Promise<T>): Promise<T> {
	const full = `${key}|${today}|${await dataStamp()}`;
	let entry = entries.get(full) as Promise<T> | undefined;
	if (!entry) {
		entry = compute();
		entries.set(full, entry);
		entry.catch(() => entries.delete(full));
		while (entries.size > KEPT) entries.delete(entries.keys().next().value!);
	}
	return entry;
}
