/** The exported workbooks hold the database's figures: opened with exceljs and checked. */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createClient } from '@libsql/client';
import { postForm, signIn } from '../support/http';
import { expectedFromDatabase } from '../support/expected';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
const today = inject('today');
let staff = '';

beforeAll(async () => {
	staff = await signIn(baseURL, 'staff');
});

async function workbook(path: string, cookie = staff) {
	const res = await fetch(`${baseURL}${path}`, { headers: { cookie } });
	expect(res.status).toBe(200);
	expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
	return wb;
}

const rowsOf = (sheet: ExcelJS.Worksheet) => {
	const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
	const rows: Record<string, ExcelJS.CellValue>[] = [];
	sheet.eachRow((row, n) => {
		if (n > 1) rows.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
	});
	return rows;
};

describe('exports', () => {
	it('the pilots table, filtered as on screen, with numbers and dates as such', async () => {
		const wb = await workbook('/province/pilots.xlsx?level=county&status=lagging');
		const sheet = wb.getWorksheet('试点进度')!;
		const rows = rowsOf(sheet);
		const expected = await expectedFromDatabase(databaseUrl, today);
		const lagging = [...expected.entries()].filter(([, e]) => e.status === 'lagging');
		expect(rows.length).toBeGreaterThan(0);
		for (const r of rows) {
			const e = expected.get(String(r['试点单位']))!;
			expect(r['级别']).toBe('县级');
			expect(r['状态']).toBe('滞后');
			expect(r['活动']).toBe(e.actual.activities);
			expect(r['站点']).toBe(e.actual.stations);
			expect(r['立项日期']).toBeInstanceOf(Date);
			expect(typeof r['总体完成度']).toBe('number');
		}
		expect(rows.length).toBeLessThanOrEqual(lagging.length);
		expect(wb.getWorksheet('说明')!.getCell('B1').value).toContain('级别：县级');
	});

	it('the activity statistics form for one pilot, summed from its counted activities', async () => {
		const expected = await expectedFromDatabase(databaseUrl, today);
		const pilot = expected.get('林州市科协')!;
		const wb = await workbook(`/pilots/${pilot.id}/statistics.xlsx`);
		const figures = Object.fromEntries(rowsOf(wb.getWorksheet('活动情况统计表')!).filter((r) => r['项目']).map((r) => [r['项目'], r['数值']]));
		const db = createClient({ url: databaseUrl });
		const end = pilot.progress.endDate < today ? pilot.progress.endDate : today;
		const start = (await db.execute({ sql: 'select approval_date from pilots where id = ?', args: [pilot.id] })).rows[0][0];
		const sums = (await db.execute({ sql: 'select count(*), coalesce(sum(experts),0), coalesce(sum(served),0) from activities where pilot_id = ? and date >= ? and date <= ?', args: [pilot.id, String(start), end] })).rows[0];
		const teams = (await db.execute({ sql: 'select count(*), coalesce(sum(coalesce(roster_size, declared_members)),0) from teams where pilot_id = ?', args: [pilot.id] })).rows[0];
		db.close();
		expect(figures['组织科技志愿服务活动']).toBe(Number(sums[0]));
		expect(figures['组织科技志愿服务活动']).toBe(pilot.actual.activities);
		expect(figures['参与服务的专家']).toBe(Number(sums[1]));
		expect(figures['接受服务的群众']).toBe(Number(sums[2]));
		expect(figures['已建立科技志愿服务队']).toBe(Number(teams[0]));
		expect(figures['队员人数']).toBe(Number(teams[1]));
		const byKind = Object.entries(figures).filter(([k]) => String(k).startsWith('其中：')).reduce((s, [, v]) => s + Number(v), 0);
		expect(byKind).toBe(figures['组织科技志愿服务活动']);
	});

	it('the form for a city and for the round adds up its pilots', async () => {
		const round = await workbook('/province/statistics.xlsx');
		const total = rowsOf(round.getWorksheet('活动情况统计表')!).find((r) => r['项目'] === '组织科技志愿服务活动')!['数值'];
		const expected = await expectedFromDatabase(databaseUrl, today);
		expect(total).toBe([...expected.values()].reduce((s, e) => s + e.actual.activities, 0));
		const city = await workbook('/province/statistics.xlsx?city=410500');
		const cityTotal = rowsOf(city.getWorksheet('活动情况统计表')!).find((r) => r['项目'] === '组织科技志愿服务活动')!['数值'];
		expect(cityTotal).toBe(expected.get('林州市科协')!.actual.activities); // 安阳市's only pilot
	});

	it('a pilot’s item lists, with counting as on screen and formulas escaped', async () => {
		const editor = await signIn(baseURL, 'editor-410581');
		const expected = await expectedFromDatabase(databaseUrl, today);
		const id = expected.get('林州市科协')!.id;
		const f = new FormData();
		const formulaLike = ['=HYPERLINK("http://x","点我")', '-2+3', '+86 139', '@SUM(A1)'];
		for (const name of formulaLike) {
			const f = new FormData();
			for (const [k, v] of Object.entries({ name, declaredMembers: '3', partnerType: 'other' })) f.append(k, v);
			expect((await postForm(baseURL, `/pilots/${id}/teams?/save`, editor, f)).status).toBe(200);
		}
		const wb = await workbook(`/pilots/${id}/items.xlsx`, editor);
		expect(wb.worksheets.map((w) => w.name)).toEqual(['服务队', '项目', '活动', '站点', '制度机制']);
		const teams = rowsOf(wb.getWorksheet('服务队')!);
		// exactly as typed, as string cells: no apostrophe in front, and no formula in the file
		const sheet = wb.getWorksheet('服务队')!;
		for (const name of formulaLike) {
			expect(teams.some((t) => t['名称'] === name), name).toBe(true);
			const cells: ExcelJS.Cell[] = [];
			sheet.eachRow((row) => row.eachCell((c) => c.value === name && cells.push(c)));
			expect(cells.length, name).toBeGreaterThan(0);
			for (const c of cells) expect(c.type, name).toBe(ExcelJS.ValueType.String);
		}
		const raw = Buffer.from(await (await fetch(`${baseURL}/pilots/${id}/items.xlsx`, { headers: { cookie: editor } })).arrayBuffer());
		expect(raw.subarray(0, 2).toString()).toBe('PK');
		const reread = new ExcelJS.Workbook();
		await reread.xlsx.load(raw as unknown as ExcelJS.Buffer);
		reread.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => expect(c.type, `${ws.name} ${c.address}`).not.toBe(ExcelJS.ValueType.Formula))));
		const fresh = await expectedFromDatabase(databaseUrl, today);
		expect(teams.filter((t) => t['是否计入'] === '计入')).toHaveLength(fresh.get('林州市科协')!.actual.teams);
		expect(rowsOf(wb.getWorksheet('活动')!).filter((a) => a['是否计入'] === '计入')).toHaveLength(fresh.get('林州市科协')!.actual.activities);
	});
});
