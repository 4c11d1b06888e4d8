/**
 * Login throttling. An attempt is counted before its password is checked, in one write
 * transaction that also decides whether it may go ahead: however many guesses arrive at once,
 * no more are checked than the schedule allows (reading the count first and recording the
 * failure after argon2 let 40 simultaneous guesses through). A success then takes its count back.
 *
 * Keys: a browser with a device cookie for the account (device.ts) is counted by that device
 * alone; any other source by the account name (existing or not, so answers never tell whether an
 * account exists) and by its address.
 */
import { inArray, eq } from 'drizzle-orm';
import { writeTransaction, type Transaction } from '../db';
import { loginThrottle } from '../db/schema';
import { now } from '../clock';

/** Seconds to wait after the n-th consecutive failure (index n − 1). */
const ACCOUNT_DELAYS = [0, 0, 0, 5, 15, 30, 60, 180, 300];
const ADDRESS_DELAYS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 15, 30, 60, 180, 300];
/** A quiet spell after which an address starts afresh (accounts and devices reset only on success). */
const ADDRESS_FORGET_MS = 30 * 60_000;

export function accountKey(username: string): string {
	return `user:${username.trim().toLowerCase().slice(0, 64)}`;
}

export function addressKey(ip: string | null): string {
	return `ip:${ip ?? 'unknown'}`;
}

export function deviceKey(deviceId: string): string {
	return `device:${deviceId}`;
}

function delayFor(key: string, failures: number): number {
	const table = key.startsWith('ip:') ? ADDRESS_DELAYS : ACCOUNT_DELAYS;
	return table[Math.min(failures, table.length) - 1] ?? 0;
}

/**
 * Counts one attempt against every key, unless one of them is still waiting: then nothing is
 * counted and the seconds to wait are returned. 0 means the attempt may check its password.
 */
export async function reserveAttempt(keys: string[]): Promise<number> {
	return writeTransaction(async (tx) => {
		const at = now();
		const rows = await tx.select().from(loginThrottle).where(inArray(loginThrottle.key, keys));
		const until = Math.max(0, ...rows.map((r) => r.lockedUntil));
		if (until > at) return Math.ceil((until - at) / 1000);
		for (const key of keys) {
			const row = rows.find((r) => r.key === key);
			const stale = key.startsWith('ip:') && row && at - row.updatedAt > ADDRESS_FORGET_MS;
			const failures = (row && !stale ? row.failures : 0) + 1;
			const lockedUntil = at + delayFor(key, failures) * 1000;
			await tx
				.insert(loginThrottle)
				.values({ key, failures, lockedUntil, updatedAt: at })
				.onConflictDoUpdate({ target: loginThrottle.key, set: { failures, lockedUntil, updatedAt: at } });
		}
		return 0;
	});
}

/**
 * After a correct password: the account's or device's count starts afresh; an address (shared
 * by an office behind one NAT) only takes back the attempt just counted.
 */
export async function recordSuccess(tx: Transaction, keys: string[]): Promise<void> {
	for (const key of keys) {
		if (!key.startsWith('ip:')) {
			await tx.delete(loginThrottle).where(eq(loginThrottle.key, key));
			continue;
		}
		const [row] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key));
		if (!row) continue;
		const failures = Math.max(0, row.failures - 1);
		const lockedUntil = delayFor(key, failures) === 0 ? 0 : row.lockedUntil;
		await tx.update(loginThrottle).set({ failures, lockedUntil }).where(eq(loginThrottle.key, key));
	}
}
