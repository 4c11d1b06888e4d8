/** 月报 writes on a real libSQL file: what is refused, what conflicts, and what stays unchanged. */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { auditLog, monthlyReports, pilots } from '$lib/server/db/schema';
import type { Actor } from '$lib/server/audit';
import * as pilotOf from '$lib/server/pilots/pilot';
import type { LoadedPilot } from '$lib/server/pilots/pilot';
import { completenessOf, extrasOf, extrasToStart, reviewReport, submitReport } from '$lib/server/reports';
import { ConflictError, FieldError, NotFoundError } from '$lib/server/errors';
import { reportableMonths } from '$lib/domain/reporting';
import { NO_EXTRAS } from '$lib/domain/statistics';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';

const editor: Actor = { userId: null, username: 'editor-411282', role: 'pilot_editor', ip: '127.0.0.1' };
const staff: Actor = { userId: null, username: 'staff', role: 'province_staff', ip: '127.0.0.1' };
let pilot: LoadedPilot;

const rowsOf = async () => db.select().from(monthlyReports).where(eq(monthlyReports.pilotId, pilot.id));
const auditCount = async () => (await db.select().from(auditLog)).length;

beforeAll(async () => {
	await loadDemoDatabase();
	const [row] = await db.select().from(pilots).where(eq(pilots.divisionCode, '411282'));
	pilot = (await pilotOf.get(row.id, DEMO_TODAY))!;
});

describe('submitting', () => {
	it('refuses a month outside the cycle or not yet ended, and stores nothing', async () => {
		const before = [await rowsOf(), await auditCount()];
		for (const month of ['2020-01', DEMO_TODAY.slice(0, 7), '2030-12']) {
			const err = await submitReport(editor, pilot, { month, narrative: '本月工作', highlights: null, extras: NO_EXTRAS, version: null }, DEMO_TODAY).catch((e) => e);
			expect(err).toBeInstanceOf(FieldError);
			expect(err.field).toBe('month');
		}
		expect([await rowsOf(), await auditCount()]).toEqual(before);
	});

	it('refuses a second submission of a month already sent', async () => {
		const sent = (await rowsOf()).find((r) => r.status !== 'returned')!;
		await expect(submitReport(editor, pilot, { month: sent.month, narrative: '再报一次', highlights: null, extras: NO_EXTRAS, version: null }, DEMO_TODAY)).rejects.toBeInstanceOf(ConflictError);
		expect((await rowsOf()).find((r) => r.id === sent.id)).toEqual(sent);
	});

	it('resubmits a returned report with the version seen, keeping its first date; a stale version conflicts', async () => {
		const returned = (await rowsOf()).find((r) => r.status === 'returned')!;
		const restated = { ...NO_EXTRAS, caravanTours: 3, caravanCovered: true, infoOfficers: 12, articlesShared: 40 };
		await expect(submitReport(editor, pilot, { month: returned.month, narrative: '改过了', highlights: null, extras: NO_EXTRAS, version: returned.version + 5 }, DEMO_TODAY)).rejects.toBeInstanceOf(ConflictError);
		// a resubmission that names no version is refused, not taken as the latest
		await expect(submitReport(editor, pilot, { month: returned.month, narrative: '改过了', highlights: null, extras: NO_EXTRAS, version: null }, DEMO_TODAY)).rejects.toThrow(/缺少版本号/);
		await submitReport(editor, pilot, { month: returned.month, narrative: '补充了照片说明和服务对象情况。', highlights: null, extras: restated, version: returned.version }, DEMO_TODAY);
		const after = (await rowsOf()).find((r) => r.id === returned.id)!;
		expect(after).toMatchObject({ status: 'submitted', firstSubmittedOn: returned.firstSubmittedOn, version: returned.version + 1, narrative: '补充了照片说明和服务对象情况。', extras: restated });
	});

	it('does not accept reports from a pilot that is not running', async () => {
		const closed = { ...pilot, lifecycle: 'accepted' as const };
		const month = reportableMonths(pilot.cycle!, DEMO_TODAY).at(-1)!;
		await expect(submitReport(editor, closed, { month, narrative: '本月工作', highlights: null, extras: NO_EXTRAS, version: null }, DEMO_TODAY)).rejects.toBeInstanceOf(FieldError);
	});
});

