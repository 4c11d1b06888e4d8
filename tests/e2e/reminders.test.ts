/** 督办 from end to end: staff find a lagging county pilot and remind it; its editor replies; staff close it. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, login, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser';

const baseURL = inject('baseURL');
const today = inject('today');
let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const due = new Date(Date.parse(`${today}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);

describe('督办 reminders', () => {
	it('staff remind a lagging county pilot, its editor replies, staff close it', async () => {
		// staff: filter to lagging county pilots and open 舞阳县
		const staff = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(staff, baseURL, 'staff');
		await staff.goto(`${baseURL}/province?level=county&status=lagging`);
		await staff.getByTestId('pilot-row').filter({ hasText: '舞阳县科协' }).locator('th a').click();
		await staff.waitForURL(/\/pilots\/\d+$/);
		const pilotPath = new URL(staff.url()).pathname;
		await staff.getByText('发送督办').click();
		await staff.getByLabel('督办内容').fill('请于两周内补充站点建设材料，并说明项目推进计划。');
		await staff.getByLabel('办理期限').fill(due);
		await staff.getByRole('button', { name: '发送', exact: true }).click();
		await staff.getByText('督办已发送').waitFor();
		await staff.screenshot({ path: `${SCREENSHOT_DIR}/reminder-sent-desktop.png`, fullPage: true });

		// the pilot's editor: sees it first on the home page, replies (on a phone)
		const editor = await browser.newPage({ viewport: VIEWPORTS.phone });
		await login(editor, baseURL, 'editor-411121');
		expect(new URL(editor.url()).pathname).toBe(pilotPath);
		const first = editor.locator('main section').first();
		await expect(first.textContent()).resolves.toContain('请于两周内补充站点建设材料');
		await editor.getByLabel('回复').fill('已收到，站点材料本周内上传，项目计划已修订。');
		await editor.getByRole('button', { name: '提交回复' }).click();
		await editor.getByText('回复已提交').waitFor();
		await editor.screenshot({ path: `${SCREENSHOT_DIR}/reminder-reply-phone.png`, fullPage: true });

		// staff: the dashboard says it was answered; the pilot page shows the reply; close it
		await staff.goto(`${baseURL}/province`);
		await expect(staff.getByTestId('open-reminder').filter({ hasText: '舞阳县科协' }).textContent()).resolves.toContain('已回复，待办结');
		await staff.goto(`${baseURL}${pilotPath}`);
		await expect(staff.getByTestId('reminder-reply').first().textContent()).resolves.toContain('站点材料本周内上传');
		staff.once('dialog', (d) => d.accept());
		await staff.getByRole('button', { name: '办结' }).click();
		await staff.getByText('督办已办结').waitFor();
		await expect(staff.getByText('没有待办的督办事项。').isVisible()).resolves.toBe(true);
		await staff.goto(`${baseURL}/province`);
		await expect(staff.getByTestId('open-reminder').filter({ hasText: '舞阳县科协' }).count()).resolves.toBe(0);
		await staff.screenshot({ path: `${SCREENSHOT_DIR}/reminder-closed-desktop.png` });
		await staff.close();
		await editor.close();
	});

	it('refuses a due date in the past, at the field', async () => {
		const staff = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(staff, baseURL, 'staff');
		await staff.goto(`${baseURL}/province?q=栾川`);
		await staff.getByTestId('pilot-row').first().locator('th a').click();
		await staff.waitForURL(/\/pilots\/\d+$/);
		await staff.getByText('发送督办').click();
		await staff.getByLabel('督办内容').fill('测试');
		await staff.getByLabel('办理期限').fill('2020-01-01');
		await staff.getByRole('button', { name: '发送', exact: true }).click();
		await expect(staff.locator('#f-remind-dueDate-error').textContent()).resolves.toContain('办理期限不能早于今天');
		await staff.close();
	});
});
