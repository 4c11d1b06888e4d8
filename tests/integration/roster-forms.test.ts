/**
 * A team's roster as the offices' forms (issue 18): the exports (`004` 附件2, `002` 附件2, `002`
 * 附件1) read back with exceljs, the export → import round trip that keeps every person, the
 * templates whose own example row imports, the roster's search and paging, what each import added
 * and removed, and the summary's count of distinct people. The workbooks here are written by the
 * app itself (exceljs); the offices' layouts written by another tool are roster-import.test.ts's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { pilots, rosterImports, teamMembers, teams } from '$lib/server/db/schema';
import type { Actor } from '$lib/server/audit';
import * as stagedUploads from '$lib/server/staged-uploads';
import * as rosters from '$lib/server/pilots/rosters';
import * as rosterForms from '$lib/server/pilots/roster-forms';
import { rosterVolunteers } from '$lib/server/queries/summary';
import { idNumberLastFour } from '$lib/domain/roster';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';

const actor: Actor = { userId: null, username: 'tester', role: 'pilot_editor', ip: '127.0.0.1' };
const MASK = /^\*{14}[0-9]{3}[0-9X]$/;

let pilot: { id: number; name: string; divisionCode: string };
/** the demo's first roster of 洛阳市: people with and without ID numbers */
let teamId = 0;

beforeAll(async () => {
	await loadDemoDatabase();
	[pilot] = await db.select({ id: pilots.id, name: pilots.name, divisionCode: pilots.divisionCode }).from(pilots).where(eq(pilots.divisionCode, '410300'));
	const [team] = await db.select().from(teams).where(and(eq(teams.pilotId, pilot.id), isNotNull(teams.rosterSize))).orderBy(asc(teams.id));
	teamId = team.id;
});

const membersOf = (id: number) => db.select().from(teamMembers).where(eq(teamMembers.teamId, id)).orderBy(asc(teamMembers.id));
const teamOf = async (id: number) => (await rosters.get(pilot.id, id))!;
const identities = (rows: { personHash: string | null; name: string; idLast4: string | null }[]) => rows.map((m) => `${m.personHash}|${m.name}|${m.idLast4}`).sort();

async function exported(form: rosterForms.TeamForm, id = teamId) {
	return rosterForms.teamWorkbook(form, await teamOf(id), pilot, await rosters.members(id), DEMO_TODAY);
}

async function sheetOf(bytes: Uint8Array) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
	return wb.worksheets[0];
}

const rowTexts = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)));

