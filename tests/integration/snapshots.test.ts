import { beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { progressSnapshots } from '$lib/server/db/schema';
import { listPilotProgress } from '$lib/server/queries/pilots';
import { snapshotsOf, takeSnapshots } from '$lib/server/snapshots';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';

const TODAY = DEMO_TODAY;

beforeAll(() => loadDemoDatabase());

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
