/**
 * Issue 19's journey, in the browser as the province's administrator: a small tree is built (a
 * city 支队 and a county 队 under it), a pilot's new team is attached to the 队 and its roster
 * imported, so the 队's size goes from short (滞后) to met; then activities are held, one per
 * quarter so far and one for each of the four categories, and the 队's cadence turns from red to
 * green. Runs its own server over a fresh demo database (it builds units no other file may see).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createClient, type Client } from '@libsql/client';
import ExcelJS from 'exceljs';
import { launchBrowser, login, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { sqlReader } from '../support/sql';
import { fillByName, formByKey, lastOption } from '../support/form-fields';

const today = inject('today');
const year = Number(today.slice(0, 4));
let server: RunningServer;
let baseURL = '';
let browser: Browser;
let db: Client;
let page: Page;
const ids = { corps: 0, detachment: 0, county: 0, pilot: 0, team: 0 };
const TEAM = '旅程测试农技科技志愿服务队';

const { rows } = sqlReader(() => db);
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
	server = await startServer(today);
	baseURL = server.url;
	browser = await launchBrowser();
	db = createClient({ url: server.databaseUrl });
	ids.corps = Number((await rows("select id from org_units where kind = 'corps'"))[0].id);
	// an approved pilot whose activity window (from a year before its approval to a year after it)
	// covers this whole year up to today
	const approved = await rows("select id, approval_date from pilots where lifecycle = 'approved' and approval_date is not null order by id");
	const fits = approved.find((p) => addDays(String(p.approval_date), -365) <= `${year}-01-01` && addDays(String(p.approval_date), 365) >= today);
	if (!fits) throw new Error('no approved demo pilot whose window covers this year');
	ids.pilot = Number(fits.id);
	page = await browser.newPage({ viewport: VIEWPORTS.desktop });
	await login(page, baseURL, 'admin');
}, 120_000);
afterAll(async () => {
	db?.close();
	await browser?.close();
	await server?.stop();
});

/** Submits a form and waits for its answer (scripts on: the POST's answer, then no form busy). */
async function submit(form: ReturnType<typeof formByKey>) {
	await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 20_000 }), form.locator('button[type=submit]').last().click()]);
	await expect.poll(() => page.evaluate(() => !document.querySelector('form[aria-busy="true"]')), { timeout: 20_000 }).toBe(true);
}

const unitPage = () => `${baseURL}/organisation/units/${ids.county}`;
const sizeLine = () => page.getByTestId('unit-size');
const quarterStates = async () => page.getByTestId('cadence-quarter').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));

