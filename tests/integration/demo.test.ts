import { beforeAll, describe, expect, it } from 'vitest';
import { count, gt, lte } from 'drizzle-orm';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { db } from '$lib/server/db';
import { activities, monthlyReports, pilots, teams } from '$lib/server/db/schema';
import { write, SYSTEM_ACTOR } from '$lib/server/audit';
import { backfillDemoReportOrganisation, loadDemo, verifyDemo } from '$lib/server/demo';
import type { MonthlyFigures } from '$lib/server/reports';
import { listPilotProgress } from '$lib/server/queries/pilots';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';

const TODAY = DEMO_TODAY;

beforeAll(() => loadDemoDatabase());

describe('demo data', () => {
	it('holds the real call: 4 city and 15 county pilots showing all five statuses', async () => {
		const list = await listPilotProgress({}, TODAY);
		expect(list.filter((p) => p.level === 'city')).toHaveLength(4);
		expect(list.filter((p) => p.level === 'county')).toHaveLength(15);
		const statuses = await verifyDemo(TODAY);
		expect(Object.keys(statuses).sort()).toEqual(['at_risk', 'complete', 'lagging', 'on_track', 'overdue']);
	});

	it('shows planned work as planned: an activity after today has served nobody and given no hours yet', async () => {
		const planned = await db.select().from(activities).where(gt(activities.date, TODAY));
		expect(planned.length).toBeGreaterThan(0);
		for (const a of planned) expect({ id: a.id, served: a.served, serviceHours: a.serviceHours }).toEqual({ id: a.id, served: 0, serviceHours: 0 });
		const held = await db.select().from(activities).where(lte(activities.date, TODAY));
		expect(held.every((a) => a.served > 0 && a.serviceHours > 0)).toBe(true);
	});

	it('fills each report’s 队伍组建及注册情况 once the demo is in: the teams founded in its month', async () => {
		const before = await db.select().from(monthlyReports);
		expect(before.length).toBeGreaterThan(20);
		expect(before.filter((r) => (r.figures as MonthlyFigures).organisation)).toEqual([]);
		const filled = await backfillDemoReportOrganisation();
		expect(filled).toBe(before.length);
		const allTeams = await db.select({ pilotId: teams.pilotId, foundedOn: teams.foundedOn }).from(teams);
		let founded = 0;
		for (const r of await db.select().from(monthlyReports)) {
			const organisation = (r.figures as MonthlyFigures).organisation!;
			const expected = allTeams.filter((t) => t.pilotId === r.pilotId && t.foundedOn?.slice(0, 7) === r.month).length;
			expect(organisation.teamsFormed, `report ${r.pilotId} ${r.month}`).toBe(expected);
			founded += expected;
			// the rest of the figures are as they were
			expect({ ...(r.figures as MonthlyFigures), organisation: undefined }).toEqual({ ...(before.find((b) => b.id === r.id)!.figures as MonthlyFigures), organisation: undefined });
		}
		expect(founded).toBeGreaterThan(0);
	});

	it('refuses to load twice into the same database', async () => {
		await expect(
			write(SYSTEM_ACTOR, async (tx, record) => {
				await loadDemo(tx, TODAY);
				await record({ action: 'demo.load', entityType: 'database' });
			})
		).rejects.toThrow(/already holds pilots/);
		expect((await db.select({ n: count() }).from(pilots))[0].n).toBe(19);
	});

	// The seed notices live beside the repository (../shared), on developer machines and in CI.
	const seedDir = '../shared/seeds';
	it.skipIf(!existsSync(seedDir))('uses no name, phone or e-mail printed in the seed documents', async () => {
		const seedText = readdirSync(seedDir).map((f) => readFileSync(`${seedDir}/${f}`, 'utf8')).join('\n');
		const phones = new Set(seedText.match(/1[3-9]\d{9}/g) ?? []);
		const emails = new Set(seedText.match(/[\w.+-]+@[\w-]+\.[\w.]+/g) ?? []);
		const people = [
			...(await db.select({ a: pilots.contactName, b: pilots.contactPhone }).from(pilots)),
			...(await db.select({ a: teams.leaderName, b: teams.leaderPhone }).from(teams))
		];
		for (const p of people) {
			expect(phones.has(p.b ?? '')).toBe(false);
			expect(emails.has(p.b ?? '')).toBe(false);
			// a two- or three-character personal name that also appears in a seed notice
			if (p.a && p.a.length >= 2) expect(seedText.includes(p.a), `${p.a} appears in a seed document`).toBe(false);
		}
	});
});
