/**
 * Issue 21, what the pilot scheme (003) asks beyond the five counted dimensions: an activity's
 * photo and 签到表 shown in 核实; publicity that counts once sent (报送) on the pilot page, the
 * dashboard and the summary; 已验收 on verified counts needing a reason; the publicity and culture
 * forms round-tripped with JavaScript on and off; cancelled deletes; another pilot's editor.
 *
 * A server of its own: it moves a pilot to 已验收 and adds records no other file may see.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { createClient, type Client } from '@libsql/client';
import { launchBrowser, login, VIEWPORTS } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { postForm, signIn } from '../support/http';
import { databaseFingerprint } from '../support/fingerprint';
import { fillByName, formByKey, PNG_1x1, snapshot, type FieldValue } from '../support/form-fields';
import { addDays } from '../../src/lib/domain/dates';
import { submitAndWait as send } from '../support/form-browser';
import { sqlReader } from '../support/sql';

// browser journeys on a shared two-core machine: room for a slow minute
vi.setConfig({ testTimeout: 240_000 });

const today = inject('today');
let server: RunningServer;
let baseURL = '';
let browser: Browser;
let db: Client;
/** 兰考县: its cycle has ended, nothing of it is verified. */
const P = { id: 0, approvalDate: '', editor: 'editor-410225' };
/** 新乡市: another pilot, whose editor must see 兰考 as a pilot that does not exist. */
const OTHER_EDITOR = 'editor-410700';

beforeAll(async () => {
	server = await startServer(today);
	baseURL = server.url;
	browser = await launchBrowser();
	db = createClient({ url: server.databaseUrl });
	const row = (await db.execute("select id, approval_date from pilots where division_code = '410225'")).rows[0];
	P.id = Number(row.id);
	P.approvalDate = String(row.approval_date);
}, 120_000);
afterAll(async () => {
	db?.close();
	await browser?.close();
	await server?.stop();
});

const count = async (sql: string, args: (string | number)[] = []) => Number((await db.execute({ sql, args })).rows[0][0]);
const fp = () => databaseFingerprint(db);
const PDF = new TextEncoder().encode('%PDF-1.4\n% a sign-in sheet\n%%EOF\n');

async function open(username: string, js = true): Promise<Page> {
	const page = await browser.newPage({ viewport: VIEWPORTS.desktop, javaScriptEnabled: js });
	await login(page, baseURL, username);
	return page;
}


/** A submit the form refuses: with scripts the browser refuses it before any POST, without them the server answers. */
async function sendRefused(page: Page, form: Locator, field: string, js: boolean) {
	if (js) await form.locator('button[type=submit]').click();
	else await Promise.all([page.waitForEvent('load', { timeout: 20_000 }), form.locator('button[type=submit]').click()]);
	await form.locator(`[aria-invalid="true"][name="${field}"]`).first().waitFor({ timeout: 20_000 });
}

const { one: rowOf } = sqlReader(() => db);

