/**
 * People's service (issue 18, "Hours, stars and certificates"): a 签到表 with title rows, the
 * offices' own headers and a person listed twice; picking from rosters; 志愿者人次 following the
 * list; hours and stars per person; the certificate register under concurrent issuing; the PDF
 * read back with pdftotext.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { and, asc, count, eq, lte } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { activities, activityParticipants, auditLog, certificates, certificateSerials, pilots, teamMembers, teams } from '$lib/server/db/schema';
import type { Actor } from '$lib/server/audit';
import * as stagedUploads from '$lib/server/staged-uploads';
import { personHash } from '$lib/server/pilots/rosters';
import * as participants from '$lib/server/participants';
import * as people from '$lib/server/people';
import * as certs from '$lib/server/certificates';
import { deleteItem } from '$lib/server/pilots/items';
import { restore } from '$lib/server/recycle-bin';
import { recycleBin } from '$lib/server/db/schema';
import { idCheckCharacter, starLevel } from '$lib/domain/roster';
import { sumHours } from '$lib/domain/service-hours';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';

const actor: Actor = { userId: null, username: 'tester', role: 'pilot_editor', ip: '127.0.0.1' };
const NEW_ID = (() => {
	const first17 = '41022519900101123';
	return first17 + idCheckCharacter(first17);
})();

let pilotId = 0;
let otherPilotId = 0;
let roster: (typeof teamMembers.$inferSelect)[] = [];

async function newActivity(title: string, date = '2026-10-20', volunteers = 10, serviceHours = 30) {
	const [row] = await db
		.insert(activities)
		.values({ pilotId, title, date, kind: 'science_lecture', field: 'science_education', volunteers, serviceHours, createdAt: 1, updatedAt: 1 })
		.returning({ id: activities.id });
	return row.id;
}

const activityRow = async (id: number) => (await db.select().from(activities).where(eq(activities.id, id)))[0];
const recordedOf = (id: number) => db.select().from(activityParticipants).where(eq(activityParticipants.activityId, id)).orderBy(asc(activityParticipants.id));

/** A sign-in sheet as offices make it: a title and 填报 line above the header, their own column names. */
async function signInSheet(rows: (string | number | null)[][], header = ['序号', '姓名', '手机', '身份证号码', '时长']) {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('签到表');
	ws.addRow(['兰考县科技志愿服务活动签到表']);
	ws.mergeCells('A1:E1');
	ws.addRow(['活动名称：科普进乡村', null, null, '日期：2026年10月20日']);
	ws.addRow(header);
	rows.forEach((r, i) => ws.addRow([i + 1, ...r]));
	ws.addRow(['合计']);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
	await loadDemoDatabase();
	pilotId = (await db.select().from(pilots).where(eq(pilots.divisionCode, '410225')))[0].id;
	otherPilotId = (await db.select().from(pilots).where(eq(pilots.divisionCode, '410300')))[0].id;
	const [team] = await db.select().from(teams).where(eq(teams.pilotId, pilotId)).orderBy(asc(teams.id)).limit(1);
	roster = await db.select().from(teamMembers).where(eq(teamMembers.teamId, team.id)).orderBy(asc(teamMembers.id));
	expect(roster.length).toBeGreaterThan(5);
});