describe('a team’s roster as the offices’ forms', () => {
	it('writes 002 附件2: title, 填报单位 and 填报日期, header, one row per person with the ID masked, A4', async () => {
		const members = await membersOf(teamId);
		expect(members.some((m) => m.idLast4) && members.some((m) => !m.idLast4)).toBe(true);
		const ws = await sheetOf(await exported('002'));
		expect(ws.getCell('A1').value).toBe('志愿者集体注册信息表');
		expect(rowTexts(ws, 2).join('')).toContain(`填报单位：${pilot.name}`);
		expect(rowTexts(ws, 2).join('')).toContain('填报日期：2026年11月23日');
		expect(rowTexts(ws, 3)).toEqual(['序号', '姓名', '性别', '居民身份证号码', '手机号码', '工作单位', '职务职称', '专业特长']);
		const rows = Array.from({ length: members.length }, (_, i) => rowTexts(ws, 4 + i));
		expect(rows.map((r) => r[1])).toEqual(members.map((m) => m.name));
		expect(rows.map((r) => Number(r[0]))).toEqual(members.map((_, i) => i + 1));
		for (const [i, m] of members.entries()) {
			expect(rows[i][3]).toBe(m.idLast4 ? '*'.repeat(14) + m.idLast4 : '');
			if (m.idLast4) expect(rows[i][3]).toMatch(MASK);
			expect(rows[i][4]).toBe(m.phone);
		}
		expect(ws.getRow(4 + members.length).getCell(2).value ?? null).toBeNull();
		expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
		expect(ws.pageSetup.printTitlesRow).toBe('3:3');
	});

	it('writes 004 附件2 with the seed’s five columns, 单位 line and note', async () => {
		const members = await membersOf(teamId);
		const team = await teamOf(teamId);
		const ws = await sheetOf(await exported('004'));
		expect(ws.getCell('A1').value).toBe('科技志愿者支队基本情况表');
		expect(rowTexts(ws, 2).join('')).toContain(`单位：${team.name}`);
		expect(rowTexts(ws, 3)).toEqual(['序号', '志愿者\n姓名', '性别', '单位', '职务/职称']);
		expect(rowTexts(ws, 4 + members.length - 1)[1]).toBe(members.at(-1)!.name);
		expect(String(ws.getCell(4 + members.length, 1).value)).toMatch(/^注：/);
		expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToWidth: 1 });
	});

	for (const form of rosterForms.TEAM_FORMS) {
		it(`keeps every person when its ${form} export is imported again unchanged`, async () => {
			const before = await membersOf(teamId);
			const size = (await teamOf(teamId)).rosterSize;
			const bytes = await exported(form);
			const check = await rosters.check(bytes, { pilotId: pilot.id, teamId });
			expect(check.problems).toEqual([]);
			const done = await rosters.importRoster(actor, pilot.id, teamId, await stagedUploads.stage(pilot.id, bytes));
			expect(done).toEqual({ imported: before.length, skipped: 0, duplicates: 0, added: 0, removed: 0 });
			const after = await membersOf(teamId);
			expect(after).toHaveLength(before.length);
			expect((await teamOf(teamId)).rosterSize).toBe(size);
			expect(identities(after)).toEqual(identities(before));
			// what the form lacks (004 has no phone or specialty) is kept, not wiped
			expect(after.map((m) => [m.phone, m.specialty, m.organization, m.title, m.gender])).toEqual(before.map((m) => [m.phone, m.specialty, m.organization, m.title, m.gender]));
			const last = await rosters.lastImport(teamId);
			expect(last).toMatchObject({ total: before.length, added: [], removed: [] });
		});
	}

	it('refuses a masked ID that names nobody on the team, and reads it nowhere else', async () => {
		const [someone] = (await membersOf(teamId)).filter((m) => m.idLast4);
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('x');
		ws.addRow(['姓名', '居民身份证号码']);
		ws.addRow([someone.name, '*'.repeat(14) + someone.idLast4]);
		ws.addRow(['不在队里', '**************1234']);
		ws.addRow([someone.name, '**************' + (someone.idLast4 === '0000' ? '1111' : '0000')]);
		const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
		const onTeam = await rosters.check(bytes, { pilotId: pilot.id, teamId });
		expect(onTeam.valid.map((v) => [v.row, v.value.identity.hash])).toEqual([[2, someone.personHash]]);
		expect(onTeam.problems.map((p) => [p.row, p.column])).toEqual([[3, '身份证号码'], [4, '身份证号码']]);
		expect(onTeam.problems[0].reason).toContain('后四位 1234');
		// another team (or another pilot's team of the same id) knows nobody
		const other = await rosters.check(bytes, { pilotId: pilot.id + 1, teamId });
		expect(other.valid).toEqual([]);
	});

	it('counts the same person twice in one file once, however they are named', async () => {
		const [someone] = (await membersOf(teamId)).filter((m) => m.idLast4);
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('x');
		ws.addRow(['姓名', '单位', '身份证号码']);
		ws.addRow([someone.name, someone.organization, '*'.repeat(14) + someone.idLast4]);
		ws.addRow([someone.name, someone.organization, '']);
		const check = await rosters.check(new Uint8Array(await wb.xlsx.writeBuffer()), { pilotId: pilot.id, teamId });
		// the masked row takes the member; the bare row is then someone new by name and unit
		expect(check.valid).toHaveLength(2);
		const twice = new ExcelJS.Workbook();
		const ws2 = twice.addWorksheet('x');
		ws2.addRow(['姓名', '单位', '身份证号码']);
		ws2.addRow([someone.name, someone.organization, '*'.repeat(14) + someone.idLast4]);
		ws2.addRow([someone.name, someone.organization, '*'.repeat(14) + someone.idLast4]);
		const again = await rosters.check(new Uint8Array(await twice.xlsx.writeBuffer()), { pilotId: pilot.id, teamId });
		expect(again.valid).toHaveLength(1);
		expect(again.problems).toEqual([{ row: 3, column: '身份证号码', reason: expect.stringContaining('没有姓名相同') }]);
	});

	it('records who an import added and removed, with masked IDs only', async () => {
		const before = await membersOf(teamId);
		const keep = before.slice(2);
		const gone = before.slice(0, 2);
		const newId = '410302199001010013';
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('x');
		ws.addRow(['姓名', '性别', '单位', '联系电话', '身份证号码']);
		for (const m of keep) ws.addRow([m.name, m.gender, m.organization, m.phone, m.idLast4 ? '*'.repeat(14) + m.idLast4 : '']);
		ws.addRow(['新队员', '女', '洛阳市第一高级中学', '19900009998', newId]);
		const done = await rosters.importRoster(actor, pilot.id, teamId, await stagedUploads.stage(pilot.id, new Uint8Array(await wb.xlsx.writeBuffer())));
		expect(done).toMatchObject({ imported: keep.length + 1, added: 1, removed: 2 });
		const last = (await rosters.lastImport(teamId))!;
		expect(last.added).toEqual([{ name: '新队员', unit: '洛阳市第一高级中学', maskedId: '*'.repeat(14) + idNumberLastFour(newId) }]);
		expect(last.removed).toEqual(gone.map((m) => ({ name: m.name, unit: m.organization, maskedId: m.idLast4 ? '*'.repeat(14) + m.idLast4 : '' })));
		const stored = JSON.stringify(await db.select().from(rosterImports));
		expect(stored).not.toContain(newId);
		expect(stored).not.toContain(newId.slice(0, 17));
		expect((await teamOf(teamId)).rosterSize).toBe(keep.length + 1);
	});
});

