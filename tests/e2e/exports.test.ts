/** The exported workbooks hold the database's figures: opened with exceljs and checked. */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createClient } from '@libsql/client';
import { postForm, signIn } from '../support/http';
import { expectedFromDatabase } from '../support/expected';
import { STATISTICS_BLANKS } from '../../src/lib/domain/statistics';
import { ACTIVITY_KINDS } from '../../src/lib/domain/labels';
import { cycleOf } from '../../src/lib/domain/progress';

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

	it('the activity statistics form for a pilot with data: all 31 blanks filled, each equal to the database’s rows', async () => {
		const expected = await expectedFromDatabase(databaseUrl, today);
		const pilot = expected.get('林州市科协')!;
		const editor = await signIn(baseURL, 'editor-410581');
		// three highlights held today and the two days before: the form takes the two latest
		const days = [2, 1, 0].map((n) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10));
		for (const [i, date] of days.entries()) {
			const f = new FormData();
			const fields = { title: `统计表亮点${i + 1}`, date, place: `林州亮点地点${i + 1}`, kind: 'medical_service', field: 'health', keyGroups: 'rural_women', volunteers: '12', experts: String(3 + i), served: String(100 + i), serviceHours: '6', description: `亮点内容${i + 1}`, highlight: 'on', highlightEffect: `亮点效果${i + 1}` };
			for (const [k, v] of Object.entries(fields)) f.append(k, v);
			expect((await postForm(baseURL, `/pilots/${pilot.id}/activities?/save`, editor, f)).status).toBe(200);
		}
		const activitiesPage = await (await fetch(`${baseURL}/pilots/${pilot.id}/activities`, { headers: { cookie: editor } })).text();
		expect(activitiesPage).toMatch(/已标记 \d+ 项亮点活动，《科技志愿服务活动情况统计表》只列最近的 2 项：统计表亮点3/);
		// a monthly report with the form's other figures (the month the pilot still owes)
		const reportsPage = await (await fetch(`${baseURL}/pilots/${pilot.id}/reports`, { headers: { cookie: editor } })).text();
		const month = /name="month" value="(\d{4}-\d{2})"/.exec(reportsPage)?.[1];
		expect(month, 'a month to report').toBeTruthy();
		const report = new URLSearchParams({ month: month!, narrative: '统计表测试月报', mobileMuseumTours: '2', mobileMuseumCovered: 'yes', caravanTours: '1', caravanCovered: 'no', ruralTrainings: '3', ruralTrainees: '140', farmerContest: '55', provincialContest: '21', infoOfficers: '17', articlesShared: '60' });
		const sent = await postForm(baseURL, `/pilots/${pilot.id}/reports?/submit`, editor, report);
		expect(sent.status, sent.text.slice(0, 300)).toBe(200);

		const wb = await workbook(`/pilots/${pilot.id}/statistics.xlsx`);
		const sheet = wb.getWorksheet('活动情况统计表')!;
		const want = await statisticsFromDatabase([pilot.id]);
		expectForm(sheet, '林州市科协', want);
		const highlights = String(sheet.getCell('D20').value);
		expect(highlights).toContain('1. 活动名称：统计表亮点3；时间：');
		expect(highlights).toContain('2. 活动名称：统计表亮点2；');
		expect(highlights).not.toContain('统计表亮点1');
		expect(highlights).toContain('地点：林州亮点地点3；参与服务专家 5 人次，受众 102 人次；服务内容：亮点内容3；服务效果：亮点效果3');
		// the stated figures include the report just sent
		expect(sheet.getCell('D22').value).toBe('是');
		expect(sheet.getCell('D29').value).toBe(17);
	});

	it('the form for a city and for the round: no blank left, figures summed from their pilots’ rows', async () => {
		const expected = await expectedFromDatabase(databaseUrl, today);
		const city = await workbook('/province/statistics.xlsx?city=410500');
		const lin = expected.get('林州市科协')!; // 安阳市's only pilot
		expectForm(city.getWorksheet('活动情况统计表')!, /^安阳市（.+）$/, await statisticsFromDatabase([lin.id]));
		const round = await workbook('/province/statistics.xlsx');
		const all = [...expected.values()];
		const want = await statisticsFromDatabase(all.map((e) => e.id));
		expect(want.values[7]).toBe(all.reduce((s, e) => s + e.actual.activities, 0));
		expectForm(round.getWorksheet('活动情况统计表')!, /^2025年度/, want);
		// several pilots: each highlight names its pilot
		expect(String(round.getWorksheet('活动情况统计表')!.getCell('D20').value)).toMatch(/^1\. 【.+】活动名称：/);
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

/**
 * The statistics form's figures by blank number, computed with SQL from the rows of some pilots:
 * activities held in each pilot's cycle up to today, reports of the cycle's months.
 */
async function statisticsFromDatabase(pilotIds: number[]) {
	const db = createClient({ url: databaseUrl });
	const n = (v: unknown) => Number(v ?? 0);
	const values: Record<number, number | string> = {};
	const add = (k: number, v: number) => (values[k] = n(values[k]) + v);
	const marks = pilotIds.map(() => '?').join(',');
	const t = (await db.execute({ sql: `select count(*), coalesce(sum(coalesce(roster_size, declared_members)), 0) from teams where pilot_id in (${marks})`, args: pilotIds })).rows[0];
	values[4] = n(t[0]);
	values[5] = n(t[1]);
	for (let k = 7; k <= 31; k++) if (k !== 20 && k !== 22 && k !== 24) values[k] = 0;
	let firstStart = '';
	let officers = 0;
	let articles = 0;
	let museum = false;
	let caravan = false;
	for (const id of pilotIds) {
		const approval = (await db.execute({ sql: 'select approval_date from pilots where id = ?', args: [id] })).rows[0][0];
		if (!approval || String(approval) > today) continue;
		const cycle = cycleOf(String(approval));
		const end = cycle.endDate < today ? cycle.endDate : today;
		if (!firstStart || cycle.startDate < firstStart) firstStart = cycle.startDate;
		const a = (
			await db.execute({
				sql: `select count(*), coalesce(sum(experts), 0), coalesce(sum(served), 0),
					coalesce(sum(key_date is not null and trim(key_date) <> ''), 0),
					coalesce(sum(field = 'health' or kind = 'medical_service' or key_groups like '%"needy"%'), 0),
					coalesce(sum(key_groups like '%"rural_women"%' or key_groups like '%"youth"%'), 0),
					${ACTIVITY_KINDS.map((k) => `coalesce(sum(kind = '${k}'), 0)`).join(', ')}
					from activities where pilot_id = ? and date between ? and ?`,
				args: [id, cycle.startDate, end]
			})
		).rows[0];
		add(7, n(a[0]));
		add(18, n(a[1]));
		add(19, n(a[2]));
		add(15, n(a[3]));
		add(16, n(a[4]));
		add(17, n(a[5]));
		ACTIVITY_KINDS.forEach((_, i) => add(8 + i, n(a[6 + i])));
		const span = [id, cycle.startDate.slice(0, 7), end.slice(0, 7)];
		const r = (
			await db.execute({
				sql: `select coalesce(sum(json_extract(extras, '$.mobileMuseumTours')), 0), coalesce(max(json_extract(extras, '$.mobileMuseumCovered')), 0),
					coalesce(sum(json_extract(extras, '$.caravanTours')), 0), coalesce(max(json_extract(extras, '$.caravanCovered')), 0),
					coalesce(sum(json_extract(extras, '$.ruralTrainings')), 0), coalesce(sum(json_extract(extras, '$.ruralTrainees')), 0),
					coalesce(sum(json_extract(extras, '$.farmerContest')), 0), coalesce(sum(json_extract(extras, '$.provincialContest')), 0),
					coalesce(sum(json_extract(extras, '$.articlesShared')), 0)
					from monthly_reports where pilot_id = ? and extras is not null and status <> 'returned' and month between ? and ?`,
				args: span
			})
		).rows[0];
		add(21, n(r[0]));
		museum ||= n(r[1]) === 1;
		add(23, n(r[2]));
		caravan ||= n(r[3]) === 1;
		add(25, n(r[4]));
		add(26, n(r[5]));
		add(27, n(r[6]));
		add(28, n(r[7]));
		articles += n(r[8]);
		const latest = (await db.execute({ sql: `select json_extract(extras, '$.infoOfficers') from monthly_reports where pilot_id = ? and extras is not null and status <> 'returned' and month between ? and ? order by month desc limit 1`, args: span })).rows[0];
		officers += n(latest?.[0]);
	}
	db.close();
	values[6] = firstStart ? `${Number(firstStart.slice(0, 4))}年${Number(firstStart.slice(5, 7))}月` : '';
	values[22] = museum ? '是' : '否';
	values[24] = caravan ? '是' : '否';
	values[29] = officers;
	values[30] = articles;
	values[31] = officers ? Math.round((articles / officers) * 10) / 10 : 0;
	return { values };
}

/** Every blank of the form at its place, none empty, each figure as the database says. */
function expectForm(sheet: ExcelJS.Worksheet, scope: string | RegExp, want: { values: Record<number, number | string> }) {
	const filled = (v: ExcelJS.CellValue) => v !== null && v !== undefined && String(v).trim() !== '';
	expect(sheet.getCell('A1').value).toBe('科技志愿服务活动情况统计表'); // blank 1
	expect(sheet.getCell('A2').value).toBe('填报单位（公章）');
	if (typeof scope === 'string') expect(sheet.getCell('C2').value).toBe(scope); // blank 2
	else expect(String(sheet.getCell('C2').value)).toMatch(scope);
	expect(sheet.getCell('D2').value).toBe('填报日期');
	expect(sheet.getCell('E2').value).toEqual(new Date(`${today}T00:00:00Z`)); // blank 3
	const seen: number[] = [1, 2, 3];
	for (const b of STATISTICS_BLANKS.filter((b) => b.no >= 4)) {
		const row = sheet.getRow(b.no);
		expect(row.getCell(1).value, `blank ${b.no}`).toBe(b.no);
		expect(row.getCell(3).value, `blank ${b.no}`).toBe(b.label);
		const value = row.getCell(4).value;
		expect(filled(value), `blank ${b.no} ${b.label} is filled`).toBe(true);
		if (b.no === 20) expect(String(value)).toMatch(/^1\. .*活动名称：.+；时间：\d{4}年\d{1,2}月\d{1,2}日；地点：.+；参与服务专家 \d+ 人次，受众 \d+ 人次；服务内容：.+；服务效果：.+。/);
		else expect(value, `blank ${b.no} ${b.label}`).toBe(want.values[b.no]);
		seen.push(b.no);
	}
	expect(seen).toHaveLength(31);
}