describe('activity evidence', () => {
	it('an activity saved with a photo and a 签到表 shows both beside it in 核实', async () => {
		const cookie = await signIn(baseURL, P.editor);
		const body = new FormData();
		for (const [k, v] of Object.entries({ title: '麦田课堂现场教学', date: addDays(P.approvalDate, 30), place: '东坝头乡', projectId: '', keyDate: '', kind: 'agri_service', field: 'industry', volunteers: '6', experts: '2', served: '80', serviceHours: '12', description: '' })) body.set(k, v);
		body.set('photo', new File([PNG_1x1], '麦田现场.png', { type: 'image/png' }));
		body.set('signin', new File([PDF], '麦田签到表.pdf', { type: 'application/pdf' }));
		const saved = await postForm(baseURL, `/pilots/${P.id}/activities?/save`, cookie, body);
		expect(saved.status).toBe(200);
		const activityId = await count("select id from activities where pilot_id = ? and title = '麦田课堂现场教学'", [P.id]);
		expect(await count("select count(*) from files where entity_type = 'activity' and entity_id = ? and purpose in ('photo', 'signin')", [activityId])).toBe(2);

		const page = await open('staff');
		await page.goto(`${baseURL}/pilots/${P.id}/review`);
		const item = page.locator(`[data-key="activity:${activityId}"]`);
		await expect(item.textContent()).resolves.toContain('照片 1 张 · 签到表 1 份');
		await expect(item.locator('img[alt="活动照片：麦田现场.png"]').count()).resolves.toBe(1);
		await expect(item.getByRole('link', { name: '签到表：麦田签到表.pdf' }).count()).resolves.toBe(1);
		// the photo opens for a reader of the pilot, as the image it is
		const href = await item.locator('img').first().getAttribute('src');
		const res = await page.request.get(`${baseURL}${href}`);
		expect(res.headers()['content-type']).toBe('image/png');
		await page.close();
	});

	it('refuses a 签到表 whose bytes are not what its name says, and changes nothing', async () => {
		const cookie = await signIn(baseURL, P.editor);
		const id = await count("select id from activities where pilot_id = ? and title = '麦田课堂现场教学'", [P.id]);
		const version = await count('select version from activities where id = ?', [id]);
		const body = new FormData();
		for (const [k, v] of Object.entries({ id: String(id), version: String(version), title: '麦田课堂现场教学', date: addDays(P.approvalDate, 30), kind: 'agri_service', field: 'industry', volunteers: '6', experts: '2', served: '80', serviceHours: '12' })) body.set(k, v);
		body.set('signin', new File([new TextEncoder().encode('MZ not a pdf')], '签到表.pdf', { type: 'application/pdf' }));
		const before = await fp();
		const refused = await postForm(baseURL, `/pilots/${P.id}/activities?/save`, cookie, body);
		expect(refused.status).toBe(400);
		expect(refused.text).toContain('所选文件的内容不是这些格式');
		// a refused submit may keep its (accepted) files for a day; none was accepted here
		expect(await fp()).toEqual(before);
	});
});

describe('publicity', () => {
	async function mediaFigures() {
		const page = await open('staff');
		await page.goto(`${baseURL}/pilots/${P.id}`);
		const pilotPage = Number(await page.getByTestId('media-reported').locator('strong').textContent());
		await page.goto(`${baseURL}/province`);
		const column = Number(await page.locator('tr', { hasText: '兰考县科协' }).getByTestId('media-reported').textContent());
		await page.goto(`${baseURL}/summary`);
		const tile = Number((await page.locator('[data-kpi="mediaReported"] [data-value]').textContent())!.replace(/,/g, ''));
		await page.close();
		return { pilotPage, column, tile };
	}

	it('a media report counts only after 报送: pilot page, dashboard column and summary tile', async () => {
		const before = await mediaFigures();
		const stored = await count("select count(*) from publicity where pilot_id = ? and kind = 'media' and status != 'draft'", [P.id]);
		expect(before.pilotPage).toBe(stored);
		expect(before.column).toBe(stored);
		// the summary's tile: every sent media report of the latest round's pilots
		const roundStored = await count(
			"select count(*) from publicity where kind = 'media' and status != 'draft' and pilot_id in (select id from pilots where round_id = (select id from rounds order by year desc, id desc limit 1))"
		);
		expect(before.tile).toBe(roundStored);

		const cookie = await signIn(baseURL, P.editor);
		const made = await postForm(baseURL, `/pilots/${P.id}/publicity?/save`, cookie, new URLSearchParams({ kind: 'media', title: '兰考：科技小院里的志愿者', date: addDays(P.approvalDate, 60), outlet: '河南日报', link: 'https://example.org/henan/1', note: '' }));
		expect(made.status).toBe(200);
		const id = await count("select id from publicity where title = '兰考：科技小院里的志愿者'");
		expect(await mediaFigures(), 'a draft counts nowhere').toEqual(before);

		// 报送 asks first (it cannot be taken back): unanswered or cancelled, nothing is sent
		const asked = await postForm(baseURL, `/pilots/${P.id}/publicity?/report`, cookie, new URLSearchParams({ id: String(id) }));
		expect(asked.status).toBe(428);
		expect(asked.text).toContain('确定将“兰考：科技小院里的志愿者”报送省科协吗？报送后不能再修改或删除。');
		const cancelled = await postForm(baseURL, `/pilots/${P.id}/publicity?/report`, cookie, new URLSearchParams({ id: String(id), cancelled: 'yes' }));
		expect(cancelled.text).toContain('已取消，未作任何修改');
		expect((await db.execute({ sql: 'select status from publicity where id = ?', args: [id] })).rows[0].status).toBe('draft');
		expect(await mediaFigures(), 'asked and cancelled: still a draft').toEqual(before);
		const sent = await postForm(baseURL, `/pilots/${P.id}/publicity?/report`, cookie, new URLSearchParams({ id: String(id), confirmed: 'yes' }));
		expect(sent.status).toBe(200);
		expect(await mediaFigures()).toEqual({ pilotPage: before.pilotPage + 1, column: before.column + 1, tile: before.tile + 1 });

		// once sent it is the province's record: the pilot can no longer change it
		const edit = await postForm(baseURL, `/pilots/${P.id}/publicity?/save`, cookie, new URLSearchParams({ id: String(id), version: '2', kind: 'media', title: '改过的标题', date: addDays(P.approvalDate, 60), outlet: '河南日报' }));
		expect(edit.status).toBe(400);
		expect(edit.text).toContain('已报送的材料不能再修改');
		// the province acknowledges it; an editor may not
		expect((await postForm(baseURL, `/pilots/${P.id}/publicity?/acknowledge`, cookie, new URLSearchParams({ id: String(id), to: 'adopted' }))).status).toBe(403);
		const staff = await signIn(baseURL, 'staff');
		expect((await postForm(baseURL, `/pilots/${P.id}/publicity?/acknowledge`, staff, new URLSearchParams({ id: String(id), to: 'adopted' }))).status).toBe(200);
		expect((await db.execute({ sql: 'select status from publicity where id = ?', args: [id] })).rows[0].status).toBe('adopted');
	}, 240_000);

	it('a media report without its outlet is refused at the field, with every other problem at once', async () => {
		const cookie = await signIn(baseURL, P.editor);
		const before = await fp();
		const refused = await postForm(baseURL, `/pilots/${P.id}/publicity?/save`, cookie, new URLSearchParams({ kind: 'media', title: '', date: '2026-13-01', outlet: '', link: 'javascript:alert(1)' }));
		expect(refused.status).toBe(400);
		for (const message of ['媒体报道须填写刊发媒体', '请填写标题', '日期不是有效日期', '链接须以 http:// 或 https:// 开头']) expect(refused.text).toContain(message);
		expect(await fp()).toEqual(before);
	});
});

