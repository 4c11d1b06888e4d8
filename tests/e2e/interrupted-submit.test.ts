/**
 * A clerk types a long form, and its submit does not get the form's own answer: the account was
 * signed out meanwhile (退出 in another tab, or the session outlived its idle time), the
 * connection dropped, or the server failed. None of these may lead away from the form and lose
 * what was typed: the form stays, says why nothing was saved (with a sign-in in a new tab when
 * that is the reason), and the same click saves it once the cause is gone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createClient, type Client } from '@libsql/client';
import { launchBrowser, login, VIEWPORTS } from '../support/browser';
import { checkboxValues, fillByName, lastOption, png, snapshot, type FieldValue } from '../support/form-fields';
import { databaseFingerprint } from '../support/fingerprint';
import { expectSaved, submitAndWait, submitButton } from '../support/form-browser';

const baseURL = inject('baseURL');
const today = inject('today');
const databaseUrl = inject('databaseUrl');
const EDITOR = 'editor-410300'; // 洛阳市
let browser: Browser;
let db: Client;

beforeAll(async () => {
	browser = await launchBrowser();
	db = createClient({ url: databaseUrl });
});
afterAll(async () => {
	db?.close();
	await browser?.close();
});

const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

async function activityForm(page: Page, title: string): Promise<{ form: Locator; values: Record<string, FieldValue> }> {
	const home = new URL(page.url()).pathname;
	await page.goto(`${baseURL}${home}/activities?new#form`);
	const form = page.locator('#form form');
	const end = /至 (\d{4}-\d{2}-\d{2})）/.exec((await page.locator('p.hint').first().textContent()) ?? '')?.[1] ?? yesterday;
	const values: Record<string, FieldValue> = {
		title,
		date: end < yesterday ? end : yesterday,
		place: '老城区文化广场',
		kind: await lastOption(form, 'kind'),
		field: 'health',
		teamIds: (await checkboxValues(form, 'teamIds')).slice(0, 1),
		keyGroups: ['elderly'],
		volunteers: '12',
		experts: '2',
		served: '180',
		serviceHours: '6.5',
		description: '上午义诊\n下午讲座'
	};
	await fillByName(form, values);
	await form.locator('input[type=file][name=photo]').setInputFiles(png('义诊现场.png'));
	return { form, values };
}

const chosenFiles = (form: Locator) => form.locator('input[type=file][name=photo]').evaluate((el: HTMLInputElement) => [...(el.files ?? [])].map((f) => f.name));
const activityRows = async (title: string) => Number((await db.execute({ sql: 'select count(*) as n from activities where title = ?', args: [title] })).rows[0].n);

describe('a form sent after its account was signed out, with JavaScript', () => {
	let context: BrowserContext | undefined;
	afterEach(async () => {
		await context?.close();
	});

	it.each([
		['退出 in another tab', 'logout'],
		['the session idle too long', 'idle']
	] as const)('%s: keeps every field and the chosen file, writes nothing, and saves once signed in again', async (_, how) => {
		context = await browser.newContext({ viewport: VIEWPORTS.desktop });
		const page = await context.newPage();
		await login(page, baseURL, EDITOR);
		const title = `登录失效测试活动-${how}`;
		const { form, values } = await activityForm(page, title);
		const typed = await snapshot(form);
		const at = page.url();

		const other = await context.newPage();
		if (how === 'logout') {
			await other.goto(`${baseURL}/logout`);
			await Promise.all([other.waitForURL(/\/login/), other.getByRole('button', { name: '退出登录' }).click()]);
		} else {
			await db.execute({ sql: "update sessions set created_at = 0, last_verified_at = 0 where user_id = (select id from users where username = ?)", args: [EDITOR] });
		}
		const before = await databaseFingerprint(db);

		await submitAndWait(page, submitButton(form), true);
		const alert = form.getByRole('alert');
		await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toContain('登录已失效');
		expect(page.url(), 'still on the form, not led to the login page').toBe(at);
		expect(await snapshot(form), 'every field as typed').toEqual(typed);
		expect(await chosenFiles(form), 'the chosen photo').toEqual(['义诊现场.png']);
		expect(await databaseFingerprint(db), 'nothing written').toEqual(before);
		expect(await activityRows(title)).toBe(0);

		// the offered link signs in in a new tab; the same click then saves what was typed
		const signIn = form.getByRole('link', { name: '在新标签页登录' });
		expect(await signIn.getAttribute('target')).toBe('_blank');
		expect(new URL((await signIn.getAttribute('href'))!, baseURL).pathname).toBe('/login');
		await login(other, baseURL, EDITOR);
		await submitAndWait(page, submitButton(form), true);
		await expectSaved(form, '已保存');
		expect(await activityRows(title)).toBe(1);
		const [row] = (await db.execute({ sql: 'select place, volunteers, served, service_hours, description from activities where title = ?', args: [title] })).rows;
		expect({ ...row, description: String(row.description).replaceAll('\r\n', '\n') }).toEqual({ place: values.place, volunteers: 12, served: 180, service_hours: 6.5, description: values.description });
		const photos = await db.execute({ sql: "select count(*) as n from files where entity_type = 'activity' and entity_id = (select id from activities where title = ?)", args: [title] });
		expect(Number(photos.rows[0].n), 'the photo was saved with it').toBe(1);
	});
});

describe('a form sent after its account was signed out, without JavaScript', () => {
	it('leads to the login page, which says nothing was saved and then leads back to the form', async () => {
		const context = await browser.newContext({ viewport: VIEWPORTS.phone, javaScriptEnabled: false });
		try {
			const page = await context.newPage();
			await login(page, baseURL, EDITOR);
			const teams = `${new URL(page.url()).pathname}/teams`;
			await page.goto(`${baseURL}${teams}?new`);
			const form = page.locator('#form form');
			await fillByName(form, { name: '登录失效测试队', declaredMembers: '15' });
			const other = await context.newPage();
			await other.goto(`${baseURL}/logout`);
			await Promise.all([other.waitForURL(/\/login/), other.getByRole('button', { name: '退出登录' }).click()]);
			const before = await databaseFingerprint(db);

			await submitAndWait(page, submitButton(form), false);
			const at = new URL(page.url());
			expect(at.pathname).toBe('/login');
			expect(at.searchParams.get('redirectTo')).toBe(teams);
			expect(await page.getByRole('alert').textContent()).toContain('刚才提交的内容没有保存');
			expect(await databaseFingerprint(db), 'nothing written').toEqual(before);

			await page.getByLabel('用户名').fill(EDITOR);
			await page.getByLabel('密码').fill('shidiantong-demo');
			await Promise.all([page.waitForURL((u) => u.pathname === teams), page.getByRole('button', { name: '登录' }).click()]);
			// a plain visit to the login page says nothing of the kind
			await other.goto(`${baseURL}/logout`);
			await Promise.all([other.waitForURL(/\/login/), other.getByRole('button', { name: '退出登录' }).click()]);
			expect(await other.getByRole('alert').count()).toBe(0);
		} finally {
			await context.close();
		}
	});
});

describe('a form whose submit got no answer from the app, with JavaScript', () => {
	it.each([
		['the connection dropped', 'abort', '网络中断'],
		['the server failed', '500', '错误编号 0badc0de'],
		['the server refused it with its own words', '403', '您的账号没有此项权限。本次提交未保存']
	] as const)('%s: keeps every field and the chosen file, writes nothing, and the next click saves', async (_, how, words) => {
		const context = await browser.newContext({ viewport: VIEWPORTS.phone });
		try {
			const page = await context.newPage();
			await login(page, baseURL, EDITOR);
			const title = `提交中断测试活动-${how}`;
			const { form } = await activityForm(page, title);
			const typed = await snapshot(form);
			const at = page.url();
			const before = await databaseFingerprint(db);
			// the next POST only: what the network or a failing server would give
			await page.route(
				(u) => u.search.includes('/save'),
				async (route) => {
					if (how === 'abort') return route.abort('connectionreset');
					const status = Number(how);
					const error = status === 500 ? { message: '系统出错了', errorId: '0badc0de' } : { message: '您的账号没有此项权限' };
					return route.fulfill({ status, contentType: 'application/json', body: JSON.stringify({ type: 'error', error }) });
				},
				{ times: 1 }
			);
			await submitButton(form).click();
			const alert = form.getByRole('alert');
			await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toContain(words);
			expect(await alert.textContent()).toContain('填写的内容仍在本页');
			expect(page.url(), 'still on the form, not an error page').toBe(at);
			expect(await snapshot(form), 'every field as typed').toEqual(typed);
			expect(await chosenFiles(form), 'the chosen photo').toEqual(['义诊现场.png']);
			expect(await databaseFingerprint(db), 'nothing written').toEqual(before);

			await submitAndWait(page, submitButton(form), true);
			await expectSaved(form, '已保存');
			expect(await activityRows(title)).toBe(1);
		} finally {
			await context.close();
		}
	});
});
