/**
 * The dashboard shows exactly what the domain functions compute: every figure on the page is
 * recomputed here from the raw database rows with countItems and evaluateProgress.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectedFromDatabase } from '../support/expected';
import { launchBrowser, login, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
const today = inject('today');
let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

describe('province dashboard', () => {
	it('shows for every pilot the status and counts the domain functions give', async () => {
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(page, baseURL, 'staff');
		await page.goto(`${baseURL}/province`);
		const expected = await expectedFromDatabase(databaseUrl, today);
		const rows = page.getByTestId('pilot-row');
		expect(await rows.count()).toBe(expected.size);
		for (const r of await rows.all()) {
			const name = (await r.locator('th a').textContent())!.trim();
			const shown = {
				status: await r.getAttribute('data-status'),
				actual: Object.fromEntries(
					await Promise.all(
						['服务队', '项目', '活动', '站点', '制度机制'].map(async (label, i) => [
							['teams', 'projects', 'activities', 'stations', 'mechanisms'][i],
							Number(await r.getByRole('progressbar', { name: label }).getAttribute('aria-valuenow'))
						])
					)
				)
			};
			const e = expected.get(name)!;
			expect({ name, ...shown }).toEqual({ name, status: e.status, actual: e.actual });
		}
		await page.close();
	});

	it('filters to lagging county pilots with the filters in the URL, and opens one', async () => {
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(page, baseURL, 'staff');
		await page.goto(`${baseURL}/province`);
		await page.locator('select[name="level"]').selectOption('county');
		await page.locator('select[name="status"]').selectOption('lagging');
		await Promise.all([page.waitForURL(/status=lagging/), page.getByRole('button', { name: '筛选' }).click()]);
		const url = new URL(page.url());
		expect(url.searchParams.get('level')).toBe('county');
		expect(url.searchParams.get('status')).toBe('lagging');
		const rows = page.getByTestId('pilot-row');
		const statuses = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
		expect(statuses.length).toBeGreaterThan(0);
		expect(new Set(statuses)).toEqual(new Set(['lagging']));
		await expect(rows.first().textContent()).resolves.toContain('县级');
		await page.screenshot({ path: `${SCREENSHOT_DIR}/province-filtered-desktop.png`, fullPage: true });
		// the same link, shared, shows the same view
		const again = await browser.newPage({ viewport: VIEWPORTS.phone });
		await login(again, baseURL, 'admin');
		await again.goto(page.url());
		expect(await again.getByTestId('pilot-row').count()).toBe(statuses.length);
		await again.screenshot({ path: `${SCREENSHOT_DIR}/province-filtered-phone.png`, fullPage: true });
		// a filter that matches nothing says so, not that the round has no pilots
		await again.goto(`${baseURL}/province?q=${encodeURIComponent('不存在的试点名称')}`);
		await expect(again.getByRole('cell', { name: '没有符合筛选条件的试点，可放宽或清除筛选条件。' }).count()).resolves.toBe(1);
		await again.close();
		await rows.first().locator('th a').click();
		await page.waitForURL(/\/pilots\/\d+$/);
		await page.close();
	});

	it('prints its pilot table inside A4: no heading runs past its column and no date breaks at its hyphens', async () => {
		const page = await browser.newPage({ viewport: { width: 794, height: 1123 } });
		try {
			await login(page, baseURL, 'staff');
			await page.goto(`${baseURL}/province`);
			await page.emulateMedia({ media: 'print' });
			const heads = await page.locator('section.list thead th').evaluateAll((ths) => ths.filter((th) => th.scrollWidth > th.clientWidth + 1).map((th) => th.textContent));
			expect(heads).toEqual([]);
			const broken = await page.locator('section.list .cycle .date').evaluateAll((dates) => dates.filter((d) => d.getClientRects().length > 1).map((d) => d.textContent));
			expect(broken).toEqual([]);
			expect(await page.locator('section.list .cycle .date').count()).toBeGreaterThan(0);
		} finally {
			await page.close();
		}
	});

	it('draws the pilot page: progress over time against pace, the activity calendar, recent history', async () => {
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(page, baseURL, 'leader');
		await page.goto(`${baseURL}/province?q=新乡`);
		await page.getByTestId('pilot-row').first().locator('th a').click();
		await page.waitForURL(/\/pilots\/\d+$/);
		await page.getByRole('heading', { name: '进度走势' }).waitFor();
		// the canvas has been drawn on: some pixels are not blank
		const drawn = await page.evaluate(() => {
			const c = document.querySelector('canvas') as HTMLCanvasElement;
			const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
			for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
			return false;
		});
		expect(drawn).toBe(true);
		const days = await page.locator('.calendar .day.held').count();
		expect(days).toBeGreaterThan(0);
		await page.screenshot({ path: `${SCREENSHOT_DIR}/pilot-leader-desktop.png`, fullPage: true });
		await page.setViewportSize(VIEWPORTS.phone);
		// charts resize on the next frames; the page must end up fitting the phone
		await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, null, { timeout: 5000 });
		await page.screenshot({ path: `${SCREENSHOT_DIR}/pilot-leader-phone.png`, fullPage: true });
		await page.close();
	});
});
