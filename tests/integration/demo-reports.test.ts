/**
 * The demo's 月报 as a reader meets them: sent and reviewed by someone, and never in the future,
 * even when the demo is loaded early on the morning of a day some reports were sent on.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, ensureDatabaseReady } from '$lib/server/db';
import { monthlyReports, users } from '$lib/server/db/schema';
import { write, SYSTEM_ACTOR } from '$lib/server/audit';
import { loadDemo } from '$lib/server/demo';
import { createDemoAccounts } from '$lib/server/demo-accounts';

// 08:30 in Beijing on a 3rd: the day pilots on track send last month's report, at 10:00.
const DAY = '2026-12-03';
const LOADED_AT = Date.parse('2026-12-03T00:30:00Z');

beforeAll(async () => {
	await ensureDatabaseReady();
	vi.useFakeTimers({ toFake: ['Date'], now: LOADED_AT });
	await write(SYSTEM_ACTOR, async (tx, record) => {
		await loadDemo(tx, DAY);
		await createDemoAccounts(tx);
		await record({ action: 'demo.load', entityType: 'database' });
	});
	vi.useRealTimers();
});
afterAll(() => vi.useRealTimers());

describe('demo 月报', () => {
	it('include reports first sent on the load day, so the times below are put to the test', async () => {
		const sentToday = await db.select().from(monthlyReports).where(eq(monthlyReports.firstSubmittedOn, DAY));
		expect(sentToday.length).toBeGreaterThan(0);
	});

	it('were sent and reviewed no later than the demo was loaded', async () => {
		for (const r of await db.select().from(monthlyReports)) {
			expect(r.submittedAt, `${r.pilotId} ${r.month} sent`).toBeLessThanOrEqual(LOADED_AT);
			if (r.reviewedAt !== null) expect(r.reviewedAt, `${r.pilotId} ${r.month} reviewed`).toBeLessThanOrEqual(LOADED_AT);
		}
	});

	it('name their pilot’s editor as the sender and the staff account as the reviewer', async () => {
		const accounts = await db.select().from(users);
		const staff = accounts.find((u) => u.username === 'staff')!;
		const reports = await db.select().from(monthlyReports);
		expect(reports.length).toBeGreaterThan(20);
		for (const r of reports) {
			const sender = accounts.find((u) => u.id === r.submittedBy);
			expect({ report: r.id, role: sender?.role, pilot: sender?.pilotId }).toEqual({ report: r.id, role: 'pilot_editor', pilot: r.pilotId });
			expect({ report: r.id, reviewer: r.reviewedBy }).toEqual({ report: r.id, reviewer: r.reviewedAt === null ? null : staff.id });
		}
	});
});
