/**
 * 站点文化 (scheme 四（三））: the 文艺作品, 文创产品 and 公益广告 each station produced. Items of a
 * station of the same pilot; the shared item writes (pilots/items.ts) audit them, a delete goes
 * into the recycle bin, and an optional file is an evidence file of entity type 'culture'.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { db, type Transaction } from './db';
import { stations, stationWorks } from './db/schema';
import type { Actor } from './audit';
import { FieldError } from './errors';
import { attachFile, filesOf, storeBytes, type CheckedFile } from './files';
import { createItem, deleteItem, updateItem, type ItemKind } from './pilots/items';
import { countCulture, type CultureCounts } from '../domain/culture';
import type { CultureInput } from '../schemas/scheme';

const KIND: ItemKind = { table: stationWorks, entityType: 'culture' };

/** A pilot's works, newest first, each with its station's name and its files. */
export async function list(pilotId: number) {
	const rows = await db
		.select({ work: stationWorks, stationName: stations.name })
		.from(stationWorks)
		.innerJoin(stations, eq(stations.id, stationWorks.stationId))
		.where(eq(stationWorks.pilotId, pilotId))
		.orderBy(desc(stationWorks.date), desc(stationWorks.id));
	const attached = await filesOf(pilotId, 'culture', rows.map((r) => r.work.id));
	return rows.map((r) => ({ ...r.work, stationName: r.stationName, files: attached.filter((f) => f.entityId === r.work.id) }));
}

/** The pilot's counts: per kind, in all, and stations with any. */
export async function countsOf(pilotId: number): Promise<CultureCounts> {
	return countCulture(await db.select({ kind: stationWorks.kind, stationId: stationWorks.stationId }).from(stationWorks).where(eq(stationWorks.pilotId, pilotId)));
}

/** Per station of the pilot: its works by kind, for the stations list. */
export async function byStation(pilotId: number) {
	const rows = await db.select({ stationId: stationWorks.stationId, kind: stationWorks.kind, title: stationWorks.title }).from(stationWorks).where(eq(stationWorks.pilotId, pilotId)).orderBy(asc(stationWorks.id));
	const out: Record<number, CultureCounts> = {};
	for (const id of new Set(rows.map((r) => r.stationId))) out[id] = countCulture(rows.filter((r) => r.stationId === id));
	return out;
}

async function assertStation(tx: Transaction, pilotId: number, stationId: number) {
	const [s] = await tx.select({ id: stations.id }).from(stations).where(and(eq(stations.id, stationId), eq(stations.pilotId, pilotId)));
	if (!s) throw new FieldError('stationId', '所选站点不属于本试点');
}

async function attach(tx: Transaction, pilotId: number, id: number, file: CheckedFile | null, sha256: string | null, userId: number | null) {
	if (file && sha256) await attachFile(tx, { pilotId, entityType: 'culture', entityId: id, purpose: 'material', file, sha256, userId });
}

export async function create(actor: Actor, pilotId: number, input: CultureInput, file: CheckedFile | null, token?: string | null) {
	const { version: _v, ...values } = input;
	const sha256 = file ? await storeBytes(file.bytes) : null;
	return createItem(
		actor,
		KIND,
		pilotId,
		values,
		async (tx, id) => {
			await assertStation(tx, pilotId, input.stationId);
			await attach(tx, pilotId, id, file, sha256, actor.userId);
		},
		token
	);
}

export async function update(actor: Actor, pilotId: number, id: number, input: CultureInput, file: CheckedFile | null) {
	const { version, ...change } = input;
	const sha256 = file ? await storeBytes(file.bytes) : null;
	return updateItem(actor, KIND, pilotId, id, version, change, async (tx) => {
		await assertStation(tx, pilotId, input.stationId);
		await attach(tx, pilotId, id, file, sha256, actor.userId);
	});
}

/** Into the recycle bin, with its file. */
export const remove = (actor: Actor, pilotId: number, id: number) => deleteItem(actor, KIND, pilotId, id);
