/**
 * Rosters as the offices send them (issue 18): workbooks laid out as `004` 附件2 and `002` 附件2,
 * written by openpyxl (tests/fixtures/make-rosters.py), with title rows, the forms' own headers,
 * people listed twice and an invalid ID number.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { count, eq } from 'drizzle-orm';
import { client, db } from '$lib/server/db';
import { pilots, teamMembers, teams } from '$lib/server/db/schema';
import type { Actor } from '$lib/server/audit';
import * as stagedUploads from '$lib/server/staged-uploads';
import * as rosters from '$lib/server/pilots/rosters';
import { personKey } from '$lib/domain/roster';
import { loadDemoDatabase } from '../support/demo-db';

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, '..', 'fixtures', name)));
const actor: Actor = { userId: null, username: 'tester', role: 'pilot_editor', ip: '127.0.0.1' };
/** The ID numbers in roster-002-fujian2.xlsx (printed by the script that made it). */
const WANG_ID = '41172119850312005X';
const LI_ID = '411721199007071513';
const BAD_ID = '411721198801011234';

let pilotId = 0;
let teamId = 0;

beforeAll(async () => {
	await loadDemoDatabase();
	const [pilot] = await db.select().from(pilots).where(eq(pilots.divisionCode, '411721'));
	pilotId = pilot.id;
	teamId = (await db.select().from(teams).where(eq(teams.pilotId, pilotId)))[0].id;
});

const membersOf = (id: number) => db.select().from(teamMembers).where(eq(teamMembers.teamId, id));
const sizeOf = async (id: number) => (await db.select({ n: teams.rosterSize }).from(teams).where(eq(teams.id, id)))[0].n;

