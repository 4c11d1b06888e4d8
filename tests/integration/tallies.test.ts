/**
 * Lists of many pilots read stored tallies instead of item rows; these must never differ from
 * what the full count gives, must follow every audited write, and must never let a count made
 * from older data overwrite a newer one.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { client, db } from '$lib/server/db';
import { activities, pilotTallies, rounds } from '$lib/server/db/schema';
import { write, SYSTEM_ACTOR } from '$lib/server/audit';
import { listPilotProgress, listPilotSummaries, storeTallies } from '$lib/server/queries/pilots';
import { formValuesOf, updateRound } from '$lib/server/rounds';
import { roundSchema } from '$lib/schemas/items';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';

const TODAY = DEMO_TODAY;

beforeAll(() => loadDemoDatabase());

const figures = (list: { id: number; counted: { actual: unknown } | null; verified: unknown; progress: { status: string } | null }[]) =>
	list.map((p) => ({ id: p.id, actual: p.counted?.actual ?? null, verified: p.verified, status: p.progress?.status ?? null }));

async function addActivity(pilotId: number, date: string) {
	return write(SYSTEM_ACTOR, async (tx, record) => {
		const [row] = await tx
			.insert(activities)
			.values({ pilotId, title: '科普讲座（测试）', date, kind: 'science_lecture', field: 'science_education', createdAt: 1, updatedAt: 1 })
			.returning({ id: activities.id });
		await record({ action: 'activity.create', entityType: 'activity', entityId: row.id, pilotId });
		return row.id;
	});
}

describe('pilot tallies', () => {
	it('give the same figures as counting every item, before and after they are stored', async () => {
		const full = figures(await listPilotProgress({}, TODAY));
		await db.delete(pilotTallies);
		expect(figures(await listPilotSummaries({}, TODAY))).toEqual(full); // counted and stored
		const stored = await db.select().from(pilotTallies).where(eq(pilotTallies.day, TODAY));
		expect(stored.length).toBe(full.filter((p) => p.actual).length);
		expect(figures(await listPilotSummaries({}, TODAY))).toEqual(full); // read back
	});

	it('follow a write about the pilot at once, and a new day', async () => {
		const [before] = await listPilotSummaries({}, TODAY);
		await addActivity(before.id, TODAY);
		const [after] = await listPilotSummaries({ pilotIds: [before.id] }, TODAY);
		const [truth] = await listPilotProgress({ pilotIds: [before.id] }, TODAY);
		expect(after.counted!.actual).toEqual(truth.counted!.actual);
		expect(after.counted!.actual.activities).toBe(before.counted!.actual.activities + 1);
		// an activity planned for tomorrow counts from tomorrow
		await addActivity(before.id, '2026-11-24');
		const [tomorrow] = await listPilotSummaries({ pilotIds: [before.id] }, '2026-11-24');
		expect(tomorrow.counted!.actual.activities).toBe(after.counted!.actual.activities + 1);
	});

	it('are marked stale by the write itself and stored exact by their next reader', async () => {
		const [pilot] = await listPilotSummaries({}, TODAY);
		await addActivity(pilot.id, TODAY);
		const [stale] = await db.select().from(pilotTallies).where(eq(pilotTallies.pilotId, pilot.id));
		expect(stale.day).toBeNull();
		await listPilotSummaries({ pilotIds: [pilot.id] }, TODAY);
		const [row] = await db.select().from(pilotTallies).where(eq(pilotTallies.pilotId, pilot.id));
		const [truth] = await listPilotProgress({ pilotIds: [pilot.id] }, TODAY);
		expect(row.day).toBe(TODAY);
		expect(row.actual).toEqual(truth.counted!.actual);
		expect(row.verified).toEqual(truth.verified);
	});

	it('are counted once when views find the same pilot stale at once, and a failed count leaves nothing behind', async () => {
		const [pilot] = await listPilotSummaries({}, TODAY);
		await addActivity(pilot.id, TODAY);
		const original = client.execute.bind(client);
		const sqlOf = (stmt: unknown) => (typeof stmt === 'string' ? stmt : String((stmt as { sql: string }).sql));
		// the recount's read of the pilot's activities, as listPilotProgress makes it
		const isItemRead = (stmt: unknown) => sqlOf(stmt).includes('json_group_array(json_array("activities"."id"');
		const execute = vi.spyOn(client, 'execute');
		try {
			const views = await Promise.all(Array.from({ length: 4 }, () => listPilotSummaries({ pilotIds: [pilot.id] }, TODAY)));
			expect(execute.mock.calls.filter(([stmt]) => isItemRead(stmt))).toHaveLength(1);
			const [truth] = await listPilotProgress({ pilotIds: [pilot.id] }, TODAY);
			for (const [view] of views) expect(view.counted!.actual).toEqual(truth.counted!.actual);

			// the count fails (the disk, say): every view waiting for it fails with it, and the next view counts afresh
			await addActivity(pilot.id, TODAY);
			execute.mockClear();
			let failed = false;
			execute.mockImplementation(((stmt: Parameters<typeof original>[0]) => {
				if (!failed && isItemRead(stmt)) {
					failed = true;
					return Promise.reject(new Error('disk I/O error'));
				}
				return original(stmt);
			}) as typeof original);
			const outcomes = await Promise.allSettled(Array.from({ length: 3 }, () => listPilotSummaries({ pilotIds: [pilot.id] }, TODAY)));
			expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
			const [after] = await listPilotSummaries({ pilotIds: [pilot.id] }, TODAY);
			expect(after.counted!.actual.activities).toBe(truth.counted!.actual.activities + 1);
			expect(execute.mock.calls.filter(([stmt]) => isItemRead(stmt))).toHaveLength(2);
		} finally {
			execute.mockRestore();
		}
	});

	it('never leave a failure unheard when a view waits for one count and fails on its own', async () => {
		const [x, y] = await listPilotSummaries({}, TODAY);
		await addActivity(x.id, TODAY);
		await addActivity(y.id, TODAY);
		const original = client.execute.bind(client);
		const isItemRead = (stmt: unknown) => (typeof stmt === 'string' ? stmt : String((stmt as { sql: string }).sql)).includes('json_group_array(json_array("activities"."id"');
		const execute = vi.spyOn(client, 'execute').mockImplementation(((stmt: Parameters<typeof original>[0]) =>
			isItemRead(stmt) ? Promise.reject(new Error('disk I/O error')) : original(stmt)) as typeof original);
		const unheard: unknown[] = [];
		const listen = (reason: unknown) => unheard.push(reason);
		process.on('unhandledRejection', listen);
		try {
			// the first counts x; the second waits for x and counts y; both counts fail
			const outcomes = await Promise.allSettled([listPilotSummaries({ pilotIds: [x.id] }, TODAY), listPilotSummaries({ pilotIds: [x.id, y.id] }, TODAY)]);
			expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
			await new Promise((r) => setTimeout(r, 50));
			expect(unheard).toEqual([]);
		} finally {
			process.off('unhandledRejection', listen);
			execute.mockRestore();
		}
		const [truthX, truthY] = await listPilotProgress({ pilotIds: [x.id, y.id] }, TODAY);
		expect((await listPilotSummaries({ pilotIds: [x.id, y.id] }, TODAY)).map((p) => p.counted!.actual)).toEqual([truthX.counted!.actual, truthY.counted!.actual]);
	});

	it('are counted again when the round changes what a team needs to count', async () => {
		const all = await listPilotSummaries({}, TODAY);
		const roundId = all[0].roundId;
		const inRound = all.filter((p) => p.roundId === roundId);
		expect(inRound.some((p) => (p.counted?.actual.teams ?? 0) > 0)).toBe(true);
		const [round] = await db.select().from(rounds).where(eq(rounds.id, roundId));
		// as the round's form sends it: every field a string
		const form = Object.fromEntries(Object.entries({ ...formValuesOf(round), city_membersPerTeam: 10_000, county_membersPerTeam: 10_000 }).map(([k, v]) => [k, String(v)]));
		const input = roundSchema.parse(form);
		await updateRound(SYSTEM_ACTOR, roundId, input);
		const after = await listPilotSummaries({ roundId }, TODAY);
		expect(after.every((p) => (p.counted?.actual.teams ?? 0) === 0)).toBe(true);
		expect(figures(after)).toEqual(figures(await listPilotProgress({ roundId }, TODAY)));
	});

	it('never keep a count that a later write has overtaken', async () => {
		const [pilot] = await listPilotSummaries({}, TODAY);
		const [row] = await db.select().from(pilotTallies).where(eq(pilotTallies.pilotId, pilot.id));
		// a reader read the stamp, then a write came in before it stored its count
		await addActivity(pilot.id, TODAY);
		const zero = { teams: 0, projects: 0, activities: 0, stations: 0, mechanisms: 0 };
		await storeTallies([{ pilotId: pilot.id, stamp: row.stamp, actual: zero, verified: zero }], TODAY);
		const [now] = await listPilotSummaries({ pilotIds: [pilot.id] }, TODAY);
		const [truth] = await listPilotProgress({ pilotIds: [pilot.id] }, TODAY);
		expect(now.counted!.actual).toEqual(truth.counted!.actual);
		expect(now.counted!.actual.activities).toBeGreaterThan(0);
	});

	it('keep the activity figures the summary adds up, matching the count and following writes (issue 17)', async () => {
		const sum = (r: Record<string, number>) => Object.values(r).reduce((s, n) => s + n, 0);
		await db.delete(pilotTallies);
		const recounted = await listPilotSummaries({}, TODAY, { activityFigures: true });
		const stored = await listPilotSummaries({}, TODAY, { activityFigures: true });
		const withCycle = stored.filter((p) => p.counted);
		expect(withCycle.some((p) => p.counted!.actual.activities > 0)).toBe(true);
		for (const p of withCycle) {
			const f = 'activityFigures' in p ? p.activityFigures : null;
			expect(f, `pilot ${p.id}`).toBeTruthy();
			expect(f!.activities).toBe(p.counted!.actual.activities);
			expect(sum(f!.months)).toBe(f!.activities);
			expect(sum(f!.kinds)).toBe(f!.activities);
			expect(sum(f!.fields)).toBe(f!.activities);
		}
		expect(stored.map((p) => ('activityFigures' in p ? p.activityFigures : null))).toEqual(recounted.map((p) => ('activityFigures' in p ? p.activityFigures : null)));
		// lists that do not ask for them do not carry them
		expect((await listPilotSummaries({}, TODAY)).some((p) => 'activityFigures' in p)).toBe(false);

		const pilot = withCycle[0];
		const before = ('activityFigures' in pilot ? pilot.activityFigures : null)!;
		await addActivity(pilot.id, TODAY);
		const [after] = await listPilotSummaries({ pilotIds: [pilot.id] }, TODAY, { activityFigures: true });
		const figuresAfter = ('activityFigures' in after ? after.activityFigures : null)!;
		expect(figuresAfter.activities).toBe(before.activities + 1);
		expect(figuresAfter.months[TODAY.slice(0, 7)]).toBe((before.months[TODAY.slice(0, 7)] ?? 0) + 1);
		expect(figuresAfter.kinds.science_lecture).toBe((before.kinds.science_lecture ?? 0) + 1);
		expect(figuresAfter.fields.science_education).toBe((before.fields.science_education ?? 0) + 1);
	});
});
