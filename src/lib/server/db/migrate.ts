import { migrate } from 'drizzle-orm/libsql/migrator';
import { resolve } from 'node:path';
import type { Database } from './client';

export const MIGRATIONS_FOLDER = resolve(process.env.MIGRATIONS_FOLDER ?? 'db/migrations');

/** Applies every pending drizzle-kit migration; safe to call at every start. */
export async function applyMigrations(db: Database): Promise<void> {
	await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
