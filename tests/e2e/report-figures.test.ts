/**
 * The 月报's figures for the statistics form (004 附件3): typed, refused with a Chinese message at
 * each bad field (what was typed kept, nothing stored), saved exactly, shown on the province's
 * review card, and shown again in the form when the report comes back — with JavaScript and without.
 * And an activity marked 亮点 without its content and effect is refused at both fields.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { createClient } from '@libsql/client';
import { launchBrowser, login, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser';
import { fillByName, formByKey, snapshot } from '../support/form-fields';
import { postForm, signIn } from '../support/http';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
const EDITOR = 'editor-411282'; // 长葛市: owes its latest month and has its oldest one returned
let browser: Browser;
const db = createClient({ url: databaseUrl });
let pilotId = 0;

beforeAll(async () => {
	browser = await launchBrowser();
	pilotId = Number((await db.execute(`select id from pilots where division_code = '411282'`)).rows[0].id);
});
afterAll(async () => {
	await browser?.close();
	db.close();
});

const reportRow = async (month: string) => (await db.execute({ sql: 'select id, status, version, extras, narrative from monthly_reports where pilot_id = ? and month = ?', args: [pilotId, month] })).rows[0];

async function submit(page: Page, form: Locator, js: boolean) {
	const button = form.getByRole('button', { name: /报送/ });
	if (!js) await Promise.all([page.waitForEvent('load'), button.click()]);
	else await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 10_000 }), button.click()]);
}

for (const js of [true, false]) {
	describe(`月报 figures ${js ? 'with' : 'without'} JavaScript`, () => {
		it('refused twice keeping what was typed, saved exactly, shown to the reviewer, shown again when returned', async () => {
			const returned = (await db.execute({ sql: `select month from monthly_reports where pilot_id = ? and status = 'returned' order by month limit 1`, args: [pilotId] })).rows[0];
			const page = await browser.newPage({ viewport: VIEWPORTS.desktop, javaScriptEnabled: js });
			await login(page, baseURL, EDITOR);
			await page.goto(`${baseURL}/pilots/${pilotId}/reports`);
			// with scripts: the month still owed; without: the returned one (its form names a version)
			const months = await page.locator('select[name=month] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
			const month = js ? months.find((m) => m !== returned?.month)! : String(returned.month);
			expect(month, 'a month to write').toBeTruthy();
			await page.goto(`${baseURL}/pilots/${pilotId}/reports?month=${month}`);
			const before = await reportRow(month);
			const form = formByKey(page, 'submit');

			const bad = { narrative: '', mobileMuseumTours: '2', mobileMuseumCovered: 'yes', caravanTours: '1', caravanCovered: 'no', ruralTrainings: '3', ruralTrainees: '-3', farmerContest: '1.5', provincialContest: '二十', infoOfficers: '9', articlesShared: '45' };
			await fillByName(form, bad);
			const typedBad = await snapshot(form);
			for (let round = 1; round <= 2; round++) {
				await submit(page, form, js);
				await form.locator('[aria-invalid="true"][name="ruralTrainees"]').waitFor({ timeout: 10_000 });
				const errors = await form.locator('.field-error').allTextContents();
				expect(errors).toEqual(
					expect.arrayContaining(['请填写本月工作情况', '农村重点人群科学素质培训（人次）须为不小于 0 的整数', '参加全国农民科学素质网络知识竞赛（人次）须为不小于 0 的整数', '参加全省科学素质网络大赛（人次）须为不小于 0 的整数'])
				);
				expect(await snapshot(form), `after refused submit ${round}`).toEqual(typedBad);
				expect(await reportRow(month), 'nothing stored').toEqual(before);
			}

			const good = { ...bad, narrative: `本月开展流动科技馆巡展和农村科学素质培训（${js ? '有' : '无'}脚本）。`, ruralTrainees: '140', farmerContest: '0', provincialContest: '21', caravanCovered: 'yes' };
			await fillByName(form, good);
			const typed = await snapshot(form);
			await submit(page, form, js);
			await page.getByText('月报已报送，等待省科协审核').waitFor();
			const stored = await reportRow(month);
			expect(stored.status).toBe('submitted');
			expect(JSON.parse(String(stored.extras))).toEqual({
				mobileMuseumTours: 2,
				caravanTours: 1,
				ruralTrainings: 3,
				ruralTrainees: 140,
				farmerContest: 0,
				provincialContest: 21,
				infoOfficers: 9,
				articlesShared: 45,
				mobileMuseumCovered: true,
				caravanCovered: true
			});

			// the province reviews the report with its figures in view, and returns it
			const staff = await browser.newPage({ viewport: VIEWPORTS.desktop });
			await login(staff, baseURL, 'staff');
			await staff.goto(`${baseURL}/pilots/${pilotId}/reports`);
			const card = staff.locator(`[data-testid=report][data-month="${month}"]`);
			const shown = (await card.getByTestId('report-extras-shown').textContent())!.replace(/\s+/g, ' ');
			for (const part of ['流动科技馆巡展 2 次（全县基本覆盖：是）', '科普大篷车巡展 1 次（全县基本覆盖：是）', '农村重点人群科学素质培训 3 次、140 人次', '参加全国农民科学素质网络知识竞赛 0 人次', '参加全省科学素质网络大赛 21 人次', '科普中国信息员 9 人，分享文章 45 篇']) {
				expect(shown).toContain(part);
			}
			if (js) await staff.screenshot({ path: `${SCREENSHOT_DIR}/report-figures-review-desktop.png`, fullPage: true });
			await staff.close();
			const returnIt = new URLSearchParams({ reportId: String(stored.id), version: String(stored.version), decision: 'return', comment: '请核对培训人次。' });
			expect((await postForm(baseURL, `/pilots/${pilotId}/reports?/review`, await signIn(baseURL, 'staff'), returnIt)).status).toBe(200);

			// back in the editor's form: every field shows what is stored, after a reload too
			await page.goto(`${baseURL}/pilots/${pilotId}/reports?month=${month}`);
			expect(await snapshot(formByKey(page, 'submit')), 'reopened').toEqual(typed);
			await page.reload();
			expect(await snapshot(formByKey(page, 'submit')), 'reloaded').toEqual(typed);
			await page.close();
		});

		it('an activity marked 亮点 without content and effect is refused at both fields, keeping what was typed', async () => {
			const page = await browser.newPage({ viewport: VIEWPORTS.desktop, javaScriptEnabled: js });
			await login(page, baseURL, EDITOR);
			await page.goto(`${baseURL}/pilots/${pilotId}/activities?new`);
			const form = page.locator('#form form');
			const count = async () => Number((await db.execute({ sql: 'select count(*) n from activities where pilot_id = ?', args: [pilotId] })).rows[0].n);
			const before = await count();
			await fillByName(form, { title: `亮点缺项测试${js ? 'J' : 'N'}`, date: (await db.execute({ sql: 'select approval_date from pilots where id = ?', args: [pilotId] })).rows[0][0] as string, highlight: true });
			const typed = await snapshot(form);
			const button = form.locator('button[type=submit]').last();
			if (js) await button.click();
			else await Promise.all([page.waitForEvent('load'), button.click()]);
			await form.locator('[aria-invalid="true"][name="highlightEffect"]').waitFor({ timeout: 10_000 });
			const errors = await form.locator('.field-error').allTextContents();
			expect(errors).toEqual(expect.arrayContaining(['亮点活动请填写活动简介（服务内容）', '亮点活动请填写服务效果']));
			expect(await snapshot(form)).toEqual(typed);
			expect(await count()).toBe(before);
			await page.close();
		});
	});
}
