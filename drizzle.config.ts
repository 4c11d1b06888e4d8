import { defineConfig } from 'drizzle-kit';

export default defineConfig({
	schema: './src/lib/server/db/schema.ts',
	out: './db/migrations',
	dialect: 'turso',
	dbCredentials: { url: process.env.DATABASE_URL ?? 'file:db/local.db' },
	strict: true,
	verbose: true
});
