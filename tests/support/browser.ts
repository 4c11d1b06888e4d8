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