describe('签到表 import', () => {
	it('reads below title rows, matches roster people by name and mobile, adds others with their own hash, and reports duplicates and bad rows by row', async () => {
		const activityId = await newActivity('签到表导入测试');
		const a = roster[3];
		const b = roster[4];
		const bytes = await signInSheet([
			[a.name, a.phone, null, null], // row 4: on the roster (name + mobile), default hours
			['新来的', '19900009999', NEW_ID, '2.5'], // row 5: on no roster
			[b.name, `${b.phone!.slice(0, 3)} ${b.phone!.slice(3, 7)} ${b.phone!.slice(7)}`, null, 4], // row 6: phone typed with spaces
			[a.name, a.phone, null, 3], // row 7: the same person as row 4
			['时长有误', '19900008888', null, '3小时'], // row 8
			['证件有误', null, '410225199001011230', null] // row 9
		]);
		const before = (await db.select({ n: count() }).from(activityParticipants))[0].n;
		const check = await participants.checkSheet(pilotId, activityId, bytes, 3);
		expect(check.total).toBe(6);
		expect(check.problems).toEqual([
			{ row: 7, column: '姓名', reason: '第 7 行与第 4 行为同一人' },
			{ row: 8, column: '服务时长', reason: expect.stringContaining('时长须为') },
			{ row: 9, column: '身份证号码', reason: expect.stringContaining('身份证号码无效') }
		]);
		expect(check.valid.map((v) => [v.row, v.value.name, v.value.hours, v.value.team !== null])).toEqual([
			[4, a.name, 3, true],
			[5, '新来的', 2.5, false],
			[6, b.name, 4, true]
		]);
		expect(check.valid[0].value.hash).toBe(a.personHash);
		expect(check.valid[2].value.hash).toBe(b.personHash);
		expect(check.valid[1].value.hash).toBe(await personHash({ name: '新来的', phone: '19900009999', idNumber: NEW_ID }));
		expect(check.valid[1].value.idLast4).toBe(NEW_ID.slice(-4));
		// checking writes nothing
		expect((await db.select({ n: count() }).from(activityParticipants))[0].n).toBe(before);

		const done = await participants.importSheet(actor, pilotId, activityId, await stagedUploads.stage(pilotId, bytes), 3, DEMO_TODAY);
		expect(done).toEqual({ added: 3, updated: 0, skipped: 3, duplicates: 1 });
		const recorded = await recordedOf(activityId);
		expect(recorded.map((r) => [r.name, r.hours, r.source])).toEqual([
			[a.name, 3, 'roster'],
			['新来的', 2.5, 'sheet'],
			[b.name, 4, 'roster']
		]);
		expect(recorded.every((r) => !JSON.stringify(r).includes(NEW_ID))).toBe(true);
		// 志愿者人次 and 服务时长 follow the list
		expect(await activityRow(activityId)).toMatchObject({ volunteers: 3, serviceHours: 9.5 });
		const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'activity.import_participants'), eq(auditLog.entityId, String(activityId))));
		expect(entry.after).toMatchObject({ participants: 3, volunteers: 3, duplicateRows: [7], skippedRows: [8, 9] });
	});

	it('a sheet read again updates the hours of people already recorded instead of adding them twice', async () => {
		const activityId = await newActivity('签到表重复导入');
		const a = roster[5];
		const first = await signInSheet([[a.name, a.phone, null, 2]]);
		await participants.importSheet(actor, pilotId, activityId, await stagedUploads.stage(pilotId, first), 3, DEMO_TODAY);
		const again = await signInSheet([[a.name, a.phone, null, 5]]);
		expect(await participants.importSheet(actor, pilotId, activityId, await stagedUploads.stage(pilotId, again), 3, DEMO_TODAY)).toMatchObject({ added: 0, updated: 1 });
		expect((await recordedOf(activityId)).map((r) => r.hours)).toEqual([5]);
		expect(await activityRow(activityId)).toMatchObject({ volunteers: 1, serviceHours: 5 });
	});

	it('refuses a sheet without a 姓名 column, naming it', async () => {
		const bytes = await signInSheet([['x', '19900000001']], ['序号', '人员', '电话']);
		await expect(participants.checkSheet(pilotId, await newActivity('无姓名列'), bytes, 3)).rejects.toThrow(/表头缺少：姓名/);
	});
});

