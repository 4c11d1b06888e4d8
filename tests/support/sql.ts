/**
 * Reading a test server's database by SQL, the way assertions want it: each row a plain object
 * keyed by column, integers as numbers, and a textarea's CRLF (what a browser sends) as LF.
 */
import type { Client } from '@libsql/client';

export type SqlArgs = (string | number | null)[];

const plain = (v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? v.replaceAll('\r\n', '\n') : v);

/** `db` is asked for on each call: test files open their client in `beforeAll`. */
export function sqlReader(db: () => Client) {
	async function rows(sql: string, args: SqlArgs = []): Promise<Record<string, unknown>[]> {
		return (await db().execute({ sql, args })).rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
	}
	/** the first row; a query that finds none fails the test with its SQL */
	async function one(sql: string, args: SqlArgs = []): Promise<Record<string, unknown>> {
		const [r] = await rows(sql, args);
		if (!r) throw new Error(`no row for ${sql} ${JSON.stringify(args)}`);
		return r;
	}
	/** the first column of the first row, as a number */
	async function num(sql: string, args: SqlArgs = []): Promise<number> {
		return Number(Object.values(await one(sql, args))[0]);
	}
	return { rows, one, num };
}
