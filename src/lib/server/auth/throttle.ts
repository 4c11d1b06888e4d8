/**
 * Login throttling, per account name and per client address: after repeated failures each
 * further attempt must wait longer, and the wait is told in Chinese. Counted for any submitted
 * name, existing or not, so the answers never reveal whether an account exists.
 */
import { eq, inArray } from 'drizzle-orm';
import { db, type Transaction } from '../db';
import { loginThrottle } from '../db/schema';
import { now } from '../clock';

/** Seconds to wait after the n-th consecutive failure (index n − 1). */
const ACCOUNT_DELAYS = [0, 0, 0, 5, 15, 30, 60, 180, 300];
const ADDRESS_DELAYS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 15, 30, 60, 180, 300];
/** A quiet spell after which an address starts afresh (accounts reset only on success). */
const ADDRESS_FORGET_MS = 30 * 60_000;

export function accountKey(username: string): string {
	return `user:${username.trim().toLowerCase().slice(0, 64)}`;
}

export function addressKey(ip: string | null): string {
	return `ip:${ip ?? 'unknown'}`;
}

function delayFor(key: string, failures: number): number {
	const table = key.startsWith('ip:') ? ADDRESS_DELAYS : ACCOUNT_DELAYS;
	return table[Math.min(failures, table.length) - 1] ?? 0;
}

/** Seconds still to wait before another attempt with these keys; 0 when free. */
export async function secondsToWait(keys: string[]): Promise<number> {
	const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys));
	const at = now();
	const until = Math.max(0, ...rows.map((r) => r.lockedUntil));
	return until > at ? Math.ceil((until - at) / 1000) : 0;
}

export async function recordFailure(tx: Transaction, keys: string[]): Promise<void> {
	const at = now();
	for (const key of keys) {
		const [row] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key));
		const stale = key.startsWith('ip:') && row && at - row.updatedAt > ADDRESS_FORGET_MS;
		const failures = (row && !stale ? row.failures : 0) + 1;
		const lockedUntil = at + delayFor(key, failures) * 1000;
		await tx
			.insert(loginThrottle)
			.values({ key, failures, lockedUntil, updatedAt: at })
			.onConflictDoUpdate({ target: loginThrottle.key, set: { failures, lockedUntil, updatedAt: at } });
	}
}

export async function recordSuccess(tx: Transaction, username: string): Promise<void> {
	await tx.delete(loginThrottle).where(eq(loginThrottle.key, accountKey(username)));
}
