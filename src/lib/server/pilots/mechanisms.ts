/** A pilot's eight mechanisms (制度化保障): read with whether each counts, and the audited save. */
import { and, eq } from 'drizzle-orm';
import { db } from '../db';
import { mechanisms } from '../db/schema';
import { write, type Actor } from '../audit';
import { now } from '../clock';
import { ConflictError, VersionMissingError } from '../errors';
import { attachFile, storeBytes, type CheckedFile } from '../files';
import type { MechanismInput } from '../../schemas/items';
import { MECHANISMS, type MechanismKey } from '../../domain/labels';
import type { LoadedPilot } from './pilot';

/** All eight, in the scheme's order, whether or not the pilot has touched them yet. */
export async function list(pilot: LoadedPilot) {
	const rows = await db.select().from(mechanisms).where(eq(mechanisms.pilotId, pilot.id));
	const byKey = new Map(rows.map((m) => [m.key, m]));
	const countedByKey = new Map((pilot.counted?.items.mechanisms ?? []).map((c) => [c.id, c]));
	return MECHANISMS.map((m) => {
		const row = byKey.get(m.key);
		const c = countedByKey.get(m.key);
		return {
			...m,
			id: row?.id ?? null,
			status: row?.status ?? ('not_started' as const),
			document: row?.document ?? null,
			note: row?.note ?? null,
			version: row?.version ?? 0,
			counted: c?.counted ?? false,
			reasons: c?.reasons ?? ['未开始']
		};
	});
}

/** The eight rows are fixed per pilot: saving one creates it the first time. */
export async function save(actor: Actor, pilotId: number, key: MechanismKey, input: MechanismInput, document?: CheckedFile | null) {
	const sha256 = document ? await storeBytes(document.bytes) : null;
	return write(actor, async (tx, record) => {
		const [before] = await tx.select().from(mechanisms).where(and(eq(mechanisms.pilotId, pilotId), eq(mechanisms.key, key)));
		// the first save of a mechanism creates it (no version yet); every later one names its version
		if (before && input.version === undefined) throw new VersionMissingError();
		const expected = input.version ?? 0;
		if ((before?.version ?? 0) !== expected) throw new ConflictError();
		const change = { status: input.status, document: input.document, note: input.note };
		let id: number;
		if (before) {
			await tx.update(mechanisms).set({ ...change, updatedAt: now(), version: before.version + 1 }).where(eq(mechanisms.id, before.id));
			id = before.id;
		} else {
			const [row] = await tx.insert(mechanisms).values({ ...change, pilotId, key, updatedAt: now() }).returning({ id: mechanisms.id });
			id = row.id;
		}
		if (document && sha256) await attachFile(tx, { pilotId, entityType: 'mechanism', entityId: id, purpose: 'document', file: document, sha256, userId: actor.userId });
		await record({
			action: 'mechanism.update',
			entityType: 'mechanism',
			entityId: id,
			pilotId,
			before: before ? { status: before.status, document: before.document, note: before.note } : null,
			after: { ...change, file: document?.name ?? undefined }
		});
	});
}
