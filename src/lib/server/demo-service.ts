/**
 * The demo's service records: two pilots (洛阳市 and 兰考县) get a full roster on their first team,
 * people recorded on their held activities with hours (so the people pages show hours and stars —
 * each team's 队长 passes 100 hours, one star), and 洛阳市 one issued 志愿服务记录证明. Invented
 * people only: phones in the unassigned 199 0000 block, ID numbers made up with a valid check
 * character and stored, like any roster's, as a keyed hash and the last four.
 *
 * Deterministic for a given day (its own PRNG, so the rest of the demo draws the same numbers),
 * and it changes no counted figure: the roster has exactly the team's declared members, and the
 * recorded people make the activities' 志愿者人次 what they were.
 */
import { createHmac } from 'node:crypto';
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Transaction } from './db';
import * as t from './db/schema';
import { prng } from '../random';
import { APP_SECRETS, appSecretIn } from './app-secret';
import { idCheckCharacter, idNumberLastFour, personKey, type RosterRow } from '../domain/roster';
import { defaultHoursEach, sumHours } from '../domain/service-hours';
import { certificateNumber, serviceContent } from '../domain/certificates';

export const DEMO_SERVICE_PILOTS = ['410300', '410225'] as const;
/** The 队长's hours at each activity: preparing and leading it, not only the hours on site. */
const LEADER_HOURS = 10;

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '建华 晓燕 丽萍 海涛 志刚 春燕 文静 俊峰 秀英 明辉 佳琪 子轩 思雨 雨欣 立军 红梅 国强 卫国 晨阳 一帆 静雯 浩宇 书涵 嘉怡 慧琳 振宇 玉梅 宏亮 雪莲 天翔 金凤 永刚'.split(' ');
const UNITS = ['县人民医院', '第一高级中学', '农业农村局', '科技局', '职业技术学院', '供电公司', '气象局', '妇幼保健院', '林业站', '农技推广中心'];
const TITLES = ['主治医师', '高级教师', '农艺师', '工程师', '讲师', '护士长', '畜牧师', '助理研究员'];

function seedOf(text: string): number {
	let h = 2166136261;
	for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
	return h >>> 0;
}