describe('reviewing', () => {
	it('needs a comment to return, and nothing changes without one', async () => {
		const waiting = (await rowsOf()).find((r) => r.status === 'submitted')!;
		await expect(reviewReport(staff, pilot.id, { reportId: waiting.id, decision: 'return', comment: null, version: waiting.version })).rejects.toBeInstanceOf(FieldError);
		expect((await rowsOf()).find((r) => r.id === waiting.id)).toEqual(waiting);
	});

	it('lets only one of two reviewers decide on the same version', async () => {
		const waiting = (await rowsOf()).find((r) => r.status === 'submitted')!;
		const results = await Promise.allSettled([
			reviewReport(staff, pilot.id, { reportId: waiting.id, decision: 'accept', comment: null, version: waiting.version }),
			reviewReport(staff, pilot.id, { reportId: waiting.id, decision: 'return', comment: '请补充', version: waiting.version })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(failed.reason).toBeInstanceOf(ConflictError);
	});

	it("cannot touch another pilot's report through this pilot", async () => {
		const [other] = await db.select().from(monthlyReports).where(eq(monthlyReports.status, 'submitted')).limit(1);
		expect(other.pilotId).not.toBe(pilot.id);
		await expect(reviewReport(staff, pilot.id, { reportId: other.id, decision: 'accept', comment: null, version: other.version })).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('completeness', () => {
	it('gives no figures for a pilot without a cycle or a withdrawn one', async () => {
		const map = await completenessOf(
			[
				{ id: pilot.id, lifecycle: 'withdrawn', cycle: pilot.cycle },
				{ id: 99999, lifecycle: 'applying', cycle: null }
			],
			DEMO_TODAY
		);
		expect(map.size).toBe(0);
	});

	it('counts this pilot from its stored reports', async () => {
		const c = (await completenessOf([pilot], DEMO_TODAY)).get(pilot.id)!;
		const rows = await rowsOf();
		expect(c.onTime + c.late).toBe(rows.length);
		expect(c.months.length).toBe(reportableMonths(pilot.cycle!, DEMO_TODAY).length);
	});
});

describe('the statistics form’s stated figures', () => {
	it('leave out a report returned for correction and keep the others, reviewed or not', async () => {
		const [waiting] = await db.select().from(monthlyReports).where(eq(monthlyReports.status, 'submitted')).limit(1);
		await reviewReport(staff, waiting.pilotId, { reportId: waiting.id, decision: 'return', comment: '培训人次与签到表不符，请核对。', version: waiting.version });
		const all = await db.select().from(monthlyReports);
		const returned = all.find((r) => r.id === waiting.id)!;
		expect(returned.status).toBe('returned');
		const stated = await extrasOf([returned.pilotId]);
		const months = (stated.get(returned.pilotId) ?? []).map((r) => r.month).sort();
		expect(months).toEqual(all.filter((r) => r.pilotId === returned.pilotId && r.status !== 'returned').map((r) => r.month).sort());
		expect(months).not.toContain(returned.month);
	});

	it('a month filled in late starts from the 信息员 team reported before it, not from a later month', async () => {
		const rows = (await db.select().from(monthlyReports)).filter((r) => r.extras);
		const byPilot = new Map<number, typeof rows>();
		for (const r of rows) byPilot.set(r.pilotId, [...(byPilot.get(r.pilotId) ?? []), r]);
		const [pilotId, reports] = [...byPilot].find(([, list]) => new Set(list.map((r) => r.extras!.infoOfficers)).size > 1)!;
		const sorted = [...reports].sort((a, b) => a.month.localeCompare(b.month));
		for (const [i, r] of sorted.entries()) {
			// as if r's month were being written: what was reported before it
			expect({ month: r.month, infoOfficers: (await extrasToStart(pilotId, r.month)).infoOfficers }).toEqual({ month: r.month, infoOfficers: i ? sorted[i - 1].extras!.infoOfficers : 0 });
		}
		expect((await extrasToStart(pilotId, '2099-01')).infoOfficers).toBe(sorted.at(-1)!.extras!.infoOfficers);
	});
});
