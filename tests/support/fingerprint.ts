/**
 * A fingerprint of the whole database, table by table, to prove that a refused request changed
 * nothing. Every table is read (found in sqlite_master, so a new table is covered without
 * editing this file) except what a refused request may legitimately touch:
 * - `sessions`: any signed-in request may move its own row's last_verified_at, and signing in
 *   adds rows; the session tests check this table themselves.
 * - `login_throttle`: signing in resets the account's counter.
 * - `staged_files`: a refused submit keeps the files it carried, so they need not be chosen again.
 * - `pilot_tallies`: only `pilot_id` and `stamp` are kept. Its other columns are a cache that a
 *   page load refills (a refused form post re-renders its page); `stamp` goes up with every
 *   audited write about the pilot, so it stays in.
 * The audit log, `app_meta` (its data_stamp counts every write) and `sqlite_sequence` stay in.
 */
import { createHash } from 'node:crypto';
import type { Client, Row } from '@libsql/client';

const SKIPPED = new Set(['sessions', 'login_throttle', 'staged_files']);
const PARTIAL: Record<string, string> = { pilot_tallies: 'select pilot_id, stamp from pilot_tallies order by pilot_id' };

function plain(_key: string, value: unknown) {
	if (value instanceof ArrayBuffer) return Buffer.from(value).toString('hex');
	if (typeof value === 'bigint') return value.toString();
	return value;
}

/**
 * Every table's rows except `skip`, in rowid order (pilot_tallies: pilot and stamp only). The one
 * reading of "the whole database" that the refusal tests compare before and after.
 */
export async function readTables(db: Client, skip: Iterable<string>): Promise<[table: string, rows: Row[]][]> {
	// a refused submit may keep the files it carried (see form-actions.ts): never a change to the data
	const skipped = new Set([...skip, 'staged_files']);
	const tables = (await db.execute("select name from sqlite_master where type = 'table' order by name")).rows.map((r) => String(r.name));
	const result: [string, Row[]][] = [];
	for (const table of tables) {
		if (skipped.has(table)) continue;
		const sql = PARTIAL[table] ?? `select * from "${table.replaceAll('"', '""')}" order by rowid`;
		result.push([table, (await db.execute(sql)).rows]);
	}
	return result;
}

/** One hash per table, so a failing comparison names the table that changed. */
export async function databaseFingerprint(db: Client): Promise<Record<string, string>> {
	const result: Record<string, string> = {};
	for (const [table, rows] of await readTables(db, SKIPPED)) {
		result[table] = `${rows.length}:${createHash('sha256').update(JSON.stringify(rows, plain)).digest('hex').slice(0, 16)}`;
	}
	return result;
}

export const FINGERPRINT_SKIPS = [...SKIPPED, 'pilot_tallies (figures only)'];
