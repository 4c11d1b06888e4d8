/**
 * The process's database: one client, one drizzle instance, one write queue.
 *
 * Reads use `db` directly. Every write goes through `write()` in `../audit.ts`, which runs
 * `writeTransaction` below and records the audit rows inside the same transaction.
 */
import { clientConfig, createDatabase, prepareConnection, type Database } from './client';
import { applyMigrations } from './migrate';
import { WriteQueue } from './write-queue';

const handle = createDatabase(clientConfig());

export const db: Database = handle.db;
export const client = handle.client;
export const databaseUrl = handle.url;

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

const queue = new WriteQueue();

/** Runs `fn` in one write transaction (BEGIN IMMEDIATE), after every earlier write of this process. */
export function writeTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
	return queue.run(() => db.transaction(fn));
}

let ready: Promise<void> | undefined;

/** Migrates and checks the connection settings once per process; every entry point awaits it. */
export function ensureDatabaseReady(): Promise<void> {
	ready ??= (async () => {
		await prepareConnection(handle);
		await applyMigrations(db);
	})();
	return ready;
}
