/**
 * What someone chooses before the page's scripts have arrived survives hydration: Svelte keeps
 * typed input values itself, but a bound select is set back to its state at mount, so a slow
 * connection used to undo a choice silently (Select.svelte adopts it instead).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, login, VIEWPORTS } from '../support/browser';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

describe('choices made before hydration', () => {
	it('keeps a select option and a typed name chosen while the scripts were held back', async () => {
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(page, baseURL, 'editor-410300');
		const pilot = new URL(page.url()).pathname;

		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/_app/immutable/**', async (route) => {
			await held;
			await route.continue();
		});
		await page.goto(`${baseURL}${pilot}/activities?new`, { waitUntil: 'commit' });
		const kind = page.locator('#f-kind');
		await kind.waitFor();
		// nothing has hydrated yet: the binding has not marked the select
		expect(await kind.evaluate((el) => '__value' in el)).toBe(false);

		const served = await kind.inputValue();
		const options = await kind.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
		const chosen = options.find((v) => v && v !== served)!;
		await kind.selectOption(chosen);
		await page.locator('#f-title').fill('水合前填写的活动');

		release();
		await page.waitForFunction(() => {
			const el = document.querySelector('#f-kind');
			return !!el && '__value' in el;
		});
		expect(await kind.inputValue()).toBe(chosen);
		expect(await page.locator('#f-title').inputValue()).toBe('水合前填写的活动');
		await page.close();
	});
});