describe('the province builds a small tree, a county 队 reaches its size and its cadence', () => {
	it('creates a city 支队 and a county 队 under it through /organisation', async () => {
		await page.goto(`${baseURL}/organisation`);
		let form = formByKey(page, 'create');
		await fillByName(form, { kind: 'city_detachment', parentId: String(ids.corps), name: '开封市科技志愿者支队（旅程测试）', divisionCode: '410200', foundedOn: `${year}-01-02` });
		await Promise.all([page.waitForURL(/\/organisation\/units\/\d+$/, { timeout: 20_000 }), form.locator('button[type=submit]').last().click()]);
		ids.detachment = Number(new URL(page.url()).pathname.split('/').pop());

		await page.goto(`${baseURL}/organisation`);
		form = formByKey(page, 'create');
		await fillByName(form, { kind: 'county_team', parentId: String(ids.detachment), name: '兰考县科技志愿者队（旅程测试）', divisionCode: '410225', foundedOn: `${year}-01-05` });
		await Promise.all([page.waitForURL(/\/organisation\/units\/\d+$/, { timeout: 20_000 }), form.locator('button[type=submit]').last().click()]);
		ids.county = Number(new URL(page.url()).pathname.split('/').pop());
		expect(ids.county).not.toBe(ids.detachment);
		// the tree shows the 队 under its 支队
		const parent = await rows('select parent_id from org_unit_parents where unit_id = ? and valid_to is null', [ids.county]);
		expect(Number(parent[0].parent_id)).toBe(ids.detachment);
		await expect(page.getByRole('navigation', { name: '上级单位' }).textContent()).resolves.toContain('开封市科技志愿者支队（旅程测试）');
	});

	it('starts short: no members, red cadence with the quarters missed', async () => {
		await page.goto(unitPage());
		await expect(sizeLine().getAttribute('class')).resolves.toContain('lagging');
		await expect(sizeLine().textContent()).resolves.toMatch(/成员 0 人，首批应达 \d+ 人/);
		const states = await quarterStates();
		if (today >= `${year}-04-01`) expect(states).toContain('missed');
		await expect(page.getByTestId('cadence-reasons').textContent()).resolves.toMatch(/尚无重点事件活动/);
		await page.screenshot({ path: `${SCREENSHOT_DIR}/organisation-journey-short-desktop.png`, fullPage: true });
	});

	it('a new team of a pilot is attached to the 队 and its roster imported: the size is met', async () => {
		// the team, made on the pilot's teams page
		await page.goto(`${baseURL}/pilots/${ids.pilot}/teams?new`);
		const teamForm = formByKey(page, 'save');
		await fillByName(teamForm, { name: TEAM, declaredMembers: '1', foundedOn: `${year}-01-06` });
		await submit(teamForm);
		ids.team = Number((await rows('select id from teams where pilot_id = ? and name = ?', [ids.pilot, TEAM]))[0].id);

		// attached to the county 队 on its page
		await page.goto(unitPage());
		const attach = formByKey(page, 'attachTeam');
		await attach.locator('select[name="teamId"]').selectOption(String(ids.team));
		await submit(attach);
		await page.getByRole('status').filter({ hasText: '服务队已挂靠到本单位' }).first().waitFor();
		await expect(page.getByTestId('unit-team-row').filter({ hasText: TEAM }).count()).resolves.toBe(1);

		// as many distinct people as the first batch asks, imported through the roster import
		const needed = Number(/首批应达 (\d+) 人/.exec((await sizeLine().textContent()) ?? '')?.[1]);
		expect(needed).toBeGreaterThan(0);
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('花名册');
		sheet.addRow(['姓名', '性别', '单位', '职务/职称', '专业特长', '联系电话']);
		for (let i = 1; i <= needed; i++) sheet.addRow([`旅程队员${i}`, i % 2 ? '男' : '女', '兰考县农业农村局', '农艺师', '农技推广', `1990001${String(i).padStart(4, '0')}`]);
		await page.goto(`${baseURL}/pilots/${ids.pilot}/import`);
		await page.locator('#f-checkRoster-teamId').selectOption(String(ids.team));
		await page.locator('#f-checkRoster-file').setInputFiles({ name: '花名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await workbook.xlsx.writeBuffer()) });
		await page.getByRole('button', { name: '校验' }).first().click();
		await page.getByRole('button', { name: `确认导入 ${needed} 行有效数据` }).click();
		await page.getByText(`已导入花名册 ${needed} 人`).first().waitFor();

		await page.goto(unitPage());
		await expect(sizeLine().getAttribute('class')).resolves.not.toContain('lagging');
		await expect(sizeLine().textContent()).resolves.toMatch(new RegExp(`成员 ${needed} 人，已达`));
		// and the 支队 above counts the same people
		await page.goto(`${baseURL}/organisation/units/${ids.detachment}`);
		await expect(sizeLine().textContent()).resolves.toContain(`成员 ${needed} 人`);
	});

	it('activities held each quarter and in the four categories turn the cadence green', async () => {
		const quarterNow = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
		// one activity per category, each in a quarter that has begun (spread over them), held by today
		const dateIn = (q: number) => {
			const start = `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`;
			const mid = addDays(start, 14);
			return mid <= today ? mid : start;
		};
		const plans: { title: string; q: number; extra: Record<string, string | string[]> }[] = [
			{ title: '重点事件：科技志愿服务集中行动', q: 0, extra: {} },
			{ title: '群众关切：义诊与健康讲座', q: Math.min(1, quarterNow), extra: { field: 'health' } },
			{ title: '重点人群：青少年科学营', q: Math.min(2, quarterNow), extra: { keyGroups: ['youth'] } },
			{ title: '助力企业：园区技术对接', q: quarterNow, extra: { setting: 'enterprise_park' } }
		];
		// a quarter before today's with no plan gets one too (e.g. today in the 4th quarter: 1, 2, 3, 4 are planned)
		for (let q = 0; q <= quarterNow; q++) if (!plans.some((p) => p.q === q)) plans.push({ title: `第${q + 1}季度例行活动`, q, extra: {} });

		for (const [i, plan] of plans.entries()) {
			await page.goto(`${baseURL}/pilots/${ids.pilot}/activities?new`);
			const form = formByKey(page, 'save');
			const keyDate: Record<string, string> = i === 0 ? { keyDate: await lastOption(form, 'keyDate') } : {};
			await fillByName(form, { title: `${plan.title}（旅程测试）`, date: dateIn(plan.q), teamIds: [String(ids.team)], volunteers: '12', experts: '2', served: '80', serviceHours: '24', ...keyDate, ...plan.extra });
			await submit(form);
			await page.getByRole('status').first().waitFor();
			const saved = await rows('select count(*) n from activities a join activity_teams t on t.activity_id = a.id where t.team_id = ?', [ids.team]);
			expect(Number(saved[0].n), `activity ${i + 1} saved`).toBe(i + 1);
		}

		await page.goto(unitPage());
		const states = await quarterStates();
		expect(states.slice(0, quarterNow + 1)).toEqual(Array(quarterNow + 1).fill('met'));
		expect(states.filter((s) => s === 'missed')).toEqual([]);
		await expect(page.getByTestId('cadence-category').evaluateAll((els) => els.map((e) => e.getAttribute('data-missing')))).resolves.toEqual(['no', 'no', 'no', 'no']);
		await expect(page.getByTestId('cadence-reasons').textContent()).resolves.toContain('活动频次达到要求');
		await page.screenshot({ path: `${SCREENSHOT_DIR}/organisation-journey-met-desktop.png`, fullPage: true });
		await page.setViewportSize(VIEWPORTS.phone);
		await page.reload();
		await page.screenshot({ path: `${SCREENSHOT_DIR}/organisation-journey-met-phone.png`, fullPage: true });
		const wide = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(wide).toBeLessThanOrEqual(VIEWPORTS.phone.width);
		await page.setViewportSize(VIEWPORTS.desktop);
	});
});