describe('acceptance on verified counts', () => {
	it('a pilot with a target unmet on verified counts is accepted only with a reason', async () => {
		const page = await open('admin');
		await page.goto(`${baseURL}/pilots/${P.id}`);
		const form = formByKey(page, 'lifecycle');
		await form.locator('select[name=to]').selectOption('closing');
		await form.locator('textarea[name=closingSummary]').fill('依托农技、医疗两支服务队，建成“田间课堂”“健康驿站”两个品牌项目。');
		await send(page, form.locator('button[type=submit]'), true);
		expect((await db.execute({ sql: 'select lifecycle from pilots where id = ?', args: [P.id] })).rows[0].lifecycle).toBe('closing');

		// the 总结验收 step: every target claimed and verified, what is unverified, the summary
		await page.goto(`${baseURL}/pilots/${P.id}`);
		const acceptance = page.getByTestId('acceptance');
		await expect(acceptance.locator('[data-dimension="activities"]').textContent()).resolves.toMatch(/活动\s*10\s*1\d\s*0\s*未完成（差 10）/);
		await expect(acceptance.getByTestId('acceptance-unverified').textContent()).resolves.toContain('活动');
		await expect(acceptance.getByTestId('acceptance-unverified').getByRole('link').first().getAttribute('href')).resolves.toMatch(new RegExp(`/pilots/${P.id}/review#\\w+:\\d+`));
		await expect(acceptance.textContent()).resolves.toContain('田间课堂');

		// 已验收 without a reason: refused at the reason's field, nothing changes
		const before = await fp();
		await form.locator('select[name=to]').selectOption('accepted');
		await send(page, form.locator('button[type=submit]'), true);
		await expect(form.locator('#f-lifecycle-acceptanceReason-error').textContent()).resolves.toContain('按已核实数量仍有目标未完成');
		expect(await fp()).toEqual(before);

		// with one: accepted, and the reason kept with the decision
		await form.locator('textarea[name=acceptanceReason]').fill('站点与活动材料经现场核查属实，核实记录在途。');
		await send(page, form.locator('button[type=submit]'), true);
		const row = (await db.execute({ sql: 'select lifecycle, acceptance_reason from pilots where id = ?', args: [P.id] })).rows[0];
		expect(row).toMatchObject({ lifecycle: 'accepted', acceptance_reason: '站点与活动材料经现场核查属实，核实记录在途。' });

		// the printable record carries the decision and its reason
		await page.goto(`${baseURL}/pilots/${P.id}/acceptance`);
		const record = await page.getByTestId('acceptance-record').textContent();
		expect(record).toContain('已验收');
		expect(record).toContain('理由：站点与活动材料经现场核查属实');
		await page.emulateMedia({ media: 'print' });
		const pdf = await page.pdf({ format: 'A4' });
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		await page.close();
	});
});

