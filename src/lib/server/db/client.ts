/**
 * The one libSQL client and drizzle instance of the process.
 *
 * Kept free of `$env`/`$app` imports so the same module serves the SvelteKit server and the
 * command-line scripts (migrate, seed, backup) run with tsx.
 */
import { createClient, type Client, type Config } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from './schema';

export const DEFAULT_DATABASE_URL = 'file:db/local.db';
/** How long a connection waits for SQLite's write lock before giving up (ms). */
export const BUSY_TIMEOUT_MS = 5000;

export type Database = LibSQLDatabase<typeof schema>;

/**
 * Client configuration from the environment. A `file:` URL is the embedded default; a
 * `libsql://`, `http(s)://` or `ws(s)://` URL reaches a libSQL server with `DATABASE_AUTH_TOKEN`.
 */
export function clientConfig(env: Record<string, string | undefined> = process.env): Config {
	const url = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
	const config: Config = { url, timeout: BUSY_TIMEOUT_MS };
	const authToken = env.DATABASE_AUTH_TOKEN?.trim();
	if (authToken) config.authToken = authToken;
	return config;
}

export function isFileUrl(url: string): boolean {
	return url.startsWith('file:');
}

/** libSQL does not create a missing folder for a file database. */
function ensureFolder(url: string): void {
	if (!isFileUrl(url) || url.includes(':memory:')) return;
	const path = url.slice('file:'.length).split('?')[0];
	if (path) mkdirSync(dirname(path), { recursive: true });
}

export interface Handle {
	client: Client;
	db: Database;
	url: string;
}

/** Creates the client and drizzle instance; synchronous, so a module can export it. */
export function createDatabase(config: Config = clientConfig()): Handle {
	ensureFolder(config.url);
	const client = createClient(config);
	return { client, db: drizzle(client, { schema }), url: config.url };
}

/**
 * Makes a database ready to serve: WAL switched on once (it persists in the file), then the
 * connection settings checked. foreign_keys=ON and synchronous=FULL are libSQL's defaults for
 * every connection its pool opens and the busy timeout comes from `timeout`;
 * `assertConnectionSettings` refuses to start if any of them does not hold, and the tests
 * check them on several pooled connections and on ones opened after a transaction.
 */
export async function prepareConnection(handle: Handle): Promise<void> {
	const { client, url } = handle;
	if (isFileUrl(url) && !url.includes(':memory:')) {
		await client.execute('PRAGMA journal_mode = WAL');
	}
	await assertConnectionSettings(client, url);
}

export interface ConnectionSettings {
	foreignKeys: number;
	synchronous: number;
	busyTimeout: number;
	journalMode: string;
}

type Executor = Pick<Client, 'execute'>;

export async function readConnectionSettings(conn: Executor): Promise<ConnectionSettings> {
	const first = async (pragma: string) => {
		const row = (await conn.execute(`PRAGMA ${pragma}`)).rows[0];
		return row ? row[0] : undefined;
	};
	return {
		foreignKeys: Number(await first('foreign_keys')),
		synchronous: Number(await first('synchronous')),
		busyTimeout: Number(await first('busy_timeout')),
		journalMode: String(await first('journal_mode'))
	};
}

/** Refuse to serve from a file database whose connections would not keep our promises. */
export async function assertConnectionSettings(conn: Executor, url: string): Promise<void> {
	if (!isFileUrl(url)) return;
	const s = await readConnectionSettings(conn);
	const problems: string[] = [];
	if (s.foreignKeys !== 1) problems.push(`foreign_keys=${s.foreignKeys}`);
	if (s.synchronous !== 2) problems.push(`synchronous=${s.synchronous}`);
	if (!(s.busyTimeout > 0)) problems.push(`busy_timeout=${s.busyTimeout}`);
	if (!url.includes(':memory:') && s.journalMode !== 'wal') problems.push(`journal_mode=${s.journalMode}`);
	if (problems.length) throw new Error(`database connection settings are unsafe: ${problems.join(', ')}`);
}
