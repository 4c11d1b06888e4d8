/** The members each kind of unit must reach, as a round setting (issue 19; defaults from `002`). */
import { desc, eq } from 'drizzle-orm';
import { db } from '../db';
import { rounds } from '../db/schema';
import { write, type Actor } from '../audit';
import { now } from '../clock';
import { ConflictError, NotFoundError, VersionMissingError } from '../errors';
import { ORG_KINDS, sizeRequirement, type SizeSettings } from '../../domain/organisation';

/** The round's settings as the form shows them: every kind's effective first batch and year end. */
export async function get(roundId: number) {
	const [row] = await db.select({ orgSizes: rounds.orgSizes, version: rounds.version }).from(rounds).where(eq(rounds.id, roundId));
	if (!row) return null;
	const values: Record<string, unknown> = { version: row.version };
	for (const k of ORG_KINDS) {
		const r = sizeRequirement(k, row.orgSizes ?? {});
		values[`${k}_firstBatch`] = r.firstBatch;
		values[`${k}_yearEnd`] = r.yearEnd;
	}
	return values;
}

/** The round whose settings the organisation is held to: the newest (units are not tied to a round; the newest call speaks). */
export async function roundInForce(reader: Pick<typeof db, 'select'> = db) {
	const [row] = await reader.select({ id: rounds.id, name: rounds.name, orgSizes: rounds.orgSizes }).from(rounds).orderBy(desc(rounds.year), desc(rounds.id)).limit(1);
	return row ?? null;
}

export async function update(actor: Actor, roundId: number, settings: SizeSettings, version: number | undefined) {
	for (const k of ORG_KINDS) sizeRequirement(k, settings);
	return write(actor, async (tx, record) => {
		const [before] = await tx.select({ orgSizes: rounds.orgSizes, version: rounds.version }).from(rounds).where(eq(rounds.id, roundId));
		if (!before) throw new NotFoundError();
		if (version === undefined) throw new VersionMissingError();
		if (before.version !== version) throw new ConflictError();
		await tx.update(rounds).set({ orgSizes: settings, updatedAt: now(), version: before.version + 1 }).where(eq(rounds.id, roundId));
		await record({ action: 'round.org_sizes', entityType: 'round', entityId: roundId, before: { orgSizes: before.orgSizes }, after: { orgSizes: settings } });
	});
}
