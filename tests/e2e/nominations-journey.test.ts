/**
 * Issue 20's journey in the browser: a call from creation to its published list. The province
 * creates a call for two cities (洛阳, 新乡) and freezes the quotas; each city's 推荐单位 picks a
 * volunteer from its own data, fills the form, adds a photo and submits; the province assigns two
 * experts — the one from 新乡 is flagged and refused for 新乡's nomination, and declares a conflict
 * on 洛阳's, after which they never see it again — the other scores both; the province decides the
 * list, starts 公示, records an objection, cannot publish while it is open, resolves it and
 * publishes. The unit's .docx, opened and read back, has every field its form shows.
 *
 * Its own server over a fresh demo database (it adds accounts and a call).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { createClient, type Client } from '@libsql/client';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, launchBrowser, login, VIEWPORTS } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { sqlReader } from '../support/sql';
import { fillByName, formByKey, PNG_1x1 } from '../support/form-fields';
import { addDays } from '../../src/lib/domain/dates';

const today = inject('today');
let server: RunningServer;
let baseURL = '';
let browser: Browser;
let db: Client;

const { one } = sqlReader(() => db);

beforeAll(async () => {
	server = await startServer(today);
	baseURL = server.url;
	browser = await launchBrowser();
	db = createClient({ url: server.databaseUrl });
	// 新乡's 推荐单位 and a second expert (from 郑州), with the demo password; the admin page's own
	// account forms are round-tripped in nominations-round-trip.test.ts
	const hash = (await one("select password_hash from users where username = 'unit-410300'")).password_hash as string;
	for (const [username, name, role, unit, city] of [
		['unit-410700', '新乡市科协推荐单位', 'nominating_unit', '410700', '410700'],
		['expert-410100', '评审专家（郑州）', 'reviewer', null, '410100']
	] as const) {
		await db.execute({ sql: 'insert into users (username, display_name, role, password_hash, must_change_password, created_at, updated_at) values (?, ?, ?, ?, 0, 0, 0)', args: [username, name, role, hash] });
		await db.execute({ sql: 'insert into nomination_accounts (user_id, unit_id, division_code) values ((select id from users where username = ?), (select id from nomination_units where code = ?), ?)', args: [username, unit, city] });
	}
}, 180_000);
afterAll(async () => {
	db?.close();
	await browser?.close();
	await server?.stop();
});

const pages: Record<string, Page> = {};
async function as(username: string): Promise<Page> {
	if (!pages[username]) {
		pages[username] = await browser.newPage({ viewport: VIEWPORTS.desktop, acceptDownloads: true });
		await login(pages[username], baseURL, username, DEMO_PASSWORD);
	}
	return pages[username];
}

/** Clicks and waits for the POST's answer and an idle form (accepting a confirmation if asked). */
async function send(page: Page, button: Locator) {
	const accept = (d: { accept(): Promise<void> }) => void d.accept();
	page.once('dialog', accept);
	await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 30_000 }), button.click()]);
	await expect.poll(() => page.evaluate(() => !document.querySelector('form[aria-busy="true"]')), { timeout: 30_000 }).toBe(true);
	page.off('dialog', accept);
}
const submit = (form: Locator) => form.locator('button[type=submit]').last();
async function saved(scope: Locator, text: string | RegExp) {
	await scope.getByRole('status').filter({ hasText: text }).first().waitFor({ timeout: 15_000 }).catch(async () => {
		throw new Error(`no “${text}”; shown: ${(await scope.locator('[role=alert], .field-error').allTextContents()).join(' | ')}`);
	});
}

const bigPng = (name: string) => ({ name, mimeType: 'image/png', buffer: Buffer.concat([PNG_1x1, Buffer.alloc(1_100_000)]) });

