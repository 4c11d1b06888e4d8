/**
 * Issue 20: every form of the nominations area round-trips, with JavaScript and without — the
 * accounts of the new roles (admin page), a call (create and settings), a 学会's choice of
 * categories, a nomination of each kind (picked from the data, then its form), an expert's scores,
 * an objection during 公示 and its resolution; and 取消 in a confirmation changes nothing.
 *
 * Each form is filled with non-default values and saved; it then shows what was typed after the
 * save, after going away and back and after a reload, and the stored row equals it. A refused
 * version is sent twice: every field keeps what was typed and the database does not change. Forms
 * that make something new (an account, a call, an objection) are checked against the row they made.
 *
 * Its own server over a fresh demo database: it changes the demo call's stage, which no other file
 * may see.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { createClient, type Client } from '@libsql/client';
import { DEMO_PASSWORD, launchBrowser, login, VIEWPORTS } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { sqlReader } from '../support/sql';
import { databaseFingerprint } from '../support/fingerprint';
import { fillByName, formByKey, snapshot, PNG_1x1, type FieldValue } from '../support/form-fields';
import { addDays } from '../../src/lib/domain/dates';
import { cancelConfirmation as cancel, expectRefusedAt, expectSaved, submitAndWait as send, submitButton } from '../support/form-browser';

const today = inject('today');
let server: RunningServer;
let baseURL = '';
let browser: Browser;
let db: Client;
const CALL = 1;

const { rows, one } = sqlReader(() => db);
const scalar = async (sql: string, args: (string | number | null)[] = []) => Number(Object.values(await one(sql, args))[0]);

beforeAll(async () => {
	server = await startServer(today);
	baseURL = server.url;
	browser = await launchBrowser();
	db = createClient({ url: server.databaseUrl });
	// places enough for a nomination of each kind twice (the demo froze 洛阳's at two or more)
	await db.execute("update nomination_quotas set quota = 10 where unit_id = (select id from nomination_units where code = '410300')");
	// a 学会's account signed in with the demo password (the admin page's own accounts are tested below)
	const hash = (await one("select password_hash from users where username = 'unit-410300'")).password_hash as string;
	await db.execute({ sql: "insert into users (username, display_name, role, password_hash, must_change_password, created_at, updated_at) values ('unit-s02', '河南省农学会（测试）', 'nominating_unit', ?, 0, 0, 0)", args: [hash] });
	await db.execute("insert into nomination_accounts (user_id, unit_id, division_code) values ((select id from users where username = 'unit-s02'), (select id from nomination_units where code = 'S02'), null)");
}, 180_000);
afterAll(async () => {
	db?.close();
	await browser?.close();
	await server?.stop();
});

async function open(username: string, js: boolean, password = DEMO_PASSWORD): Promise<Page> {
	const p = await browser.newPage({ viewport: VIEWPORTS.desktop, javaScriptEnabled: js });
	await login(p, baseURL, username, password);
	return p;
}





/**
 * Sends a version that will be refused: without scripts the next page load; with them the form's
 * own check may refuse it before anything is sent, so the answer is the network falling quiet.
 */
async function sendRefused(page: Page, button: Locator, js: boolean) {
	if (!js) return send(page, button, js);
	await button.click();
	await page.waitForLoadState('networkidle');
	await expect.poll(() => page.evaluate(() => !document.querySelector('form[aria-busy="true"]')), { timeout: 30_000 }).toBe(true);
}

/** A refused version sent twice: each time every field shows what was typed and `stored()` is unchanged. */
async function refuseTwice(page: Page, form: Locator, js: boolean, values: Record<string, FieldValue>, expectShown: () => Promise<void>, stored: () => Promise<unknown>) {
	const before = await stored();
	await fillByName(form, values);
	const typed = await snapshot(form);
	for (let round = 1; round <= 2; round++) {
		await sendRefused(page, submitButton(form), js);
		await expectShown();
		expect(await snapshot(form), `after refused submit ${round}`).toEqual(typed);
		expect(await stored(), `database after refused submit ${round}`).toEqual(before);
	}
	return typed;
}

