/** For integration files: migrate this file's own database and load the demo for a fixed day. */
import { ensureDatabaseReady } from '$lib/server/db';
import { write, SYSTEM_ACTOR } from '$lib/server/audit';
import { loadDemo } from '$lib/server/demo';
import { createDemoAccounts } from '$lib/server/demo-accounts';

export const DEMO_TODAY = '2026-11-23';

export async function loadDemoDatabase(options: { accounts?: boolean } = {}): Promise<void> {
	await ensureDatabaseReady();
	await write(SYSTEM_ACTOR, async (tx, record) => {
		await loadDemo(tx, DEMO_TODAY);
		if (options.accounts) await createDemoAccounts(tx);
		await record({ action: 'demo.load', entityType: 'database' });
	});
}
