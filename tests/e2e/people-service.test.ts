/**
 * Issue 18, people's service, as an editor and province staff use it (兰考县's demo roster):
 * the participants form and the certificate form round-trip with JavaScript and without (what was
 * saved shows after the save and a reload; a refused submit keeps what was typed and changes
 * nothing; a cancelled confirmation changes nothing), 志愿者人次 follows the list in the activity
 * form, the certificate prints and downloads as a PDF, and province staff find it by number.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { createClient, type Client } from '@libsql/client';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, login, VIEWPORTS } from '../support/browser';
import { databaseFingerprint } from '../support/fingerprint';
import { fillByName, formByKey, snapshot } from '../support/form-fields';
import { cancelConfirmation, submitAndWait as send } from '../support/form-browser';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
const today = inject('today');
const EDITOR = 'editor-410225'; // 兰考县
let browser: Browser;
let db: Client;
let pilotId = 0;

const q = async (sql: string, args: (string | number)[] = []) => (await db.execute({ sql, args })).rows;
const fingerprint = async () => JSON.stringify(await databaseFingerprint(db));

beforeAll(async () => {
	browser = await launchBrowser();
	db = createClient({ url: databaseUrl });
	pilotId = Number((await q("select id from pilots where division_code = '410225'"))[0].id);
});
afterAll(async () => {
	db?.close();
	await browser?.close();
});

async function open(username: string, js: boolean, path: string): Promise<Page> {
	const p = await browser.newPage({ viewport: VIEWPORTS.desktop, javaScriptEnabled: js });
	await login(p, baseURL, username);
	await p.goto(`${baseURL}${path}`, { waitUntil: 'networkidle' });
	return p;
}


/** Submits a form that will be refused: with scripts the browser refuses it without a request, so wait for the error instead. */
async function sendRefused(page: Page, button: Locator, js: boolean, error: Locator) {
	if (js) await button.click();
	else await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), button.click()]);
	await error.waitFor({ timeout: 30_000 });
}


/** Submits a form that asks first and answers 确定. */
async function confirmAndSend(page: Page, form: Locator, button: Locator, js: boolean) {
	if (js) {
		page.once('dialog', (d) => d.accept());
		await send(page, button, true);
	} else {
		const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.waitForEvent('load'), button.click()]);
		expect(response.status()).toBe(428);
		await send(page, form.getByRole('alertdialog', { name: '请确认' }).getByRole('button', { name: '确定' }), false);
	}
}

const saved = (form: Locator, text: RegExp) => expect(form.getByRole('status').filter({ hasText: text }).count()).resolves.toBeGreaterThan(0);

