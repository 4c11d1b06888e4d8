/** Puts one removed unit, officer or obligation into the organisation's recycle bin, inside the caller's write. */
import { orgRecycleBin, type ORG_BIN_KINDS } from '../db/schema';
import type { Transaction } from '../db';
import type { Actor } from '../audit';
import { now } from '../clock';

export const KEEP_DAYS = 30;
const DAY = 86_400_000;

export type OrgBinKind = (typeof ORG_BIN_KINDS)[number];

export async function putInBin(tx: Transaction, actor: Actor, kind: OrgBinKind, entityId: number, scopeUnitId: number | null, label: string, payload: Record<string, unknown>) {
	const at = now();
	await tx.insert(orgRecycleBin).values({ kind, entityId, scopeUnitId, label, payload, deletedBy: actor.userId, deletedAt: at, purgeAfter: at + KEEP_DAYS * DAY });
}