describe('picking from rosters', () => {
	it('replaces the list with the picks and their hours, and the activity figures follow', async () => {
		const activityId = await newActivity('花名册勾选', '2026-10-21', 7, 21);
		const picks = roster.slice(0, 4).map((m, i) => ({ hash: m.personHash!, hours: i === 0 ? 6 : 2.5 }));
		expect(await participants.save(actor, pilotId, activityId, picks, DEMO_TODAY)).toEqual({ count: 4, hours: 13.5 });
		expect(await activityRow(activityId)).toMatchObject({ volunteers: 4, serviceHours: 13.5, version: 2 });
		expect(await participants.removedBy(activityId, picks.slice(0, 2).map((p) => p.hash))).toHaveLength(2);
		await participants.save(actor, pilotId, activityId, picks.slice(0, 2), DEMO_TODAY);
		expect((await recordedOf(activityId)).map((r) => r.personHash)).toEqual(picks.slice(0, 2).map((p) => p.hash));
		expect(await activityRow(activityId)).toMatchObject({ volunteers: 2, serviceHours: 8.5 });
	});

	it('refuses someone on no roster of the pilot and changes nothing', async () => {
		const activityId = await newActivity('他人名单', '2026-10-22');
		const [otherTeam] = await db.select().from(teams).where(eq(teams.pilotId, otherPilotId)).orderBy(asc(teams.id)).limit(1);
		const [stranger] = await db.select().from(teamMembers).where(eq(teamMembers.teamId, otherTeam.id)).limit(1);
		await expect(participants.save(actor, pilotId, activityId, [{ hash: stranger.personHash!, hours: 2 }], DEMO_TODAY)).rejects.toThrow(/不在本试点的花名册/);
		expect(await recordedOf(activityId)).toEqual([]);
		expect(await activityRow(activityId)).toMatchObject({ volunteers: 10, serviceHours: 30, version: 1 });
	});

	it('records nobody on an activity not yet held: its hours would count before the service happened', async () => {
		const activityId = await newActivity('计划中的活动', '2026-12-26');
		expect('2026-12-26' > DEMO_TODAY).toBe(true);
		await expect(participants.save(actor, pilotId, activityId, [{ hash: roster[0].personHash!, hours: 3 }], DEMO_TODAY)).rejects.toThrow('活动定于 2026-12-26 开展，尚未开展，开展后再记录参与人员');
		const sheet = await signInSheet([[roster[0].name, roster[0].phone, null, 2]]);
		await expect(participants.importSheet(actor, pilotId, activityId, await stagedUploads.stage(pilotId, sheet), 3, DEMO_TODAY)).rejects.toThrow('尚未开展');
		expect(await recordedOf(activityId)).toEqual([]);
		// on its day it may be recorded
		expect(await participants.save(actor, pilotId, activityId, [{ hash: roster[0].personHash!, hours: 3 }], '2026-12-26')).toEqual({ count: 1, hours: 3 });
	});

	it('an activity deleted into the recycle bin takes its participants along, and a restore brings them back', async () => {
		const activityId = await newActivity('回收站', '2026-10-23');
		await participants.save(actor, pilotId, activityId, [{ hash: roster[1].personHash!, hours: 3 }], DEMO_TODAY);
		await deleteItem(actor, { table: activities, entityType: 'activity' }, pilotId, activityId);
		expect(await recordedOf(activityId)).toEqual([]);
		const [entry] = await db.select().from(recycleBin).where(and(eq(recycleBin.entityType, 'activity'), eq(recycleBin.entityId, activityId)));
		await restore(actor, pilotId, entry.id);
		expect((await recordedOf(activityId)).map((r) => [r.personHash, r.hours])).toEqual([[roster[1].personHash, 3]]);
	});
});

describe('hours and stars per person', () => {
	it('sums a person’s hours over the pilot’s activities and gives the star level', async () => {
		const leader = roster[0];
		const person = await people.get(pilotId, leader.personHash!, DEMO_TODAY);
		expect(person).not.toBeNull();
		const rows = await db
			.select({ hours: activityParticipants.hours })
			.from(activityParticipants)
			.innerJoin(activities, eq(activities.id, activityParticipants.activityId))
			// held by today: an activity still to come counts once it is held
			.where(and(eq(activities.pilotId, pilotId), eq(activityParticipants.personHash, leader.personHash!), lte(activities.date, DEMO_TODAY)));
		expect(person!.hours).toBe(sumHours(rows.map((r) => r.hours)));
		expect(person!.activities).toBe(rows.length);
		expect(person!.hours).toBeGreaterThanOrEqual(100);
		expect(person!.stars).toBe(starLevel(person!.hours));
		// the demo lists the first people of a pilot's first roster on its short 分队 too
		const teamRows = await db
			.selectDistinct({ teamId: teamMembers.teamId })
			.from(teamMembers)
			.innerJoin(teams, eq(teams.id, teamMembers.teamId))
			.where(and(eq(teams.pilotId, pilotId), eq(teamMembers.personHash, leader.personHash!)));
		expect(person!.teams.length).toBe(teamRows.length);
		expect(person!.teams.length).toBeGreaterThan(0);
	});

	it('lists each person once, most hours first, searched by name, paged', async () => {
		const all = await people.list(pilotId, DEMO_TODAY);
		expect(new Set(all.people.map((p) => p.hash)).size).toBe(all.people.length);
		for (let i = 1; i < all.people.length; i++) expect(all.people[i - 1].hours).toBeGreaterThanOrEqual(all.people[i].hours);
		expect(all.people[0].hash).toBe(roster[0].personHash);
		const found = await people.list(pilotId, DEMO_TODAY, { q: '新来的' });
		expect(found.people.map((p) => p.name)).toEqual(['新来的']);
		expect(found.people[0].teams).toEqual([]);
		const far = await people.list(pilotId, DEMO_TODAY, { page: 9999 });
		expect(far.page).toBe(far.pages);
	});

	it('is a stranger to another pilot', async () => {
		expect(await people.get(otherPilotId, roster[0].personHash!, DEMO_TODAY)).toBeNull();
	});
});

