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

const HOMES: [string, RegExp, string][] = [
	['admin', /^\/province$/, '试点总览'],
	['staff', /^\/province$/, '试点总览'],
	['leader', /^\/summary$/, '领导看板'],
	['editor-410300', /^\/pilots\/\d+$/, '洛阳市科协'],
	['editor-410225', /^\/pilots\/\d+$/, '兰考县科协']
];

describe('login', () => {
	it('shows the demo accounts on the login page of a demo database', async () => {
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await page.goto(`${baseURL}/login`);
		await expect(page.getByRole('heading', { name: '演示账号' }).isVisible()).resolves.toBe(true);
		await expect(page.getByRole('button', { name: 'editor-410300' }).isVisible()).resolves.toBe(true);
		await page.screenshot({ path: `${SCREENSHOT_DIR}/login-desktop.png`, fullPage: true });
		await page.setViewportSize(VIEWPORTS.phone);
		await page.screenshot({ path: `${SCREENSHOT_DIR}/login-phone.png`, fullPage: true });
		await page.close();
	});

	for (const [username, home, heading] of HOMES) {
		it(`lands ${username} on their own home`, async () => {
			const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
			await login(page, baseURL, username);
			expect(new URL(page.url()).pathname).toMatch(home);
			await expect(page.getByRole('heading', { level: 1 }).first().textContent()).resolves.toContain(heading);
			await page.screenshot({ path: `${SCREENSHOT_DIR}/home-${username}-desktop.png`, fullPage: true });
			await page.setViewportSize(VIEWPORTS.phone);
			await page.screenshot({ path: `${SCREENSHOT_DIR}/home-${username}-phone.png`, fullPage: true });
			await page.close();
		});
	}

	it('keeps what was typed before the page finished loading its scripts', async () => {
		const page = await browser.newPage();
		// Hold the scripts back, as a slow phone connection would.
		await page.route('**/_app/immutable/**', async (route) => {
			await new Promise((r) => setTimeout(r, 800));
			await route.continue();
		});
		await page.goto(`${baseURL}/login`, { waitUntil: 'domcontentloaded' });
		await page.getByLabel('用户名').fill('leader');
		await page.getByLabel('密码').fill('shidiantong-demo');
		await page.waitForLoadState('networkidle');
		await expect(page.getByLabel('用户名').inputValue()).resolves.toBe('leader');
		await Promise.all([page.waitForURL(/\/summary$/), page.getByRole('button', { name: '登录' }).click()]);
		await page.close();
	});

	it('says only "用户名或密码错误" for a wrong password and for an unknown account', async () => {
		const page = await browser.newPage();
		for (const [user, pw] of [
			['leader', 'not-the-password'],
			['no-such-user', 'not-the-password']
		]) {
			await page.goto(`${baseURL}/login`, { waitUntil: 'networkidle' });
			await page.getByLabel('用户名').fill(user);
			await page.getByLabel('密码').fill(pw);
			await page.getByRole('button', { name: '登录' }).click();
			await expect(page.getByRole('alert').textContent()).resolves.toContain('用户名或密码错误');
			await expect(page.getByLabel('用户名').inputValue()).resolves.toBe(user);
		}
		await page.close();
	});

	it('logs out with a POST and the old session no longer works', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await login(page, baseURL, 'leader');
		const cookie = (await context.cookies()).find((c) => c.name === 'session');
		expect(cookie?.value).toMatch(/^[a-z2-7]{39}\.[a-z2-7]{39}$/);
		expect(cookie?.httpOnly).toBe(true);
		expect(cookie?.sameSite).toBe('Lax');
		await Promise.all([page.waitForURL(/\/login/), page.getByRole('button', { name: '退出' }).click()]);
		const replay = await fetch(`${baseURL}/summary`, { headers: { cookie: `session=${cookie!.value}` }, redirect: 'manual' });
		expect(replay.status).toBe(303);
		expect(replay.headers.get('location')).toMatch(/^\/login/);
		await context.close();
	});
});