describe('publicity and culture forms round-trip', () => {
	for (const js of [true, false]) {
		it(`publicity, JavaScript ${js ? 'on' : 'off'}`, async () => {
			const page = await open(P.editor, js);
			await page.goto(`${baseURL}/pilots/${P.id}/publicity?new`);
			const form = formByKey(page, 'save');
			const title = `宣传往返${js ? '甲' : '乙'}`;
			// refused first (no outlet): every field keeps what was typed, nothing is stored
			const values: Record<string, FieldValue> = { kind: 'media', date: addDays(P.approvalDate, 40), title, outlet: '', link: 'https://example.org/a', note: '第一行\n第二行' };
			await fillByName(form, values);
			const typed = await snapshot(form);
			const before = await fp();
			await sendRefused(page, form, 'outlet', js);
			expect(await snapshot(form)).toEqual(typed);
			expect(await fp()).toEqual(before);

			await fillByName(form, { outlet: '大河报' });
			const good = await snapshot(form);
			await send(page, form.locator('button[type=submit]'), js);
			const stored = await rowOf('select id, kind, date, title, outlet, link, note from publicity where title = ?', [title]);
			expect(stored).toMatchObject({ kind: 'media', date: values.date, outlet: '大河报', link: 'https://example.org/a', note: '第一行\n第二行' });
			expect(await snapshot(form), 'after the save').toEqual(good);
			await page.goto(`${baseURL}/pilots/${P.id}/publicity?edit=${stored.id}`);
			expect(await snapshot(formByKey(page, 'save')), 'after a reload').toEqual(good);
			await page.close();
		});

		it(`station culture, JavaScript ${js ? 'on' : 'off'}`, async () => {
			const page = await open(P.editor, js);
			await page.goto(`${baseURL}/pilots/${P.id}/culture?new`);
			const form = formByKey(page, 'save');
			const stationId = String(await count('select id from stations where pilot_id = ? order by id desc limit 1', [P.id]));
			const title = `文化往返${js ? '甲' : '乙'}`;
			const values: Record<string, FieldValue> = { stationId, kind: 'psa', title, date: '', link: '', note: '在站点电子屏循环播放' };
			await fillByName(form, values);
			const typed = await snapshot(form);
			const before = await fp();
			await sendRefused(page, form, 'date', js);
			expect(await snapshot(form)).toEqual(typed);
			expect(await fp()).toEqual(before);

			await fillByName(form, { date: addDays(P.approvalDate, 50) });
			const good = await snapshot(form);
			await send(page, form.locator('button[type=submit]'), js);
			const stored = await rowOf('select id, station_id, kind, date, note from station_works where title = ?', [title]);
			expect(stored).toMatchObject({ station_id: Number(stationId), kind: 'psa', date: addDays(P.approvalDate, 50), note: '在站点电子屏循环播放' });
			expect(await snapshot(form), 'after the save').toEqual(good);
			await page.goto(`${baseURL}/pilots/${P.id}/culture?edit=${stored.id}`);
			expect(await snapshot(formByKey(page, 'save')), 'after a reload').toEqual(good);
			// the station's list names its works
			await page.goto(`${baseURL}/pilots/${P.id}/stations`);
			await expect(page.getByTestId('station-culture').allTextContents()).resolves.toContainEqual(expect.stringContaining('公益广告'));
			await page.close();
		});
	}
});

