/**
 * Issue 14: every form shows what is stored after a save, a reload and a reopen, and what was
 * typed after a refused submit (twice), field by field, selects and checkboxes included; and the
 * database row is what was typed. The whole table runs with JavaScript and without.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { createClient, type Client } from '@libsql/client';
import { launchBrowser, login, VIEWPORTS } from '../support/browser';
import { checkboxValues, fillByName, formByKey, lastOption, png, snapshot, type FieldValue } from '../support/form-fields';

const baseURL = inject('baseURL');
const today = inject('today');
const databaseUrl = inject('databaseUrl');
const EDITOR = 'editor-410225'; // 兰考县
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
const nl = (s: unknown) => (typeof s === 'string' ? s.replaceAll('\r\n', '\n') : s);

async function row(sql: string, args: (string | number)[]): Promise<Record<string, unknown>> {
	const r = (await db.execute({ sql, args })).rows[0];
	if (!r) throw new Error(`no row for ${sql} ${args}`);
	return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, nl(typeof v === 'bigint' ? Number(v) : v)]));
}

interface Ctx {
	page: Page;
	js: boolean;
	tag: string;
	home: string;
	pilotId: number;
	activityDate?: string;
}

interface ItemSpec {
	name: string;
	/** page under the pilot, e.g. teams */
	path: string;
	/** what to type into a new item (selects to non-first options, checkboxes toggled) */
	values(form: Locator, c: Ctx): Promise<Record<string, FieldValue>>;
	/** files to attach before the save */
	files?: Record<string, ReturnType<typeof png>>;
	/** the stored row, in the units of `expected` */
	stored(id: number): Promise<Record<string, unknown>>;
	expected(v: Record<string, FieldValue>, c: Ctx): Record<string, unknown>;
	/** a different version with one field invalid */
	refused(form: Locator, c: Ctx): Promise<{ values: Record<string, FieldValue>; field: string; files?: Record<string, ReturnType<typeof png>> }>;
}

const bool = (v: FieldValue | undefined) => (v === true ? 1 : 0);

