import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { count, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { activities, auditLog, pilots, projects, users } from '$lib/server/db/schema';
import { write, type Actor } from '$lib/server/audit';
import * as stagedUploads from '$lib/server/staged-uploads';
import * as activitiesOfPilot from '$lib/server/pilots/activities';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { keyDateWindowsOf } from '$lib/server/rounds';
import { dateText, nameAsParsed, zipProblem } from '$lib/server/workbook-check';
import { FieldError, NotFoundError } from '$lib/server/errors';
import { addDays } from '$lib/domain/dates';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';
import { deflatedZeros, zip } from '../support/zip';

const TODAY = DEMO_TODAY;
let pilotId = 0;
let projectName = '';
let ctx: Parameters<typeof activitiesOfPilot.checkSheet>[2];
const actor: Actor = { userId: null, username: 'tester', role: 'pilot_editor', ip: '127.0.0.1' };

beforeAll(async () => {
	await loadDemoDatabase();
	const [pilot] = await db.select().from(pilots).where(eq(pilots.divisionCode, '410783'));
	pilotId = pilot.id;
	projectName = (await db.select().from(projects).where(eq(projects.pilotId, pilotId)))[0].name;
	ctx = { approvalDate: pilot.approvalDate, today: TODAY, keyDateWindows: await keyDateWindowsOf(pilot.roundId) };
});

async function sheet(rows: (string | number | Date)[][]) {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('活动');
	ws.addRow(['活动名称', '活动日期', '活动地点', '活动类型', '服务领域', '所属项目', '志愿者人次', '专家人次', '服务群众人次', '服务时长', '重点人群', '活动简介']);
	rows.forEach((r) => ws.addRow(r));
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('activity import', () => {
	it('reports every bad row by row and column, then imports the rest in one audited write', async () => {
		const day = addDays(TODAY, -3);
		const bytes = await sheet([
			['长垣防汛科普', day, '城关镇', '科普报告', '科学教育', projectName, 10, 2, 200, 30, '老年人、青少年', ''],
			['无名项目活动', day, '', '技术咨询', '产业振兴', '不存在的项目', 5, 1, 50, 10, '', ''],
			['农技培训', new Date(`${day}T00:00:00Z`), '', '农技服务', '产业振兴', '', 8, 1, 80, 16, '农村妇女', ''],
			['太早的活动', '1999-01-01', '', '科普报告', '科学教育', '', 1, 0, 1, 1, '', ''],
			['=HYPERLINK("http://x")', day, '', '其他', '其他', '', 3, 0, 20, 6, '', '']
		]);
		const check = await activitiesOfPilot.checkSheet(bytes, pilotId, ctx);
		expect(check.total).toBe(5);
		expect(check.valid.map((v) => v.row)).toEqual([2, 4, 6]);
		expect(check.problems).toEqual([
			{ row: 3, column: '所属项目', reason: '本试点没有名为“不存在的项目”的项目' },
			{ row: 5, column: '活动日期', reason: expect.stringContaining('活动日期过早') }
		]);
		expect(check.valid[0].value.keyGroups).toEqual(['elderly', 'youth']);

		const before = (await db.select({ n: count() }).from(activities).where(eq(activities.pilotId, pilotId)))[0].n;
		const audits = (await db.select({ n: count() }).from(auditLog))[0].n;
		const staged = await stagedUploads.stage(pilotId, bytes);
		expect(await activitiesOfPilot.importSheet(actor, pilotId, staged, ctx)).toEqual({ imported: 3, skipped: 2 });
		expect((await db.select({ n: count() }).from(activities).where(eq(activities.pilotId, pilotId)))[0].n).toBe(before + 3);
		expect((await db.select({ n: count() }).from(auditLog))[0].n).toBe(audits + 1);
	});

	it('only reads a staged file of the same pilot', async () => {
		const staged = await stagedUploads.stage(pilotId, await sheet([]));
		await expect(stagedUploads.read(pilotId + 1, staged)).rejects.toBeInstanceOf(FieldError);
		await expect(stagedUploads.read(pilotId, '../../etc/passwd')).rejects.toBeInstanceOf(NotFoundError);
	});

	it('deletes a staged file once its import is confirmed, and when it is discarded', async () => {
		const folder = join(process.env.DATA_DIR!, 'imports', String(pilotId));
		const bytes = await sheet([['确认后删除', addDays(TODAY, -2), '', '科普报告', '科学教育', '', 1, 0, 1, 1, '', '']]);
		const staged = await stagedUploads.stage(pilotId, bytes);
		expect(existsSync(join(folder, `${staged}.xlsx`))).toBe(true);
		await activitiesOfPilot.importSheet(actor, pilotId, staged, ctx);
		expect(existsSync(join(folder, `${staged}.xlsx`))).toBe(false);
		await expect(activitiesOfPilot.importSheet(actor, pilotId, staged, ctx)).rejects.toThrow(/已失效/);
		const abandoned = await stagedUploads.stage(pilotId, await sheet([['放弃', addDays(TODAY, -2), '', '', '', '', 1, 0, 1, 1, '', '']]));
		await stagedUploads.discard(pilotId, abandoned);
		expect(existsSync(join(folder, `${abandoned}.xlsx`))).toBe(false);
		await expect(stagedUploads.discard(pilotId, '../x')).rejects.toBeInstanceOf(NotFoundError);
	});

	it('imports a staged sheet once however often it is confirmed at the same time (a double click, two tabs)', async () => {
		// a signed-in person (a form token belongs to an account)
		const [account] = await db.insert(users).values({ username: `double-click-${Date.now()}`, displayName: '双击者', role: 'pilot_editor', pilotId, passwordHash: 'x', createdAt: 0, updatedAt: 0 }).returning();
		const person: Actor = { userId: account.id, username: account.username, role: 'pilot_editor', ip: '127.0.0.1' };
		const title = `双击确认${Date.now()}`;
		const bytes = await sheet([1, 2, 3].map((n) => [`${title}${n}`, addDays(TODAY, -3), '', '科普报告', '科学教育', '', 1, 0, 1, 1, '', '']));
		const staged = await stagedUploads.stage(pilotId, bytes);
		const settled = await Promise.allSettled(Array.from({ length: 6 }, () => activitiesOfPilot.importSheet(person, pilotId, staged, ctx)));
		const answers = settled.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<unknown>).value);
		// each is told of the one import, or that the file has gone; none imports again
		expect(answers.length).toBeGreaterThan(0);
		for (const a of answers) expect(a).toEqual({ imported: 3, skipped: 0 });
		for (const r of settled.filter((r) => r.status === 'rejected')) expect(String((r as PromiseRejectedResult).reason)).toMatch(/已失效/);
		const rows = await db.select().from(activities).where(eq(activities.pilotId, pilotId));
		expect(rows.filter((a) => a.title.startsWith(title))).toHaveLength(3);
		// the same file checked again later is a new staging: importing it is allowed again
		const again = await stagedUploads.stage(pilotId, bytes);
		expect(await activitiesOfPilot.importSheet(person, pilotId, again, ctx)).toEqual({ imported: 3, skipped: 0 });
		expect((await db.select().from(activities).where(eq(activities.pilotId, pilotId))).filter((a) => a.title.startsWith(title))).toHaveLength(6);
	});

	it('keeps at most a few staged files per pilot, and sweeps any older than an hour', async () => {
		const folder = join(process.env.DATA_DIR!, 'imports', String(pilotId + 1));
		// ten checks of different 1 MB workbooks (random bytes: the cap is on what is stored)
		for (let i = 0; i < 10; i++) await stagedUploads.stage(pilotId + 1, new Uint8Array(1024 * 1024).map(() => (Math.random() * 256) | 0));
		const kept = readdirSync(folder);
		expect(kept.length).toBe(stagedUploads.MAX_PER_PILOT);
		expect(kept.reduce((n, f) => n + statSync(join(folder, f)).size, 0)).toBeLessThanOrEqual(stagedUploads.MAX_BYTES_PER_PILOT);
		// by bytes too: three 16 MB files never sit side by side under a 40 MB cap
		for (let i = 0; i < 3; i++) await stagedUploads.stage(pilotId + 1, new Uint8Array(16 * 1024 * 1024).fill(i + 1));
		expect(readdirSync(folder).reduce((n, f) => n + statSync(join(folder, f)).size, 0)).toBeLessThanOrEqual(stagedUploads.MAX_BYTES_PER_PILOT);
		// an hour and a minute later, every file of every pilot is gone; a younger one stays
		const old = (Date.now() - stagedUploads.MAX_AGE_MS - 60_000) / 1000;
		for (const f of readdirSync(folder)) utimesSync(join(folder, f), old, old);
		const young = await stagedUploads.stage(pilotId, await sheet([]));
		expect(readdirSync(folder)).toEqual([]);
		expect(await stagedUploads.sweep()).toBe(0);
		expect(existsSync(join(process.env.DATA_DIR!, 'imports', String(pilotId), `${young}.xlsx`))).toBe(true);
		expect(await stagedUploads.sweep(Date.now() + stagedUploads.MAX_AGE_MS + 60_000)).toBeGreaterThan(0);
		expect(existsSync(join(process.env.DATA_DIR!, 'imports', String(pilotId), `${young}.xlsx`))).toBe(false);
	});

	it('reads dates as people type them: 2026/10/18, 2026.10.18, 2026年10月18日 or a date cell', async () => {
		const day = addDays(TODAY, -3);
		const [y, m, d] = day.split('-');
		const typed = [`${y}/${m}/${d}`, `${y}.${Number(m)}.${Number(d)}`, `${y}年${m}月${d}日`, new Date(`${day}T00:00:00Z`)];
		const check = await activitiesOfPilot.checkSheet(await sheet(typed.map((date, i) => [`活动${i}`, date, '', '科普报告', '科学教育', '', 1, 0, 10, 2, '', ''])), pilotId, ctx);
		expect(check.problems).toEqual([]);
		expect(check.valid.map((v) => v.value.date)).toEqual([day, day, day, day]);
		expect([dateText('2026/1/8'), dateText('46313'), dateText('明天')]).toEqual(['2026-01-08', '2026-10-18', '明天']);
	});

	it('refuses wrong headers with the missing columns named', async () => {
		const wb = new ExcelJS.Workbook();
		wb.addWorksheet('x').addRow(['名称', '日期']);
		await expect(activitiesOfPilot.checkSheet(new Uint8Array(await wb.xlsx.writeBuffer()), pilotId, ctx)).rejects.toThrow(/表头缺少：活动名称、活动日期/);
	});
});