/** word/document.xml's table cells, one string per cell (paragraphs joined by newlines). */
function docxCells(path: string): string[] {
	const xml = execFileSync('unzip', ['-p', path, 'word/document.xml']).toString('utf8');
	const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
	return [...xml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((m) =>
		[...m[1].matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => unescape([...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))).join('\n')
	);
}

const state = { callId: 0, luoyang: 0, xinxiang: 0, names: { luoyang: '', xinxiang: '' } };

describe('a call from creation to its published list', () => {
	it('the province creates the call for 洛阳 and 新乡 and freezes the quotas', async () => {
		const admin = await as('admin');
		await admin.goto(`${baseURL}/nominations`);
		const create = formByKey(admin, 'create');
		const unitId = async (code: string) => String((await one('select id from nomination_units where code = ?', [code])).id);
		await fillByName(create, { name: '旅程测试征集', cutoffDate: addDays(today, -3), deadline: addDays(today, 10), unitIds: [await unitId('410300'), await unitId('410700')] });
		await Promise.all([admin.waitForURL(/\/nominations\/\d+$/, { timeout: 30_000 }), submit(create).click()]);
		state.callId = Number(/(\d+)$/.exec(admin.url())![1]);
		await send(admin, submit(formByKey(admin, 'freeze')));
		// the freeze form is gone once the quotas are frozen; the table says so
		await expect.poll(() => admin.locator('#quotas h2').textContent(), { timeout: 15_000 }).toContain('已冻结');
		expect((await one("select count(*) n from nomination_quotas where call_id = ? and category = 'volunteer'", [state.callId])).n).toBe(2);
		// 新乡's place in the volunteer category, adjusted with a recorded reason (its data may give it none)
		const row = await one("select q.id, q.quota, q.computed from nomination_quotas q join nomination_units u on u.id = q.unit_id where q.call_id = ? and q.category = 'volunteer' and u.code = '410700'", [state.callId]);
		const adjust = formByKey(admin, 'adjust');
		await fillByName(adjust, { quotaId: String(row.id), quota: String((row.quota as number) + 1), reason: '新乡市试点数据尚在补录' });
		await send(admin, submit(adjust));
		await saved(adjust, '名额已调整');
		expect(await one('select quota, computed, adjust_reason from nomination_quotas where id = ?', [row.id as number])).toEqual({ quota: (row.quota as number) + 1, computed: row.computed, adjust_reason: '新乡市试点数据尚在补录' });
		const luoyang = await one("select q.quota from nomination_quotas q join nomination_units u on u.id = q.unit_id where q.call_id = ? and q.category = 'volunteer' and u.code = '410300'", [state.callId]);
		expect(luoyang.quota as number).toBeGreaterThan(0);
	});

	for (const [city, username] of [['luoyang', 'unit-410300'], ['xinxiang', 'unit-410700']] as const) {
		it(`${username} nominates a volunteer of its own data, fills the form and submits it`, async () => {
			const unit = await as(username);
			await unit.goto(`${baseURL}/nominations/${state.callId}`);
			const pick = formByKey(unit, 'nominate:volunteer');
			const option = pick.locator('select[name=candidate] option').nth(1);
			const label = (await option.textContent())!;
			state.names[city] = label.split(' · ')[0];
			await pick.locator('select[name=candidate]').selectOption((await option.getAttribute('value'))!);
			await Promise.all([unit.waitForURL(/\/nominations\/\d+\/\d+$/, { timeout: 30_000 }), submit(pick).click()]);
			const id = Number(/(\d+)$/.exec(unit.url())![1]);
			state[city] = id;
			const form = formByKey(unit, 'save');
			await fillByName(form, {
				gender: city === 'luoyang' ? '女' : '男',
				birthMonth: city === 'luoyang' ? '1979-10' : '1990-02',
				politics: '中共党员',
				address: city === 'luoyang' ? '洛阳市洛龙区开元大道 1 号' : '新乡市红旗区人民路 2 号',
				contact: city === 'luoyang' ? '19900005001' : '19900005002',
				activitiesText: '农技培训；健康讲座',
				deeds: `${state.names[city]}长期开展科技志愿服务。\n带领群众学科学、用科学。`,
				noBadRecord: true,
				exceptionReason: '在乡村振兴中表现特别突出。'
			});
			await form.locator('input[name=photo]').setInputFiles(bigPng(`${city}.png`));
			await send(unit, submit(form));
			await saved(form, '已保存');
			await send(unit, submit(formByKey(unit, 'submit')));
			await expect.poll(async () => (await one('select status from nominations where id = ?', [id])).status, { timeout: 15_000 }).toBe('submitted');
		});
	}

	it('the .docx of 洛阳’s nomination, opened and read back, has every field its form shows', async () => {
		const unit = await as('unit-410300');
		await unit.goto(`${baseURL}/nominations/${state.callId}/${state.luoyang}`);
		const shown = await unit.locator('table.form-table tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('th')!.textContent!.trim(), r.querySelector('td')!.textContent!]));
		expect(shown.length).toBeGreaterThanOrEqual(13);
		const [download] = await Promise.all([unit.waitForEvent('download'), unit.getByRole('link', { name: '下载推荐表（Word）' }).click()]);
		const path = join(mkdtempSync(join(tmpdir(), 'journey-')), 'form.docx');
		await download.saveAs(path);
		expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');
		const cells = docxCells(path);
		expect(cells).toHaveLength(shown.length * 2);
		shown.forEach(([label, value], i) => {
			expect(cells[i * 2]).toBe(label);
			expect(cells[i * 2 + 1].replaceAll('\r\n', '\n'), label).toBe(value.replaceAll('\r\n', '\n'));
		});
		const field = (label: string) => cells[cells.indexOf(label) + 1];
		expect(field('姓名')).toBe(state.names.luoyang);
		expect(field('性别')).toBe('女');
		expect(field('出生年月')).toBe('1979-10');
		expect(field('通讯地址')).toBe('洛阳市洛龙区开元大道 1 号');
		expect(field('联系方式')).toBe('19900005001');
		expect(field('主要事迹（不超过1000字）')).toContain('带领群众学科学、用科学。');
		expect(field('推荐单位（盖章）')).toBe('洛阳市科协');
	});

	it('the province assigns the experts: 新乡’s expert is flagged and refused for 新乡’s nomination', async () => {
		const admin = await as('admin');
		await admin.goto(`${baseURL}/nominations/${state.callId}`);
		const expert = async (u: string) => String((await one('select id from users where username = ?', [u])).id);
		const assign = formByKey(admin, 'assign');
		await expect(assign.textContent()).resolves.toContain(`${state.names.xinxiang}（回避提示：评审专家（新乡，演示）`);
		await fillByName(assign, { reviewerId: await expert('expert-410700'), nominationIds: [String(state.xinxiang)] });
		await send(admin, submit(assign));
		await expect.poll(async () => (await assign.locator('.field-error, [role=alert]').allTextContents()).join(' | '), { timeout: 15_000 }).toContain(`需回避，未分配：${state.names.xinxiang}（专家与被推荐对象同属一市）`);
		expect((await one('select count(*) n from nomination_reviews where nomination_id = ?', [state.xinxiang])).n).toBe(0);
		await fillByName(assign, { reviewerId: await expert('expert-410700'), nominationIds: [String(state.luoyang)] });
		await send(admin, submit(assign));
		await saved(assign, '已分配');
		await fillByName(assign, { reviewerId: await expert('expert-410100'), nominationIds: [String(state.luoyang), String(state.xinxiang)] });
		await send(admin, submit(assign));
		await saved(assign, '已分配');
		expect((await one('select count(*) n from nomination_reviews r join nominations n on n.id = r.nomination_id where n.call_id = ?', [state.callId])).n).toBe(3);
	});

	it('新乡’s expert declares a conflict on 洛阳’s nomination and never sees it again', async () => {
		const expert = await as('expert-410700');
		await expert.goto(`${baseURL}/nominations/${state.callId}`);
		await expect(expert.locator('#review').textContent()).resolves.toContain(state.names.luoyang);
		await expect(expert.locator('#review').textContent()).resolves.not.toContain(state.names.xinxiang);
		const conflict = formByKey(expert, `conflict:${state.luoyang}`);
		await conflict.locator('input[name=conflict]').fill('与被推荐人曾在同一单位共事');
		await send(expert, submit(conflict));
		for (const path of [`/nominations/${state.callId}`, '/nominations']) {
			await expert.goto(`${baseURL}${path}`);
			await expect(expert.locator('main').textContent(), path).resolves.not.toContain(state.names.luoyang);
		}
		const res = await expert.goto(`${baseURL}/nominations/${state.callId}/${state.luoyang}`);
		expect(res?.status()).toBe(404);
		const res2 = await expert.goto(`${baseURL}/nominations/${state.callId}/${state.xinxiang}`);
		expect(res2?.status()).toBe(404);
	});

	it('郑州’s expert scores both; the province sees the ranking, decides the list and starts 公示', async () => {
		const expert = await as('expert-410100');
		await expert.goto(`${baseURL}/nominations/${state.callId}`);
		for (const [id, scores] of [[state.luoyang, ['92', '88', '90']], [state.xinxiang, ['80', '75', '70']]] as const) {
			const form = formByKey(expert, `score:${id}`);
			const inputs = form.locator('input[name=scores]');
			expect(await inputs.count()).toBe(3);
			for (let i = 0; i < 3; i++) await inputs.nth(i).fill(scores[i]);
			await send(expert, submit(form));
			await saved(form, '评分已保存');
		}
		const admin = await as('admin');
		await admin.goto(`${baseURL}/nominations/${state.callId}`);
		const ranking = await admin.locator('#ranking table').textContent();
		// weights 40/40/20: 洛阳 90.00, 新乡 76.00
		expect(ranking).toContain('90.00');
		expect(ranking).toContain('76.00');
		const decide = formByKey(admin, 'decide');
		await fillByName(decide, { selectedIds: [String(state.luoyang), String(state.xinxiang)] });
		await send(admin, submit(decide));
		await saved(decide, '入选名单已保存');
		const stage = formByKey(admin, 'stage');
		await fillByName(stage, { stage: 'publicity', publicityStart: today });
		await send(admin, submit(stage));
		await saved(stage, '阶段已变更');
		expect(await one('select stage, publicity_start from nomination_calls where id = ?', [state.callId])).toEqual({ stage: 'publicity', publicity_start: today });
	});

	it('once the call has closed, its unit can no longer replace the stamped scan: no form, and a sent one is refused', async () => {
		const unit = await as('unit-410300');
		const scans = async () => (await one("select count(*) as n from nomination_files where nomination_id = ? and purpose = 'scan'", [state.luoyang])).n;
		const before = await scans();
		await unit.goto(`${baseURL}/nominations/${state.callId}/${state.luoyang}`);
		await expect(unit.locator('#scan').count()).resolves.toBe(0);
		const answer = await unit.request.post(`${baseURL}/nominations/${state.callId}/${state.luoyang}?/scan`, {
			headers: { origin: baseURL, 'x-sveltekit-action': 'true', accept: 'application/json' },
			multipart: { scan: { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') } }
		});
		expect(answer.status()).toBe(403);
		expect(await scans()).toBe(before);
	});

	it('an objection during 公示 holds the list back until it is resolved; then the list is published', async () => {
		const admin = await as('admin');
		await admin.goto(`${baseURL}/nominations/${state.callId}`);
		const objection = formByKey(admin, 'objection');
		await fillByName(objection, { nominationId: String(state.xinxiang), who: '王群众', contact: '19900006001', what: '服务时长疑似重复计算。', receivedOn: today });
		await send(admin, submit(objection));
		await saved(admin.locator('#objections'), '异议已登记');
		const stage = formByKey(admin, 'stage');
		await fillByName(stage, { stage: 'published' });
		await send(admin, submit(stage));
		await expect(stage.locator('.field-error').first().textContent()).resolves.toContain('尚有未处理的异议');
		expect((await one('select stage from nomination_calls where id = ?', [state.callId])).stage).toBe('publicity');
		const objectionId = (await one('select id from nomination_objections where call_id = ?', [state.callId])).id as number;
		const resolve = formByKey(admin, `resolve:${objectionId}`);
		await fillByName(resolve, { resolution: '经核实，活动记录无重复，维持原结果。' });
		await send(admin, submit(resolve));
		await expect(admin.locator('#objections').textContent()).resolves.toContain('处理结果：经核实，活动记录无重复，维持原结果。');
		await fillByName(formByKey(admin, 'stage'), { stage: 'published' });
		await send(admin, submit(formByKey(admin, 'stage')));
		await saved(formByKey(admin, 'stage'), '阶段已变更');
		expect((await one('select stage from nomination_calls where id = ?', [state.callId])).stage).toBe('published');
	});

	it('leaders read the published list', async () => {
		const leader = await as('leader');
		const res = await leader.goto(`${baseURL}/nominations/${state.callId}`);
		expect(res?.status()).toBe(200);
		const list = await leader.locator('main').textContent();
		expect(list).toContain('入选名单（已发布）');
		expect(list).toContain(state.names.luoyang);
		expect(list).toContain(state.names.xinxiang);
	});
});
