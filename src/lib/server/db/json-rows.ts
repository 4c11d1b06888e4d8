/**
 * Many rows read as one JSON array that SQLite builds. @libsql/client turns every row into an
 * object with `Object.defineProperty` per column; for the thousands of items a recount or a
 * busy pilot's cadence reads, that was most of a page's time. One `json_group_array` row and
 * one `JSON.parse` read the same rows about ten times faster (issue 17). Each value still goes
 * through its column's own mapping (JSON and boolean columns), as a drizzle select would.
 */
import { Column, is, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { db } from './index';

/**
 * `in (…)` over a list of ids passed as one JSON parameter, not one parameter per id: a round's
 * lists name hundreds of pilots. Written after the column: sql`${t.pilotId} ${amongIds(ids)}`.
 */
export const amongIds = (ids: Iterable<number>) => sql`in (select value from json_each(${JSON.stringify([...ids])}))`;

type Columns = Record<string, SQLiteColumn | SQL<unknown>>;
type ValueOf<C> = C extends SQLiteColumn ? (C['_']['notNull'] extends true ? C['_']['data'] : C['_']['data'] | null) : C extends SQL<infer V> ? V : never;
type RowOf<T extends Columns> = { [K in keyof T]: ValueOf<T[K]> };

/**
 * `from` is a table or a join written as SQL; `orderBy` orders the rows inside the aggregate
 * (SQLite ≥ 3.44), so the order is the statement's, not the planner's. An SQL expression among
 * the columns comes back as SQLite gave it.
 */
export async function selectRows<T extends Columns>(columns: T, from: SQLiteTable | SQL, where: SQL | undefined, orderBy?: SQL): Promise<RowOf<T>[]> {
	const keys = Object.keys(columns);
	const list = sql.join(
		keys.map((k) => columns[k]),
		sql`, `
	);
	const [row] = await db.all<{ rows: string }>(
		sql`select json_group_array(json_array(${list})${orderBy ? sql` order by ${orderBy}` : sql``}) as rows from ${from}${where ? sql` where ${where}` : sql``}`
	);
	const arrays = JSON.parse(row?.rows ?? '[]') as unknown[][];
	const mappers = keys.map((k) => {
		const column = columns[k];
		return is(column, Column) ? (value: unknown) => column.mapFromDriverValue(value) : (value: unknown) => value;
	});
	return arrays.map((values) => {
		const out: Record<string, unknown> = {};
		for (let i = 0; i < keys.length; i++) out[keys[i]] = values[i] == null ? null : mappers[i](values[i]);
		return out as RowOf<T>;
	});
}
