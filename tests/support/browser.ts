/** Debian's Chromium driven by playwright-core (it cannot download a browser here). */
import { chromium, type Browser } from 'playwright-core';
import { mkdirSync } from 'node:fs';

export const SCREENSHOT_DIR = 'test-results/screenshots';

export const VIEWPORTS = {
	desktop: { width: 1440, height: 900 },
	phone: { width: 390, height: 844 }
} as const;

export async function launchBrowser(): Promise<Browser> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage'
		]
	});
}

export const DEMO_PASSWORD = 'shidiantong-demo';

/** Signs in through the real login form, as a person would. */
export async function login(page: import('playwright-core').Page, baseURL: string, username: string, password = DEMO_PASSWORD) {
	await page.goto(`${baseURL}/login`, { waitUntil: 'networkidle' });
	await page.getByLabel('用户名').fill(username);
	await page.getByLabel('密码').fill(password);
	await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.getByRole('button', { name: '登录' }).click()]);
}
