/**
 * Keys the app signs or hashes with (device cookies, people's identities on rosters): from an
 * environment variable when set (at least 32 characters), or else generated once and kept in the
 * database (app_meta), so every instance sharing the database uses the same key and no key is in
 * the code. Deleting that row (or changing the variable) changes the key.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db, writeTransaction, type Transaction } from './db';
import { appMeta } from './db/schema';

const cache = new Map<string, Buffer>();

/** Every key the app uses: its app_meta row and the variable that replaces it. */
export const APP_SECRETS = {
	device: { metaKey: 'device_cookie_key', envName: 'DEVICE_COOKIE_SECRET' },
	person: { metaKey: 'person_key', envName: 'PERSON_KEY_SECRET' }
} as const;

/**
 * Makes every key exist before the first request is served, so no request — a refused one
 * included — is the one that writes it.
 */
export async function ensureAppSecrets(): Promise<void> {
	for (const { metaKey, envName } of Object.values(APP_SECRETS)) await appSecret(metaKey, envName);
}

/** The key named `metaKey` in app_meta, or the value of `envName` when that is set. */
export async function appSecret(metaKey: string, envName: string): Promise<Buffer> {
	const cached = cache.get(metaKey);
	if (cached) return cached;
	const configured = process.env[envName]?.trim();
	if (configured) {
		if (configured.length < 32) throw new Error(`${envName} must be at least 32 characters`);
		const key = Buffer.from(configured, 'utf8');
		cache.set(metaKey, key);
		return key;
	}
	const read = async () => (await db.select().from(appMeta).where(eq(appMeta.key, metaKey)))[0]?.value;
	let stored = await read();
	if (!stored) {
		// bookkeeping, not a user's change: no audit row; the first instance to get here wins
		await writeTransaction(async (tx) => {
			await tx.insert(appMeta).values({ key: metaKey, value: randomBytes(32).toString('hex') }).onConflictDoNothing();
		});
		stored = await read();
	}
	if (!stored) throw new Error(`the key ${metaKey} could not be stored`);
	const key = Buffer.from(stored, 'hex');
	cache.set(metaKey, key);
	return key;
}

/**
 * The same key, read (or made) inside a write transaction that is already open — the demo loader
 * hashes people while it holds the write queue, where `appSecret` would wait for itself.
 */
export async function appSecretIn(tx: Transaction, metaKey: string, envName: string): Promise<Buffer> {
	const configured = process.env[envName]?.trim();
	if (configured) return appSecret(metaKey, envName);
	await tx.insert(appMeta).values({ key: metaKey, value: randomBytes(32).toString('hex') }).onConflictDoNothing();
	const [row] = await tx.select().from(appMeta).where(eq(appMeta.key, metaKey));
	return Buffer.from(row.value, 'hex');
}

/** For tests: forget a cached key (after the database or the variable changed). */
export function forgetAppSecret(metaKey: string): void {
	cache.delete(metaKey);
}