describe('the pilot’s teams as 002 附件1', () => {
	it('lists every team with its members: the roster’s distinct people, or the declared figure', async () => {
		const list = await db.select().from(teams).where(eq(teams.pilotId, pilot.id)).orderBy(asc(teams.id));
		const ws = await sheetOf(await rosterForms.organisationsWorkbook(pilot, list, DEMO_TODAY));
		expect(ws.getCell('A1').value).toBe('组织集体注册信息表');
		expect(rowTexts(ws, 2).join('')).toContain(`填报单位：${pilot.name}`);
		const header = rowTexts(ws, 3);
		expect(header.slice(0, 3)).toEqual(['序号', '组织名称', '组织类型']);
		const at = (name: string) => header.indexOf(name);
		for (const [i, t] of list.entries()) {
			const row = rowTexts(ws, 4 + i);
			expect(row[at('组织名称')]).toBe(t.name);
			expect(Number(row[at('志愿者人数')])).toBe(t.rosterSize ?? t.declaredMembers);
			expect(row[at('人数依据')]).toBe(t.rosterSize != null ? '花名册（去重）' : '申报');
			expect(row[at('注册编号')]).toBe(t.registrationId ?? '');
		}
		expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToWidth: 1 });
	});
});

describe('templates', () => {
	for (const form of ['product', '004', '002'] as const) {
		it(`${form}: its own example row imports, and 性别 is a drop-down of 男/女`, async () => {
			const bytes = await rosterForms.templateWorkbook(form);
			const check = await rosters.check(bytes);
			expect(check.problems).toEqual([]);
			expect(check.valid).toHaveLength(1);
			const ex = rosterForms.EXAMPLE_PERSON;
			expect(check.valid[0].value).toMatchObject({ 姓名: ex.name, 性别: ex.gender, 单位: ex.organization, '职务/职称': ex.title });
			if (form !== '004') expect(check.valid[0].value).toMatchObject({ 联系电话: ex.phone, 身份证号码: ex.idNumber, 专业特长: ex.specialty });
			const ws = await sheetOf(bytes);
			const rules = Object.values((ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model);
			expect(rules.some((r) => r?.type === 'list' && r.formulae[0] === '"男,女"')).toBe(true);
		});
	}
});

describe('reading a roster', () => {
	it('searches by name, unit, title and the phone’s last digits, and pages on the server', async () => {
		const all = await membersOf(teamId);
		expect(all.length).toBeGreaterThan(rosters.PAGE_SIZE);
		const first = await rosters.list(teamId);
		expect(first).toMatchObject({ total: all.length, page: 1, pages: Math.ceil(all.length / rosters.PAGE_SIZE), from: 1 });
		expect(first.members.map((m) => m.id)).toEqual(all.slice(0, rosters.PAGE_SIZE).map((m) => m.id));
		const second = await rosters.list(teamId, { page: 2 });
		expect(second.members.map((m) => m.id)).toEqual(all.slice(rosters.PAGE_SIZE, 2 * rosters.PAGE_SIZE).map((m) => m.id));
		// past the end shows the last page; nonsense shows the first
		expect((await rosters.list(teamId, { page: 999 })).page).toBe(first.pages);
		expect((await rosters.list(teamId, { page: -3 })).page).toBe(1);

		const target = all[all.length - 1];
		const byName = await rosters.list(teamId, { q: target.name });
		expect(byName.members.map((m) => m.id)).toContain(target.id);
		expect(byName.members.every((m) => m.name.includes(target.name))).toBe(true);
		const byTail = await rosters.list(teamId, { q: target.phone!.slice(-4) });
		expect(byTail.members.map((m) => m.id)).toEqual(all.filter((m) => m.phone!.endsWith(target.phone!.slice(-4)) || m.name.includes(target.phone!.slice(-4))).map((m) => m.id));
		expect(byTail.members[0].phone).toMatch(/^199\*{4}\d{4}$/);
		const described = all.find((m) => m.title && m.organization)!;
		const unit = described.organization!;
		expect((await rosters.list(teamId, { q: unit })).total).toBe(all.filter((m) => (m.organization ?? '').includes(unit)).length);
		const title = described.title!;
		expect((await rosters.list(teamId, { q: title })).total).toBe(all.filter((m) => (m.title ?? '').includes(title) || (m.organization ?? '').includes(title) || m.name.includes(title)).length);
		expect((await rosters.list(teamId, { q: '没有这个人' })).total).toBe(0);
		// the ID number is never part of the answer
		for (const m of first.members) expect(m.maskedId === '' || MASK.test(m.maskedId)).toBe(true);
	});
});

describe('the summary’s volunteers', () => {
	it('counts people across the rosters once each', async () => {
		const ids = (await db.select({ id: pilots.id }).from(pilots)).map((p) => p.id);
		const rows = await db.select({ hash: teamMembers.personHash }).from(teamMembers);
		const n = await rosterVolunteers(ids);
		expect(n).toBe(new Set(rows.map((r) => r.hash)).size);
		expect(n).toBeLessThan(rows.length);
		expect(await rosterVolunteers([pilot.id])).toBeGreaterThan(0);
	});
});
