/**
 * The process's database: one client for reads, one for writes, one write queue.
 *
 * Reads use `db` directly. Every write goes through `write()` in `../audit.ts` (or, for
 * bookkeeping without an audit row, `writeTransaction` below).
 *
 * Waiting for another process's write lock happens here, not in SQLite: the native binding is
 * synchronous, so SQLite's own busy wait would stall every request of this process for up to
 * the busy timeout. The write client's connections wait only `LOCK_POLL_MS` per attempt and the
 * queue retries `BEGIN IMMEDIATE` with timers until `BUSY_TIMEOUT_MS` has passed, so reads keep
 * being served while a backup or a second process holds the lock.
 */
import { BUSY_TIMEOUT_MS, clientConfig, createDatabase, isFileUrl, prepareConnection, assertConnectionSettings, type Database } from './client';
import { applyMigrations } from './migrate';
import { WriteQueue } from './write-queue';
import { isHttpError } from '@sveltejs/kit';
import { sqliteCode, storageFailure } from '../errors';

/** How long one attempt at the write lock may block the event loop (ms). */
export const LOCK_POLL_MS = 20;

const config = clientConfig();
const handle = createDatabase(config);
// An in-memory database exists once per connection pool: it must share the reading client.
const separateWriter = isFileUrl(config.url) && !config.url.includes(':memory:');
const writer = separateWriter ? createDatabase({ ...config, timeout: LOCK_POLL_MS }) : handle;

export const db: Database = handle.db;
export const client = handle.client;
/** The client whose connections run write transactions (the same as `client` for remote or in-memory databases). */
export const writeClient = writer.client;
export const databaseUrl = handle.url;

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One transaction (BEGIN IMMEDIATE) on the write client. If another process holds the write lock,
 * waits for it up to `BUSY_TIMEOUT_MS` without blocking the event loop; a database that stays
 * locked, full or unwritable ends in `storageFailure` (a 503 with a Chinese message), never in
 * SQLite's text.
 */
async function transact<T>(body: (tx: Transaction) => Promise<T>): Promise<T> {
	const deadline = Date.now() + BUSY_TIMEOUT_MS;
	for (let attempt = 0; ; attempt++) {
		let began = false;
		try {
			return await writer.db.transaction((tx) => {
				began = true;
				return body(tx);
			});
		} catch (e) {
			const code = sqliteCode(e);
			// libsql #352: a connection whose statement failed (a BEGIN refused with SQLITE_BUSY, a
			// write that hit a full disk) can fail every later COMMIT with "SQL statements in
			// progress". Nothing else uses the write client and no transaction is open now, so
			// start it afresh with new connections.
			if (code && separateWriter) await writer.client.reconnect();
			// Only a lock refused at BEGIN is retried: nothing of `body` has run yet.
			if (!began && code?.startsWith('SQLITE_BUSY') && Date.now() < deadline) {
				await sleep(Math.min(10 * 2 ** attempt, 200, Math.max(1, deadline - Date.now())));
				continue;
			}
			throw storageFailure(e) ?? e;
		}
	}
}

const queue = new WriteQueue<Transaction>(transact, (e) => isHttpError(e, 503));

/**
 * Runs `fn` in a write transaction, after every earlier write of this process; writes waiting
 * together share one commit (see `WriteQueue`). `fn` may run more than once and must do nothing
 * but database work on `tx`.
 */
export function writeTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
	return queue.run(fn);
}

let ready: Promise<void> | undefined;

/** Migrates and checks the connection settings once per process; every entry point awaits it. */
export function ensureDatabaseReady(): Promise<void> {
	ready ??= (async () => {
		await prepareConnection(handle);
		if (separateWriter) await assertConnectionSettings(writer.client, writer.url);
		await applyMigrations(db);
	})();
	return ready;
}
