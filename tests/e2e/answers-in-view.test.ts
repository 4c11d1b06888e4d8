/**
 * Issue 14: the answer to a submit is brought into view and announced. On a phone after saving
 * an activity, and on a desktop after 审核通过 far down the 月报 page, the message is inside the
 * viewport and sits in a live region; a refusal brings its summary and the first field in error
 * into view too.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, login, VIEWPORTS } from '../support/browser';

const baseURL = inject('baseURL');
const today = inject('today');
let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** Inside the viewport and below the sticky top bar, so a person actually sees it (the page scrolls it there once its new data is laid out, so tests poll). */
async function inView(page: Page, target: Locator): Promise<boolean> {
	const box = await target.boundingBox();
	const bar = await page.locator('header.top').boundingBox();
	const viewport = page.viewportSize()!;
	const top = bar ? bar.y + bar.height : 0;
	return !!box && box.y >= top - 1 && box.y + box.height <= viewport.height;
}

const live = (notice: Locator) => notice.locator('xpath=ancestor::*[@aria-live][1]');

describe('the answer to a submit is seen', () => {
	// On a loaded machine the browser may draw frames before running timers; SvelteKit's focus
	// reset puts the scroll back in a timer, so that order is forced once here.
	it.each([
		['', false],
		[', when frames come before timers', true]
	])('on a phone, saving an activity shows its message in view, in a live region%s', async (_, framesFirst) => {
		const page = await browser.newPage({ viewport: VIEWPORTS.phone });
		if (framesFirst)
			await page.addInitScript(() => {
				window.requestAnimationFrame = (draw) => {
					queueMicrotask(() => draw(performance.now()));
					return 0;
				};
			});
		await login(page, baseURL, 'editor-410300');
		const pilot = new URL(page.url()).pathname;
		await page.goto(`${baseURL}${pilot}/activities?new#form`);
		const cycleEnd = (await page.locator('p.hint').first().textContent())!.match(/至 (\d{4}-\d{2}-\d{2})/)?.[1] ?? today;
		await page.getByLabel('活动名称').fill('视野测试活动');
		await page.getByLabel('活动日期').fill([today, cycleEnd].sort()[0]);
		await page.getByLabel('志愿者（人次）').fill('8');
		await page.getByRole('button', { name: '保存' }).click();
		const notice = page.getByText('活动已保存');
		await notice.waitFor();
		await expect.poll(() => inView(page, notice), { timeout: 5_000 }).toBe(true);
		expect(await live(notice).count()).toBe(1);

		// a refusal: its summary and the field in error come into view
		await page.getByLabel('志愿者（人次）').fill('十五');
		await page.getByRole('button', { name: '保存' }).click();
		const error = page.locator('#f-volunteers-error');
		await error.waitFor();
		await expect.poll(() => inView(page, page.locator('[role="alert"]').first()), { timeout: 5_000 }).toBe(true);
		await page.close();
	});

	it('on a desktop, accepting a monthly report far down the page shows its message in view', async () => {
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(page, baseURL, 'staff');
		await page.goto(`${baseURL}/province`);
		// a pilot with a report waiting for review
		const reports = page.locator('a[href*="/reports"]');
		const href = (await reports.count()) ? await reports.first().getAttribute('href') : null;
		if (!href) throw new Error('the demo has no report waiting for review');
		await page.goto(new URL(href, baseURL).href);
		const accept = page.getByRole('button', { name: '审核通过' }).last();
		await accept.scrollIntoViewIfNeeded();
		await accept.click();
		const notice = page.getByText('月报已审核通过');
		await notice.waitFor();
		await expect.poll(() => inView(page, notice), { timeout: 5_000 }).toBe(true);
		expect(await live(notice).count()).toBe(1);
		await page.close();
	});
});
