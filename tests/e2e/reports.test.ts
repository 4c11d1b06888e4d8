/**
 * 月报 from end to end: an editor submits the month's report (figures filled in from its data),
 * province staff return it with a comment, the editor resubmits, staff accept it — and the
 * completeness figures on the pilot's page and the dashboard move as the rules say.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createClient } from '@libsql/client';
import { launchBrowser, login, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser';
import { monthState, firstDayOf, lastDayOf } from '../../src/lib/domain/reporting';
import { cycleOf } from '../../src/lib/domain/progress';

const baseURL = inject('baseURL');
const today = inject('today');
const databaseUrl = inject('databaseUrl');
const EDITOR = 'editor-410821'; // 修武县: at risk, and has not yet sent its latest month
let browser: Browser;
const db = createClient({ url: databaseUrl });

beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	db.close();
});

const FIGURES = ['due', 'onTime', 'late', 'missing', 'open'] as const;
async function figuresOn(page: Page, testId: string) {
	const box = page.getByTestId(testId);
	const out = {} as Record<(typeof FIGURES)[number], number>;
	for (const f of FIGURES) out[f] = Number(await box.locator(`[data-figure=${f}]`).textContent());
	return out;
}

async function reportRow(pilotId: number, month: string) {
	const rs = await db.execute({ sql: 'select * from monthly_reports where pilot_id = ? and month = ?', args: [pilotId, month] });
	return rs.rows[0];
}

describe('monthly reports', () => {
	it('submit, return with a comment, resubmit, accept; completeness follows', async () => {
		const pilot = (await db.execute(`select id, approval_date from pilots where division_code = '410821'`)).rows[0];
		const pilotId = Number(pilot.id);
		const path = `${baseURL}/pilots/${pilotId}/reports`;

		const staff = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(staff, baseURL, 'staff');
		await staff.goto(`${baseURL}/province`);
		const dashboardBefore = await figuresOn(staff, 'reporting-total');

		const editor = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(editor, baseURL, EDITOR);
		// the home page tells the editor which months are owed, linked to the form
		const nudge = await editor.getByTestId('report-nudge').textContent();
		await editor.getByTestId('report-nudge').locator('a').first().click();
		await editor.waitForURL(/\/reports\?month=/);
		const before = await figuresOn(editor, 'report-completeness');
		const heading = await editor.getByRole('heading', { name: /^填报月报：/ }).textContent();
		const [, y, m] = /(\d{4})年(\d{1,2})月/.exec(heading ?? '')!;
		const month = `${y}-${m.padStart(2, '0')}`;
		expect(nudge).toContain(`${y}年${Number(m)}月`);
		expect(await reportRow(pilotId, month)).toBeUndefined();
		const stateBefore = monthState(month, undefined, today);
		const stateAfter = monthState(month, { month, firstSubmittedOn: today }, today);

		// the month's figures come from the pilot's activities held inside its cycle
		const cycle = cycleOf(String(pilot.approval_date));
		const from = [firstDayOf(month), cycle.startDate].sort()[1];
		const to = [lastDayOf(month), cycle.endDate, today].sort()[0];
		const held = await db.execute({ sql: 'select count(*) n, coalesce(sum(served), 0) s from activities where pilot_id = ? and date between ? and ?', args: [pilotId, from, to] });
		expect(Number(await editor.locator('[data-figure=activities]').textContent().then((t) => t?.match(/\d+/)?.[0]))).toBe(Number(held.rows[0].n));
		expect(Number(await editor.locator('[data-figure=served]').textContent().then((t) => t?.match(/\d+/)?.[0]))).toBe(Number(held.rows[0].s));

		// an empty narrative is refused at its field and nothing is stored
		await editor.getByRole('button', { name: '报送', exact: true }).click();
		await editor.getByText('请填写本月工作情况').waitFor();
		expect(await reportRow(pilotId, month)).toBeUndefined();

		await editor.getByLabel('本月工作情况').fill('本月组织科技志愿者深入乡村开展农技指导，完成站点制度上墙。');
		await editor.getByLabel('亮点与问题（选填）').fill('亮点：专家团队下沉到村；问题：站点标识制作滞后。');
		await editor.getByRole('button', { name: '报送', exact: true }).click();
		await editor.getByText('月报已报送，等待省科协审核').waitFor();
		const afterSubmit = await figuresOn(editor, 'report-completeness');
		const delta = (s: string, k: string) => (s === k ? 1 : 0);
		expect(afterSubmit).toEqual({
			due: before.due + (stateBefore === 'open' ? 1 : 0),
			onTime: before.onTime + delta(stateAfter, 'on_time'),
			late: before.late + delta(stateAfter, 'late'),
			missing: before.missing - delta(stateBefore, 'missing'),
			open: before.open - delta(stateBefore, 'open')
		});
		const stored = await reportRow(pilotId, month);
		expect(stored.status).toBe('submitted');
		expect(stored.first_submitted_on).toBe(today);
		expect(JSON.parse(String(stored.figures)).activities).toBe(Number(held.rows[0].n));
		await editor.screenshot({ path: `${SCREENSHOT_DIR}/report-submitted-desktop.png`, fullPage: true });

		// staff: the dashboard's figures moved as the pilot's did and list it for review; returning needs a comment
		await staff.goto(`${baseURL}/province`);
		const dashboardAfter = await figuresOn(staff, 'reporting-total');
		const change = (f: (typeof FIGURES)[number]) => afterSubmit[f] - before[f];
		expect(dashboardAfter).toEqual(Object.fromEntries(FIGURES.map((f) => [f, dashboardBefore[f] + change(f)])));
		const awaitingOfPilot = () => staff.locator(`tr[data-pilot="${pilotId}"] [data-awaiting]`).textContent({ timeout: 2000 }).then(Number);
		const awaitingBefore = await awaitingOfPilot();
		expect(awaitingBefore).toBeGreaterThan(0);
		await staff.goto(path);
		const card = staff.locator(`[data-testid=report][data-month="${month}"]`);
		await card.getByRole('button', { name: '退回修改' }).click();
		await staff.getByText('退回时请写明需要修改的地方').waitFor();
		expect((await reportRow(pilotId, month)).status).toBe('submitted');
		await card.getByLabel('审核意见（退回时必填）').fill('请补充农技指导覆盖的村和受益农户人数。');
		await card.getByRole('button', { name: '退回修改' }).click();
		await staff.getByText('月报已退回').waitFor();
		expect(await card.getByTestId('report-status').textContent()).toBe('已退回');
		await staff.screenshot({ path: `${SCREENSHOT_DIR}/report-returned-desktop.png`, fullPage: true });

		// the editor sees the comment and resubmits (on a phone); timeliness keeps the first date
		const phone = await browser.newPage({ viewport: VIEWPORTS.phone });
		await login(phone, baseURL, EDITOR);
		await phone.goto(`${path}?month=${month}`);
		await expect(phone.getByTestId('return-comment').textContent()).resolves.toContain('请补充农技指导覆盖的村');
		await expect(phone.getByLabel('本月工作情况').inputValue()).resolves.toContain('农技指导');
		await phone.getByLabel('本月工作情况').fill('本月在 6 个村开展农技指导，受益农户 120 户；完成站点制度上墙。');
		await phone.getByRole('button', { name: '重新报送' }).click();
		await phone.getByText('月报已报送，等待省科协审核').waitFor();
		expect(await figuresOn(phone, 'report-completeness')).toEqual(afterSubmit);
		const resubmitted = await reportRow(pilotId, month);
		expect(resubmitted).toMatchObject({ status: 'submitted', first_submitted_on: today });
		expect(String(resubmitted.narrative)).toContain('受益农户 120 户');
		await phone.screenshot({ path: `${SCREENSHOT_DIR}/report-resubmitted-phone.png`, fullPage: true });
		await phone.goto(`${baseURL}/pilots/${pilotId}`);
		await phone.getByRole('heading', { name: '任务进度' }).waitFor();
		expect(await phone.getByTestId('report-nudge').filter({ hasText: `${y}年${Number(m)}月` }).count()).toBe(0);

		// staff accept; the dashboard's figures moved by exactly this report
		await staff.goto(path);
		await card.getByRole('button', { name: '审核通过' }).click();
		await staff.getByText('月报已审核通过').waitFor();
		expect((await reportRow(pilotId, month)).status).toBe('accepted');
		await staff.goto(`${baseURL}/province`);
		expect(await figuresOn(staff, 'reporting-total')).toEqual(dashboardAfter);
		expect(await awaitingOfPilot()).toBe(awaitingBefore - 1);

		const audit = await db.execute({ sql: `select action from audit_log where entity_type = 'report' and entity_id = ? order by id`, args: [String(stored.id)] });
		expect(audit.rows.map((r) => r.action)).toEqual(['report.submit', 'report.return', 'report.resubmit', 'report.accept']);
		await Promise.all([editor.close(), staff.close(), phone.close()]);
	});

	it('without JavaScript, a refused 月报 stays the month that was chosen, and is stored under it', async () => {
		const EDITOR_OF_MANY = 'editor-411523'; // 汝南县: several months unsent
		const pilotId = Number((await db.execute(`select pilot_id from users where username = '${EDITOR_OF_MANY}'`)).rows[0].pilot_id);
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop, javaScriptEnabled: false });
		try {
			await login(page, baseURL, EDITOR_OF_MANY);
			await page.goto(`${baseURL}/pilots/${pilotId}/reports`);
			const months = await page.locator('form.month-pick select[name=month] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
			expect(months.length).toBeGreaterThan(1);
			const chosen = months[months.length - 1];
			const [y, m] = chosen.split('-');
			await page.goto(`${baseURL}/pilots/${pilotId}/reports?month=${chosen}`);
			const heading = () => page.getByRole('heading', { name: /^填报月报：/ }).textContent();
			expect(await heading()).toContain(`${y}年${Number(m)}月`);
			await page.getByLabel('亮点与问题（选填）').fill('亮点已写，工作情况漏填');
			await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '报送', exact: true }).click()]);
			await page.getByText('请填写本月工作情况').waitFor();
			expect(await heading(), 'the month after the refusal').toContain(`${y}年${Number(m)}月`);
			expect(await page.locator('input[type=hidden][name=month]').inputValue()).toBe(chosen);
			expect(await page.getByLabel('亮点与问题（选填）').inputValue()).toBe('亮点已写，工作情况漏填');
			expect(await reportRow(pilotId, chosen)).toBeUndefined();
			await page.getByLabel('本月工作情况').fill('本月开展科普讲座两场。');
			await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '报送', exact: true }).click()]);
			await page.getByText('月报已报送，等待省科协审核').waitFor();
			expect(await reportRow(pilotId, chosen)).toMatchObject({ status: 'submitted', narrative: '本月开展科普讲座两场。' });
			expect(await reportRow(pilotId, months[0])).toBeUndefined();
		} finally {
			await page.close();
		}
	});

	it('every report, the demo’s too, states its month of 队伍组建及注册情况, and the unit reads it under each report', async () => {
		// other files add and remove teams meanwhile: the counts themselves are checked on a database of
		// their own (integration demo.test), here that no report goes without them
		const reports = (await db.execute(`select pilot_id, month, figures from monthly_reports`)).rows;
		expect(reports.length).toBeGreaterThan(20);
		for (const r of reports) {
			const organisation = JSON.parse(String(r.figures)).organisation;
			expect(organisation, `report ${r.pilot_id} ${r.month}`).toEqual({
				unitsFormed: expect.any(Number),
				teamsFormed: expect.any(Number),
				membersAdded: expect.any(Number),
				membersRegistered: expect.any(Number)
			});
		}
		const pilot = (await db.execute(`select id from pilots where division_code = '410300'`)).rows[0];
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(page, baseURL, 'editor-410300');
		await page.goto(`${baseURL}/pilots/${pilot.id}/reports`);
		const lines = await page.getByText(/^队伍组建及注册情况：/).allTextContents();
		const sent = (await db.execute({ sql: `select month, figures from monthly_reports where pilot_id = ? order by month desc`, args: [pilot.id] })).rows;
		expect(lines).toHaveLength(sent.length);
		expect(lines.map((l) => Number(/新组建服务队 (\d+) 支/.exec(l)![1]))).toEqual(sent.map((r) => JSON.parse(String(r.figures)).organisation.teamsFormed));
		await page.close();
	});
});
