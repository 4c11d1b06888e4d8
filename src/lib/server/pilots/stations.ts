/** A pilot's stations (科技志愿服务站点) and their six 有: read with whether each counts, and the audited writes. */
import { and, asc, eq } from 'drizzle-orm';
import { db, type Transaction } from '../db';
import { files, projects, stations, teams } from '../db/schema';
import type { Actor } from '../audit';
import { refuseIfAny } from '../errors';
import { attachFile, storeBytes, type CheckedFile } from '../files';
import type { StationInput } from '../../schemas/items';
import { annotate, assertOwned, createItem, deleteItem, updateItem, type ItemKind } from './items';
import type { LoadedPilot } from './pilot';

const KIND: ItemKind = { table: stations, entityType: 'station' };

export async function list(pilot: LoadedPilot) {
	const rows = await db.select().from(stations).where(eq(stations.pilotId, pilot.id)).orderBy(asc(stations.id));
	return annotate(rows, pilot.counted?.items.stations);
}

export const EVIDENCED_YOU = ['venue', 'facilities', 'rules', 'signage'] as const;
export type EvidencedYou = (typeof EVIDENCED_YOU)[number];
export type StationPhotos = Partial<Record<EvidencedYou, CheckedFile>>;

/** Every 有 the station claims must be shown by a note, a new photo or one already on file. */
async function stationEvidence(tx: Transaction, pilotId: number, stationId: number | null, input: StationInput, photos: StationPhotos) {
	await assertOwned(tx, teams, pilotId, input.teamId ? [input.teamId] : [], 'teamId', '服务队');
	await assertOwned(tx, projects, pilotId, input.projectId ? [input.projectId] : [], 'projectId', '项目');
	const onFile = new Set(
		stationId === null
			? []
			: (
					await tx
						.select({ purpose: files.purpose })
						.from(files)
						.where(and(eq(files.pilotId, pilotId), eq(files.entityType, 'station'), eq(files.entityId, stationId)))
				).map((f) => f.purpose)
	);
	// every 有 ticked without a note or a photo, named at once
	const problems: Record<string, string> = {};
	for (const y of EVIDENCED_YOU) {
		if (input[y] && !input[`${y}Note`] && !photos[y] && !onFile.has(y)) problems[`${y}Note`] = '勾选后请填写说明或上传照片作为依据';
	}
	refuseIfAny(problems);
}

async function attachPhotos(tx: Transaction, pilotId: number, stationId: number, photos: StationPhotos, stored: Partial<Record<EvidencedYou, string>>, userId: number | null) {
	for (const y of EVIDENCED_YOU) {
		const file = photos[y];
		if (file) await attachFile(tx, { pilotId, entityType: 'station', entityId: stationId, purpose: y, file, sha256: stored[y]!, userId });
	}
}

/** Photos are written to disk before the transaction (so no I/O waits inside it). */
async function storePhotos(photos: StationPhotos) {
	const stored: Partial<Record<EvidencedYou, string>> = {};
	for (const y of EVIDENCED_YOU) if (photos[y]) stored[y] = await storeBytes(photos[y]!.bytes);
	return stored;
}

export async function create(actor: Actor, pilotId: number, input: StationInput, photos: StationPhotos = {}, token?: string | null) {
	const { version: _v, ...values } = input;
	const stored = await storePhotos(photos);
	return createItem(
		actor,
		KIND,
		pilotId,
		values,
		async (tx, id) => {
			await stationEvidence(tx, pilotId, null, input, photos);
			await attachPhotos(tx, pilotId, id, photos, stored, actor.userId);
		},
		token
	);
}
export async function update(actor: Actor, pilotId: number, id: number, input: StationInput, photos: StationPhotos = {}) {
	const { version, ...change } = input;
	const stored = await storePhotos(photos);
	return updateItem(actor, KIND, pilotId, id, version, change, async (tx) => {
		await stationEvidence(tx, pilotId, id, input, photos);
		await attachPhotos(tx, pilotId, id, photos, stored, actor.userId);
	});
}
/** Into the recycle bin, with its photos. */
export const remove = (actor: Actor, pilotId: number, id: number) => deleteItem(actor, KIND, pilotId, id);
