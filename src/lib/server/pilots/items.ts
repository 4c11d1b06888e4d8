/**
 * The write verbs every pilot item shares (teams, projects, activities, stations): create,
 * update with optimistic versioning, remove into the recycle bin — each one audited write. The
 * row's pilot is checked inside the same transaction, so an id of another pilot's item is "not
 * found" however it is sent, and a concurrent change cannot slip between the check and the write.
 * The noun modules beside this file (teams.ts, …) add their own rules.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Transaction } from '../db';
import { projects, teams } from '../db/schema';
import { write, type Actor, type Recorder } from '../audit';
import { now } from '../clock';
import { ConflictError, FieldError, NotFoundError, VersionMissingError } from '../errors';
import { moveToBin, type BinKind } from '../recycle-bin';
import type { CountedItem } from '../../domain/counting';

/** A pilot-owned table: it has id, pilotId and version columns. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ItemTable = any & { id: SQLiteColumn; pilotId: SQLiteColumn; version: SQLiteColumn };

export interface ItemKind {
	table: ItemTable;
	entityType: string;
}

/** Work done with the write; what it returns joins the audit row (links kept in other tables, such as an activity's teams). */
type Extra = (tx: Transaction, id: number, record: Recorder) => Promise<void | { before?: Record<string, unknown>; after?: Record<string, unknown> }>;

export async function findOwned(tx: Transaction, kind: ItemKind, pilotId: number, id: number) {
	const [row] = await tx
		.select()
		.from(kind.table)
		.where(and(eq(kind.table.id, id), eq(kind.table.pilotId, pilotId)));
	if (!row) throw new NotFoundError();
	return row as Record<string, unknown> & { id: number; version: number };
}

/** `token` is the form's: the same form sent twice makes one row, and the repeat gets its id. */
export async function createItem(actor: Actor, kind: ItemKind, pilotId: number, values: Record<string, unknown>, extra?: Extra, token?: string | null) {
	return write(
		actor,
		async (tx, record) => {
		const at = now();
		const stamps = 'createdAt' in kind.table ? { createdAt: at, updatedAt: at } : { updatedAt: at };
		const [row] = (await tx
			.insert(kind.table)
			.values({ ...values, ...stamps, pilotId })
			.returning({ id: kind.table.id })) as { id: number }[];
		const more = extra ? await extra(tx, row.id, record) : undefined;
		await record({ action: `${kind.entityType}.create`, entityType: kind.entityType, entityId: row.id, pilotId, after: { ...values, ...(more?.after ?? {}) } });
		return row.id;
		},
		{ token }
	);
}

export async function updateItem(
	actor: Actor,
	kind: ItemKind,
	pilotId: number,
	id: number,
	expectedVersion: number | undefined,
	change: Record<string, unknown>,
	extra?: Extra
) {
	return write(actor, async (tx, record) => {
		const before = await findOwned(tx, kind, pilotId, id);
		// every update names the version it was made from: without one a stale save would win
		if (expectedVersion === undefined || expectedVersion === null) throw new VersionMissingError();
		if (before.version !== expectedVersion) throw new ConflictError();
		await tx
			.update(kind.table)
			.set({ ...change, updatedAt: now(), version: before.version + 1 })
			.where(and(eq(kind.table.id, id), eq(kind.table.version, before.version)));
		const more = extra ? await extra(tx, id, record) : undefined;
		const beforeFields = Object.fromEntries(Object.keys(change).map((k) => [k, before[k]]));
		await record({ action: `${kind.entityType}.update`, entityType: kind.entityType, entityId: id, pilotId, before: { ...beforeFields, ...(more?.before ?? {}) }, after: { ...change, ...(more?.after ?? {}) } });
	});
}

/** Deleting moves the item into the recycle bin (see recycle-bin.ts): restorable for 30 days, counted nowhere. */
export async function deleteItem(actor: Actor, kind: ItemKind, pilotId: number, id: number) {
	return write(actor, (tx, record) => moveToBin(tx, actor, kind.entityType as BinKind, pilotId, id, record));
}

/** Links to teams or projects must stay inside the pilot. */
export async function assertOwned(tx: Transaction, table: typeof teams | typeof projects, pilotId: number, ids: number[], field: string, label: string) {
	if (!ids.length) return;
	const rows = await tx.select({ id: table.id }).from(table).where(and(eq(table.pilotId, pilotId), inArray(table.id, ids)));
	if (rows.length !== new Set(ids).size) throw new FieldError(field, `所选${label}不属于本试点`);
}

/** Each row with whether it counts and why not, from the pilot's count. */
export function annotate<T extends { id: number }>(rows: T[], counted: CountedItem[] | undefined) {
	const byId = new Map((counted ?? []).map((c) => [c.id, c]));
	return rows.map((r) => {
		const c = byId.get(String(r.id));
		return { ...r, counted: c?.counted ?? false, reasons: c?.reasons ?? ['尚未立项，暂不计数'] };
	});
}
