/**
 * Sessions as Lucia's current guide ("sessions/basic") teaches, implemented directly with
 * @oslojs (the `lucia` package is deprecated by its authors):
 * - the token is `<id>.<secret>`, each 24 random bytes (192 bits) in lower-case base32;
 * - the database keeps the id and SHA-256(secret) only, compared in constant time, so a leaked
 *   database or backup holds no usable token;
 * - an inactivity timeout and an absolute lifetime both end a session;
 * - sessions live in the database, so any number of app instances share them.
 *
 * Role, pilot and disabled state are read from `users` on every request, never from the cookie.
 */
import { and, eq, lt, ne, or } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import { db, writeTransaction, type Transaction } from '../db';
import { sessions, users } from '../db/schema';
import { now } from '../clock';
import type { Role } from '../../domain/labels';

const MINUTE = 60_000;

function minutesFromEnv(name: string, fallback: number): number {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Ends a session nobody has used for this long (default 8 hours: a working day). */
export const IDLE_TIMEOUT_MS = minutesFromEnv('SESSION_IDLE_MINUTES', 8 * 60) * MINUTE;
/** Ends every session this long after login, however active (default 7 days). */
export const ABSOLUTE_LIFETIME_MS = minutesFromEnv('SESSION_MAX_MINUTES', 7 * 24 * 60) * MINUTE;
/** lastVerifiedAt is written at most this often, so reads do not become writes. */
export const TOUCH_INTERVAL_MS = Math.min(10 * MINUTE, IDLE_TIMEOUT_MS / 4);

const PART = /^[a-z2-7]{39}$/;

function randomPart(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(24)));
}

function hashSecret(secret: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}


export interface SessionUser {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	pilotId: number | null;
	/** unit_officer only: the organisation unit whose subtree the account may read and edit */
	unitId: number | null;
	mustChangePassword: boolean;
}

export interface SessionInfo {
	id: string;
	createdAt: number;
	expiresAt: number;
}

export type SessionValidationResult = { session: SessionInfo; user: SessionUser } | { session: null; user: null };

/**
 * Issues a new session inside the caller's write transaction (login, password change), so the
 * session, the audit row and any reset commit together. Returns the token for the cookie.
 */
export async function issueSession(
	tx: Transaction,
	userId: number,
	meta: { ip?: string | null; userAgent?: string | null } = {}
): Promise<{ token: string; session: SessionInfo }> {
	const id = randomPart();
	const secret = randomPart();
	const at = now();
	await tx.insert(sessions).values({
		id,
		userId,
		secretHash: hashSecret(secret),
		createdAt: at,
		lastVerifiedAt: at,
		ip: meta.ip ?? null,
		userAgent: meta.userAgent?.slice(0, 300) ?? null
	});
	return { token: `${id}.${secret}`, session: { id, createdAt: at, expiresAt: expiresAt(at, at) } };
}

function expiresAt(createdAt: number, lastVerifiedAt: number): number {
	return Math.min(createdAt + ABSOLUTE_LIFETIME_MS, lastVerifiedAt + IDLE_TIMEOUT_MS);
}

export function parseToken(token: string | undefined | null): { id: string; secret: string } | null {
	if (!token || token.length !== 79) return null;
	const [id, secret, extra] = token.split('.');
	if (extra !== undefined || !PART.test(id ?? '') || !PART.test(secret ?? '')) return null;
	return { id, secret };
}

export async function validateSessionToken(token: string | undefined | null): Promise<SessionValidationResult> {
	const none = { session: null, user: null } as const;
	const parts = parseToken(token);
	if (!parts) return none;
	const [row] = await db
		.select({
			id: sessions.id,
			secretHash: sessions.secretHash,
			createdAt: sessions.createdAt,
			lastVerifiedAt: sessions.lastVerifiedAt,
			userId: users.id,
			username: users.username,
			displayName: users.displayName,
			role: users.role,
			pilotId: users.pilotId,
			unitId: users.unitId,
			mustChangePassword: users.mustChangePassword,
			disabled: users.disabled
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, parts.id));
	if (!row) return none;

	const expected = new TextEncoder().encode(row.secretHash);
	const given = new TextEncoder().encode(hashSecret(parts.secret));
	if (!constantTimeEqual(expected, given)) return none;

	const at = now();
	if (row.disabled || at >= expiresAt(row.createdAt, row.lastVerifiedAt)) {
		await invalidateSession(row.id);
		return none;
	}
	let lastVerifiedAt = row.lastVerifiedAt;
	if (at - row.lastVerifiedAt >= TOUCH_INTERVAL_MS) {
		lastVerifiedAt = at;
		// A read must not fail because the database cannot take this bookkeeping write right now
		// (locked, disk full): the session stays valid and is touched on a later request.
		await writeTransaction((tx) => tx.update(sessions).set({ lastVerifiedAt: at }).where(eq(sessions.id, row.id))).catch((e) =>
			console.error('touching the session failed; trying again on a later request', e)
		);
	}
	return {
		session: { id: row.id, createdAt: row.createdAt, expiresAt: expiresAt(row.createdAt, lastVerifiedAt) },
		user: {
			id: row.userId,
			username: row.username,
			displayName: row.displayName,
			role: row.role,
			pilotId: row.pilotId,
			unitId: row.unitId,
			mustChangePassword: row.mustChangePassword
		}
	};
}

export async function invalidateSession(sessionId: string): Promise<void> {
	await writeTransaction((tx) => tx.delete(sessions).where(eq(sessions.id, sessionId)));
}

/** Removes sessions past either limit; run now and then so the table does not grow. */
export async function deleteExpiredSessions(): Promise<void> {
	const at = now();
	await writeTransaction((tx) =>
		tx
			.delete(sessions)
			.where(or(lt(sessions.createdAt, at - ABSOLUTE_LIFETIME_MS), lt(sessions.lastVerifiedAt, at - IDLE_TIMEOUT_MS)))
	);
}

/** The condition for "every session of this user except `keep`", for use inside a write. */
export function otherSessionsOf(userId: number, keep?: string) {
	return keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId);
}

/** `__Host-` and Secure under https; on plain http (local use) neither is possible. */
export function sessionCookieName(url: URL): string {
	return url.protocol === 'https:' ? '__Host-session' : 'session';
}

/** The cookie lasts as long as the session can (its absolute lifetime); the server decides sooner ends. */
export function setSessionCookie(cookies: Cookies, url: URL, token: string, session: SessionInfo): void {
	const expires = session.createdAt + ABSOLUTE_LIFETIME_MS;
	cookies.set(sessionCookieName(url), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: new Date(expires)
	});
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(sessionCookieName(url), { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
}
