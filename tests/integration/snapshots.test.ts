import { beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { db, ensureDatabaseReady } from '$lib/server/db';
import { progressSnapshots } from '$lib/server/db/schema';
import { write, SYSTEM_ACTOR } from '$lib/server/audit';
import { loadDemo } from '$lib/server/demo';
import { listPilotProgress } from '$lib/server/queries/pilots';
import { snapshotsOf, takeSnapshots } from '$lib/server/snapshots';

const TODAY = '2026-11-23';

beforeAll(async () => {
	await ensureDatabaseReady();
	await write(SYSTEM_ACTOR, async (tx, record) => {
		await loadDemo(tx, TODAY);
		await record({ action: 'demo.load', entityType: 'database' });
	});
});

describe('daily snapshots', () => {
	it('keep each running pilot’s counts once a day', async () => {
		const running = (await listPilotProgress({}, TODAY)).filter((p) => p.hasPace);
		expect(await takeSnapshots(TODAY)).toBe(running.length);
		expect(await takeSnapshots(TODAY)).toBe(0); // idempotent within the day
		expect(await takeSnapshots('2026-11-24')).toBe(running.length);
		const rows = (await db.select({ n: count() }).from(progressSnapshots).where(eq(progressSnapshots.date, TODAY)))[0].n;
		expect(rows).toBe(running.length);
		const one = running[0];
		const [snap] = await snapshotsOf(one.id);
		expect(snap).toMatchObject({ date: TODAY, ...one.counted!.actual });
		expect(snap.overall).toBeCloseTo(one.progress!.overall, 10);
	});
});
