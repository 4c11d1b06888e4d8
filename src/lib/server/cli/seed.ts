/**
 * `npm run db:seed [-- --reset]`: loads the demo data relative to today (SHIDIANTONG_TODAY pins it).
 * `--reset` first deletes a file database and its WAL, so the demo can be reloaded; it refuses
 * to touch a libSQL server.
 */
import { rmSync } from 'node:fs';
import { clientConfig, isFileUrl } from '../db/client';

const reset = process.argv.includes('--reset');
const { url } = clientConfig();
if (reset) {
	if (!isFileUrl(url)) {
		console.error(`--reset only deletes a local file database, not ${url}`);
		process.exit(2);
	}
	const path = url.slice('file:'.length).split('?')[0];
	for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

// Imported only now: opening the database creates the file that --reset just removed.
const { ensureDatabaseReady, client } = await import('../db');
const { write, SYSTEM_ACTOR } = await import('../audit');
const { loadDemo, verifyDemo, backfillDemoSnapshots, backfillDemoReportOrganisation } = await import('../demo');
const { createDemoAccounts } = await import('../demo-accounts');
const { today } = await import('../clock');

await ensureDatabaseReady();
const day = today();
const loaded = await write(SYSTEM_ACTOR, async (tx, record) => {
	const result = await loadDemo(tx, day);
	const accounts = await createDemoAccounts(tx);
	await record({ action: 'demo.load', entityType: 'database', after: { today: day, ...result, accounts } });
	return { ...result, accounts };
});
const statuses = await verifyDemo(day);
// Snapshots and the reports' organisation sections are computed from the committed demo, so
// they come after it, in their own writes.
const snapshots = await write(SYSTEM_ACTOR, async (tx, record) => {
	const n = await backfillDemoSnapshots(tx, day);
	await record({ action: 'demo.snapshots', entityType: 'database', after: { snapshots: n } });
	return n;
});
await backfillDemoReportOrganisation();
console.log(`demo data for ${day} loaded into ${url}: ${loaded.pilots} pilots, ${loaded.accounts} demo accounts, ${snapshots} snapshots`, statuses);
client.close();
