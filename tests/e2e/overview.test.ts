import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, login, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

describe('pilot overview', () => {
	it('lists the 19 demo pilots with all five statuses, in Chinese', async () => {
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(page, baseURL, 'staff');
		await page.goto(`${baseURL}/province`);
		await expect(page.title()).resolves.toContain('试点');
		const rows = page.getByTestId('pilot-row');
		await expect(rows.count()).resolves.toBe(19);
		const statuses = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
		expect(new Set(statuses)).toEqual(new Set(['complete', 'overdue', 'lagging', 'at_risk', 'on_track']));
		await expect(page.getByRole('heading', { name: '试点总览' }).isVisible()).resolves.toBe(true);
		await expect(rows.getByRole('link', { name: '洛阳市科协', exact: true }).isVisible()).resolves.toBe(true);
		await expect(page.getByText('逾期未完成').first().isVisible()).resolves.toBe(true);

		// Chinese must render as glyphs, not tofu: missing-glyph boxes look the same for every
		// character, real glyphs of two different characters do not.
		const distinct = await page.evaluate(() => {
			const draw = (ch: string) => {
				const c = document.createElement('canvas');
				c.width = c.height = 48;
				const g = c.getContext('2d')!;
				g.font = `40px ${getComputedStyle(document.body).fontFamily}`;
				g.fillText(ch, 4, 40);
				return Array.from(g.getImageData(0, 0, 48, 48).data).join(',');
			};
			return draw('科') !== draw('技') && draw('志') !== draw('愿');
		});
		expect(distinct).toBe(true);
		await page.screenshot({ path: `${SCREENSHOT_DIR}/overview-desktop.png`, fullPage: true });

		await page.setViewportSize(VIEWPORTS.phone);
		await page.screenshot({ path: `${SCREENSHOT_DIR}/overview-phone.png`, fullPage: false });
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await page.close();
	});
});
