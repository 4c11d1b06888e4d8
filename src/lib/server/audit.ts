/**
 * The one path for every write: a queued transaction that records its audit rows inside the
 * same transaction, so a change and its record commit or roll back together.
 */
import { auditLog } from './db/schema';
import { writeTransaction, type Transaction } from './db';
import { now } from './clock';

/** Who is acting, from where. Built from the session on the server, never from the page. */
export interface Actor {
	userId: number | null;
	username: string | null;
	role: string | null;
	ip: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, username: 'system', role: null, ip: null };

export interface AuditEntry {
	action: string;
	entityType: string;
	entityId?: string | number | null;
	pilotId?: number | null;
	before?: unknown;
	after?: unknown;
}

export type Recorder = (entry: AuditEntry) => Promise<void>;

export class UnauditedWriteError extends Error {
	constructor() {
		super('a write transaction recorded no audit entry');
	}
}

/**
 * Runs `fn` in one write transaction. `fn` must call `record` for what it changed; a write that
 * records nothing is rolled back, so no change can slip past the log.
 */
export async function write<T>(
	actor: Actor,
	fn: (tx: Transaction, record: Recorder) => Promise<T>
): Promise<T> {
	return writeTransaction(async (tx) => {
		let recorded = 0;
		const record: Recorder = async (entry) => {
			recorded++;
			await tx.insert(auditLog).values({
				at: now(),
				userId: actor.userId,
				username: actor.username,
				role: actor.role,
				ip: actor.ip,
				pilotId: entry.pilotId ?? null,
				action: entry.action,
				entityType: entry.entityType,
				entityId: entry.entityId == null ? null : String(entry.entityId),
				before: entry.before ?? null,
				after: entry.after ?? null
			});
		};
		const result = await fn(tx, record);
		if (recorded === 0) throw new UnauditedWriteError();
		return result;
	});
}