/** The form shows `typed` now, after going to `away` and back to `here`, and after a reload of `here`. */
async function expectShownEverywhere(page: Page, form: () => Locator, typed: Record<string, unknown>, here: string, away: string) {
	expect(await snapshot(form()), 'after the save').toEqual(typed);
	await page.goto(`${baseURL}${away}`);
	await page.goto(`${baseURL}${here}`);
	expect(await snapshot(form()), 'after going away and back').toEqual(typed);
	await page.reload();
	expect(await snapshot(form()), 'after a reload').toEqual(typed);
}

const modes = [true, false] as const;
const modeName = (js: boolean) => (js ? 'with JavaScript' : 'without JavaScript');

describe('accounts of 推荐单位 and 评审专家 (/admin/users)', () => {
	for (const js of modes) {
		it(`create a 推荐单位 bound to its unit, then make it an expert with a unit and a city, ${modeName(js)}`, async () => {
			const page = await open('admin', js);
			const username = js ? 'unit-rt-js' : 'unit-rt-nojs';
			const unitCode = js ? '411300' : 'S03';
			await page.goto(`${baseURL}/admin/users`);
			const create = formByKey(page, 'create');
			const exists = () => scalar('select count(*) from users where username = ?', [username]);
			// a 推荐单位 without its unit, twice
			await refuseTwice(
				page,
				create,
				js,
				{ username, displayName: '南阳市科协推荐', role: 'nominating_unit', pilotId: '', unitId: '', nominationUnit: '', reviewerCity: '' },
				() => expectRefusedAt(create, 'nominationUnit'),
				exists
			);
			await fillByName(create, { nominationUnit: unitCode });
			await send(page, submitButton(create), js);
			await expect(page.getByText(`已创建账号 ${username}`).count()).resolves.toBe(1);
			const user = await one('select id, display_name, role, pilot_id, unit_id, must_change_password from users where username = ?', [username]);
			expect(user).toMatchObject({ display_name: '南阳市科协推荐', role: 'nominating_unit', pilot_id: null, unit_id: null, must_change_password: 1 });
			const unit = await one('select id, division_code from nomination_units where code = ?', [unitCode]);
			expect(await one('select unit_id, division_code from nomination_accounts where user_id = ?', [user.id as number])).toEqual({ unit_id: unit.id, division_code: unit.division_code });
			// the list names the unit
			await page.goto(`${baseURL}/admin/users`);
			await expect(page.locator('tr', { hasText: username }).textContent()).resolves.toContain((await one('select name from nomination_units where code = ?', [unitCode])).name as string);

			// the edit page shows the binding; it becomes an expert of a 学会 from a city
			const here = `/admin/users/${user.id}`;
			await page.goto(`${baseURL}${here}`);
			const form = () => formByKey(page, 'update');
			expect(await snapshot(form())).toMatchObject({ role: 'nominating_unit', nominationUnit: unitCode, reviewerCity: '' });
			const values = { displayName: js ? '王专家' : '赵专家', role: 'reviewer', pilotId: '', unitId: '', nominationUnit: js ? 'S01' : '', reviewerCity: js ? '410700' : '411000' };
			await fillByName(form(), values);
			const typed = await snapshot(form());
			expect(typed).toEqual(values);
			const stored = async () => ({
				...(await one('select display_name, role from users where id = ?', [user.id as number])),
				account: (await rows('select u.code, a.division_code from nomination_accounts a left join nomination_units u on u.id = a.unit_id where a.user_id = ?', [user.id as number]))[0] ?? null
			});
			await send(page, submitButton(form()), js);
			await expectSaved(form(), '已保存');
			expect(await stored()).toEqual({ display_name: values.displayName, role: 'reviewer', account: { code: values.nominationUnit || null, division_code: values.reviewerCity } });
			await expectShownEverywhere(page, form, typed, here, '/admin/users');
			// a leader with an expert's city is refused at the city, twice
			await refuseTwice(page, form(), js, { displayName: '改过的姓名', role: 'leader', nominationUnit: '', reviewerCity: '410100' }, () => expectRefusedAt(form(), 'reviewerCity'), stored);
			await page.close();
		});
	}
});

