/**
 * 组织体系 forms (issue 19), with JavaScript and without: the unit form (created on /organisation,
 * edited on the unit's page) and the officer form round-trip — saved, reloaded, reopened, and a
 * refused submit keeps every field (selects included) while the database does not change; the
 * stored row equals what was typed. 删除 of an officer, a unit and an obligation asks first, and 取消
 * changes nothing in the whole database (tests/support/fingerprint.ts); a confirmed delete goes to
 * the organisation's recycle bin and 恢复 brings the row back.
 *
 * Runs its own server over a fresh demo database: it builds and removes units no other file may see.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { createClient, type Client } from '@libsql/client';
import { launchBrowser, login, VIEWPORTS } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { sqlReader } from '../support/sql';
import { databaseFingerprint } from '../support/fingerprint';
import { fillByName, formByKey, snapshot, type FieldValue } from '../support/form-fields';
import { cancelConfirmation, expectSaved, submitAndWait as send, submitButton } from '../support/form-browser';

const today = inject('today');
const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
let server: RunningServer;
let baseURL = '';
let browser: Browser;
let db: Client;
/** 洛阳市科技志愿者支队: the new county 队 go under it */
let luoyang = 0;

const { one, num: count } = sqlReader(() => db);

beforeAll(async () => {
	server = await startServer(today);
	baseURL = server.url;
	browser = await launchBrowser();
	db = createClient({ url: server.databaseUrl });
	luoyang = Number((await one("select id from org_units where kind = 'city_detachment' and division_code = '410300'")).id);
}, 120_000);
afterAll(async () => {
	db?.close();
	await browser?.close();
	await server?.stop();
});

async function open(js: boolean): Promise<Page> {
	const p = await browser.newPage({ viewport: VIEWPORTS.desktop, javaScriptEnabled: js });
	await login(p, baseURL, 'admin');
	return p;
}




/**
 * A refused version sent twice: every field keeps what was typed and the database is unchanged.
 * `serverOnly`: the browser's own check lets it through (the server refuses), so with scripts too a POST is sent.
 */
async function refuseTwice(page: Page, form: Locator, js: boolean, values: Record<string, FieldValue>, field: string, serverOnly: boolean) {
	const before = await databaseFingerprint(db);
	await fillByName(form, values);
	const typed = await snapshot(form);
	for (let round = 1; round <= 2; round++) {
		if (js && !serverOnly) await submitButton(form).click();
		else await send(page, submitButton(form), js);
		await form.locator(`[aria-invalid="true"][name="${field}"]`).first().waitFor({ timeout: 15_000 });
		expect(await snapshot(form), `after refused submit ${round}`).toEqual(typed);
		expect(await databaseFingerprint(db), `database after refused submit ${round}`).toEqual(before);
	}
}

/** The form shows `typed` now, after going away and back to `here`, and after a reload of `here`. */
async function expectShownEverywhere(page: Page, form: () => Locator, typed: Record<string, unknown>, here: string) {
	expect(await snapshot(form()), 'after the save').toEqual(typed);
	await page.goto(`${baseURL}/organisation`);
	await page.goto(`${baseURL}${here}`);
	expect(await snapshot(form()), 'after going away and back').toEqual(typed);
	await page.reload();
	expect(await snapshot(form()), 'after a reload').toEqual(typed);
}

