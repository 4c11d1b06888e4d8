/**
 * 宣传 (scheme 五（三）): a pilot's exemplary cases and media reports, sent to the province (报送)
 * and acknowledged there. The rules are in domain/publicity.ts; every write is audited, a delete
 * goes into the recycle bin, and a file (a clipping, a case write-up) is an evidence file of
 * entity type 'publicity'.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { db, type Transaction } from './db';
import { amongIds } from './db/json-rows';
import { publicity } from './db/schema';
import { write, type Actor } from './audit';
import { now, today } from './clock';
import { ConflictError, FieldError, NotFoundError, refuseIfAny, VersionMissingError } from './errors';
import { attachFile, filesOf, storeBytes, type CheckedFile } from './files';
import { moveToBin } from './recycle-bin';
import { countPublicity, isEditable, publicityChecks, transitionProblem, type PublicityCounts, type PublicityStatus } from '../domain/publicity';
import type { PublicityInput } from '../schemas/scheme';

export type PublicityRow = typeof publicity.$inferSelect;

/** A pilot's items, newest first, each with its files. */
export async function list(pilotId: number) {
	const rows = await db.select().from(publicity).where(eq(publicity.pilotId, pilotId)).orderBy(desc(publicity.date), desc(publicity.id));
	const attached = await filesOf(pilotId, 'publicity', rows.map((r) => r.id));
	return rows.map((r) => ({ ...r, files: attached.filter((f) => f.entityId === r.id) }));
}

/** One item of the pilot (else NotFoundError). */
export async function get(pilotId: number, id: number) {
	const [row] = await db.select().from(publicity).where(and(eq(publicity.pilotId, pilotId), eq(publicity.id, id)));
	if (!row) throw new NotFoundError();
	return row;
}

/** Counts per pilot (only the pilots asked; a pilot with none gets zeros). */
export async function countsOf(pilotIds: number[]): Promise<Map<number, PublicityCounts>> {
	const out = new Map<number, PublicityCounts>();
	if (!pilotIds.length) return out;
	const rows = await db
		.select({ pilotId: publicity.pilotId, kind: publicity.kind, status: publicity.status })
		.from(publicity)
		.where(sql`${publicity.pilotId} ${amongIds(pilotIds)}`);
	const byPilot = new Map<number, typeof rows>(pilotIds.map((id) => [id, []]));
	for (const r of rows) byPilot.get(r.pilotId)?.push(r);
	for (const [id, list] of byPilot) out.set(id, countPublicity(list));
	return out;
}

/** The pilots' items counted together (the summary's tile): one grouped count, not a row per item. */
export async function countsAcross(pilotIds: number[]): Promise<PublicityCounts> {
	if (!pilotIds.length) return countPublicity([]);
	const groups = await db
		.select({ kind: publicity.kind, status: publicity.status, n: sql<number>`count(*)` })
		.from(publicity)
		.where(sql`${publicity.pilotId} ${amongIds(pilotIds)}`)
		.groupBy(publicity.kind, publicity.status);
	return countPublicity(groups);
}

async function ownedItem(tx: Transaction, pilotId: number, id: number) {
	const [row] = await tx.select().from(publicity).where(and(eq(publicity.id, id), eq(publicity.pilotId, pilotId)));
	if (!row) throw new NotFoundError();
	return row;
}

function check(input: PublicityInput) {
	refuseIfAny(publicityChecks(input, today()));
}

export async function create(actor: Actor, pilotId: number, input: PublicityInput, file: CheckedFile | null, token?: string | null) {
	const { version: _v, ...values } = input;
	check(input);
	const sha256 = file ? await storeBytes(file.bytes) : null;
	return write(
		actor,
		async (tx, record) => {
			const at = now();
			const [row] = await tx.insert(publicity).values({ ...values, pilotId, status: 'draft', createdAt: at, updatedAt: at }).returning({ id: publicity.id });
			if (file && sha256) await attachFile(tx, { pilotId, entityType: 'publicity', entityId: row.id, purpose: 'material', file, sha256, userId: actor.userId });
			await record({ action: 'publicity.create', entityType: 'publicity', entityId: row.id, pilotId, after: { ...values, ...(file ? { file: file.name } : {}) } });
			return row.id;
		},
		{ token }
	);
}

export async function update(actor: Actor, pilotId: number, id: number, input: PublicityInput, file: CheckedFile | null) {
	const { version, ...change } = input;
	check(input);
	const sha256 = file ? await storeBytes(file.bytes) : null;
	return write(actor, async (tx, record) => {
		const before = await ownedItem(tx, pilotId, id);
		if (version === undefined) throw new VersionMissingError();
		if (before.version !== version) throw new ConflictError();
		if (!isEditable(before.status)) throw new FieldError('_form', '已报送的材料不能再修改；如需更正，请新增一条并报送');
		await tx.update(publicity).set({ ...change, updatedAt: now(), version: before.version + 1 }).where(and(eq(publicity.id, id), eq(publicity.version, before.version)));
		if (file && sha256) await attachFile(tx, { pilotId, entityType: 'publicity', entityId: id, purpose: 'material', file, sha256, userId: actor.userId });
		const keys = Object.keys(change) as (keyof typeof change)[];
		await record({ action: 'publicity.update', entityType: 'publicity', entityId: id, pilotId, before: Object.fromEntries(keys.map((k) => [k, before[k]])), after: { ...change, ...(file ? { file: file.name } : {}) } });
	});
}

/** Into the recycle bin with its files; only a draft (a sent item is the province's record). */
export function remove(actor: Actor, pilotId: number, id: number) {
	return write(actor, async (tx, record) => {
		const row = await ownedItem(tx, pilotId, id);
		if (!isEditable(row.status)) throw new FieldError('_form', '已报送的材料不能删除');
		return moveToBin(tx, actor, 'publicity', pilotId, id, record);
	});
}

/** A status move: 报送 by the pilot, 已收到 / 已采用 by the province (the caller checked who). */
export function setStatus(actor: Actor, pilotId: number, id: number, to: PublicityStatus) {
	return write(actor, async (tx, record) => {
		const row = await ownedItem(tx, pilotId, id);
		const problem = transitionProblem(row.status, to);
		if (problem) throw new FieldError('_form', problem);
		const at = now();
		const stamp = to === 'reported' ? { reportedAt: at, reportedBy: actor.userId } : { acknowledgedAt: at, acknowledgedBy: actor.userId };
		await tx.update(publicity).set({ status: to, ...stamp, updatedAt: at, version: row.version + 1 }).where(eq(publicity.id, id));
		await record({ action: to === 'reported' ? 'publicity.report' : 'publicity.acknowledge', entityType: 'publicity', entityId: id, pilotId, before: { status: row.status }, after: { status: to } });
		return row.title;
	});
}
