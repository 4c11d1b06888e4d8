/** 核实 from end to end: staff return a station's 有标识; the editor replaces the photo; staff verify it. */
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

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');

/** Staff signed in, on 长垣市's pilot page (on track: its first station meets all six 有). */
async function staffOnChangyuan() {
	const staff = await browser.newPage({ viewport: VIEWPORTS.desktop });
	await login(staff, baseURL, 'staff');
	await staff.goto(`${baseURL}/province?q=长垣`);
	await staff.getByTestId('pilot-row').first().locator('th a').click();
	await staff.waitForURL(/\/pilots\/\d+$/);
	return staff;
}

describe('review of claims', () => {
	it('returns a station’s 有标识, sees the fix, verifies it, and the verified count goes up', async () => {
		const staff = await staffOnChangyuan();
		const pilotPath = new URL(staff.url()).pathname;
		const verifiedStations = async () => {
			await staff.goto(`${baseURL}${pilotPath}`);
			const text = await staff.locator('.dim').filter({ has: staff.getByRole('progressbar', { name: '站点' }) }).locator('.verified').textContent();
			return Number(text!.replace(/\D/g, ''));
		};
		const before = await verifiedStations();

		await staff.goto(`${baseURL}${pilotPath}/review`);
		const station = staff.getByTestId('review-item').filter({ has: staff.getByText('计入', { exact: true }) }).and(staff.locator('[data-key^="station:"]')).first();
		const key = await station.getAttribute('data-key');
		await station.locator('select[name="requirements"]').selectOption('signage');
		await station.getByLabel('退回原因（必填）').fill('标识照片看不清站点名称，请重新拍摄');
		await station.getByRole('button', { name: '退回' }).click();
		await staff.getByText('已退回，填报单位会在首页看到').waitFor();

		// the editor sees it first, replaces the photo and saves (resubmits)
		const editor = await browser.newPage({ viewport: VIEWPORTS.phone });
		await login(editor, baseURL, 'editor-410783');
		const returned = editor.getByTestId('returned-item');
		await expect(returned.first().textContent()).resolves.toContain('标识照片看不清站点名称');
		await editor.screenshot({ path: `${SCREENSHOT_DIR}/review-returned-phone.png`, fullPage: true });
		await returned.first().getByRole('link').click();
		await editor.locator('#f-signagePhoto').setInputFiles({ name: '新标识.png', mimeType: 'image/png', buffer: PNG });
		await editor.getByRole('button', { name: '保存' }).click();
		await editor.getByText('站点已保存').waitFor();

		// staff see what changed since the verdict, and verify all six
		await staff.goto(`${baseURL}${pilotPath}/review`);
		const again = staff.locator(`[data-key="${key}"]`);
		await expect(again.textContent()).resolves.toContain('已修改，待重新核实');
		await expect(again.getByText('上次核实后的修改').isVisible()).resolves.toBe(true);
		for (const label of ['有场所', '有队伍', '有项目', '有设施', '有制度', '有标识']) await again.getByLabel(label).check();
		await again.getByRole('button', { name: '核实通过所选' }).click();
		await staff.getByText('已核实', { exact: true }).first().waitFor();
		await staff.screenshot({ path: `${SCREENSHOT_DIR}/review-verified-desktop.png`, fullPage: true });
		expect(await verifiedStations()).toBe(before + 1);
		await staff.close();
		await editor.close();
	});

	it('offers no verdict on a mechanism not yet established, and says why', async () => {
		const staff = await staffOnChangyuan();
		await staff.goto(`${staff.url()}/review`);
		const mechanisms = staff.locator('[data-testid="review-item"][data-key^="mechanism:"]');
		const rows = await mechanisms.evaluateAll((items) =>
			items.map((it) => ({
				status: it.querySelector('[data-requirement="document"] dd .line')?.textContent?.replace('建立情况：', '') ?? '',
				state: it.querySelector('.state')?.textContent ?? '',
				forms: it.querySelectorAll('form').length,
				note: it.querySelector('[data-testid="nothing-to-verify"]')?.textContent ?? null
			}))
		);
		expect(rows.some((r) => r.status !== '已建立'), 'the demo pilot has mechanisms still to establish').toBe(true);
		expect(rows.some((r) => r.status === '已建立')).toBe(true);
		for (const r of rows) {
			if (r.status === '已建立') expect(r).toMatchObject({ forms: 2, note: null });
			else expect(r).toEqual({ status: r.status, state: '尚未建立', forms: 0, note: '该制度尚未建立、没有制度文件，建立后再核实。' });
		}
		await staff.close();
	});
});
