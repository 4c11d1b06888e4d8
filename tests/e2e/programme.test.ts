/** An administrator registers a unit's application, then approves it: its one-year cycle starts. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, login, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { scalar, signIn } from '../support/http';

const today = inject('today');
let browser: Browser;
// A server of its own: registering a 20th pilot must not change what other files see.
let server: RunningServer;
let baseURL = '';

beforeAll(async () => {
	server = await startServer(today);
	baseURL = server.url;
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('programme administration', () => {
	it('registers 郑州市’s application with its conditions and approves it', async () => {
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(page, baseURL, 'admin');
		await page.goto(`${baseURL}/admin/rounds`);
		await page.getByRole('link', { name: /2025年度/ }).click();
		await page.locator('#f-addPilot-divisionCode').selectOption('410100');
		await page.getByLabel(/科协领导重视/).fill('已纳入市科协年度工作要点，科普部两名专职人员负责。');
		await page.getByRole('button', { name: '登记申报' }).click();
		await page.waitForURL(/\/pilots\/\d+$/);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('郑州市科协');
		await expect(page.locator('.conditions').textContent()).resolves.toContain('科普部两名专职人员');
		await expect(page.getByText('申报中').first().isVisible()).resolves.toBe(true);

		// approving needs the approval date, refused at its field without one
		await page.locator('#f-lifecycle-to').selectOption('approved');
		await page.getByRole('button', { name: '更新阶段' }).click();
		await expect(page.locator('#f-lifecycle-approvalDate-error').textContent()).resolves.toContain('立项资助日期');
		await page.locator('#f-lifecycle-approvalDate').fill(today);
		await page.getByRole('button', { name: '更新阶段' }).click();
		await page.getByText('试点阶段已更新').waitFor();
		await page.reload();
		await expect(page.locator('.meta').textContent()).resolves.toContain(`周期 ${today} 至`);
		await page.screenshot({ path: `${SCREENSHOT_DIR}/programme-approved-desktop.png`, fullPage: true });

		// closing needs the experience summary: a document will do; then it is accepted
		await page.locator('#f-lifecycle-to').selectOption('closing');
		await page.locator('#f-lifecycle-closingFile').setInputFiles({ name: '郑州市试点经验总结.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% 试点经验总结\n%%EOF\n') });
		await page.getByRole('button', { name: '更新阶段' }).click();
		await page.getByText('试点阶段已更新').waitFor();
		await page.reload();
		const link = page.getByRole('link', { name: '下载总结文件' }).first();
		const download = await fetch(new URL((await link.getAttribute('href'))!, baseURL), { headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } });
		expect(download.headers.get('content-type')).toBe('application/pdf');
		expect(download.headers.get('content-disposition')).toContain('attachment');
		// nothing is verified yet, so accepting it needs a reason, asked for at its field
		await page.locator('#f-lifecycle-to').selectOption('accepted');
		await page.getByRole('button', { name: '更新阶段' }).click();
		await expect(page.locator('#f-lifecycle-acceptanceReason-error').textContent()).resolves.toContain('通过验收须写明理由');
		await expect(page.locator('#f-lifecycle-to').inputValue()).resolves.toBe('accepted');
		await page.locator('#f-lifecycle-acceptanceReason').fill('材料已现场核查，数量以验收组记录为准。');
		await page.getByRole('button', { name: '更新阶段' }).click();
		await page.getByText('试点阶段已更新').waitFor();
		await page.reload();
		await expect(page.locator('.title-row').first().textContent()).resolves.toContain('已验收');
		await expect(page.getByText('该试点已结束，阶段不再变化。').isVisible()).resolves.toBe(true);

		// and it appears on the dashboard with the other pilots of the round
		await page.goto(`${baseURL}/province?q=郑州`);
		await expect(page.getByTestId('pilot-row').filter({ hasText: '郑州市科协' }).textContent()).resolves.toContain('已验收');
		await page.close();
	});

	it('a 登记申报 sent twice without scripts (one form, one token) registers one pilot and answers both with it', async () => {
		const cookie = await signIn(baseURL, 'admin');
		const rounds = await (await fetch(`${baseURL}/admin/rounds`, { headers: { cookie } })).text();
		const roundPath = /href="(\/admin\/rounds\/\d+)"/.exec(rounds)![1];
		const page = await (await fetch(`${baseURL}${roundPath}`, { headers: { cookie } })).text();
		const token = /name="formToken" value="([^"]+)"/.exec(page)![1];
		const body = () => new URLSearchParams({ formKey: 'addPilot', formToken: token, divisionCode: '410200', contactName: '王重发', contactPhone: '0371-12345678' });
		const send = () => fetch(`${baseURL}${roundPath}?/addPilot`, { method: 'POST', headers: { origin: baseURL, cookie, accept: 'text/html' }, body: body(), redirect: 'manual' });
		const first = await send();
		const again = await send();
		expect(first.status).toBe(303);
		expect({ status: again.status, location: again.headers.get('location') }).toEqual({ status: 303, location: first.headers.get('location') });
		expect(await scalar(server.databaseUrl, "select count(*) from pilots where division_code = '410200'")).toBe(1);
	});

	it('names a round name already taken with the form’s other problems, on a new round and on a rename', async () => {
		const cookie = await signIn(baseURL, 'admin');
		const rounds = await (await fetch(`${baseURL}/admin/rounds`, { headers: { cookie } })).text();
		const roundPath = /href="(\/admin\/rounds\/\d+)"/.exec(rounds)![1];
		const taken = new RegExp(`href="${roundPath}"[^>]*>([^<]+)<`).exec(rounds)![1].trim();
		expect(taken).toMatch(/批次|试点/);
		// the fields a refused form marks, as a browser without scripts gets them (a page's 'save' form has no prefix)
		const errorsOf = async (path: string, key: string, body: Record<string, string>) => {
			const res = await fetch(`${baseURL}${path}`, { method: 'POST', headers: { origin: baseURL, cookie, accept: 'text/html' }, body: new URLSearchParams(body) });
			expect(res.status).toBe(400);
			return [...(await res.text()).matchAll(new RegExp(`id="f-${key === 'save' ? '' : `${key}-`}(\\w+)-error"[^>]*>([^<]+)<`, 'g'))].map((m) => m[1]).sort();
		};
		const before = await scalar(server.databaseUrl, 'select count(*) from rounds');
		expect(await errorsOf('/admin/rounds?/create', 'create', { name: taken, year: 'abc' })).toEqual(['name', 'year']);
		expect(await scalar(server.databaseUrl, 'select count(*) from rounds')).toBe(before);
		const other = await fetch(`${baseURL}/admin/rounds?/create`, { method: 'POST', headers: { origin: baseURL, cookie, accept: 'text/html' }, body: new URLSearchParams({ name: '重名测试批次', year: '2027' }), redirect: 'manual' });
		expect(other.status).toBe(303);
		const otherPage = await (await fetch(`${baseURL}${other.headers.get('location')}`, { headers: { cookie } })).text();
		const version = /name="version" value="(\d+)"/.exec(otherPage)![1];
		expect(await errorsOf(`${other.headers.get('location')}?/save`, 'save', { name: taken, version, lagOverall: 'x' })).toEqual(expect.arrayContaining(['lagOverall', 'name']));
	});
});