for (const js of [true, false]) {
	const mode = js ? 'with JavaScript' : 'without JavaScript';
	const tag = js ? '甲' : '乙';
	// a county of 洛阳市 each mode's 队 serves (created), and another it moves to (edited)
	const [county, county2] = js ? ['410327', '410328'] : ['410325', '410326'];

	describe(`unit and officer forms round trip, ${mode}`, () => {
		let page: Page;
		let unitId = 0;
		let officerId = 0;
		beforeAll(async () => {
			page = await open(js);
		});
		afterAll(async () => {
			await page?.close();
		});

		it('unit (create on /organisation): refused twice keeps every field and select; created row stored and shown on its page', async () => {
			await page.goto(`${baseURL}/organisation`);
			const form = formByKey(page, 'create');
			const values = { kind: 'county_team', parentId: String(luoyang), name: `往返测试${tag}县科技志愿者队`, divisionCode: county, foundedOn: '2026-03-15', platformId: `STVS-RT-${tag}` };
			// a county 队 serving a city: the server refuses at the division select (with scripts the
			// list offers a county 队 only counties, so the pair cannot be chosen)
			if (!js) await refuseTwice(page, form, js, { ...values, divisionCode: '410300' }, 'divisionCode', true);
			// only spaces as the name: the browser's own check (with scripts) and the server (without) refuse
			await refuseTwice(page, form, js, { ...values, name: '   ' }, 'name', false);
			// founded tomorrow: refused at its field, by the browser and by the server alike
			await refuseTwice(page, form, js, { ...values, foundedOn: tomorrow }, 'foundedOn', false);
			await fillByName(form, values);
			await send(page, submitButton(form), js);
			await page.waitForURL(/\/organisation\/units\/\d+$/, { timeout: 15_000 });
			unitId = Number(new URL(page.url()).pathname.split('/').pop());
			expect(await one('select kind, name, division_code, founded_on, platform_id, removed_on from org_units where id = ?', [unitId])).toEqual({
				kind: 'county_team',
				name: values.name,
				division_code: county,
				founded_on: values.foundedOn,
				platform_id: values.platformId,
				removed_on: null
			});
			expect(Number((await one('select parent_id from org_unit_parents where unit_id = ? and valid_to is null', [unitId])).parent_id)).toBe(luoyang);
			expect(await count('select count(*) from org_units where name = ?', [values.name]), 'one unit').toBe(1);
			// the unit's page reopens it in its edit form
			const { kind: _k, parentId: _p, ...editable } = values;
			expect(await snapshot(formByKey(page, 'save'))).toEqual(editable);
		});

		it('unit (edit on its page): saved, reloaded, reopened; refused twice keeps every field', async () => {
			expect(unitId, 'the unit of the previous test').toBeGreaterThan(0);
			const here = `/organisation/units/${unitId}`;
			await page.goto(`${baseURL}${here}`);
			const form = () => formByKey(page, 'save');
			const values = { name: `往返测试${tag}县科技志愿者队（改）`, divisionCode: county2, foundedOn: '2026-04-01', platformId: `STVS-RT-${tag}-2` };
			await refuseTwice(page, form(), js, { ...values, name: '   ' }, 'name', false);
			await refuseTwice(page, form(), js, { ...values, foundedOn: tomorrow }, 'foundedOn', false);
			await fillByName(form(), values);
			await send(page, submitButton(form()), js);
			await expectSaved(page, '单位信息已保存');
			await expectShownEverywhere(page, form, values, here);
			expect(await one('select name, division_code, founded_on, platform_id, version from org_units where id = ?', [unitId])).toEqual({
				name: values.name,
				division_code: county2,
				founded_on: values.foundedOn,
				platform_id: values.platformId,
				version: 2
			});
		});

		it('officer (create, then edit): role select and every field stored and shown; refused twice keeps them', async () => {
			const here = `/organisation/units/${unitId}`;
			await page.goto(`${baseURL}${here}`);
			const form = () => formByKey(page, 'officer');
			const head = { role: 'head', name: `队长${tag}`, workUnit: '县科协 主席', phone: '19900000301' };
			await refuseTwice(page, form(), js, { ...head, phone: '12345' }, 'phone', false);
			await fillByName(form(), head);
			await send(page, submitButton(form()), js);
			await expectSaved(page, '负责人已保存');
			const head1 = await one('select id, role, name, work_unit, phone from org_officers where unit_id = ?', [unitId]);
			expect(head1).toMatchObject({ role: 'head', name: head.name, work_unit: head.workUnit, phone: head.phone });
			// the form goes on editing the new row: saving again changes it, makes no second one
			expect(await snapshot(form())).toEqual(head);

			// a second officer, then reopened with 编辑 and changed
			await page.goto(`${baseURL}${here}`);
			const deputy = { role: 'deputy', name: `副队长${tag}`, workUnit: '县农技中心 高级农艺师', phone: '19900000302' };
			await fillByName(form(), deputy);
			await send(page, submitButton(form()), js);
			await expectSaved(page, '负责人已保存');
			officerId = Number((await one('select id from org_officers where unit_id = ? and name = ?', [unitId, deputy.name])).id);
			const reopened = `${here}?officer=${officerId}`;
			await page.goto(`${baseURL}${reopened}`);
			expect(await snapshot(form())).toEqual(deputy);
			const changed = { role: 'secretary_general', name: `秘书长${tag}`, workUnit: '县科协 秘书', phone: '0379-66001234' };
			// a second head: the server refuses at the role select, keeping what was typed
			await refuseTwice(page, form(), js, { ...changed, role: 'head' }, 'role', true);
			await fillByName(form(), changed);
			await send(page, submitButton(form()), js);
			await expectSaved(page, '负责人已保存');
			await expectShownEverywhere(page, form, changed, reopened);
			expect(await one('select role, name, work_unit, phone, version from org_officers where id = ?', [officerId])).toEqual({
				role: 'secretary_general',
				name: changed.name,
				work_unit: changed.workUnit,
				phone: changed.phone,
				version: 2
			});
			expect(await count('select count(*) from org_officers where unit_id = ?', [unitId])).toBe(2);
		});

		it('删除 asks first: 取消 changes nothing; confirmed, the officer goes to the bin and 恢复 brings it back', async () => {
			const here = `/organisation/units/${unitId}`;
			await page.goto(`${baseURL}${here}`);
			const row = await one('select * from org_officers where id = ?', [officerId]);
			const officerName = String(row.name);
			const deleteButton = () => page.getByRole('button', { name: `删除负责人“${officerName}”` });
			await cancel(page, deleteButton(), js, new RegExp(`确定删除负责人“${officerName}”吗？删除后 30 天内可在回收站恢复`));
			// the unit itself, and an obligation on the settings page
			await page.goto(`${baseURL}${here}`);
			await cancel(page, page.getByRole('button', { name: /^删除组织单位“/ }), js, /确定删除组织单位“.*”吗？删除后 30 天内可在回收站恢复/);
			await page.goto(`${baseURL}/organisation/deadlines`);
			await cancel(page, page.getByRole('button', { name: /^删除报送任务“/ }).first(), js, /确定删除报送任务“.*”吗？删除后 30 天内可在回收站恢复/);

			// now confirmed: gone from the unit, waiting in the bin
			await page.goto(`${baseURL}${here}`);
			await confirm(page, deleteButton(), js);
			await expect(page.getByRole('status').filter({ hasText: `已删除负责人“${officerName}”` }).count()).resolves.toBe(1);
			expect(await count('select count(*) from org_officers where id = ?', [officerId])).toBe(0);
			await page.goto(`${baseURL}/organisation/bin`);
			const restore = page.getByRole('button', { name: `恢复负责人“${officerName}”` });
			await send(page, restore, js);
			await expectSaved(page, `已恢复负责人“${officerName}”`);
			const back = await one('select * from org_officers where id = ?', [officerId]);
			expect({ ...back, updated_at: 0 }).toEqual({ ...row, updated_at: 0 });
			await page.goto(`${baseURL}${here}`);
			await expect(deleteButton().count()).resolves.toBe(1);
		});

		it('a confirmed 删除 of the unit leads to its parent, which says so and where to restore it', async () => {
			const here = `/organisation/units/${unitId}`;
			await page.goto(`${baseURL}${here}`);
			const name = String((await one('select name from org_units where id = ?', [unitId])).name);
			await confirm(page, page.getByRole('button', { name: `删除组织单位“${name}”` }), js);
			await page.waitForURL((u) => u.pathname === `/organisation/units/${luoyang}`, { timeout: 15_000 });
			await expectSaved(page, `已删除组织单位“${name}”，30 天内可在组织体系回收站恢复`);
			expect((await one('select removed_on from org_units where id = ?', [unitId])).removed_on).toBe(today);
			// the same address later, or for a unit that was not removed, says nothing
			await page.goto(`${baseURL}/organisation/units/${luoyang}?removed=${luoyang}`);
			expect(await page.getByRole('status').filter({ hasText: '已删除组织单位' }).count()).toBe(0);
			// nor does it name the removed unit under a unit it was never in
			const elsewhere = Number((await one("select id from org_units where kind = 'city_detachment' and division_code <> '410300' and removed_on is null order by id limit 1")).id);
			await page.goto(`${baseURL}/organisation/units/${elsewhere}?removed=${unitId}`);
			expect(await page.getByRole('status').filter({ hasText: '已删除组织单位' }).count()).toBe(0);
		});
	});

	describe(`the office's own forms, ${mode}`, () => {
		it('解除挂靠 asks first: 取消 changes nothing; confirmed, the team is detached and attaches again', async () => {
			const row = await one('select t.id, t.name, t.unit_id from teams t join org_units u on u.id = t.unit_id where u.removed_on is null order by t.id limit 1');
			const team = { id: Number(row.id), name: String(row.name), unit_id: Number(row.unit_id) };
			const here = `/organisation/units/${team.unit_id}`;
			const page = await open(js);
			try {
				await page.goto(`${baseURL}${here}`);
				const detach = () => page.getByRole('button', { name: `解除挂靠：${team.name}` });
				await cancel(page, detach(), js, new RegExp(`确定解除服务队“${team.name}”的挂靠吗？`));
				expect(Number((await one('select unit_id from teams where id = ?', [team.id])).unit_id)).toBe(team.unit_id);
				await page.goto(`${baseURL}${here}`);
				await confirm(page, detach(), js);
				await expect.poll(async () => (await one('select unit_id from teams where id = ?', [team.id])).unit_id, { timeout: 10_000 }).toBeNull();
				await page.goto(`${baseURL}${here}`);
				const attach = formByKey(page, 'attachTeam');
				await fillByName(attach, { teamId: String(team.id) });
				await send(page, submitButton(attach), js);
				expect(Number((await one('select unit_id from teams where id = ?', [team.id])).unit_id)).toBe(team.unit_id);
			} finally {
				await page.close();
			}
		});

		it('撤销登记 asks first: 取消 changes nothing; confirmed, the completion goes and the obligation can be registered again', async () => {
			const here = `/organisation/units/${luoyang}`;
			const page = await open(js);
			try {
				await page.goto(`${baseURL}${here}`);
				const form = formByKey(page, 'done');
				const deadlineId = Number((await snapshot(form)).deadlineId);
				const { title } = await one('select title from org_deadlines where id = ?', [deadlineId]);
				await fillByName(form, { note: `误登记${mode}` });
				await send(page, submitButton(form), js);
				const registered = () => db.execute({ sql: 'select done_on, note from org_deadline_done where unit_id = ? and deadline_id = ?', args: [luoyang, deadlineId] }).then((r) => r.rows.length);
				await expect.poll(registered, { timeout: 10_000 }).toBe(1);
				await page.goto(`${baseURL}${here}`);
				const undo = () => page.getByRole('button', { name: `撤销登记：${title}` });
				await cancel(page, undo(), js, new RegExp(`确定撤销“${title}”于 ${today} 的完成登记吗？`));
				expect(await registered()).toBe(1);
				await page.goto(`${baseURL}${here}`);
				await confirm(page, undo(), js);
				await expect.poll(registered, { timeout: 10_000 }).toBe(0);
				await page.goto(`${baseURL}${here}`);
				expect(await formByKey(page, 'done').locator(`select[name=deadlineId] option[value="${deadlineId}"]`).count()).toBe(1);
				expect(await page.getByRole('button', { name: `撤销登记：${title}` }).count()).toBe(0);
				expect(Number((await one("select count(*) as n from audit_log where action = 'org_deadline.undone' and entity_id = ?", [String(luoyang)])).n)).toBeGreaterThan(0);
			} finally {
				await page.close();
			}
		});

		it('a 支队 officer is offered only the kinds it can create, and the form as first shown creates a county 队', async () => {
			const page = await browser.newPage({ viewport: VIEWPORTS.phone, javaScriptEnabled: js });
			try {
				await login(page, baseURL, 'officer-410300');
				await page.goto(`${baseURL}/organisation`);
				const form = formByKey(page, 'create');
				const kinds = await form.locator('select[name=kind] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
				expect(kinds).toEqual(['county_team', 'squad']);
				expect((await snapshot(form)).kind).toBe('county_team');
				const name = `默认表单测试${tag}县科技志愿者队`;
				await fillByName(form, { name, divisionCode: js ? '410329' : '410307' });
				await send(page, submitButton(form), js);
				await page.waitForURL(/\/organisation\/units\/\d+$/, { timeout: 15_000 });
				const made = await one('select u.kind, p.parent_id from org_units u join org_unit_parents p on p.unit_id = u.id and p.valid_to is null where u.name = ?', [name]);
				expect({ kind: made.kind, parent: Number(made.parent_id) }).toEqual({ kind: 'county_team', parent: luoyang });
			} finally {
				await page.close();
			}
		});

		it('登记完成 names a future date, a note too long and a file of another kind together, and writes nothing', async () => {
			const page = await open(js);
			try {
				await page.goto(`${baseURL}/organisation/units/${luoyang}`);
				const form = formByKey(page, 'done');
				const before = await databaseFingerprint(db);
				await fillByName(form, { doneOn: tomorrow, note: '说'.repeat(501) });
				for (let round = 1; round <= 2; round++) {
					// a refused file is not offered again: without scripts the page comes back without it, and the clerk chooses it again
					if (round === 1 || !js) await form.locator('input[type=file][name=file]').setInputFiles({ name: 'bad.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ not a document') });
					if (js) await submitButton(form).click();
					else await send(page, submitButton(form), js);
					for (const field of ['doneOn', 'note', 'file']) await form.locator(`[aria-invalid="true"][name="${field}"]`).waitFor({ timeout: 15_000 });
					expect(await databaseFingerprint(db), `database after refused submit ${round}`).toEqual(before);
				}
			} finally {
				await page.close();
			}
		});

		it('新增报送任务 never offers a copy of a task that exists, and refuses one at its name', async () => {
			const page = await open(js);
			try {
				await page.goto(`${baseURL}/organisation/deadlines`);
				const form = formByKey(page, 'save');
				const shown = await snapshot(form);
				const existing = await db.execute('select title, due_date from org_deadlines');
				expect(existing.rows.some((r) => r.title === shown.title && r.due_date === shown.dueDate), `${shown.title} ${shown.dueDate} is offered again`).toBe(false);
				const twin = existing.rows[0];
				const before = await databaseFingerprint(db);
				await fillByName(form, { title: String(twin.title), dueDate: String(twin.due_date) });
				await send(page, submitButton(form), js);
				await form.locator('[aria-invalid="true"][name="title"]').waitFor({ timeout: 15_000 });
				expect(await form.locator('#f-title-error').textContent()).toContain('不能重复设置');
				expect(await databaseFingerprint(db)).toEqual(before);
			} finally {
				await page.close();
			}
		});
	});

	/** Cancels the confirmation of `button`: dismisses the dialog (JS) or follows 取消 on the 428 page (no JS); the whole database is unchanged. */
	async function cancel(p: Page, button: Locator, js: boolean, question: RegExp) {
		const before = await databaseFingerprint(db);
		await cancelConfirmation(p, button, js, question);
		expect(await databaseFingerprint(db), 'database after 取消').toEqual(before);
	}

	/** Confirms: accepts the dialog (JS) or presses 确定 on the 428 page (no JS). */
	async function confirm(p: Page, button: Locator, js: boolean) {
		if (js) {
			p.once('dialog', (d) => void d.accept());
			await send(p, button, true);
		} else {
			await Promise.all([p.waitForEvent('load'), button.click()]);
			await Promise.all([p.waitForEvent('load'), p.getByRole('alertdialog', { name: '请确认' }).getByRole('button', { name: '确定' }).click()]);
		}
	}
}