describe('zip limits', () => {
	/** A minimal zip directory whose entry claims `size` bytes uncompressed. */
	function zipClaiming(size: number, entries = 1): Uint8Array {
		const name = Buffer.from('xl/workbook.xml');
		const cd = Buffer.alloc(46 + name.length);
		cd.writeUInt32LE(0x02014b50, 0);
		cd.writeUInt32LE(size, 24);
		cd.writeUInt16LE(name.length, 28);
		name.copy(cd, 46);
		const local = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
		const dir = Buffer.concat(Array.from({ length: entries }, () => cd));
		const eocd = Buffer.alloc(22);
		eocd.writeUInt32LE(0x06054b50, 0);
		eocd.writeUInt16LE(entries, 10);
		eocd.writeUInt32LE(dir.length, 12);
		eocd.writeUInt32LE(local.length, 16);
		return new Uint8Array(Buffer.concat([local, dir, eocd]));
	}

	it('refuses a workbook that would unpack to too much, or with too many entries', () => {
		expect(zipProblem(zip([{ name: 'xl/workbook.xml', data: new Uint8Array(1_000) }]))).toBeNull();
		expect(zipProblem(zipClaiming(4_000_000_000))).toMatch(/解压后过大/);
		expect(zipProblem(zipClaiming(10, 3_000))).toMatch(/条目过多/);
		expect(zipProblem(new Uint8Array([1, 2, 3]))).toMatch(/损坏/);
		// headers whose local entry is missing are a broken file, not an empty one
		expect(zipProblem(zipClaiming(1_000))).toMatch(/损坏/);
	});

	it('inflates each entry no further than its header claims (a zip bomb lies there)', async () => {
		const bomb = await deflatedZeros(64 * 1024 * 1024);
		expect(zipProblem(zip([{ name: 'xl/media/a.bin', data: new Uint8Array(), deflated: bomb, claimedSize: 1_000 }]))).toMatch(/解压后过大/);
		expect(zipProblem(zip([{ name: 'xl/media/a.bin', data: new Uint8Array(), deflated: bomb }]))).toBeNull();
	});

	it('checks an entry under the name exceljs will read it by, and counts rows in every entry', () => {
		const enc = (text: string) => new TextEncoder().encode(text);
		const rows = (n: number) => enc(`<worksheet><sheetData>${'<row r="1"><c/></row>'.repeat(n)}</sheetData></worksheet>`);
		const strings = enc(`<sst>${'<si><t>x</t></si>'.repeat(1_100_000)}</sst>`);
		expect(strings.length).toBeGreaterThan(16 * 1024 * 1024);
		const deep = enc(`<styleSheet>${'<a>'.repeat(100)}${'</a>'.repeat(100)}</styleSheet>`);
		for (const name of ['xl/sharedStrings.xml', '/xl/sharedStrings.xml', './xl/sharedStrings.xml', 'xl//sharedStrings.xml', 'x/../xl/sharedStrings.xml'])
			expect(zipProblem(zip([{ name, data: strings }])), name).toMatch(/文字内容过多/);
		for (const name of ['xl/styles.xml', '/xl/styles.xml', 'xl/./styles.xml'])
			expect(zipProblem(zip([{ name, data: deep }])), name).toMatch(/格式设置过于复杂/);
		// exceljs finds sheet1.xml anywhere in the name; and no entry, whatever its name, may hold more rows than a sheet
		for (const name of ['/xl/worksheets/sheet1.xml', 'zz/xl/worksheets/sheet1.xml', 'xl/media/a.bin', 'docProps/app.xml'])
			expect(zipProblem(zip([{ name, data: rows(20_002) }])), name).toMatch(/一次最多导入 20000 行/);
		expect(zipProblem(zip([{ name: 'zz/xl/worksheets/sheet1.xml', data: rows(20_001) }]))).toBeNull();
		// a Unicode Path field would rename the entry for JSZip after this check
		const unicodePath = { id: 0x7075, data: new Uint8Array([1, 0, 0, 0, 0, ...enc('xl/sharedStrings.xml')]) };
		expect(zipProblem(zip([{ name: 'a.bin', data: enc('x'), extra: [unicodePath] }]))).toMatch(/文件结构异常/);
		expect(zipProblem(zip([{ name: 'a.bin', data: enc('x'), extra: [{ id: 0x5455, data: new Uint8Array(5) }] }]))).toBeNull();
	});

	it('reads entry names as JSZip and exceljs do', () => {
		const read: [string, string][] = [
			['xl/workbook.xml', 'xl/workbook.xml'],
			['/xl/workbook.xml', 'xl/workbook.xml'],
			['./xl//workbook.xml', 'xl/workbook.xml'],
			['a/b/../../xl/workbook.xml', 'xl/workbook.xml'],
			// a backslash is no separator to JSZip: exceljs would not find this entry at all
			['xl\\workbook.xml', 'xl\\workbook.xml']
		];
		for (const [raw, name] of read) expect(nameAsParsed(raw), raw).toBe(name);
	});

	it('counts a worksheet’s rows before exceljs builds them', () => {
		const sheet = (rows: number) => new TextEncoder().encode(`<worksheet><sheetData>${'<row r="1"><c/></row>'.repeat(rows)}</sheetData></worksheet>`);
		expect(zipProblem(zip([{ name: 'xl/worksheets/sheet1.xml', data: sheet(20_001) }]))).toBeNull();
		expect(zipProblem(zip([{ name: 'xl/worksheets/sheet1.xml', data: sheet(20_002) }]))).toMatch(/一次最多导入 20000 行/);
	});
});
