import { beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { db } from '$lib/server/db';
import { pilots, teams } from '$lib/server/db/schema';
import { write, SYSTEM_ACTOR } from '$lib/server/audit';
import { loadDemo, verifyDemo } from '$lib/server/demo';
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
