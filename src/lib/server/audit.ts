/**
 * The one path for every write: a queued transaction that records its audit rows inside the
 * same transaction, so a change and its record commit or roll back together.
 */
import { auditLog, formTokens } from './db/schema';
import { GrantChangedError } from './errors';
import { and, desc, eq, gte, like, lt, sql } from 'drizzle-orm';
import { db, writeTransaction, type Transaction } from './db';
import { now } from './clock';

/** Who is acting, from where. Built from the session on the server, never from the page. */
export interface Actor {
	userId: number | null;
	username: string | null;
	role: string | null;
	ip: string | null;
	/**
	 * The role and pilot the request was let in with. A write re-checks them inside its
	 * transaction, so a role or pilot changed meanwhile cannot slip a write through.
	 */
	grant?: { role: string; pilotId: number | null; unitId?: number | null };
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
 *
 * Recording also re-checks the account's role, pilot and disabled flag (a change since the
 * request was let in refuses the write), and marks what the change may have moved (a trigger on
 * the audit log): the tally of the pilot it concerns (its next reader recounts it, in one batch
 * with any other stale ones) and the database's data stamp, which tells every app instance that
 * figures and pages it made before are out of date. Counting is left to readers so a save stays
 * a few small statements however many items its pilot has.
 */
export async function write<T>(
	actor: Actor,
	fn: (tx: Transaction, record: Recorder) => Promise<T>,
	options: { token?: string | null } = {}
): Promise<T> {
	const token = options.token && actor.userId !== null && TOKEN.test(options.token) ? options.token : null;
	try {
		return await writeTransaction(async (tx) => {
			// a form sent again: nothing is written, the first submit's answer is given back
			if (token) {
				const used = await tokenRow(tx, token, actor.userId!);
				if (used) throw new Replayed(used.result);
			}
			const result = await audited(tx, actor, fn);
			if (token) await tx.insert(formTokens).values({ token, userId: actor.userId!, result: result ?? null, createdAt: now() });
			return result;
		});
	} catch (e) {
		if (e instanceof Replayed) return e.result as T;
		throw e;
	}
}

/** A form's token: what the Form component sends, nothing else. */
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

class Replayed extends Error {
	constructor(public result: unknown) {
		super('form sent again');
	}
}

async function audited<T>(tx: Transaction, actor: Actor, fn: (tx: Transaction, record: Recorder) => Promise<T>): Promise<T> {
	const grant = actor.grant && actor.userId !== null ? actor.grant : null;
	let recorded = 0;
	const record: Recorder = async (entry) => {
		recorded++;
		// One statement: the audit row, only if the account still has the role and pilot the
		// request was let in with (its trigger moves the data stamp and the pilot's tally).
		const values = sql`${now()}, ${actor.userId}, ${actor.username}, ${actor.role}, ${actor.ip}, ${entry.pilotId ?? null},
			${entry.action}, ${entry.entityType}, ${entry.entityId == null ? null : String(entry.entityId)},
			${entry.before == null ? null : JSON.stringify(entry.before)}, ${entry.after == null ? null : JSON.stringify(entry.after)}`;
		const granted = grant
			? sql`where exists (select 1 from users where id = ${actor.userId} and role = ${grant.role} and pilot_id is ${grant.pilotId} and disabled = 0${
					grant.unitId === undefined ? sql`` : sql` and unit_id is ${grant.unitId}`
				})`
			: sql``;
		const { rowsAffected } = await tx.run(
			sql`insert into audit_log (at, user_id, username, role, ip, pilot_id, action, entity_type, entity_id, before, after) select ${values} ${granted}`
		);
		if (rowsAffected === 0) throw new GrantChangedError();
	};
	const result = await fn(tx, record);
	if (recorded === 0) throw new UnauditedWriteError();
	return result;
}

/** Form tokens are needed only while a repeat can still arrive. */
/** Whether this user's form was already written with this token: its resend gets the first answer. */
export async function tokenUsed(token: unknown, userId: number | null): Promise<boolean> {
	if (typeof token !== 'string' || userId === null || !TOKEN.test(token)) return false;
	return !!(await tokenRow(db, token, userId));
}

/** This user's written form of this token, with the answer it got, if any. */
async function tokenRow(reader: Pick<typeof db, 'select'>, token: string, userId: number) {
	const [used] = await reader.select({ result: formTokens.result }).from(formTokens).where(and(eq(formTokens.token, token), eq(formTokens.userId, userId)));
	return used ?? null;
}

export async function forgetOldFormTokens(olderThanMs = 86_400_000) {
	await writeTransaction((tx) => tx.delete(formTokens).where(lt(formTokens.createdAt, now() - olderThanMs)));
}

export interface AuditFilter {
	pilotId?: number | null;
	username?: string;
	userId?: number;
	action?: string;
	entityType?: string;
	from?: string;
	to?: string;
	/** keyset pagination: rows with an id below this */
	before?: number;
}

export const AUDIT_PAGE_SIZE = 50;

/** Newest first, one page at a time; `from`/`to` are Beijing calendar dates. */
export async function listAudit(filter: AuditFilter) {
	const conditions = [];
	if (filter.pilotId != null) conditions.push(eq(auditLog.pilotId, filter.pilotId));
	if (filter.username) conditions.push(eq(auditLog.username, filter.username));
	if (filter.userId) conditions.push(eq(auditLog.userId, filter.userId));
	if (filter.action) conditions.push(like(auditLog.action, `${filter.action.replace(/[%_]/g, '')}%`));
	if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
	if (filter.from) conditions.push(gte(auditLog.at, Date.parse(`${filter.from}T00:00:00+08:00`)));
	if (filter.to) conditions.push(lt(auditLog.at, Date.parse(`${filter.to}T00:00:00+08:00`) + 86_400_000));
	if (filter.before) conditions.push(lt(auditLog.id, filter.before));
	const rows = await db
		.select()
		.from(auditLog)
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(desc(auditLog.id))
		.limit(AUDIT_PAGE_SIZE + 1);
	return { rows: rows.slice(0, AUDIT_PAGE_SIZE), next: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1].id : null };
}

/**
 * A pilot's latest entries, as many as a short list shows. Ordered by time, then id: the
 * (pilot, time) index then hands them over newest first, where ordering by id alone sorted all of
 * a busy pilot's thousands of entries on every view (issue 17).
 */
export function recentOf(pilotId: number, limit = 12) {
	return db
		.select()
		.from(auditLog)
		.where(eq(auditLog.pilotId, pilotId))
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(limit);
}

/** The accounts that appear in a pilot's history (or in all of it), for the person filter. */
export async function auditUserIds(pilotId: number | null): Promise<number[]> {
	const rows = await db
		.selectDistinct({ userId: auditLog.userId })
		.from(auditLog)
		.where(pilotId === null ? sql`${auditLog.userId} is not null` : and(eq(auditLog.pilotId, pilotId), sql`${auditLog.userId} is not null`));
	return rows.map((r) => r.userId!).filter((id) => id !== null);
}