const ITEMS: ItemSpec[] = [
	{
		name: 'team',
		path: 'teams',
		values: async (_f, c) => ({
			name: `往返测试服务队${c.tag}`,
			declaredMembers: '37',
			foundedOn: '2025-03-14',
			leaderName: '张晓红',
			leaderPhone: '13800138000',
			registered: true,
			registrationId: `DMZY-RT-${c.tag}`,
			partnerType: 'medical',
			partnerName: '兰考县人民医院'
		}),
		stored: (id) => row('select name, declared_members, founded_on, leader_name, leader_phone, registered, registration_id, partner_type, partner_name from teams where id = ?', [id]),
		expected: (v) => ({
			name: v.name,
			declared_members: Number(v.declaredMembers),
			founded_on: v.foundedOn,
			leader_name: v.leaderName,
			leader_phone: v.leaderPhone,
			registered: bool(v.registered),
			registration_id: v.registrationId,
			partner_type: v.partnerType,
			partner_name: v.partnerName
		}),
		refused: async (_f, c) => ({
			field: 'declaredMembers',
			values: {
				name: `往返测试服务队改${c.tag}`,
				declaredMembers: '-3',
				foundedOn: '2024-12-01',
				leaderName: '李四',
				leaderPhone: '03717654321',
				registered: false,
				registrationId: '',
				partnerType: 'tech_enterprise',
				partnerName: '某科技公司'
			}
		})
	},
	{
		name: 'project',
		path: 'projects',
		// startDate: 实施开始时间 (issue 20), which the nominations' eligibility reads
		values: async (_f, c) => ({ name: `往返测试项目${c.tag}`, field: 'health', startDate: '2024-02-29', description: `第一行${c.tag}\n第二行` }),
		stored: (id) => row('select name, field, start_date, description from projects where id = ?', [id]),
		expected: (v) => ({ name: v.name, field: v.field, start_date: v.startDate, description: v.description }),
		refused: async () => ({ field: 'name', values: { name: '', field: 'civility', startDate: '2023-07-01', description: '改过的简介\n两行' } })
	},
	{
		name: 'activity',
		path: 'activities',
		values: async (form, c) => {
			const teams = await checkboxValues(form, 'teamIds');
			// a held activity inside the cycle: the day before today or the cycle's last day, whichever is earlier
			const end = /至 (\d{4}-\d{2}-\d{2})）/.exec((await c.page.locator('p.hint').first().textContent()) ?? '')?.[1] ?? yesterday;
			c.activityDate = end < yesterday ? end : yesterday;
			return {
				title: `往返测试活动${c.tag}`,
				date: c.activityDate,
				place: '东坝头乡文化广场',
				kind: await lastOption(form, 'kind'),
				field: 'civility',
				projectId: await lastOption(form, 'projectId'),
				keyDate: await lastOption(form, 'keyDate'),
				teamIds: teams.slice(-2),
				keyGroups: ['youth', 'needy'],
				volunteers: '15',
				experts: '4',
				served: '230',
				serviceHours: '12.5',
				description: '上午授课\n下午入户',
				highlight: true,
				highlightEffect: '受益群众 230 人次\n村民点赞'
			};
		},
		stored: async (id) => ({
			...(await row('select title, date, place, kind, field, project_id, key_date, key_groups, volunteers, experts, served, service_hours, description, highlight, highlight_effect from activities where id = ?', [id])),
			teams: (await db.execute({ sql: 'select team_id from activity_teams where activity_id = ? order by team_id', args: [id] })).rows.map((r) => String(r.team_id))
		}),
		expected: (v) => ({
			title: v.title,
			date: v.date,
			place: v.place,
			kind: v.kind,
			field: v.field,
			project_id: Number(v.projectId),
			key_date: v.keyDate,
			key_groups: JSON.stringify(v.keyGroups),
			volunteers: 15,
			experts: 4,
			served: 230,
			service_hours: 12.5,
			description: v.description,
			highlight: bool(v.highlight),
			highlight_effect: v.highlightEffect,
			teams: [...(v.teamIds as string[])].sort((a, b) => Number(a) - Number(b))
		}),
		refused: async (form, c) => {
			const teams = await checkboxValues(form, 'teamIds');
			const secondKind = (await form.locator('select[name=kind] option').nth(1).getAttribute('value'))!;
			return {
				field: 'volunteers',
				values: {
					title: '改过的活动名称',
					date: c.activityDate!,
					place: '改过的地点',
					kind: secondKind,
					field: 'health',
					projectId: '',
					keyDate: '',
					teamIds: teams.slice(0, 1),
					keyGroups: ['rural_women'],
					volunteers: '十五',
					experts: '2',
					served: '99',
					serviceHours: '3',
					description: '改过的简介'
				}
			};
		}
	},
	{
		name: 'station',
		path: 'stations',
		values: async (form, c) => ({
			name: `往返测试站点${c.tag}`,
			facilityType: await lastOption(form, 'facilityType'),
			address: '兰考县城关镇一号',
			residents: '2468',
			teamId: await lastOption(form, 'teamId'),
			projectId: await lastOption(form, 'projectId'),
			venue: true,
			venueNote: '有固定场所',
			facilities: true,
			facilitiesNote: '投影仪一台',
			rules: false,
			rulesNote: '制度待上墙',
			signage: true,
			signageNote: '门口挂牌'
		}),
		files: { venuePhoto: png('场所照片.png') },
		stored: async (id) => ({
			...(await row('select name, facility_type, address, residents, team_id, project_id, venue, venue_note, facilities, facilities_note, rules, rules_note, signage, signage_note from stations where id = ?', [id])),
			files: (await db.execute({ sql: "select purpose, original_name from files where entity_type = 'station' and entity_id = ? order by id", args: [id] })).rows.map((r) => `${r.purpose}:${r.original_name}`)
		}),
		expected: (v) => ({
			name: v.name,
			facility_type: v.facilityType,
			address: v.address,
			residents: Number(v.residents),
			team_id: Number(v.teamId),
			project_id: Number(v.projectId),
			venue: 1,
			venue_note: v.venueNote,
			facilities: 1,
			facilities_note: v.facilitiesNote,
			rules: 0,
			rules_note: v.rulesNote,
			signage: 1,
			signage_note: v.signageNote,
			files: ['venue:场所照片.png']
		}),
		refused: async (form) => ({
			field: 'name',
			files: { signagePhoto: png('标识照片.png') },
			values: {
				name: '',
				facilityType: (await form.locator('select[name=facilityType] option').nth(1).getAttribute('value'))!,
				address: '改过的地址',
				residents: '1357',
				teamId: '',
				projectId: '',
				venue: false,
				venueNote: '',
				facilities: true,
				facilitiesNote: '改过',
				rules: true,
				rulesNote: '已上墙',
				signage: false,
				signageNote: ''
			}
		})
	}
];

