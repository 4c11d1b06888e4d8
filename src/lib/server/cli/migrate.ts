/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (default file:db/local.db). */
import { client, databaseUrl, ensureDatabaseReady } from '../db';

await ensureDatabaseReady();
console.log(`migrations applied to ${databaseUrl}`);
client.close();
