/**
 * The volunteer organisation (issue 19) over real rows: roll-ups count a person on two rosters once,
 * a county 队 moved between 支队 changes today's figures and not those of a day before the move, and
 * the cadence follows the activities its teams hold.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { activities, activityTeams, orgUnits, pilots, teamMembers, teams } from '$lib/server/db/schema';
import { SYSTEM_ACTOR } from '$lib/server/audit';
import * as units from '$lib/server/organisation/units';
import * as tree from '$lib/server/organisation/tree';
import * as deadlines from '$lib/server/organisation/deadlines';
import { FieldError } from '$lib/server/errors';
import * as teamsOfPilot from '$lib/server/pilots/teams';
import * as recycleBin from '$lib/server/recycle-bin';
import { recycleBin as binTable } from '$lib/server/db/schema';
import { desc } from 'drizzle-orm';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';

const BEFORE_MOVE = '2026-10-15';
const MOVE_DAY = '2026-11-01';
const ids = { corps: 0, a: 0, b: 0, county: 0, t1: 0, t2: 0, pilot: 0 };

const figure = async (day: string, unitId: number) => (await tree.rollUp(day)).find((r) => r.id === unitId);

async function addTeam(name: string, people: string[]) {
	const at = Date.now();
	const [t] = await db.insert(teams).values({ pilotId: ids.pilot, name, declaredMembers: people.length, rosterSize: people.length, createdAt: at, updatedAt: at }).returning({ id: teams.id });
	await db.insert(teamMembers).values(people.map((p) => ({ teamId: t.id, name: p, personHash: `hash-${p}`, createdAt: at })));
	return t.id;
}

async function addActivity(date: string, extra: Partial<typeof activities.$inferInsert> = {}) {
	const at = Date.now();
	const [a] = await db
		.insert(activities)
		.values({ pilotId: ids.pilot, title: `活动 ${date}`, date, kind: 'science_lecture', field: 'science_education', createdAt: at, updatedAt: at, ...extra })
		.returning({ id: activities.id });
	await db.insert(activityTeams).values({ activityId: a.id, teamId: ids.t1 });
}

beforeAll(async () => {
	await loadDemoDatabase();
	ids.corps = (await db.select().from(orgUnits).where(eq(orgUnits.kind, 'corps')))[0].id;
	ids.pilot = (await db.select().from(pilots).where(eq(pilots.divisionCode, '410324')))[0].id;
	const base = { divisionCode: null, foundedOn: null, platformId: null };
	ids.a = await units.create(SYSTEM_ACTOR, { ...base, kind: 'city_detachment', name: '测试甲支队', parentId: ids.corps, divisionCode: '410300' }, '2026-09-01');
	// a county's 队 sits only under its own city's 支队: the second one is 洛阳's too (a re-founded 支队)
	ids.b = await units.create(SYSTEM_ACTOR, { ...base, kind: 'city_detachment', name: '测试乙支队', parentId: ids.corps, divisionCode: '410300' }, '2026-09-01');
	ids.county = await units.create(SYSTEM_ACTOR, { ...base, kind: 'county_team', name: '新安县科技志愿者队（测试）', parentId: ids.a, divisionCode: '410323' }, '2026-09-01');
	// 李四 and 王五 are on both rosters
	ids.t1 = await addTeam('测试一队', ['张三', '李四', '王五']);
	ids.t2 = await addTeam('测试二队', ['李四', '王五', '赵六']);
	await units.attachTeam(SYSTEM_ACTOR, ids.county, ids.t1);
	await units.attachTeam(SYSTEM_ACTOR, ids.county, ids.t2);
});

describe('roll-ups', () => {
	it('count a person on two rosters once, in the unit and in every unit above it', async () => {
		const county = await figure(DEMO_TODAY, ids.county);
		const a = await figure(DEMO_TODAY, ids.a);
		expect(county?.members).toBe(4);
		expect(a?.members).toBe(4);
		expect(county?.size).toEqual({ status: 'lagging', reason: '成员 4 人，首批应达 50 人' });
	});

	it('refuses a county 队 under another city’s 支队, or named like a unit already under its parent, and changes nothing', async () => {
		const xinxiang = await units.create(SYSTEM_ACTOR, { kind: 'city_detachment', name: '测试新乡支队', parentId: ids.corps, divisionCode: '410700', foundedOn: null, platformId: null }, '2026-09-01');
		const before = await db.select().from(orgUnits);
		// 兰考县 belongs to 开封市
		const elsewhere = { kind: 'county_team' as const, name: '兰考县科技志愿者队（测试）', parentId: ids.a, divisionCode: '410225', foundedOn: null, platformId: null };
		await expect(units.create(SYSTEM_ACTOR, elsewhere, DEMO_TODAY)).rejects.toThrow('兰考县不在测试甲支队所在的市，请选择本市的县（市、区）');
		const twin = { kind: 'county_team' as const, name: '新安县科技志愿者队（测试）', parentId: ids.a, divisionCode: '410323', foundedOn: null, platformId: null };
		await expect(units.create(SYSTEM_ACTOR, twin, DEMO_TODAY)).rejects.toThrow('上级单位下已有“新安县科技志愿者队（测试）”');
		// nor moved under another city's 支队, nor renamed into its twin, nor given another city's county
		await expect(units.move(SYSTEM_ACTOR, ids.county, xinxiang, DEMO_TODAY)).rejects.toThrow(/新安县不在测试新乡支队所在的市/);
		const [county] = await db.select().from(orgUnits).where(eq(orgUnits.id, ids.county));
		await expect(units.update(SYSTEM_ACTOR, ids.county, { name: county.name, divisionCode: '410225', foundedOn: null, platformId: null, version: county.version })).rejects.toThrow(/兰考县不在/);
		const sibling = await units.create(SYSTEM_ACTOR, { kind: 'county_team', name: '宜阳县科技志愿者队（测试）', parentId: ids.a, divisionCode: '410327', foundedOn: null, platformId: null }, DEMO_TODAY);
		const [s] = await db.select().from(orgUnits).where(eq(orgUnits.id, sibling));
		await expect(units.update(SYSTEM_ACTOR, sibling, { name: county.name, divisionCode: '410327', foundedOn: null, platformId: null, version: s.version })).rejects.toThrow(/上级单位下已有/);
		// a 支队 keeps its county 队 in its city: it cannot be given another city while they sit under it
		const [a] = await db.select().from(orgUnits).where(eq(orgUnits.id, ids.a));
		await expect(units.update(SYSTEM_ACTOR, ids.a, { name: a.name, divisionCode: '410100', foundedOn: null, platformId: null, version: a.version })).rejects.toThrow('下级的“新安县科技志愿者队（测试）”、“宜阳县科技志愿者队（测试）”不在所选的市');
		// an officer's own unit (placeFixed) keeps its city whatever else is saved
		await expect(units.update(SYSTEM_ACTOR, ids.b, { name: '测试乙支队', divisionCode: '410100', foundedOn: null, platformId: null, version: (await db.select().from(orgUnits).where(eq(orgUnits.id, ids.b)))[0].version }, { placeFixed: true })).rejects.toThrow('本单位所在的市或县（市、区）不能由本单位修改');
		// a unit keeps its own name on a save
		await units.update(SYSTEM_ACTOR, sibling, { name: s.name, divisionCode: '410327', foundedOn: '2026-10-01', platformId: null, version: s.version });
		await units.remove(SYSTEM_ACTOR, sibling, DEMO_TODAY);
		const after = await db.select().from(orgUnits);
		expect(after.filter((u) => u.id !== sibling && u.id !== xinxiang)).toEqual(before.filter((u) => u.id !== xinxiang));
		await units.remove(SYSTEM_ACTOR, xinxiang, DEMO_TODAY);
	});

	it('refuses a county 队 under a 学会 支队 and a move under its own child', async () => {
		await expect(units.move(SYSTEM_ACTOR, ids.a, ids.county, DEMO_TODAY)).rejects.toBeInstanceOf(FieldError);
		const society = (await db.select().from(orgUnits).where(eq(orgUnits.kind, 'society_detachment')))[0].id;
		await expect(units.move(SYSTEM_ACTOR, ids.county, society, DEMO_TODAY)).rejects.toThrow(/不能设在学会支队之下/);
	});

	it('moving a county 队 between 支队 changes the figures from the move on, not before it', async () => {
		await units.move(SYSTEM_ACTOR, ids.county, ids.b, MOVE_DAY);
		expect((await figure(DEMO_TODAY, ids.a))?.members).toBe(0);
		expect((await figure(DEMO_TODAY, ids.b))?.members).toBe(4);
		expect((await figure(DEMO_TODAY, ids.county))?.parentId).toBe(ids.b);
		expect((await figure(BEFORE_MOVE, ids.a))?.members).toBe(4);
		expect((await figure(BEFORE_MOVE, ids.b))?.members).toBe(0);
		expect((await figure(BEFORE_MOVE, ids.county))?.parentId).toBe(ids.a);
		const history = await units.history(ids.county);
		expect(history.map((h) => [h.parentId, h.validFrom, h.validTo])).toEqual([
			[ids.b, MOVE_DAY, null],
			[ids.a, '2026-09-01', MOVE_DAY]
		]);
		// the corps counts the four once either way
		const corpsNow = (await figure(DEMO_TODAY, ids.corps))!.members;
		const corpsBefore = (await figure(BEFORE_MOVE, ids.corps))!.members;
		expect(corpsNow).toBe(corpsBefore);
	});
});

describe('cadence over the data', () => {
	it('names the missed quarter and the missing category, and turns green as activities are held', async () => {
		await addActivity('2026-02-10', { keyGroups: ['youth'] });
		await addActivity('2026-05-30', { keyDate: 'sci_workers_day' });
		await addActivity('2026-10-10', { field: 'health' });
		let c = (await figure(DEMO_TODAY, ids.county))!;
		expect(c.cadence.quarters.map((q) => q.status)).toEqual(['met', 'met', 'missed', 'met']);
		expect(c.cadence.reasons).toEqual(['2026年第三季度（07-01至09-30）未开展活动', '全年尚无助力企业创新活动']);
		expect(c.cadenceState.missed).toBe(true);
		// the 支队 above holds the same activities
		expect((await figure(DEMO_TODAY, ids.b))!.cadence.reasons).toEqual(c.cadence.reasons);

		await addActivity('2026-08-01', { setting: 'enterprise_park' });
		c = (await figure(DEMO_TODAY, ids.county))!;
		expect(c.cadence.quarters.map((q) => q.status)).toEqual(['met', 'met', 'met', 'met']);
		expect(c.cadence.reasons).toEqual([]);
		expect(c.cadenceState.status).toBe('complete');
	});

	it('as of an earlier day, it is judged as it stood that day: later activities not held, later obligations not yet due', async () => {
		// BEFORE_MOVE is 2026-10-15, when the county 队 (teams 一队 and 二队) sat under 甲: each quarter holds its activities up to that day
		await addActivity('2026-11-02');
		const then = (await figure(BEFORE_MOVE, ids.a))!;
		const rows = await db
			.selectDistinct({ id: activities.id, date: activities.date })
			.from(activityTeams)
			.innerJoin(activities, eq(activities.id, activityTeams.activityId))
			.where(inArray(activityTeams.teamId, [ids.t1, ids.t2]));
		const quarters = [['2026-01-01', '2026-03-31'], ['2026-04-01', '2026-06-30'], ['2026-07-01', '2026-09-30'], ['2026-10-01', '2026-12-31']];
		expect(then.cadence.quarters.map((q) => q.held)).toEqual(quarters.map(([from, to]) => rows.filter((r) => r.date >= from && r.date <= to && r.date <= BEFORE_MOVE).length));
		expect(rows.some((r) => r.date > BEFORE_MOVE && r.date <= '2026-12-31'), 'an activity held after that day, left out').toBe(true);
		// an obligation is judged on that day: due after it, it was not yet overdue
		const due = await deadlines.save(SYSTEM_ACTOR, null, { title: '十月底报送（测试）', dueDate: '2026-10-31', kinds: ['city_detachment'] });
		const later = (await figure(BEFORE_MOVE, ids.a))!.deadlines.find((d) => d.id === due)!;
		expect(later).toMatchObject({ state: 'pending', reason: '十月底报送（测试）应于 2026-10-31 前完成' });
		expect((await figure(DEMO_TODAY, ids.a))!.deadlines.find((d) => d.id === due)!.state).toBe('overdue');
		for (const d of then.deadlines) {
			if (d.doneOn) expect(d.doneOn <= BEFORE_MOVE).toBe(true);
			else if (d.dueDate >= BEFORE_MOVE) expect(d.state, d.title).not.toBe('overdue');
			else expect(d.state, d.title).toBe('overdue');
		}
	});

	it('a unit founded in the year answers only for the quarters and obligations since its founding', async () => {
		const [county] = await db.select().from(orgUnits).where(eq(orgUnits.id, ids.county));
		const judged = (await figure(DEMO_TODAY, ids.county))!;
		expect(judged.cadence.quarters).toHaveLength(4);
		await units.update(SYSTEM_ACTOR, ids.county, { name: county.name, divisionCode: county.divisionCode, foundedOn: '2026-10-10', platformId: county.platformId, version: county.version });
		const c = (await figure(DEMO_TODAY, ids.county))!;
		expect(c.cadence.quarters.map((q) => [q.startDate, q.endDate])).toEqual([['2026-10-10', '2026-12-31']]);
		expect(c.deadlines.every((d) => d.dueDate >= '2026-10-10')).toBe(true);
		expect(judged.deadlines.some((d) => d.dueDate < '2026-10-10'), 'the demo has obligations earlier in the year').toBe(true);
		const [now] = await db.select().from(orgUnits).where(eq(orgUnits.id, ids.county));
		await units.update(SYSTEM_ACTOR, ids.county, { name: county.name, divisionCode: county.divisionCode, foundedOn: null, platformId: county.platformId, version: now.version });
	});

	it('a removed unit leaves today\u2019s tree but stays in earlier figures', async () => {
		await units.detachTeam(SYSTEM_ACTOR, ids.county, ids.t1);
		await units.detachTeam(SYSTEM_ACTOR, ids.county, ids.t2);
		await units.remove(SYSTEM_ACTOR, ids.county, DEMO_TODAY);
		expect(await figure(DEMO_TODAY, ids.county)).toBeUndefined();
		expect(await figure(BEFORE_MOVE, ids.county)).toBeDefined();
		expect((await db.select().from(teams).where(and(eq(teams.id, ids.t1), eq(teams.unitId, ids.county)))).length).toBe(0);
	});
});

describe('a team restored from the pilot recycle bin', () => {
	it('comes back unattached when its unit was removed meanwhile, and attached when its unit is still there', async () => {
		const squad = await units.create(SYSTEM_ACTOR, { kind: 'squad', name: '回收站测试分队', parentId: ids.a, divisionCode: null, foundedOn: null, platformId: null }, DEMO_TODAY);
		const gone = await addTeam('回收站测试一队', ['钱一']);
		const kept = await addTeam('回收站测试二队', ['钱二']);
		await units.attachTeam(SYSTEM_ACTOR, squad, gone);
		await units.attachTeam(SYSTEM_ACTOR, ids.a, kept);
		for (const team of [gone, kept]) await teamsOfPilot.remove(SYSTEM_ACTOR, ids.pilot, team);
		await units.remove(SYSTEM_ACTOR, squad, DEMO_TODAY);
		const binOf = async (team: number) => (await db.select().from(binTable).where(and(eq(binTable.entityType, 'team'), eq(binTable.entityId, team))).orderBy(desc(binTable.id)))[0].id;
		for (const team of [gone, kept]) await recycleBin.restore(SYSTEM_ACTOR, ids.pilot, await binOf(team));
		expect((await db.select({ unitId: teams.unitId }).from(teams).where(eq(teams.id, gone)))[0].unitId).toBeNull();
		expect((await db.select({ unitId: teams.unitId }).from(teams).where(eq(teams.id, kept)))[0].unitId).toBe(ids.a);
	});
});
