/**
 * The nominations part of the demo: rosters for the demo teams (invented people), projects' start
 * dates and stations' residents, one call in progress with frozen quotas and a few nominations of
 * 洛阳市科协, and the accounts `unit-410300` (推荐单位) and `expert-410700` (评审专家, from 新乡).
 * Deterministic for a given day: everything derives from ids and indexes, nothing is random.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { Transaction } from '../db';
import * as t from '../db/schema';
import { addDays } from '../../domain/dates';
import { evaluateEligibility, type NominationCategory } from '../../domain/nominations';
import { ensureUnits, defaults } from './calls';
import { PHOTOS_NEEDED } from './entries';
import { storeBytes } from '../files';
import { DEMO_PHOTO } from '../demo-photo';
import { compute } from './quotas';
import { projectFiguresAsOf, teamFiguresAsOf, volunteerFiguresAsOf } from './figures';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董';
const GIVEN = '建华 晓燕 志刚 丽萍 文涛 春生 雅琴 俊峰 秀芝 明辉 佳琪 子轩 思雨 立军 红梅 国栋 晨阳 一帆 静雯 浩宇'.split(' ');

export const DEMO_CALL_NAME = '2026年度“i科普”科技志愿服务典型事迹征集';

/** Rosters, start dates, residents and the call. Runs inside the demo's load transaction. */
export async function loadNominationsDemo(tx: Transaction, today: string) {
	const stamp = Date.parse(`${addDays(today, -400)}T09:00:00+08:00`);
	await ensureUnits(tx);

	// rosters: each team gets up to 30 of its declared members, invented, hashed like an import (the
	// declared count stays what the team counts by: the demo pilots keep their scenarios)
	// a team the roster, service or organisation demos already gave people keeps them
	const teams = await tx
		.select({ id: t.teams.id, members: t.teams.declaredMembers })
		.from(t.teams)
		.where(sql`not exists (select 1 from team_members m where m.team_id = ${t.teams.id})`)
		.orderBy(asc(t.teams.id));
	const members: (typeof t.teamMembers.$inferInsert)[] = [];
	for (const team of teams) {
		const n = Math.min(30, team.members);
		for (let i = 0; i < n; i++) {
			// a few people serve in two teams of a pilot: the same hash in both rosters
			const who = i < 2 && team.id > 1 ? `${team.id - 1}:${i}` : `${team.id}:${i}`;
			const k = Number(who.split(':')[0]) * 7 + Number(who.split(':')[1]) * 3;
			members.push({
				teamId: team.id,
				name: SURNAMES[k % SURNAMES.length] + GIVEN[(k >> 1) % GIVEN.length],
				gender: k % 2 ? '男' : '女',
				organization: null,
				phone: `1990000${String((k * 37) % 10000).padStart(4, '0')}`,
				personHash: createHash('sha256').update(`demo-person:${who}`).digest('hex'),
				idLast4: String(1000 + (k % 9000)).slice(-4),
				createdAt: stamp
			});
		}
	}
	for (let i = 0; i < members.length; i += 500) await tx.insert(t.teamMembers).values(members.slice(i, i + 500));

	// projects: alternately started 18 months and 5 months ago; stations: residents
	await tx.run(sql`update projects set start_date = case when id % 2 = 0 then ${addDays(today, -540)} else ${addDays(today, -150)} end`);
	await tx.run(sql`update stations set residents = 300 + (id * 137) % 2000`);

	const year = Number(today.slice(0, 4));
	const d = defaults(year);
	const cutoff = addDays(today, -7);
	const [call] = await tx
		.insert(t.nominationCalls)
		.values({
			name: DEMO_CALL_NAME,
			year,
			categories: d.categories,
			cutoffDate: cutoff,
			deadline: addDays(today, 14),
			rules: d.rules,
			quotaMinimum: d.quotaMinimum,
			criteria: d.criteria,
			createdAt: stamp,
			updatedAt: stamp
		})
		.returning();
	const units = await tx.select().from(t.nominationUnits).orderBy(asc(t.nominationUnits.id));
	await tx.insert(t.nominationCallUnits).values(
		units.map((u) => ({ callId: call.id, unitId: u.id, categories: u.code === 'S01' ? ['volunteer', 'team'] : null }))
	);
	const quotas = await compute(tx, call);
	// 洛阳 (the demo unit) keeps at least 2 places per category: an administrator's recorded adjustment
	const adjusted = (q: (typeof quotas)[number]) => q.unitCode === '410300' && q.computed < 2;
	await tx.insert(t.nominationQuotas).values(
		quotas.map((q) => ({
			callId: call.id,
			unitId: q.unitId,
			category: q.category,
			volunteers: q.volunteers,
			teams: q.teams,
			basis: q.basis,
			computed: q.computed,
			quota: adjusted(q) ? 2 : q.quota,
			adjustReason: adjusted(q) ? '试点数据尚在补录，按 2 个安排' : null,
			adjustedAt: adjusted(q) ? stamp : null,
			frozenAt: stamp
		}))
	);

	// 洛阳市科协's nominations: its most active volunteer and team (submitted), a project in draft
	const luoyang = units.find((u) => u.code === '410300')!;
	const scope = { divisionCode: '410300' };
	const rules = { ...d.rules, cutoffDate: cutoff };
	const volunteer = (await volunteerFiguresAsOf(tx, scope, cutoff)).sort((a, b) => b.activities - a.activities || a.personHash.localeCompare(b.personHash))[0];
	const team = (await teamFiguresAsOf(tx, scope, cutoff)).sort((a, b) => b.activities - a.activities || a.id - b.id)[0];
	const project = (await projectFiguresAsOf(tx, scope, cutoff)).sort((a, b) => b.activities - a.activities || a.id - b.id)[0];
	const photo = await storeBytes(DEMO_PHOTO);
	const add = async (category: NominationCategory, key: string, name: string, figures: Record<string, unknown>, data: Record<string, unknown>, status: 'draft' | 'submitted', deeds: string | null) => {
		const result = evaluateEligibility(category, { registered: false, ...data, cleanRecord: true, selectedBefore: false }, rules);
		const [row] = await tx.insert(t.nominations).values({
			callId: call.id,
			unitId: luoyang.id,
			category,
			candidateKey: key,
			candidateName: name,
			divisionCode: '410300',
			figures: { ...figures, data },
			eligible: result.eligible,
			reasons: result.reasons,
			exceptionReason: result.eligible ? null : '该对象在疫情防控和乡村振兴中表现特别突出，申请破格推荐。',
			details: { gender: null, birthMonth: null, politics: null, address: '洛阳市洛龙区开元大道', contact: '19900001234', activitiesText: null, noBadRecord: 'on', outstanding: null },
			deeds,
			status,
			createdAt: stamp,
			updatedAt: stamp
		}).returning({ id: t.nominations.id });
		// a nomination sent to the province has the photos 报送 asks for
		if (status === 'submitted') {
			for (let i = 1; i <= PHOTOS_NEEDED[category]; i++) {
				await tx.insert(t.nominationFiles).values({ nominationId: row.id, purpose: 'photo', sha256: photo, mime: 'image/png', size: DEMO_PHOTO.length, originalName: `${name}照片${i}.png`, createdAt: stamp });
			}
		}
	};
	const deeds = '长期扎根基层开展科技志愿服务，组织科普讲座、农技培训和健康义诊，累计服务群众数千人次，深受群众好评。';
	if (volunteer) {
		await add('volunteer', `person:${volunteer.personHash}`, volunteer.name, { name: volunteer.name, gender: volunteer.gender, phone: volunteer.phone, organization: volunteer.organization, teams: volunteer.teamNames, projects: volunteer.projects, since: volunteer.since, hours: volunteer.hours, activities: volunteer.activities }, { registered: volunteer.registered }, 'submitted', deeds);
	}
	if (team) {
		await add('team', `team:${team.id}`, team.name, { name: team.name, foundedOn: team.foundedOn, members: team.members, hours: team.hours, perCapitaHours: team.perCapitaHours, leaderName: team.leaderName, leaderPhone: team.leaderPhone, usualActivities: team.usualActivities, activities: team.activities }, { registered: team.registered, registeredVolunteers: team.members }, 'submitted', deeds);
	}
	if (project) {
		await add('project', `project:${project.id}`, project.name, { name: project.name, startDate: project.startDate, volunteers: project.volunteers, activities: project.activities, hours: project.hours, teams: project.teamNames }, { registered: project.registered, registeredVolunteers: project.volunteers, startDate: project.startDate }, 'draft', null);
	}
	return { callId: call.id, unitId: luoyang.id };
}