/** The save was accepted; if not, the failure names the errors shown. */
async function expectSaved(form: Locator) {
	const status = form.getByRole('status');
	const alert = form.locator('[role=alert], .field-error');
	await Promise.race([status.first().waitFor({ timeout: 15_000 }), alert.first().waitFor({ timeout: 15_000 })]).catch(() => {});
	const errors = await alert.allTextContents();
	expect(errors.join(' | '), 'errors shown instead of 已保存').toBe('');
	await expect(status.textContent()).resolves.toContain('已保存');
}

/** Clicks 保存 (or the form's only submit button) and waits for the answer. */
async function submit(page: Page, form: Locator, js: boolean, posts: boolean) {
	const button = form.locator('button[type=submit]').last();
	if (!js) {
		await Promise.all([page.waitForEvent('load'), button.click()]);
		return;
	}
	if (posts) {
		await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 10_000 }).catch(() => null), button.click()]);
		await expect.poll(() => form.getAttribute('aria-busy'), { timeout: 10_000 }).toBe('false');
	} else {
		await button.click();
	}
}

for (const js of [true, false]) {
	describe(`round trip of every item form, ${js ? 'with' : 'without'} JavaScript`, () => {
		const c = {} as Ctx;
		beforeAll(async () => {
			c.js = js;
			c.tag = js ? 'J' : 'N';
			c.page = await browser.newPage({ viewport: VIEWPORTS.desktop, javaScriptEnabled: js });
			await login(c.page, baseURL, EDITOR);
			c.home = new URL(c.page.url()).pathname;
			c.pilotId = Number(c.home.split('/').pop());
		});
		afterAll(async () => {
			await c.page?.close();
		});

		for (const spec of ITEMS) {
			it(`${spec.name}: save, reload, reopen and database; a refused edit twice keeps what was typed`, async () => {
				const { page } = c;
				const form = page.locator('#form form');
				await page.goto(`${baseURL}${c.home}/${spec.path}?new`);
				const values = await spec.values(form, c);
				await fillByName(form, values);
				for (const [name, file] of Object.entries(spec.files ?? {})) await form.locator(`input[type=file][name="${name}"]`).setInputFiles(file);
				const typed = await snapshot(form);
				// the fill took: every value is in the snapshot
				for (const [name, v] of Object.entries(values)) {
					if (Array.isArray(v)) for (const x of v) expect(typed[`${name}=${x}`], `${name}=${x}`).toBe(true);
					else if (typeof v === 'boolean') expect(typed[`${name}=on`], name).toBe(v);
					else expect(typed[name], name).toBe(v);
				}

				await submit(page, form, js, true);
				await expectSaved(form);
				// (a) right after the save the form edits the new row and shows what is stored
				const idText = await form.locator('input[type=hidden][name=id]').getAttribute('value');
				const id = Number(idText);
				expect(id, 'the form edits the new row').toBeGreaterThan(0);
				expect(await snapshot(form), 'after the save').toEqual(typed);
				expect(await spec.stored(id), 'database after the save').toEqual(spec.expected(values, c));

				// a second save of what is shown changes nothing stored
				await submit(page, form, js, true);
				await expectSaved(form);
				expect(await snapshot(form), 'after a second save').toEqual(typed);
				expect(await spec.stored(id), 'database after a second save').toEqual(spec.expected(values, c));

				// (c) away and back: ?edit=<id>
				await page.goto(`${baseURL}${c.home}`);
				await page.goto(`${baseURL}${c.home}/${spec.path}?edit=${id}`);
				expect(await snapshot(form), 'after reopening').toEqual(typed);
				// (b) and a reload of it
				await page.reload();
				expect(await snapshot(form), 'after a reload').toEqual(typed);

				// a refused version, twice: every field keeps what was typed, nothing stored changes
				const bad = await spec.refused(form, c);
				await fillByName(form, bad.values);
				for (const [name, file] of Object.entries(bad.files ?? {})) await form.locator(`input[type=file][name="${name}"]`).setInputFiles(file);
				const typedBad = await snapshot(form);
				// an unticked box is absent from the form data: it must stay unticked (a browser-side refusal
				// once filled it back in from the stored values)
				for (let round = 1; round <= 2; round++) {
					await submit(page, form, js, false);
					await form.locator(`[aria-invalid="true"][name="${bad.field}"]`).waitFor({ timeout: 10_000 });
					expect(await snapshot(form), `after refused submit ${round}`).toEqual(typedBad);
					for (const [name, file] of Object.entries(bad.files ?? {})) {
						// a file the refusal carried is still chosen (JS) or kept on the server and offered (no JS)
						const input = form.locator(`input[type=file][name="${name}"]`);
						const stillChosen = await input.evaluate((e) => (e as HTMLInputElement).files?.length ?? 0).catch(() => 0);
						if (!stillChosen) {
							await expect(form.getByText(`沿用已选文件：${file.name}`).count(), `${name} staged after refusal ${round}`).resolves.toBe(1);
							await expect(form.locator(`input[type=checkbox][name="${name}__staged"]`).isChecked()).resolves.toBe(true);
						}
					}
					expect(await spec.stored(id), `database after refused submit ${round}`).toEqual(spec.expected(values, c));
				}
			});
		}

		it('mechanism: status, document and file round trip; a refused version twice keeps what was typed', async () => {
			const { page } = c;
			const keys = (await db.execute({ sql: 'select key from mechanisms where pilot_id = ? order by id', args: [c.pilotId] })).rows.map((r) => String(r.key));
			expect(keys.length, 'two mechanisms').toBeGreaterThanOrEqual(2);
			const key = keys[js ? 0 : 1];
			const mech = await row('select id, status, document from mechanisms where pilot_id = ? and key = ?', [c.pilotId, key]);
			const stored = async () => ({
				...(await row('select status, document from mechanisms where id = ?', [Number(mech.id)])),
				files: (await db.execute({ sql: "select purpose, original_name from files where entity_type = 'mechanism' and entity_id = ? order by id", args: [Number(mech.id)] })).rows.map((r) => `${r.purpose}:${r.original_name}`)
			});
			const filesBefore = (await stored()).files;
			await page.goto(`${baseURL}${c.home}/mechanisms`);
			const form = formByKey(page, `mechanism:${key}`);
			// a status other than the stored one
			const values = { status: mech.status === 'established' ? 'drafting' : 'established', document: `兰科协〔2026〕${js ? 7 : 8}号` };
			await fillByName(form, values);
			await form.locator('input[type=file][name=documentFile]').setInputFiles(png(`制度文件${c.tag}.png`));
			const typed = await snapshot(form);
			expect(typed).toMatchObject(values);
			await submit(page, form, js, true);
			await expect(page.getByRole('status').filter({ hasText: '已保存' }).count()).resolves.toBeGreaterThan(0);
			const expected = { ...values, files: [...filesBefore, `document:制度文件${c.tag}.png`] };
			expect(await snapshot(form), 'after the save').toEqual(typed);
			expect(await stored(), 'database after the save').toEqual(expected);
			await submit(page, form, js, true);
			expect(await snapshot(form), 'after a second save').toEqual(typed);
			expect(await stored(), 'database after a second save').toEqual(expected);
			await page.goto(`${baseURL}${c.home}`);
			await page.goto(`${baseURL}${c.home}/mechanisms`);
			expect(await snapshot(form), 'after reopening').toEqual(typed);
			await page.reload();
			expect(await snapshot(form), 'after a reload').toEqual(typed);

			// established without a document is refused
			const bad = { status: 'established', document: '' };
			await fillByName(form, bad);
			const typedBad = await snapshot(form);
			for (let round = 1; round <= 2; round++) {
				await submit(page, form, js, false);
				await form.locator('[aria-invalid="true"][name="document"]').waitFor({ timeout: 10_000 });
				expect(await snapshot(form), `after refused submit ${round}`).toEqual(typedBad);
				expect(await stored(), `database after refused submit ${round}`).toEqual(expected);
			}
			// and the other way round: drafting keeps a new document name as typed
			const bad2 = { status: 'drafting', document: 'x'.repeat(121) };
			await fillByName(form, bad2);
			const typedBad2 = await snapshot(form);
			for (let round = 1; round <= 2; round++) {
				await submit(page, form, js, false);
				await form.locator('[aria-invalid="true"][name="document"]').waitFor({ timeout: 10_000 });
				expect(await snapshot(form), `after refused submit ${round} (too long)`).toEqual(typedBad2);
				expect(await stored(), `database after refused submit ${round} (too long)`).toEqual(expected);
			}
		});
	});
}