describe('roster import of the offices’ forms', () => {
	it('reads 004 附件2 below its title rows, by its own headers, and reports the person listed twice', async () => {
		const before = { members: (await db.select({ n: count() }).from(teamMembers))[0].n, size: await sizeOf(teamId) };
		const check = await rosters.check(fixture('roster-004-fujian2.xlsx'));
		// rows 4–9 are people; the blank numbered rows and the form's note are not
		expect(check.total).toBe(6);
		expect(check.problems).toEqual([{ row: 8, column: '姓名', reason: '第 8 行与第 4 行为同一人' }]);
		expect(check.valid.map((v) => v.row)).toEqual([4, 5, 6, 7, 9]);
		expect(check.valid[0].value).toMatchObject({ 姓名: '张伟', 性别: '男', 单位: '西平县人民医院', '职务/职称': '主治医师', 联系电话: null, 身份证号码: null });
		// checking writes nothing
		expect((await db.select({ n: count() }).from(teamMembers))[0].n).toBe(before.members);
		expect(await sizeOf(teamId)).toBe(before.size);

		const done = await rosters.importRoster(actor, pilotId, teamId, await stagedUploads.stage(pilotId, fixture('roster-004-fujian2.xlsx')));
		expect(done).toEqual({ imported: 5, skipped: 1, duplicates: 1, added: 5, removed: before.size ?? 0 });
		expect(await sizeOf(teamId)).toBe(5);
		const members = await membersOf(teamId);
		expect(members.map((m) => m.name)).toEqual(['张伟', '李娜', '王磊', '刘洋', '陈静']);
		expect(members.every((m) => /^[0-9a-f]{64}$/.test(m.personHash ?? '') && m.idLast4 === null)).toBe(true);
	});

	it('reads 002 附件2: checks ID numbers, counts each person once, and keeps no ID number', async () => {
		const bytes = fixture('roster-002-fujian2.xlsx');
		const before = (await db.select({ n: count() }).from(teamMembers))[0].n;
		const check = await rosters.check(bytes);
		expect(check.total).toBe(7);
		expect(check.problems).toEqual([
			{ row: 6, column: '姓名', reason: '第 6 行与第 4 行为同一人' },
			{ row: 8, column: '身份证号码', reason: '身份证号码无效：应为 18 位，出生日期和末位校验码须正确' },
			{ row: 9, column: '姓名', reason: '第 9 行与第 7 行为同一人' }
		]);
		expect(check.valid.map((v) => v.row)).toEqual([4, 5, 7, 10]);
		expect(check.valid[1].value).toMatchObject({ 姓名: '李强', 单位: '西平县农机中心', '职务/职称': '农机师', 专业特长: '农业机械', 联系电话: '139 0000 2222', 身份证号码: LI_ID });
		expect((await db.select({ n: count() }).from(teamMembers))[0].n).toBe(before);

		const done = await rosters.importRoster(actor, pilotId, teamId, await stagedUploads.stage(pilotId, bytes));
		expect(done).toEqual({ imported: 4, skipped: 3, duplicates: 2, added: 4, removed: 5 });
		expect(await sizeOf(teamId)).toBe(4);
		const members = await membersOf(teamId);
		expect(members.map((m) => [m.name, m.idLast4, m.phone])).toEqual([
			['王芳', '005X', '13800001111'],
			['李强', '1513', '139 0000 2222'],
			['赵敏', null, '137 0000 3333'],
			['周杰', null, '0396-6221234']
		]);
		// the stored identity is the keyed hash of personKey: matchable, and the same for the lower-case x
		expect(members[0].personHash).toBe(await rosters.personHash({ name: '王芳', idNumber: WANG_ID.toLowerCase() }));
		expect(members[0].personHash).not.toContain(WANG_ID);
		expect(members[2].personHash).toBe(await rosters.personHash({ name: '赵敏', phone: '13700003333' }));
		expect(personKey({ name: '王芳', idNumber: WANG_ID })).toBe(`id:${WANG_ID}`);

		// no ID number anywhere: not in any text column of team_members, nor in any table of the database
		const all = await db.select().from(teamMembers);
		for (const row of all) {
			for (const value of Object.values(row)) {
				if (typeof value !== 'string') continue;
				for (const id of [WANG_ID, WANG_ID.toLowerCase(), LI_ID, BAD_ID, WANG_ID.slice(0, 17), LI_ID.slice(0, 17)]) expect(value).not.toContain(id);
			}
		}
		const tables = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).rows.map((r) => String(r[0]));
		expect(tables).toContain('team_members');
		for (const table of tables) {
			const result = await client.execute(`SELECT * FROM "${table}"`);
			const text = result.rows.map((r) => result.columns.map((_c, i) => String(r[i])).join('\t')).join('\n');
			for (const id of [WANG_ID, WANG_ID.toLowerCase(), LI_ID, WANG_ID.slice(0, 17), LI_ID.slice(0, 17)]) expect(text.includes(id), `${id} in ${table}`).toBe(false);
		}
	});

	it('still reads the product’s own template, and refuses a sheet without 姓名 naming it', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('花名册');
		ws.addRow(['姓名', '性别', '单位', '职务/职称', '专业特长', '联系电话']);
		ws.addRow(['队员甲', '男', '单位甲', '工程师', '农技', '13900000001']);
		ws.addRow(['队员乙', '其他', '', '', '', '']);
		const check = await rosters.check(new Uint8Array(await wb.xlsx.writeBuffer()));
		expect(check.valid.map((v) => v.row)).toEqual([2]);
		expect(check.problems).toEqual([{ row: 3, column: '性别', reason: '性别应为“男”或“女”' }]);

		const wrong = new ExcelJS.Workbook();
		wrong.addWorksheet('x').addRow(['序号', '性别', '手机']);
		await expect(rosters.check(new Uint8Array(await wrong.xlsx.writeBuffer()))).rejects.toMatchObject({ message: expect.stringContaining('表头缺少：姓名') });
	});

	it('reads an ID number typed full-width or with stray spaces as the same number', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('花名册');
		ws.addRow(['姓名', '身份证号码']);
		const fullWidth = [...WANG_ID].map((c) => (c === 'X' ? 'Ｘ' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join('');
		ws.addRow(['王芳', fullWidth]);
		ws.addRow(['李强', ` ${LI_ID.slice(0, 6)} ${LI_ID.slice(6, 14)}\u200b${LI_ID.slice(14)} `]);
		ws.addRow(['错号', `${BAD_ID.slice(0, 9)}　${BAD_ID.slice(9)}`]);
		const check = await rosters.check(new Uint8Array(await wb.xlsx.writeBuffer()));
		expect(check.problems).toEqual([{ row: 4, column: '身份证号码', reason: '身份证号码无效：应为 18 位，出生日期和末位校验码须正确' }]);
		expect(check.valid.map((v) => [v.value.身份证号码, v.value.identity])).toEqual([
			[WANG_ID, { hash: await rosters.personHash({ name: '王芳', idNumber: WANG_ID }), idLast4: '005X' }],
			[LI_ID, { hash: await rosters.personHash({ name: '李强', idNumber: LI_ID }), idLast4: '1513' }]
		]);
	});

	it('finds the header only in the top rows', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('花名册');
		for (let i = 0; i < 10; i++) ws.addRow([`标题${i}`]);
		ws.addRow(['姓名']);
		ws.addRow(['张三']);
		await expect(rosters.check(new Uint8Array(await wb.xlsx.writeBuffer()))).rejects.toMatchObject({ message: expect.stringContaining('表头缺少：姓名') });
		ws.spliceRows(1, 1);
		const check = await rosters.check(new Uint8Array(await wb.xlsx.writeBuffer()));
		expect(check.valid).toEqual([{ row: 11, value: expect.objectContaining({ 姓名: '张三' }) }]);
	});
});