/** The demo's 推荐单位 and 评审专家 accounts; the expert is assigned 洛阳's submitted nominations. */
export async function createNominationDemoAccounts(tx: Transaction, base: { passwordHash: string; createdAt: number; updatedAt: number }) {
	const [unit] = await tx.select().from(t.nominationUnits).where(eq(t.nominationUnits.code, '410300'));
	if (!unit) return 0;
	const [u] = await tx.insert(t.users).values({ ...base, username: 'unit-410300', displayName: '洛阳市科协推荐单位（演示）', role: 'nominating_unit' }).returning({ id: t.users.id });
	await tx.insert(t.nominationAccounts).values({ userId: u.id, unitId: unit.id, divisionCode: '410300' });
	const [e] = await tx.insert(t.users).values({ ...base, username: 'expert-410700', displayName: '评审专家（新乡，演示）', role: 'reviewer' }).returning({ id: t.users.id });
	await tx.insert(t.nominationAccounts).values({ userId: e.id, unitId: null, divisionCode: '410700' });
	const submitted = await tx.select({ id: t.nominations.id }).from(t.nominations).where(and(eq(t.nominations.unitId, unit.id), eq(t.nominations.status, 'submitted')));
	if (submitted.length) await tx.insert(t.nominationReviews).values(submitted.map((n) => ({ nominationId: n.id, userId: e.id, createdAt: base.createdAt })));
	return 2;
}

/** Usernames of the nominations demo accounts, for the login page's list. */
export const NOMINATION_DEMO_USERNAMES = [like(t.users.username, 'unit-%'), like(t.users.username, 'expert-%')];
