import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { launchBrowser, login, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser';

const baseURL = inject('baseURL');
const today = inject('today');
let browser: Browser;
let page: Page;
let home = '';

beforeAll(async () => {
	browser = await launchBrowser();
	page = await browser.newPage({ viewport: VIEWPORTS.desktop });
	// 西平县 (at_risk): a county pilot with one counted team of two, one station lacking 有标识.
	await login(page, baseURL, 'editor-411721');
	home = new URL(page.url()).pathname;
});
afterAll(async () => {
	await browser?.close();
});

/** The "actual" figure of one dimension's progress bar on the pilot's home page. */
async function actual(label: string): Promise<number> {
	await page.goto(`${baseURL}${home}`);
	const text = await page.getByRole('progressbar', { name: label }).getAttribute('aria-valuenow');
	return Number(text);
}

describe('a county editor records progress', () => {
	it('adds a registered team of 25 and sees teams go up', async () => {
		const before = await actual('服务队');
		await page.goto(`${baseURL}${home}/teams?new`);
		await page.getByLabel('服务队名称').fill('西平县农技推广科技志愿服务队');
		await page.getByLabel('队员人数').fill('25');
		await page.getByLabel('已在“大美志愿”小程序注册').check();
		await page.getByLabel('大美志愿注册编号').fill('DMZY20250001');
		await page.getByRole('button', { name: '保存' }).click();
		await expect(page.getByRole('status').textContent()).resolves.toContain('服务队已保存');
		await page.screenshot({ path: `${SCREENSHOT_DIR}/entry-teams-desktop.png`, fullPage: true });
		expect(await actual('服务队')).toBe(before + 1);
	});

	it('refuses bad input at the field and keeps what was typed, in the browser and on the server', async () => {
		let posts = 0;
		page.on('request', (r) => {
			if (r.method() === 'POST') posts++;
		});
		await page.goto(`${baseURL}${home}/teams?new`);
		await page.getByLabel('服务队名称').fill('<script>alert(1)</script>队');
		await page.getByLabel('队员人数').fill('-3');
		await page.getByRole('button', { name: '保存' }).click();
		await expect(page.locator('#f-declaredMembers-error').textContent()).resolves.toContain('整数');
		await expect(page.getByLabel('服务队名称').inputValue()).resolves.toBe('<script>alert(1)</script>队');
		expect(posts).toBe(0); // the shared schema caught it before the round trip
		page.removeAllListeners('request');

		// Without JavaScript the server answers with the same message at the same field.
		const context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.phone });
		const noJs = await context.newPage();
		await login(noJs, baseURL, 'editor-411721');
		await noJs.goto(`${baseURL}${home}/teams?new`);
		await noJs.getByLabel('服务队名称').fill('无脚本测试队');
		await noJs.getByLabel('队员人数').fill('-3');
		await Promise.all([noJs.waitForLoadState(), noJs.getByRole('button', { name: '保存' }).click()]);
		await expect(noJs.locator('#f-declaredMembers-error').textContent()).resolves.toContain('整数');
		await expect(noJs.getByLabel('服务队名称').inputValue()).resolves.toBe('无脚本测试队');
		await noJs.screenshot({ path: `${SCREENSHOT_DIR}/entry-team-error-nojs-phone.png`, fullPage: true });
		await context.close();
	});

	it('adds a past activity to a project without one and sees activities and projects go up', async () => {
		const activities = await actual('活动');
		const projects = await actual('项目');
		// a new project first: it does not count until one of its activities is held
		await page.goto(`${baseURL}${home}/projects?new`);
		await page.getByLabel('项目名称').fill('西平县小麦高产技术服务');
		await page.getByRole('button', { name: '保存' }).click();
		await expect(page.getByRole('status').textContent()).resolves.toContain('项目已保存');
		expect(await actual('项目')).toBe(projects);

		await page.goto(`${baseURL}${home}/activities?new`);
		await page.getByLabel('活动名称').fill('小麦条锈病防治田间课堂');
		const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
		await page.getByLabel('活动日期').fill(yesterday);
		await page.getByLabel('所属项目').selectOption({ label: '西平县小麦高产技术服务' });
		await page.getByLabel('志愿者（人次）').fill('12');
		await page.getByLabel('专家（人次）').fill('3');
		await page.getByLabel('服务群众（人次）').fill('160');
		await page.getByLabel('服务时长（小时）').fill('36');
		await page.getByLabel('农村妇女').check();
		await page.getByRole('button', { name: '保存' }).click();
		await expect(page.getByRole('status').textContent()).resolves.toContain('活动已保存');
		await page.screenshot({ path: `${SCREENSHOT_DIR}/entry-activities-desktop.png`, fullPage: true });
		expect(await actual('活动')).toBe(activities + 1);
		expect(await actual('项目')).toBe(projects + 1);
	});

	it('fixes a station’s missing 有标识 and sees stations go up', async () => {
		const before = await actual('站点');
		await page.goto(`${baseURL}${home}/stations`);
		const row = page.getByTestId('station-row').filter({ hasText: '缺：有标识' }).first();
		await row.getByRole('link', { name: '编辑' }).click();
		await page.locator('legend').filter({ hasText: '有标识' }).getByRole('checkbox').check();
		await page.locator('#f-signageNote').fill('门口已悬挂统一标识牌');
		await page.getByRole('button', { name: '保存' }).click();
		await expect(page.getByRole('status').textContent()).resolves.toContain('站点已保存');
		await page.screenshot({ path: `${SCREENSHOT_DIR}/entry-stations-desktop.png`, fullPage: true });
		expect(await actual('站点')).toBe(before + 1);
		await page.setViewportSize(VIEWPORTS.phone);
		await page.goto(`${baseURL}${home}/stations`);
		await page.screenshot({ path: `${SCREENSHOT_DIR}/entry-stations-phone.png`, fullPage: true });
		await page.setViewportSize(VIEWPORTS.desktop);
	});

	it('establishes a mechanism with its document', async () => {
		const before = await actual('制度机制');
		await page.goto(`${baseURL}${home}/mechanisms`);
		const card = page.getByTestId('mechanism-row').filter({ has: page.getByText('未计入', { exact: true }) }).first();
		await card.getByLabel('建立情况').selectOption('established');
		await card.getByLabel('制度文件（名称或文号）').fill('西科协〔2026〕5号');
		await card.getByRole('button', { name: '保存' }).click();
		await expect(page.getByRole('status').first().textContent()).resolves.toContain('已保存');
		await page.screenshot({ path: `${SCREENSHOT_DIR}/entry-mechanisms-desktop.png`, fullPage: true });
		expect(await actual('制度机制')).toBe(before + 1);
	});

	it('imports a roster with two bad rows, sees exactly those rows reported, then the rest imported', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('花名册');
		sheet.addRow(['姓名', '性别', '单位', '职务/职称', '专业特长', '联系电话']);
		for (let i = 1; i <= 30; i++) sheet.addRow([`队员${i}`, i % 2 ? '男' : '女', '西平县人民医院', '主治医师', '全科医学', `1990000${String(i).padStart(4, '0')}`]);
		sheet.getRow(6).getCell(1).value = ''; // row 6: no name
		sheet.getRow(12).getCell(6).value = '12345'; // row 12: not a phone number
		const bytes = Buffer.from(await workbook.xlsx.writeBuffer());

		await page.goto(`${baseURL}${home}/import`);
		await page.locator('#f-checkRoster-teamId').selectOption({ label: '西平县农技推广科技志愿服务队（现 25 人）' });
		await page.locator('#f-checkRoster-file').setInputFiles({ name: '花名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
		await page.getByRole('button', { name: '校验' }).first().click();
		const problems = page.getByTestId('import-problem');
		await problems.first().waitFor();
		const rows = await problems.locator('td:first-child').allTextContents();
		expect(rows).toEqual(['第 6 行', '第 12 行']);
		await expect(problems.nth(0).textContent()).resolves.toContain('姓名');
		await expect(problems.nth(1).textContent()).resolves.toContain('联系电话');
		await page.screenshot({ path: `${SCREENSHOT_DIR}/import-report-desktop.png`, fullPage: true });

		await page.getByRole('button', { name: '确认导入 28 行有效数据' }).click();
		await page.getByText('已导入花名册 28 人，跳过 2 行有问题的数据').waitFor();
		await page.goto(`${baseURL}${home}/teams`);
		const team = page.getByTestId('team-row').filter({ hasText: '农技推广' });
		await expect(team.locator('td').nth(1).textContent()).resolves.toContain('28');
	});
});