export async function loadDemoService(tx: Transaction, today: string): Promise<{ people: number; participations: number; certificates: number }> {
	const key = await appSecretIn(tx, APP_SECRETS.person.metaKey, APP_SECRETS.person.envName);
	const hashOf = (row: RosterRow) => createHmac('sha256', key).update(personKey(row)).digest('hex');
	let peopleCount = 0;
	let participations = 0;
	let issued = 0;
	for (const code of DEMO_SERVICE_PILOTS) {
		const [pilot] = await tx.select().from(t.pilots).where(eq(t.pilots.divisionCode, code));
		if (!pilot) continue;
		const rand = prng(seedOf(`${today}|service|${code}`));
		const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
		const [team] = await tx.select().from(t.teams).where(eq(t.teams.pilotId, pilot.id)).orderBy(asc(t.teams.id)).limit(1);
		if (!team) continue;
		const [{ n: existing }] = await tx.select({ n: sql<number>`count(*)` }).from(t.teamMembers).where(eq(t.teamMembers.teamId, team.id));
		if (Number(existing) === 0) {
			const place = pilot.name.replace(/科协$/, '');
			const used = new Set<string>();
			const rows: (typeof t.teamMembers.$inferInsert)[] = [];
			for (let i = 0; rows.length < team.declaredMembers; i++) {
				const name = SURNAMES[between(0, SURNAMES.length - 1)] + GIVEN[between(0, GIVEN.length - 1)];
				const phone = `1990000${String(between(0, 9999)).padStart(4, '0')}`;
				// about half give their ID number: an invented one, born 1965–2002, valid check character
				const first17 = `${code}${between(1965, 2002)}${String(between(1, 12)).padStart(2, '0')}${String(between(1, 28)).padStart(2, '0')}${String(between(10, 99))}${between(0, 9)}`;
				const idNumber = i % 2 === 0 ? first17 + idCheckCharacter(first17) : null;
				const row: RosterRow = { name, phone, idNumber, unit: `${place}${UNITS[between(0, UNITS.length - 1)]}` };
				const hash = hashOf(row);
				if (used.has(hash)) continue;
				used.add(hash);
				rows.push({
					teamId: team.id,
					name,
					gender: between(0, 1) ? '男' : '女',
					organization: row.unit,
					title: TITLES[between(0, TITLES.length - 1)],
					specialty: null,
					phone,
					personHash: hash,
					idLast4: idNumberLastFour(idNumber) || null,
					createdAt: team.createdAt
				});
			}
			// the 队长 first: the team's leader, who is at every activity (and gave an ID number)
			const leader = { ...rows.pop()!, name: team.leaderName ?? rows[0].name };
			const leaderFirst17 = `${code}197806${between(10, 28)}${between(100, 999)}`;
			const leaderId = leaderFirst17 + idCheckCharacter(leaderFirst17);
			leader.personHash = hashOf({ name: leader.name, phone: leader.phone, idNumber: leaderId, unit: leader.organization });
			leader.idLast4 = idNumberLastFour(leaderId);
			rows.unshift(leader);
			await tx.insert(t.teamMembers).values(rows);
			// the roster is exactly the declared members, so the team counts as it did
			await tx.update(t.teams).set({ rosterSize: rows.length }).where(eq(t.teams.id, team.id));
			peopleCount += rows.length;
		}
		const roster = await tx.select().from(t.teamMembers).where(eq(t.teamMembers.teamId, team.id)).orderBy(asc(t.teamMembers.id));
		const held = await tx
			.select()
			.from(t.activities)
			.where(and(eq(t.activities.pilotId, pilot.id), lte(t.activities.date, today)))
			.orderBy(asc(t.activities.date), asc(t.activities.id));
		for (const a of held) {
			const size = Math.min(a.volunteers, roster.length);
			if (size < 2) continue;
			const each = defaultHoursEach(a.serviceHours, a.volunteers);
			// the 队长 and a fresh draw of the others, without repeats
			const others = roster.slice(1).map((m) => ({ m, k: rand() })).sort((x, y) => x.k - y.k).slice(0, size - 1).map((x) => x.m);
			const rows = [roster[0], ...others].map((m, i) => ({
				activityId: a.id,
				personHash: m.personHash!,
				name: m.name,
				idLast4: m.idLast4,
				organization: m.organization,
				hours: i === 0 ? LEADER_HOURS : each,
				source: 'roster' as const,
				createdAt: a.createdAt
			}));
			await tx.insert(t.activityParticipants).values(rows);
			await tx.update(t.activities).set({ volunteers: rows.length, serviceHours: sumHours(rows.map((r) => r.hours)) }).where(eq(t.activities.id, a.id));
			participations += rows.length;
		}
		// 洛阳市 has issued its 队长 a certificate for the cycle so far
		if (code === '410300' && held.length) {
			const leader = roster[0];
			const records = held.map((a) => ({ date: a.date, title: a.title, hours: LEADER_HOURS }));
			const year = Number(today.slice(0, 4));
			const [{ last }] = await tx
				.insert(t.certificateSerials)
				.values({ year, last: 1 })
				.onConflictDoUpdate({ target: t.certificateSerials.year, set: { last: sql`${t.certificateSerials.last} + 1` } })
				.returning({ last: t.certificateSerials.last });
			await tx.insert(t.certificates).values({
				pilotId: pilot.id,
				number: certificateNumber(year, last),
				year,
				serial: last,
				personHash: leader.personHash!,
				name: leader.name,
				idLast4: leader.idLast4,
				periodStart: held[0].date,
				periodEnd: today,
				hours: sumHours(records.map((r) => r.hours)),
				activityCount: records.length,
				content: serviceContent(records.map((r) => r.title)),
				records,
				organisation: pilot.name,
				principal: pilot.contactName ?? '—',
				handler: `${SURNAMES[between(0, SURNAMES.length - 1)]}${GIVEN[between(0, GIVEN.length - 1)]}`,
				issuedOn: today,
				issuedBy: null,
				createdAt: team.createdAt
			});
			issued++;
		}
	}
	return { people: peopleCount, participations, certificates: issued };
}