describe('志愿服务记录证明', () => {
	const input = { periodStart: '2025-01-01', periodEnd: DEMO_TODAY, organisation: '兰考县科学技术协会', principal: '测试负责人', handler: '测试经办人' };

	it('numbers certificates issued at the same time without sharing or skipping a number', async () => {
		const year = Number(DEMO_TODAY.slice(0, 4));
		const [counter] = await db.select().from(certificateSerials).where(eq(certificateSerials.year, year));
		const start = counter?.last ?? 0;
		const ids = await Promise.all(roster.slice(0, 12).map(() => certs.issue(actor, pilotId, roster[0].personHash!, input, DEMO_TODAY)));
		const issued = await Promise.all(ids.map((id) => certs.get(pilotId, id)));
		const serials = issued.map((c) => c.serial).sort((x, y) => x - y);
		expect(serials).toEqual(Array.from({ length: 12 }, (_, i) => start + 1 + i));
		expect(new Set(issued.map((c) => c.number)).size).toBe(12);
		expect(issued.every((c) => c.number === `豫科志证〔${year}〕第${String(c.serial).padStart(4, '0')}号`)).toBe(true);
	});

	it('freezes what it states: a later change to the hours leaves it as issued', async () => {
		const id = await certs.issue(actor, pilotId, roster[0].personHash!, input, DEMO_TODAY);
		const issued = await certs.get(pilotId, id);
		const person = (await people.get(pilotId, roster[0].personHash!, DEMO_TODAY))!;
		expect(issued).toMatchObject({ name: person.name, idLast4: person.idLast4, hours: person.hours, activityCount: person.activities, organisation: input.organisation, principal: '测试负责人', handler: '测试经办人', issuedOn: DEMO_TODAY });
		const [one] = await db.select().from(activityParticipants).where(eq(activityParticipants.personHash, roster[0].personHash!)).limit(1);
		await db.update(activityParticipants).set({ hours: one.hours + 50 }).where(eq(activityParticipants.id, one.id));
		expect((await certs.get(pilotId, id)).hours).toBe(issued.hours);
		expect((await people.get(pilotId, roster[0].personHash!, DEMO_TODAY))!.hours).toBe(sumHours([person.hours, 50]));
	});

	it('refuses a period without service and gives out no number for it', async () => {
		const year = Number(DEMO_TODAY.slice(0, 4));
		const before = (await db.select().from(certificateSerials).where(eq(certificateSerials.year, year)))[0].last;
		await expect(certs.issue(actor, pilotId, roster[0].personHash!, { ...input, periodStart: '2020-01-01', periodEnd: '2020-12-31' }, DEMO_TODAY)).rejects.toThrow(/没有服务记录/);
		expect((await db.select().from(certificateSerials).where(eq(certificateSerials.year, year)))[0].last).toBe(before);
	});

	it('is found by its number however it is typed, and not by a number never issued', async () => {
		const [c] = await db.select().from(certificates).where(eq(certificates.pilotId, pilotId)).limit(1);
		for (const typed of [c.number, ` ${c.number.replace('〔', '[').replace('〕', ']')} `, `${c.year}第${c.serial}号`]) {
			expect((await certs.findByNumber(typed))?.certificate.id).toBe(c.id);
		}
		expect(await certs.findByNumber(`豫科志证〔${c.year}〕第9999号`)).toBeNull();
		expect(await certs.findByNumber('不是编号')).toBeNull();
	});

	it('renders a PDF that reads back with the name, masked ID, hours and number', async () => {
		const [c] = await db.select().from(certificates).where(eq(certificates.pilotId, pilotId)).limit(1);
		const bytes = await certs.pdf(c);
		expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
		// one subset face: tens of kilobytes, not the font's megabytes
		expect(bytes.length).toBeLessThan(200_000);
		const dir = mkdtempSync(join(tmpdir(), 'cert-'));
		writeFileSync(join(dir, 'c.pdf'), bytes);
		const text = execFileSync('pdftotext', ['-layout', join(dir, 'c.pdf'), '-']).toString().replace(/\s+/g, '');
		expect(text).toContain(c.name);
		// a person without an ID number on file reads （未登记）, never a made-up mask
		expect(text).toContain(c.idLast4 ? `**************${c.idLast4}` : '（未登记）');
		expect(text).not.toContain('null');
		expect(text).toContain(`${String(c.hours)}小时`);
		expect(text).toContain(c.number);
		expect(text).toContain('负责人');
		expect(execFileSync('pdfinfo', [join(dir, 'c.pdf')]).toString()).toMatch(/Pages:\s+1\b/);
	}, 60_000);
});
