/**
 * Demo data for the volunteer organisation (issue 19): Henan's 总队, the 18 city 支队, two 学会 and
 * two 高校 支队, a county 队 for each county demo pilot with the pilot's teams attached (a city
 * pilot's teams sit under its city's 支队), rosters for those teams (some people on two rosters),
 * invented officers (phones in the unassigned 199 0000 block) and this year's obligations from the
 * seeds, some done. Deterministic for a given day; a generator of its own, so the pilots' figures
 * stay exactly as `demo.ts` makes them.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { APP_SECRETS, appSecretIn } from './app-secret';
import { personHashWith } from './pilots/rosters';
import type { Transaction } from './db';
import * as t from './db/schema';
import { HENAN_DIVISIONS, divisionByCode } from '../data/henan-divisions';
import { addDays } from '../domain/dates';
import { prng } from '../random';
import { defaultDeadlines } from './organisation/deadlines';
import type { OrgKind } from '../domain/organisation';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '建华 晓峰 丽萍 海涛 志刚 春燕 文杰 俊峰 秀英 明辉 佳琪 子轩 思琪 雨萱 立军 红梅 国栋 卫华 晨阳 一帆 静雯 浩宇 书琴 嘉欣 慧琳 振宇 玉梅 宏亮 雪丽 天翔'.split(' ');

export async function loadDemoOrganisation(tx: Transaction, today: string, stamp: number, demoCodes: readonly string[]) {
	const rand = prng(Array.from(`org|${today}`).reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7));
	const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
	const person = () => pick([...SURNAMES]) + pick(GIVEN);
	const phone = () => `1990000${String(Math.floor(rand() * 10000)).padStart(4, '0')}`;
	const founded = addDays(today, -700);
	const personKeyKey = await appSecretIn(tx, APP_SECRETS.person.metaKey, APP_SECRETS.person.envName);
	const stampRow = { createdAt: stamp, updatedAt: stamp };

	const unit = async (kind: OrgKind, name: string, parentId: number | null, divisionCode: string | null, from = founded, platform = true) => {
		const [row] = await tx
			.insert(t.orgUnits)
			.values({ kind, name, divisionCode, foundedOn: from, platformId: platform ? `HNKJZY${String(Math.floor(rand() * 1e6)).padStart(6, '0')}` : null, ...stampRow })
			.returning({ id: t.orgUnits.id });
		await tx.insert(t.orgUnitParents).values({ unitId: row.id, parentId, validFrom: from, validTo: null });
		return row.id;
	};
	const officers = async (unitId: number, deputies: number, secretary: boolean) => {
		const rows: (typeof t.orgOfficers.$inferInsert)[] = [{ unitId, role: 'head', name: person(), workUnit: '科协主席', phone: phone(), ...stampRow }];
		for (let i = 0; i < deputies; i++) rows.push({ unitId, role: 'deputy', name: person(), workUnit: pick(['学会专家', '高校教授', '医院副院长', '农技推广站站长']), phone: phone(), ...stampRow });
		if (secretary) rows.push({ unitId, role: 'secretary_general', name: person(), workUnit: '科协科普部部长', phone: phone(), ...stampRow });
		await tx.insert(t.orgOfficers).values(rows);
	};

	const corps = await unit('corps', '河南省科技志愿服务总队', null, null);
	await officers(corps, 3, true);
	const cityUnit = new Map<string, number>();
	for (const d of HENAN_DIVISIONS.filter((x) => x.level === 'city')) {
		const id = await unit('city_detachment', `${d.name}科技志愿者支队`, corps, d.code, founded, rand() < 0.8);
		cityUnit.set(d.code, id);
		await officers(id, 3, true);
	}
	for (const name of ['河南省农学会', '河南省医学会']) await officers(await unit('society_detachment', `${name}科技志愿者支队`, corps, null), 2, true);
	for (const name of ['郑州大学', '河南农业大学']) await officers(await unit('university_detachment', `${name}科技志愿者支队`, corps, null), 2, true);

	// each demo pilot's teams: under its county 队, or its city's 支队 for a city pilot
	const demoPilots = await tx.select({ id: t.pilots.id, code: t.pilots.divisionCode }).from(t.pilots).where(inArray(t.pilots.divisionCode, [...demoCodes]));
	for (const p of demoPilots) {
		const d = divisionByCode(p.code)!;
		let unitId: number;
		if (d.level === 'city') unitId = cityUnit.get(d.code)!;
		else {
			unitId = await unit('county_team', `${d.name}科技志愿者队`, cityUnit.get(d.parentCode!)!, d.code, addDays(today, -300), rand() < 0.7);
			await officers(unitId, 2, false);
		}
		const teams = await tx.select({ id: t.teams.id, members: t.teams.declaredMembers }).from(t.teams).where(eq(t.teams.pilotId, p.id));
		// a pool a little smaller than the rosters together, so some people serve on two teams
		const total = teams.reduce((n, x) => n + x.members, 0);
		const pool = Math.max(...teams.map((x) => x.members), Math.floor(total * 0.9), 1);
		const people = Array.from({ length: pool }, (_, i) => ({ name: person(), phone: phone(), hash: '' }));
		for (const who of people) who.hash = personHashWith(personKeyKey, { name: who.name, phone: who.phone });
		let offset = 0;
		for (const team of teams) {
			// a team the roster or service demos already gave people keeps them: it only joins the unit
			const [{ n: existing }] = await tx.select({ n: sql<number>`count(*)` }).from(t.teamMembers).where(eq(t.teamMembers.teamId, team.id));
			if (Number(existing) > 0) {
				await tx.update(t.teams).set({ unitId }).where(eq(t.teams.id, team.id));
				offset += team.members;
				continue;
			}
			await tx.update(t.teams).set({ unitId, rosterSize: team.members }).where(eq(t.teams.id, team.id));
			const rows = Array.from({ length: team.members }, (_, k) => {
				const who = people[(offset + k) % pool];
				return { teamId: team.id, name: who.name, phone: who.phone, organization: `${d.name}科协`, personHash: who.hash, createdAt: stamp };
			});
			for (let i = 0; i < rows.length; i += 200) await tx.insert(t.teamMembers).values(rows.slice(i, i + 200));
			offset += team.members;
		}
	}

	// this year's obligations from the seeds; a share of the units have filed them
	const year = Number(today.slice(0, 4));
	const units = await tx.select({ id: t.orgUnits.id, kind: t.orgUnits.kind }).from(t.orgUnits);
	for (const d of defaultDeadlines(year)) {
		const [row] = await tx.insert(t.orgDeadlines).values({ ...d, ...stampRow }).returning({ id: t.orgDeadlines.id });
		if (d.dueDate > today) continue;
		const done = units.filter((u) => d.kinds.includes(u.kind) && rand() < 0.7);
		if (done.length) await tx.insert(t.orgDeadlineDone).values(done.map((u) => ({ deadlineId: row.id, unitId: u.id, doneOn: addDays(d.dueDate, -Math.floor(rand() * 10)), note: '已按要求完成并报送。', createdAt: stamp })));
	}
}
