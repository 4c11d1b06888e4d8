/**
 * The 月报's 队伍组建及注册情况 (issue 19, seed 002) counted on real rows: a county 队 and a team
 * founded in the month, roster imports through the importer (one person on both teams), and
 * the registration of one team's unit on the 科技志愿服务信息平台. Figures are compared as changes
 * against what the demo already held for the month, and as what the 月报 states.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { orgUnits, pilots, teams } from '$lib/server/db/schema';
import { SYSTEM_ACTOR, type Actor } from '$lib/server/audit';
import { now, todayIn } from '$lib/server/clock';
import * as stagedUploads from '$lib/server/staged-uploads';
import * as rosters from '$lib/server/pilots/rosters';
import * as units from '$lib/server/organisation/units';
import * as orgReport from '$lib/server/organisation/report';
import * as pilotOf from '$lib/server/pilots/pilot';
import { monthlyFigures } from '$lib/server/reports';
import { loadDemoDatabase } from '../support/demo-db';

const actor: Actor = { userId: null, username: 'tester', role: 'province_admin', ip: '127.0.0.1' };
const CODE = '410225';
let pilot = { id: 0, level: 'county', divisionCode: CODE };
/** the month the importer's clock puts the imports in */
const month = todayIn(new Date(now())).slice(0, 7);
const prevMonth = (() => {
	const [y, m] = month.split('-').map(Number);
	return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();

async function workbook(people: [string, string][]) {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('花名册');
	ws.addRow(['姓名', '性别', '单位', '职务/职称', '专业特长', '联系电话']);
	people.forEach(([name, phone]) => ws.addRow([name, '女', '兰考县农业农村局', '农艺师', '农技', phone]));
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function importTo(teamId: number, people: [string, string][]) {
	const bytes = await workbook(people);
	return rosters.importRoster(actor, pilot.id, teamId, await stagedUploads.stage(pilot.id, bytes));
}

async function newTeam(name: string, foundedOn: string) {
	const at = Date.now();
	const [t] = await db.insert(teams).values({ pilotId: pilot.id, name, foundedOn, declaredMembers: 0, rosterSize: 0, createdAt: at, updatedAt: at }).returning({ id: teams.id });
	return t.id;
}

let before = { unitsFormed: 0, teamsFormed: 0, membersAdded: 0, membersRegistered: 0 };
let beforePrev = before;

beforeAll(async () => {
	await loadDemoDatabase();
	const [p] = await db.select().from(pilots).where(eq(pilots.divisionCode, CODE));
	pilot = { id: p.id, level: p.level, divisionCode: p.divisionCode };
	before = await orgReport.monthOf(pilot, month);
	beforePrev = await orgReport.monthOf(pilot, prevMonth);
});

describe('队伍组建及注册情况', () => {
	it('counts a unit and a team founded in the month, and people added by imports once each', async () => {
		const [county] = await db.select().from(orgUnits).where(eq(orgUnits.divisionCode, CODE));
		const squad = await units.create(SYSTEM_ACTOR, { kind: 'squad', name: '兰考县科技志愿者分队（测试）', parentId: county.id, divisionCode: CODE, foundedOn: `${month}-01`, platformId: null }, `${month}-01`);
		const registered = await units.create(SYSTEM_ACTOR, { kind: 'squad', name: '兰考县农技科技志愿者分队（测试）', parentId: county.id, divisionCode: CODE, foundedOn: `${prevMonth}-28`, platformId: 'STVS-TEST-1' }, `${month}-01`);
		const teamA = await newTeam('测试农技服务队', `${month}-02`);
		const teamB = await newTeam('测试科普服务队', `${prevMonth}-02`);
		await units.attachTeam(SYSTEM_ACTOR, registered, teamA);
		await units.attachTeam(SYSTEM_ACTOR, squad, teamB);
		// 测试丙 is on both rosters; 测试丁 is added and then taken off by a second import
		await importTo(teamA, [['测试甲', '19900000101'], ['测试乙', '19900000102'], ['测试丙', '19900000103']]);
		await importTo(teamB, [['测试丙', '19900000103'], ['测试丁', '19900000104']]);
		await importTo(teamB, [['测试丙', '19900000103']]);

		const after = await orgReport.monthOf(pilot, month);
		expect(after.unitsFormed - before.unitsFormed).toBe(1);
		expect(after.teamsFormed - before.teamsFormed).toBe(1);
		expect(after.membersAdded - before.membersAdded).toBe(3);
		// 甲, 乙 and 丙 came onto teamA, whose unit is registered on the platform
		expect(after.membersRegistered - before.membersRegistered).toBe(3);
		// the other month keeps its own figures (the registered squad was founded then)
		const prev = await orgReport.monthOf(pilot, prevMonth);
		expect(prev.unitsFormed - beforePrev.unitsFormed).toBe(1);
		expect(prev.teamsFormed - beforePrev.teamsFormed).toBe(1);
		expect(prev.membersAdded).toBe(beforePrev.membersAdded);
	});

	it('a unit that is not registered makes its new people unregistered; registering it counts them', async () => {
		const start = await orgReport.monthOf(pilot, month);
		const [county] = await db.select().from(orgUnits).where(eq(orgUnits.divisionCode, CODE));
		const squad = await units.create(SYSTEM_ACTOR, { kind: 'squad', name: '兰考县卫健科技志愿者分队（测试）', parentId: county.id, divisionCode: CODE, foundedOn: null, platformId: null }, `${month}-01`);
		const team = await newTeam('测试卫健服务队', '2020-01-01');
		await units.attachTeam(SYSTEM_ACTOR, squad, team);
		await importTo(team, [['测试戊', '19900000105'], ['测试己', '19900000106']]);
		const mid = await orgReport.monthOf(pilot, month);
		expect([mid.membersAdded - start.membersAdded, mid.membersRegistered - start.membersRegistered, mid.unitsFormed - start.unitsFormed]).toEqual([2, 0, 0]);
		const row = (await units.get(squad))!;
		await units.update(SYSTEM_ACTOR, squad, { name: row.name, divisionCode: row.divisionCode, foundedOn: row.foundedOn, platformId: 'STVS-TEST-2', version: row.version });
		const end = await orgReport.monthOf(pilot, month);
		expect(end.membersRegistered - mid.membersRegistered).toBe(2);
	});

	it('the 月报 figures carry the section, as counted', async () => {
		const loaded = (await pilotOf.get(pilot.id, todayIn(new Date(now()))))!;
		const reportMonth = loaded.cycle && month <= loaded.cycle.endDate.slice(0, 7) ? month : prevMonth;
		const figures = await monthlyFigures(loaded, reportMonth, todayIn(new Date(now())));
		expect(figures.organisation).toEqual(await orgReport.monthOf(pilot, reportMonth));
		expect(figures.organisation!.membersAdded).toBeGreaterThanOrEqual(reportMonth === month ? 5 : 0);
	});
});