describe.each([true, false])('with JavaScript %s', (js) => {
	it('the participants form saves picks with their hours, keeps a refused submit, asks before removing someone, and 志愿者人次 follows', async () => {
		// a held activity with people recorded, one per run
		const [activity] = await q(
			`select a.id from activities a where a.pilot_id = ? and a.date <= ? and exists (select 1 from activity_participants p where p.activity_id = a.id) order by a.date ${js ? 'asc' : 'desc'} limit 1`,
			[pilotId, today]
		);
		const activityId = Number(activity.id);
		const page = await open(EDITOR, js, `/pilots/${pilotId}/activities/${activityId}/participants`);
		const form = formByKey(page, 'participants');
		const recorded = async () => (await q('select person_hash, hours from activity_participants where activity_id = ? order by id', [activityId])).map((r) => [String(r.person_hash), Number(r.hours)] as const);
		const before = await recorded();
		const boxes = form.locator('input[type=checkbox][name=people]');
		const unchecked: string[] = [];
		for (let i = 0; i < (await boxes.count()) && unchecked.length < 2; i++) if (!(await boxes.nth(i).isChecked())) unchecked.push((await boxes.nth(i).getAttribute('value'))!);
		expect(unchecked).toHaveLength(2);
		const [x, y] = unchecked;

		// add two people: one with hours of their own, one at the default
		await fillByName(form, { defaultHours: '2.5', people: [...before.map(([h]) => h), x, y], [`h_${x}`]: '5.5', [`h_${y}`]: '' });
		await send(page, form.locator('button[type=submit]').last(), js);
		await saved(form, /已保存参与名单/);
		const after = await recorded();
		expect(after).toEqual([...before, [x, 5.5], [y, 2.5]]);
		const [row] = await q('select volunteers, service_hours from activities where id = ?', [activityId]);
		expect(Number(row.volunteers)).toBe(after.length);
		expect(Number(row.service_hours)).toBeCloseTo(after.reduce((s, [, h]) => s + h, 0), 5);
		const shown = await snapshot(form);
		expect(shown[`people=${x}`]).toBe(true);
		expect(shown[`h_${x}`]).toBe('5.5');
		expect(shown[`h_${y}`]).toBe('2.5');
		await page.reload({ waitUntil: 'networkidle' });
		expect(await snapshot(formByKey(page, 'participants'))).toEqual(shown);
		expect(await page.getByTestId('recorded-figures').textContent()).toContain(`按签到名单 ${after.length} 人次`);

		// refused: hours that are not hours; every field keeps what was typed, twice, and nothing changes
		const unchanged = await fingerprint();
		const typed = { [`h_${x}`]: '三小时', [`h_${y}`]: '7', defaultHours: '4' };
		for (let round = 0; round < 2; round++) {
			const f = formByKey(page, 'participants');
			await fillByName(f, typed);
			const want = await snapshot(f);
			await sendRefused(page, f.locator('button[type=submit]').last(), js, page.locator(`#f-participants-h_${x}-error`));
			const g = formByKey(page, 'participants');
			await expect(g.locator(`#f-participants-h_${x}-error`).textContent()).resolves.toContain('时长须为');
			expect(await snapshot(g)).toEqual(want);
			expect(await fingerprint()).toBe(unchanged);
		}

		// removing someone asks first; 取消 changes nothing
		await page.goto(`${baseURL}/pilots/${pilotId}/activities/${activityId}/participants`, { waitUntil: 'networkidle' });
		let f = formByKey(page, 'participants');
		await f.locator(`input[type=checkbox][name=people][value="${x}"]`).setChecked(false);
		await cancelConfirmation(page, f.locator('button[type=submit]').last(), js, /将从参与名单中移除 1 人/);
		expect(await fingerprint()).toBe(unchanged);
		// and 确定 removes them
		await page.goto(`${baseURL}/pilots/${pilotId}/activities/${activityId}/participants`, { waitUntil: 'networkidle' });
		f = formByKey(page, 'participants');
		await f.locator(`input[type=checkbox][name=people][value="${x}"]`).setChecked(false);
		await confirmAndSend(page, f, f.locator('button[type=submit]').last(), js);
		expect((await recorded()).map(([h]) => h)).toEqual([...before.map(([h]) => h), y]);

		// the activity form shows 志愿者人次 by the list and keeps it when saved
		await page.goto(`${baseURL}/pilots/${pilotId}/activities?edit=${activityId}#form`, { waitUntil: 'networkidle' });
		await expect(page.getByTestId('volunteers-by-list').textContent()).resolves.toContain(`按签到名单 ${before.length + 1} 人次`);
		const activityForm = formByKey(page, 'save');
		await fillByName(activityForm, { served: '321' });
		await send(page, activityForm.locator('button[type=submit]').last(), js);
		const [kept] = await q('select volunteers, served from activities where id = ?', [activityId]);
		expect([Number(kept.volunteers), Number(kept.served)]).toEqual([before.length + 1, 321]);
		await page.close();
	}, 180_000);

	it('the certificate form refuses a blank field keeping what was typed, 取消 issues nothing, 确定 issues a numbered certificate that prints, downloads and is found by number', async () => {
		const [leader] = await q(
			`select p.person_hash, p.name from activity_participants p join activities a on a.id = p.activity_id where a.pilot_id = ? group by p.person_hash order by sum(p.hours) desc limit 1`,
			[pilotId]
		);
		const hash = String(leader.person_hash);
		const page = await open(EDITOR, js, `/pilots/${pilotId}/people/${hash}`);
		const unchanged = await fingerprint();
		const values = { periodStart: '2025-01-01', periodEnd: today, organisation: `兰考县科学技术协会${js ? '（甲）' : '（乙）'}`, principal: '测试负责人', handler: '' };
		// refused: no 经办人, twice; every field keeps what was typed
		for (let round = 0; round < 2; round++) {
			const form = formByKey(page, 'issue');
			await fillByName(form, values);
			const want = await snapshot(form);
			await sendRefused(page, form.locator('button[type=submit]'), js, page.locator('#f-issue-handler-error'));
			const g = formByKey(page, 'issue');
			await expect(g.locator('#f-issue-handler-error').textContent()).resolves.toContain('请填写经办人');
			expect(await snapshot(g)).toEqual(want);
			expect(await fingerprint()).toBe(unchanged);
		}
		let form = formByKey(page, 'issue');
		await fillByName(form, { ...values, handler: '测试经办人' });
		const typed = await snapshot(form);
		await cancelConfirmation(page, form.locator('button[type=submit]').first(), js, /出具.*志愿服务记录证明吗/);
		expect(await fingerprint()).toBe(unchanged);
		// 取消 keeps what was typed, with scripts and without
		expect(await snapshot(formByKey(page, 'issue')), 'after 取消').toEqual(typed);

		form = formByKey(page, 'issue');
		await fillByName(form, { ...values, handler: '测试经办人' });
		await confirmAndSend(page, form, form.locator('button[type=submit]'), js);
		await saved(formByKey(page, 'issue'), /已出具志愿服务记录证明，编号 豫科志证/);
		const [issued] = await q('select * from certificates where organisation = ? order by id desc', [values.organisation]);
		expect(issued).toMatchObject({ name: leader.name, principal: '测试负责人', handler: '测试经办人', period_start: '2025-01-01', period_end: today, issued_on: today });
		expect(await q('select count(*) as n from certificates where organisation = ?', [values.organisation])).toEqual([expect.objectContaining({ n: 1 })]);
		await page.reload({ waitUntil: 'networkidle' });
		await expect(page.getByTestId('certificates').textContent()).resolves.toContain(String(issued.number));

		// the print page and the PDF say the same
		await page.goto(`${baseURL}/pilots/${pilotId}/certificates/${issued.id}`, { waitUntil: 'networkidle' });
		await expect(page.getByTestId('certificate-number').textContent()).resolves.toBe(String(issued.number));
		const res = await page.request.get(`${baseURL}/pilots/${pilotId}/certificates/${issued.id}/pdf`);
		expect(res.headers()['content-type']).toBe('application/pdf');
		const dir = mkdtempSync(join(tmpdir(), 'cert-e2e-'));
		writeFileSync(join(dir, 'c.pdf'), await res.body());
		const text = execFileSync('pdftotext', [join(dir, 'c.pdf'), '-']).toString().replace(/\s+/g, '');
		expect(text).toContain(String(issued.number));
		expect(text).toContain(String(leader.name));
		if (js) {
			// printed to A4: one page, the number and the seal area on it, no menu
			await page.emulateMedia({ media: 'print' });
			const pdf = await page.pdf({ format: 'A4' });
			writeFileSync(join(dir, 'print.pdf'), pdf);
			expect(execFileSync('pdfinfo', [join(dir, 'print.pdf')]).toString()).toMatch(/Pages:\s+1\b/);
			const printed = execFileSync('pdftotext', [join(dir, 'print.pdf'), '-']).toString().replace(/\s+/g, '');
			expect(printed).toContain(String(issued.number));
			expect(printed).toContain('出具单位（盖章）');
			expect(printed).not.toContain('表格导入');
		}
		await page.close();

		// province staff find it by the number as typed from paper
		const staff = await open('staff', js, `/certificates?number=${encodeURIComponent(` ${String(issued.number).replace('〔', '[').replace('〕', ']')} `)}`);
		await expect(staff.getByTestId('lookup-name').textContent()).resolves.toBe(String(leader.name));
		await expect(staff.getByTestId('lookup-hours').textContent()).resolves.toContain(`${Number(issued.hours)} 小时`);
		await staff.goto(`${baseURL}/certificates?number=${encodeURIComponent('豫科志证〔2026〕第9998号')}`, { waitUntil: 'networkidle' });
		await expect(staff.getByTestId('lookup-missing').count()).resolves.toBe(1);
		await staff.close();
	}, 180_000);
});