describe('deleting asks first', () => {
	it('a cancelled delete of a publicity item or a culture work changes nothing (JavaScript on and off)', async () => {
		const draftId = await count("select id from publicity where pilot_id = ? and status = 'draft' order by id limit 1", [P.id]);
		const workId = await count('select id from station_works where pilot_id = ? order by id limit 1', [P.id]);
		// signing in is audited: before the database is read
		const cookie = await signIn(baseURL, P.editor);
		const page = await open(P.editor);
		const before = await fp();
		// without scripts: the action asks, and nothing happens until it is answered
		for (const [path, id] of [['publicity', draftId], ['culture', workId]] as const) {
			const asked = await postForm(baseURL, `/pilots/${P.id}/${path}?/delete`, cookie, new URLSearchParams({ id: String(id) }));
			expect(asked.status).toBe(428);
			expect(asked.text).toContain('删除后 30 天内可在回收站恢复');
		}
		expect(await fp()).toEqual(before);
		// with them: 取消 in the browser's question sends nothing
		const posts: string[] = [];
		page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
		page.on('dialog', (d) => void d.dismiss());
		for (const path of ['publicity', 'culture']) {
			await page.goto(`${baseURL}/pilots/${P.id}/${path}`);
			await page.locator('form.delete button').first().click();
			await page.waitForTimeout(300);
		}
		expect(posts).toEqual([]);
		expect(await fp()).toEqual(before);
		await page.close();

		// confirmed: into the recycle bin
		expect((await postForm(baseURL, `/pilots/${P.id}/culture?/delete`, cookie, new URLSearchParams({ id: String(workId), confirmed: 'yes' }))).status).toBe(200);
		expect(await count("select count(*) from recycle_bin where entity_type = 'culture' and entity_id = ?", [workId])).toBe(1);
		expect(await count('select count(*) from station_works where id = ?', [workId])).toBe(0);
	});
});

describe("another pilot's editor", () => {
	it('gets 404 on every new URL of 兰考, and 兰考’s editor 404 on another pilot’s items', async () => {
		// signing in is audited: both before the database is read
		const other = await signIn(baseURL, OTHER_EDITOR);
		const mine = await signIn(baseURL, P.editor);
		for (const path of ['publicity', 'culture', 'acceptance']) {
			const res = await fetch(`${baseURL}/pilots/${P.id}/${path}`, { headers: { cookie: other, accept: 'text/html' }, redirect: 'manual' });
			expect(res.status, path).toBe(404);
		}
		const pubId = await count('select id from publicity where pilot_id = ? order by id limit 1', [P.id]);
		const before = await fp();
		for (const [path, action, body] of [
			['publicity', 'save', { kind: 'case', title: 'x', date: addDays(P.approvalDate, 1) }],
			['publicity', 'report', { id: String(pubId), confirmed: 'yes' }],
			['publicity', 'delete', { id: String(pubId), confirmed: 'yes' }],
			['culture', 'save', { stationId: '1', kind: 'artwork', title: 'x', date: addDays(P.approvalDate, 1) }],
			['activities', 'deleteFile', { id: '1', confirmed: 'yes' }]
		] as const) {
			expect((await postForm(baseURL, `/pilots/${P.id}/${path}?/${action}`, other, new URLSearchParams(body))).status, `${path} ${action}`).toBe(404);
		}
		expect(await fp()).toEqual(before);

		// 兰考's editor naming 新乡's publicity item, and 新乡's station, on 兰考's own pages
		const xinxiang = await count("select id from pilots where division_code = '410700'");
		// whichever its status: the demo's drafts depend on the day it was loaded for
		const theirItem = await count('select id from publicity where pilot_id = ? order by id limit 1', [xinxiang]);
		const theirStation = await count('select id from stations where pilot_id = ? order by id limit 1', [xinxiang]);
		expect((await postForm(baseURL, `/pilots/${P.id}/publicity?/report`, mine, new URLSearchParams({ id: String(theirItem) }))).status).toBe(404);
		const refused = await postForm(baseURL, `/pilots/${P.id}/culture?/save`, mine, new URLSearchParams({ stationId: String(theirStation), kind: 'artwork', title: '越界作品', date: addDays(P.approvalDate, 1) }));
		expect(refused.status).toBe(400);
		expect(refused.text).toContain('所选站点不属于本试点');
		expect(await fp()).toEqual(before);
	});
});