/** The values the call forms take, with a tag so the two modes differ. */
function callValues(tag: string, unitIds: string[]): Record<string, FieldValue> {
	return {
		name: `往返测试征集${tag}`,
		year: '2027',
		cutoffDate: addDays(today, -3),
		deadline: addDays(today, 20),
		volunteerSelect: '5',
		volunteerPlaces: '12',
		teamSelect: '4',
		teamPlaces: '9',
		projectSelect: '3',
		projectPlaces: '7',
		stationSelect: '2',
		stationPlaces: '0',
		quotaMinimum: '0',
		teamMinVolunteers: '25',
		teamMinVolunteersOutstanding: '12',
		projectMinVolunteers: '18',
		projectMinYears: '2',
		stationMinShare: '12.5',
		stationMinKinds: '4',
		stationMinTeams: '2',
		criteria: `事迹突出 50\n示范带动 30\n群众评价 20`,
		hideUnitFromReviewers: true,
		unitIds
	};
}

describe('a call (/nominations create, then its settings)', () => {
	for (const js of modes) {
		it(`create refused twice, created, then its settings saved and refused twice, ${modeName(js)}`, async () => {
			const page = await open('admin', js);
			const tag = js ? '甲' : '乙';
			await page.goto(`${baseURL}/nominations`);
			const create = formByKey(page, 'create');
			const units = await create.locator('input[type=checkbox][name=unitIds]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
			const chosen = [units[0], units[2], units.at(-1)!];
			const values = callValues(tag, chosen);
			const calls = () => scalar('select count(*) from nomination_calls');
			// a deadline before the cut-off, twice
			await refuseTwice(page, create, js, { ...values, deadline: addDays(today, -10) }, () => expectRefusedAt(create, 'deadline'), calls);
			await fillByName(create, { deadline: values.deadline as string });
			const typed = await snapshot(create);
			await send(page, submitButton(create), js);
			await page.waitForURL(/\/nominations\/\d+$/);
			const callId = Number(/\/nominations\/(\d+)$/.exec(page.url())![1]);
			const row = await one('select name, year, categories, cutoff_date, deadline, rules, quota_minimum, criteria, hide_unit_from_reviewers from nomination_calls where id = ?', [callId]);
			expect(row).toEqual({
				name: values.name,
				year: 2027,
				categories: JSON.stringify({ volunteer: { select: 5, places: 12 }, team: { select: 4, places: 9 }, project: { select: 3, places: 7 }, station: { select: 2, places: 0 } }),
				cutoff_date: values.cutoffDate,
				deadline: values.deadline,
				rules: expect.any(String),
				quota_minimum: 0,
				criteria: JSON.stringify([{ name: '事迹突出', weight: 50 }, { name: '示范带动', weight: 30 }, { name: '群众评价', weight: 20 }]),
				hide_unit_from_reviewers: 1
			});
			expect(JSON.parse(row.rules as string)).toMatchObject({ teamMinVolunteers: 25, teamMinVolunteersOutstanding: 12, projectMinVolunteers: 18, projectMinYears: 2, stationMinShare: 0.125, stationMinKinds: 4, stationMinTeams: 2 });
			expect((await rows('select unit_id from nomination_call_units where call_id = ? order by unit_id', [callId])).map((r) => String(r.unit_id))).toEqual([...chosen].sort((a, b) => Number(a) - Number(b)));

			// the settings form shows what the create form was given
			const here = `/nominations/${callId}`;
			const settings = () => formByKey(page, 'save');
			expect(await snapshot(settings())).toEqual(typed);
			const changed = { ...values, name: `往返测试征集${tag}（改）`, teamSelect: '6', teamPlaces: '6', stationMinShare: '15', criteria: '事迹突出 70\n群众评价 30', hideUnitFromReviewers: false, unitIds: chosen.slice(0, 2) };
			await fillByName(settings(), changed);
			const typed2 = await snapshot(settings());
			const stored = () => one('select name, categories, rules, criteria, hide_unit_from_reviewers, (select group_concat(unit_id) from nomination_call_units where call_id = c.id) units from nomination_calls c where id = ?', [callId]);
			await send(page, submitButton(settings()), js);
			await expectSaved(settings(), '征集设置已保存');
			const after = await stored();
			expect(after.name).toBe(changed.name);
			expect(JSON.parse(after.categories as string).team).toEqual({ select: 6, places: 6 });
			expect(JSON.parse(after.rules as string).stationMinShare).toBe(0.15);
			expect(JSON.parse(after.criteria as string)).toEqual([{ name: '事迹突出', weight: 70 }, { name: '群众评价', weight: 30 }]);
			expect(after.hide_unit_from_reviewers).toBe(0);
			expect(String(after.units).split(',').sort()).toEqual(chosen.slice(0, 2).sort());
			await expectShownEverywhere(page, settings, typed2, here, '/nominations');
			// places fewer than those selected, twice
			await refuseTwice(page, settings(), js, { name: '不应保存的名称', projectSelect: '8', projectPlaces: '3' }, () => expectRefusedAt(settings(), 'projectPlaces'), stored);
			await page.close();
		});
	}
});

describe('a 学会 chooses its two categories (the nominating unit’s form)', () => {
	for (const js of modes) {
		it(`saved, shown everywhere, three categories refused twice, ${modeName(js)}`, async () => {
			const page = await open('unit-s02', js);
			const here = `/nominations/${CALL}`;
			await page.goto(`${baseURL}${here}`);
			const form = () => formByKey(page, 'choose');
			const categories = js ? ['volunteer', 'project'] : ['team', 'project'];
			await fillByName(form(), { categories });
			const typed = await snapshot(form());
			const stored = () => one("select categories from nomination_call_units where call_id = ? and unit_id = (select id from nomination_units where code = 'S02')", [CALL]);
			await send(page, submitButton(form()), js);
			await expectSaved(form(), '推荐类别已保存');
			expect(JSON.parse((await stored()).categories as string)).toEqual(categories);
			await expectShownEverywhere(page, form, typed, here, '/nominations');
			await refuseTwice(page, form(), js, { categories: ['volunteer', 'team', 'project'] }, async () => {
				await form().locator('.field-error, [role=alert]').first().waitFor({ timeout: 15_000 });
			}, stored);
			await page.close();
		});
	}
});

/** Each kind's own values, and a refused version (one field too long). */
const KIND_VALUES: Record<string, { values: Record<string, FieldValue>; refused: Record<string, FieldValue>; field: string }> = {
	volunteer: {
		values: { gender: '男', birthMonth: '1984-07', politics: '中共党员', address: '洛阳市西工区中州中路 1 号', contact: '19900002001', activitiesText: '农技下乡\n健康讲座', deeds: '二十年坚持农技服务。\n带动村民增收。', noBadRecord: true, exceptionReason: '表现特别突出，破格推荐。' },
		refused: { gender: '女', birthMonth: '1984年7月', politics: '群众', deeds: '改过的事迹' },
		field: 'birthMonth'
	},
	team: {
		values: { address: '洛阳市涧西区', contact: '0379-65000001', activitiesText: '科普进社区', deeds: '服务队常年开展科普。', noBadRecord: true, outstanding: true, exceptionReason: '' },
		refused: { contact: '1'.repeat(41), deeds: '改过的事迹' },
		field: 'contact'
	},
	project: {
		values: { address: '洛阳市老城区', contact: '19900002003', activitiesText: '银龄数字课堂', deeds: '项目已持续两年。', noBadRecord: false, exceptionReason: '项目社会效益显著。' },
		refused: { contact: '2'.repeat(41), address: '改过的地址' },
		field: 'contact'
	},
	station: {
		values: { address: '洛阳市瀍河区某社区', contact: '19900002004', activitiesText: '科普大篷车', deeds: '社区志愿服务氛围浓厚。', noBadRecord: true, exceptionReason: '' },
		refused: { contact: '3'.repeat(41), deeds: '改过的事迹' },
		field: 'contact'
	}
};

describe('a nomination of each kind: picked from the data, then its form', () => {
	for (const js of modes) {
		for (const category of ['volunteer', 'team', 'project', 'station'] as const) {
			it(`${category}, ${modeName(js)}`, async () => {
				const page = await open('unit-410300', js);
				await page.goto(`${baseURL}/nominations/${CALL}`);
				const pick = formByKey(page, `nominate:${category}`);
				const count = () => scalar("select count(*) from nominations where call_id = ? and unit_id = (select id from nomination_units where code = '410300') and category = ?", [CALL, category]);
				// nothing chosen is refused, twice
				await refuseTwice(page, pick, js, { candidate: '' }, () => expectRefusedAt(pick, 'candidate'), count);
				const candidate = (await pick.locator('select[name=candidate] option').nth(1).getAttribute('value'))!;
				await fillByName(pick, { candidate });
				await send(page, submitButton(pick), js);
				await page.waitForURL(/\/nominations\/1\/\d+$/);
				const id = Number(/\/(\d+)$/.exec(page.url())![1]);
				expect(await one('select category, candidate_key, status from nominations where id = ?', [id])).toEqual({ category, candidate_key: candidate, status: 'draft' });

				const here = `/nominations/${CALL}/${id}`;
				const form = () => formByKey(page, 'save');
				const { values, refused, field } = KIND_VALUES[category];
				await fillByName(form(), values);
				const typed = await snapshot(form());
				const stored = () => one('select details, deeds, exception_reason, version from nominations where id = ?', [id]);
				await send(page, submitButton(form()), js);
				await expectSaved(form(), '已保存');
				const after = await stored();
				// a textarea sends its line breaks as CRLF; what is compared is the text
				const details = JSON.parse((after.details as string).replaceAll('\\r\\n', '\\n'));
				const text = (v: FieldValue | undefined) => (v === '' || v === undefined ? null : v);
				for (const k of ['gender', 'birthMonth', 'politics', 'address', 'contact', 'activitiesText'] as const) if (k in values) expect(details[k] ?? null, k).toBe(text(values[k]));
				expect((after.deeds as string).replaceAll('\r\n', '\n')).toBe(values.deeds);
				expect(after.exception_reason).toBe(text(values.exceptionReason));
				expect(!!details.noBadRecord).toBe(values.noBadRecord);
				if ('outstanding' in values) expect(!!details.outstanding).toBe(values.outstanding);
				await expectShownEverywhere(page, form, typed, here, `/nominations/${CALL}`);
				// what was saved is on the form's table too
				await expect(page.locator('table.form-table').textContent()).resolves.toContain(values.contact as string);
				await refuseTwice(page, form(), js, refused, () => expectRefusedAt(form(), field), stored);
				if (category === 'volunteer') {
					// a photo of the wrong size, or over the server's file limit, is named with the other fields'
					// problems, not on the next submit: by the browser before any upload, or by the server
					const before = await stored();
					const files = () => scalar('select count(*) from nomination_files where nomination_id = ?', [id]);
					const filesBefore = await files();
					await fillByName(form(), { contact: '9'.repeat(41) });
					const photos = [
						[{ name: 'small.png', mimeType: 'image/png', buffer: PNG_1x1 }, '须在 1–3 MB 之间'],
						[{ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.concat([PNG_1x1, Buffer.alloc(10_600_000)]) }, '文件不能超过 10 MB']
					] as const;
					for (const [photo, words] of photos) {
						await form().locator('input[name=photo]').setInputFiles(photo);
						await sendRefused(page, submitButton(form()), js);
						await expectRefusedAt(form(), 'contact');
						await expectRefusedAt(form(), 'photo');
						await expect(form().locator('.field-error').allTextContents()).resolves.toContainEqual(expect.stringContaining(words));
						expect(await stored()).toEqual(before);
						expect(await files()).toBe(filesBefore);
					}
				}
				await page.close();
			});
		}
	}
});

describe('the stamped scan', () => {
	for (const js of modes) {
		it(`uploaded, shown after a reload, and a wrong file refused twice changing nothing, ${modeName(js)}`, async () => {
			const unit = await open('unit-410300', js);
			const id = await scalar("select id from nominations where call_id = ? and unit_id = (select id from nomination_units where code = '410300') order by id desc limit 1", [CALL]);
			const here = `${baseURL}/nominations/${CALL}/${id}`;
			const scanRow = () => one("select original_name, mime from nomination_files where nomination_id = ? and purpose = 'scan'", [id]).catch(() => null);
			await unit.goto(here);
			const name = `盖章扫描件-${js ? 'js' : 'nojs'}.pdf`;
			await formByKey(unit, 'scan').locator('input[name=scan]').setInputFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
			await send(unit, submitButton(formByKey(unit, 'scan')), js);
			await expectSaved(formByKey(unit, 'scan'), '盖章扫描件已上传');
			expect(await scanRow()).toEqual({ original_name: name, mime: 'application/pdf' });
			await unit.reload();
			await expect(unit.getByRole('link', { name: `盖章扫描件：${name}` }).count()).resolves.toBe(1);
			const before = await databaseFingerprint(db);
			for (let round = 0; round < 2; round++) {
				await formByKey(unit, 'scan').locator('input[name=scan]').setInputFiles({ name: 'not-a-scan.pdf', mimeType: 'application/pdf', buffer: PNG_1x1 });
				await sendRefused(unit, submitButton(formByKey(unit, 'scan')), js);
				await expectRefusedAt(formByKey(unit, 'scan'), 'scan');
				expect(await databaseFingerprint(db), `after refused upload ${round}`).toEqual(before);
			}
			await unit.close();
		});
	}
});

describe('an expert’s scores', () => {
	for (const js of modes) {
		it(`saved and shown everywhere; a score over 100 refused twice, ${modeName(js)}`, async () => {
			const page = await open('expert-410700', js);
			const expert = await scalar("select id from users where username = 'expert-410700'");
			const assigned = (await rows('select nomination_id from nomination_reviews where user_id = ? and conflict is null order by nomination_id', [expert])).map((r) => Number(r.nomination_id));
			const nominationId = js ? assigned[0] : assigned[1];
			const here = `/nominations/${CALL}`;
			await page.goto(`${baseURL}${here}`);
			const form = () => formByKey(page, `score:${nominationId}`);
			const n = await form().locator('input[name=scores]').count();
			expect(n).toBeGreaterThan(1);
			const scores = Array.from({ length: n }, (_, i) => String(js ? 91 - i * 7 : 64 + i * 3));
			const inputs = form().locator('input[name=scores]');
			for (let i = 0; i < n; i++) await inputs.nth(i).fill(scores[i]);
			const typed = await snapshot(form());
			const stored = () => one('select scores from nomination_reviews where nomination_id = ? and user_id = ?', [nominationId, expert]);
			await send(page, submitButton(form()), js);
			await expectSaved(form(), '评分已保存');
			expect(JSON.parse((await stored()).scores as string)).toEqual(scores.map(Number));
			await expectShownEverywhere(page, form, typed, here, '/nominations');
			const before = await stored();
			await inputs.nth(0).fill('101');
			await inputs.nth(1).fill('50');
			const refusedTyped = await snapshot(form());
			for (let round = 1; round <= 2; round++) {
				await sendRefused(page, submitButton(form()), js);
				await form().locator('.field-error, [role=alert]').first().waitFor({ timeout: 15_000 });
				expect(await snapshot(form()), `after refused submit ${round}`).toEqual(refusedTyped);
				expect(await stored(), `database after refused submit ${round}`).toEqual(before);
			}
			await page.close();
		});
	}
});


/** A real PNG padded past 1 MB (a nomination's photo must be 1–3 MB). */
const bigPng = (name: string) => ({ name, mimeType: 'image/png', buffer: Buffer.concat([PNG_1x1, Buffer.alloc(1_200_000)]) });

describe('取消 changes nothing', () => {
	for (const js of modes) {
		it(`deleting a nomination's photo, and an expert's 声明回避, ${modeName(js)}`, async () => {
			const unit = await open('unit-410300', js);
			const id = await scalar("select id from nominations where call_id = ? and category = 'station' and status = 'draft' order by id desc limit 1", [CALL]);
			const here = `/nominations/${CALL}/${id}`;
			await unit.goto(`${baseURL}${here}`);
			if ((await scalar("select count(*) from nomination_files where nomination_id = ? and purpose = 'photo'", [id])) === 0) {
				const save = formByKey(unit, 'save');
				await save.locator('input[name=photo]').setInputFiles(bigPng('社区活动.png'));
				await send(unit, submitButton(save), js);
				await expectSaved(save, '已保存');
				await unit.goto(`${baseURL}${here}`);
			}
			const before = await databaseFingerprint(db);
			const button = unit.getByRole('button', { name: /删除照片/ }).first();
			const photo = /删除照片“(.+)”/.exec((await button.getAttribute('aria-label'))!)![1];
			// the same question with and without scripts, naming the photo
			await cancel(unit, button, js, new RegExp(`确定删除照片“${photo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}”吗？`));
			expect(await databaseFingerprint(db)).toEqual(before);
			if (!js) await expect(unit.getByText('已取消，未作任何修改').count()).resolves.toBeGreaterThan(0);
			await unit.close();

			const expert = await open('expert-410700', js);
			await expert.goto(`${baseURL}/nominations/${CALL}`);
			const form = expert.locator('form:has(> input[name="formKey"][value^="conflict:"])').first();
			await form.locator('input[name=conflict]').fill('与被推荐人同一单位');
			const before2 = await databaseFingerprint(db);
			await cancel(expert, submitButton(form), js, /声明回避/);
			expect(await databaseFingerprint(db)).toEqual(before2);
			await expert.close();
		});
	}
});

describe('公示: an objection recorded and resolved', () => {
	beforeAll(async () => {
		// the list chosen and 公示 started, as the province's forms do (their round trip is the journey's)
		await db.execute("update nominations set selected = 1 where call_id = 1 and status = 'submitted'");
		await db.execute({ sql: "update nomination_calls set stage = 'publicity', publicity_start = ? where id = 1", args: [today] });
	});
	for (const js of modes) {
		it(`refused twice, recorded, then resolved, ${modeName(js)}`, async () => {
			const page = await open('admin', js);
			const here = `/nominations/${CALL}`;
			await page.goto(`${baseURL}${here}`);
			const form = () => formByKey(page, 'objection');
			const selected = (await form().locator('select[name=nominationId] option').nth(1).getAttribute('value'))!;
			const values = { nominationId: js ? selected : '', who: js ? '张异议' : '李群众', contact: js ? '19900003001' : '19900003002', what: js ? '事迹材料中的服务时长\n与实际不符' : '对名单有疑问', receivedOn: addDays(today, js ? 0 : 1) };
			const objections = () => rows('select who, contact, what, received_on, nomination_id, resolution from nomination_objections order by id');
			await refuseTwice(page, form(), js, { ...values, who: '' }, () => expectRefusedAt(form(), 'who'), objections);
			await fillByName(form(), { who: values.who });
			await send(page, submitButton(form()), js);
			await expectSaved(page.locator('#objections'), '异议已登记');
			const [made] = (await objections()).slice(-1);
			expect(made).toEqual({ who: values.who, contact: values.contact, what: values.what, received_on: values.receivedOn, nomination_id: values.nominationId ? Number(values.nominationId) : null, resolution: null });
			const objectionId = await scalar('select max(id) from nomination_objections');
			await page.goto(`${baseURL}${here}`);
			await expect(page.locator('#objections').textContent()).resolves.toContain(values.who);

			// its resolution: empty refused twice, then saved and shown in place of the form
			const resolve = () => formByKey(page, `resolve:${objectionId}`);
			const resolution = () => one('select resolution, resolved_at from nomination_objections where id = ?', [objectionId]);
			await refuseTwice(page, resolve(), js, { resolution: '' }, () => expectRefusedAt(resolve(), 'resolution'), resolution);
			await fillByName(resolve(), { resolution: js ? '经核实，服务时长无误，维持原结果。' : '已电话答复。' });
			await send(page, submitButton(resolve()), js);
			expect((await resolution()).resolution).toBe(js ? '经核实，服务时长无误，维持原结果。' : '已电话答复。');
			for (const when of ['after the save', 'after a reload']) {
				if (when === 'after a reload') await page.goto(`${baseURL}${here}`);
				await expect(page.locator('#objections').textContent(), when).resolves.toContain(`处理结果：${(await resolution()).resolution}`);
				await expect(resolve().count(), when).resolves.toBe(0);
			}
			await page.close();
		});
	}
});
