/**
 * Every page as its role sees it, on a desktop (1366) and a phone (390): nothing sticks out past
 * the viewport outside a box that scrolls it, and axe-core's WCAG 2.1 AA rules find nothing.
 * Then what the reviewer and the auditor read (evidence beside each requirement; an audit log
 * in Chinese), and the briefs printed on A4 with every column header and the stamp on page 1.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { createClient } from '@libsql/client';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, login, SCREENSHOT_DIR } from '../support/browser';
import { axeViolations, overflowOf, PAGES_BY_ROLE } from '../support/page-checks';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
const today = inject('today');
const WIDTHS = [1366, 390];
const USERS: Record<string, string> = { admin: 'admin', staff: 'staff', leader: 'leader', editor: 'editor-410300', unit: 'unit-410300', expert: 'expert-410700' };
let browser: Browser;
const ids = { pilot: 0, round: 0, user: 0, team: 0, activity: 0, person: '', certificate: 0, certificateNumber: '', unit: 0 };

async function query(sql: string, args: (string | number)[] = []) {
	const db = createClient({ url: databaseUrl });
	try {
		return (await db.execute({ sql, args })).rows;
	} finally {
		db.close();
	}
}

beforeAll(async () => {
	browser = await launchBrowser();
	ids.pilot = Number((await query("select id from pilots where division_code = '410300'"))[0].id);
	ids.round = Number((await query('select round_id from pilots where id = ?', [ids.pilot]))[0].round_id);
	ids.user = Number((await query("select id from users where username = 'editor-410225'"))[0].id);
	// the demo's first roster of the pilot (its page shows the last import's changes)
	ids.team = Number((await query('select id from teams where pilot_id = ? and roster_size is not null order by id limit 1', [ids.pilot]))[0].id);
	// people's service: the demo's certificate, its person and an activity with participants, in 洛阳市
	const certificate = (await query('select id, person_hash, number from certificates where pilot_id = ? limit 1', [ids.pilot]))[0];
	ids.certificate = Number(certificate.id);
	ids.person = String(certificate.person_hash);
	ids.certificateNumber = encodeURIComponent(String(certificate.number));
	ids.activity = Number((await query('select p.activity_id as id from activity_participants p join activities a on a.id = p.activity_id where a.pilot_id = ? limit 1', [ids.pilot]))[0].id);
	ids.unit = Number((await query("select id from org_units where kind = 'city_detachment' and division_code = '410300'"))[0].id);
});
afterAll(async () => {
	await browser?.close();
});

const fill = (path: string) =>
	path
		.replace('{pilot}', String(ids.pilot))
		.replace('{round}', String(ids.round))
		.replace('{user}', String(ids.user))
		.replace('{team}', String(ids.team))
		.replace('{activity}', String(ids.activity))
		.replace('{person}', ids.person)
		.replace('{certificateNumber}', ids.certificateNumber)
		.replace('{certificate}', String(ids.certificate))
		.replace('{unit}', String(ids.unit));

async function checkPage(page: Page, label: string, path: string) {
	const problems: string[] = [];
	// what the browser reports while the page loads and hydrates: a hydration mismatch (a form
	// inside a <p>, which the parser closes) is only ever a console warning
	const reported = (m: ConsoleMessage) => {
		if (m.type() === 'warning' || m.type() === 'error') problems.push(`${path}: console ${m.type()} ${m.text()}`);
	};
	const thrown = (e: Error) => problems.push(`${path}: ${e.message}`);
	page.on('console', reported);
	page.on('pageerror', thrown);
	for (const width of WIDTHS) {
		await page.setViewportSize({ width, height: 900 });
		const res = await page.goto(`${baseURL}${path}`, { waitUntil: 'networkidle' });
		expect(res?.status(), `${label} ${path}`).toBe(200);
		const o = await overflowOf(page);
		if (o.scrollWidth > o.innerWidth || o.offenders.length) problems.push(`${path} @${width}: page ${o.scrollWidth}px > ${o.innerWidth}px ${JSON.stringify(o.offenders)}`);
		await page.screenshot({ path: `${SCREENSHOT_DIR}/ui-${label}${path.replace(/\//g, '_')}-${width}.png`, fullPage: true });
		const found = await axeViolations(page);
		for (const v of found) problems.push(`${path} @${width}: axe ${v.id} (${v.help}) at ${v.targets.join(' | ')}`);
	}
	page.off('console', reported);
	page.off('pageerror', thrown);
	return problems;
}

describe('every page at 1366 and 390 px, with axe-core (WCAG 2.1 AA)', () => {
	it('the login page', async () => {
		const page = await browser.newPage();
		expect(await checkPage(page, 'anon', '/login')).toEqual([]);
		await page.close();
	});

	for (const role of Object.keys(PAGES_BY_ROLE)) {
		it(`every page of the ${role}`, { timeout: 420_000 }, async () => {
			const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
			await login(page, baseURL, USERS[role]);
			const problems: string[] = [];
			for (const path of PAGES_BY_ROLE[role]) problems.push(...(await checkPage(page, role, fill(path))));
			expect(problems).toEqual([]);
			await page.close();
		});
	}
});

describe('the review page shows the evidence', () => {
	it('of a station (each 有, its photo), an activity and a team', async () => {
		const [station] = await query(
			"select s.id, s.name, s.venue_note, s.facilities_note, s.rules_note, s.signage_note, t.name team, p.name project, f.id file from stations s left join teams t on t.id = s.team_id left join projects p on p.id = s.project_id join files f on f.entity_type = 'station' and f.entity_id = s.id and f.purpose = 'venue' where s.pilot_id = ? order by s.id limit 1",
			[ids.pilot]
		);
		const [activity] = await query("select id, place, description, served from activities where pilot_id = ? and place is not null and description is not null order by id limit 1", [ids.pilot]);
		const [team] = await query('select id, name, roster_size, declared_members, registration_id from teams where pilot_id = ? and registration_id is not null order by id limit 1', [ids.pilot]);
		const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
		await login(page, baseURL, 'staff');
		await page.goto(`${baseURL}/pilots/${ids.pilot}/review`, { waitUntil: 'networkidle' });

		const s = page.locator(`[data-key="station:${station.id}"]`);
		const text = (req: string) => s.locator(`[data-requirement="${req}"]`).textContent();
		await expect(text('venue')).resolves.toContain(String(station.venue_note));
		await expect(text('team')).resolves.toContain(String(station.team));
		await expect(text('project')).resolves.toContain(String(station.project));
		await expect(text('facilities')).resolves.toContain(String(station.facilities_note));
		await expect(text('rules')).resolves.toContain(String(station.rules_note));
		await expect(text('signage')).resolves.toContain(String(station.signage_note));
		// the thumbnail opens the photo full size through the file route
		const thumb = s.locator('[data-requirement="venue"] a.thumb');
		await expect(thumb.getAttribute('href')).resolves.toBe(`/pilots/${ids.pilot}/files/${station.file}`);
		await expect(thumb.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);

		const a = (await page.locator(`[data-key="activity:${activity.id}"] [data-testid="evidence"]`).textContent())!;
		expect(a).toContain(String(activity.place));
		expect(a).toContain(String(activity.description));
		expect(a).toContain(`服务群众 ${activity.served} 人次`);

		const t = (await page.locator(`[data-key="team:${team.id}"] [data-testid="evidence"]`).textContent())!;
		expect(t).toContain(`${team.roster_size ?? team.declared_members} 人`);
		expect(t).toContain(String(team.registration_id));
		await page.screenshot({ path: `${SCREENSHOT_DIR}/ui-review-evidence.png` });
		await page.close();
	});
});

describe('the audit log reads in Chinese', () => {
	it('names actions, pilots, items and people, and shows changes as labelled fields', async () => {
		// seeded actions: an editor edits a station, staff return and remind
		const pilot = Number((await query("select id from pilots where division_code = '410225'"))[0].id);
		const [station] = await query('select id, name from stations where pilot_id = ? order by id limit 1', [pilot]);
		const editor = await browser.newPage({ viewport: { width: 1366, height: 900 } });
		await login(editor, baseURL, 'editor-410225');
		await editor.goto(`${baseURL}/pilots/${pilot}/stations?edit=${station.id}#form`, { waitUntil: 'networkidle' });
		await editor.locator('#f-venueNote').fill('审计测试：场所说明已更新');
		await editor.getByRole('button', { name: '保存' }).click();
		await editor.getByText('站点已保存').waitFor();
		await editor.close();

		const staff = await browser.newPage({ viewport: { width: 1366, height: 900 } });
		await login(staff, baseURL, 'staff');
		await staff.goto(`${baseURL}/pilots/${pilot}/review`, { waitUntil: 'networkidle' });
		const item = staff.locator(`[data-key="station:${station.id}"]`);
		await item.getByLabel('退回原因（必填）').fill('审计测试：请补充场所照片');
		await item.getByRole('button', { name: '退回' }).click();
		await staff.getByText('已退回，填报单位会在首页看到').waitFor();

		await staff.goto(`${baseURL}/audit?pilot=${pilot}`, { waitUntil: 'networkidle' });
		const rows = staff.getByTestId('audit-row');
		const body = (await staff.locator('main').textContent())!;
		const actions = (await query('select distinct action from audit_log where pilot_id = ?', [pilot])).map((r) => String(r.action));
		expect(actions).toEqual(expect.arrayContaining(['station.update', 'review.return', 'auth.login']));
		for (const key of actions) expect(body).not.toContain(key);
		expect(body).not.toContain('{');
		expect(body).not.toMatch(/#\d+/);
		// the edit: pilot and item by name, the editor by display name and role, the field by its Chinese name
		const edit = rows.filter({ hasText: '修改站点' }).first();
		const editText = (await edit.textContent())!;
		expect(editText).toContain('兰考县');
		expect(editText).toContain(String(station.name));
		expect(editText).toContain('试点单位填报员');
		expect(editText).toContain('有场所说明');
		expect(editText).toContain('审计测试：场所说明已更新');
		const ret = (await rows.filter({ hasText: '核实退回' }).first().textContent())!;
		expect(ret).toContain('省科协工作人员（演示）');
		expect(ret).toContain('核实项目');
		expect(ret).toContain('有场所');
		await staff.screenshot({ path: `${SCREENSHOT_DIR}/ui-audit-desktop.png` });
		// paging: an earlier page leads back to the newest entries under the same filter
		await staff.goto(`${baseURL}/audit`, { waitUntil: 'networkidle' });
		expect(await staff.getByRole('link', { name: '← 回到最新的记录' }).count()).toBe(0);
		const newest = Number((await query('select max(id) as id from audit_log'))[0].id);
		await staff.goto(`${baseURL}/audit?before=${newest}&action=${encodeURIComponent('report.')}`, { waitUntil: 'networkidle' });
		await staff.getByRole('link', { name: '← 回到最新的记录' }).click();
		await staff.waitForURL((u) => u.searchParams.get('action') === 'report.' && !u.searchParams.has('before'));

		// the editor's own history: province staff named, their address not shown
		const mine = await browser.newPage({ viewport: { width: 390, height: 844 } });
		await login(mine, baseURL, 'editor-410225');
		await mine.goto(`${baseURL}/audit`, { waitUntil: 'networkidle' });
		const editorView = (await mine.locator('main').textContent())!;
		expect(editorView).toContain('省科协工作人员（演示）');
		expect(editorView).not.toContain('{');
		await mine.screenshot({ path: `${SCREENSHOT_DIR}/ui-audit-phone.png`, fullPage: true });
		await mine.close();

		// the stations list says it is returned; the edit form says why, at 有场所
		const back = await browser.newPage({ viewport: { width: 1366, height: 900 } });
		await login(back, baseURL, 'editor-410225');
		await back.goto(`${baseURL}/pilots/${pilot}/stations`, { waitUntil: 'networkidle' });
		await expect(back.getByTestId('station-row').filter({ hasText: String(station.name) }).getByTestId('returned-tag').textContent()).resolves.toBe('已退回');
		await back.goto(`${baseURL}/pilots/${pilot}/stations?edit=${station.id}#form`, { waitUntil: 'networkidle' });
		const reason = back.getByTestId('return-reason');
		await expect(reason.textContent()).resolves.toContain('审计测试：请补充场所照片');
		await expect(reason.evaluate((el) => el.closest('fieldset')?.querySelector('legend')?.textContent ?? '')).resolves.toContain('有场所');
		await back.close();
		await staff.close();
	});
});

describe('全部通过 and the province queue', () => {
	it('verifies every pending requirement after one confirmation; the queue then shows only the returned item', async () => {
		// runs after the audit test returned one of 兰考县's stations
		const pilot = Number((await query("select id from pilots where division_code = '410225'"))[0].id);
		const verdicts = async () => Number((await query("select count(*) n from reviews where pilot_id = ? and verdict = 'verified'", [pilot]))[0].n);
		const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
		await login(page, baseURL, 'staff');
		await page.goto(`${baseURL}/review`, { waitUntil: 'networkidle' });
		const row = page.getByTestId('queue-pilot').filter({ hasText: '兰考县' });
		await expect(row.locator('[data-label="已退回待修改"]').textContent()).resolves.toBe('1');
		await row.getByRole('link', { name: /去核实/ }).click();
		await page.waitForURL(/\/review$/);
		await page.waitForLoadState('networkidle');
		const before = await verdicts();
		// 取消 at the question sends nothing
		const posts: string[] = [];
		page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
		const asked = new Promise<void>((resolve) => page.once('dialog', (d) => void d.dismiss().then(resolve)));
		await page.getByRole('button', { name: '全部通过' }).click();
		await asked;
		expect(posts).toEqual([]);
		expect(await verdicts()).toBe(before);
		page.once('dialog', (d) => d.accept());
		await page.getByRole('button', { name: '全部通过' }).click();
		await page.getByText('待核实的要求已全部核实通过').first().waitFor();
		expect(await verdicts()).toBeGreaterThan(before);
		await expect(page.getByRole('button', { name: '全部通过' }).count()).resolves.toBe(0);
		await page.goto(`${baseURL}/review`, { waitUntil: 'networkidle' });
		const after = page.getByTestId('queue-pilot').filter({ hasText: '兰考县' });
		for (const label of ['站点', '制度机制', '服务队', '项目', '活动']) await expect(after.locator(`[data-label="${label}"]`).textContent()).resolves.toBe('0');
		await expect(after.locator('[data-label="已退回待修改"]').textContent()).resolves.toBe('1');
		await page.close();
	});
});

describe('the views agree', () => {
	it('the leader’s 滞后与逾期 lists pilots in the dashboard’s order of urgency, overdue first', async () => {
		const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
		await login(page, baseURL, 'admin');
		await page.goto(`${baseURL}/province?round=${ids.round}`, { waitUntil: 'networkidle' });
		const dashboard = await page.getByTestId('pilot-row').evaluateAll((rows) =>
			rows.filter((r) => ['overdue', 'lagging'].includes(r.getAttribute('data-status') ?? '')).map((r) => r.querySelector('th a')!.textContent!.trim())
		);
		await page.goto(`${baseURL}/summary?round=${ids.round}`, { waitUntil: 'networkidle' });
		const leader = await page.locator('section.lagging li a').allTextContents();
		expect(leader.length).toBeGreaterThan(1);
		expect(leader).toEqual(dashboard.slice(0, leader.length));
		const statuses = await page.locator('section.lagging li .chip').allTextContents();
		expect(statuses.indexOf('逾期未完成')).toBe(0);
		expect(statuses.lastIndexOf('逾期未完成')).toBeLessThan(statuses.indexOf('滞后'));
		await page.close();
	});

	it('a figure on the summary lands at the filtered list, not the top of the dashboard', async () => {
		const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
		await login(page, baseURL, 'leader');
		await page.goto(`${baseURL}/summary`, { waitUntil: 'networkidle' });
		await Promise.all([page.waitForURL(/status=lagging.*#pilots$/), page.locator('a[data-status="lagging"]').click()]);
		await page.getByTestId('pilot-row').first().waitFor();
		const top = await page.locator('#pilots').evaluate((el) => el.getBoundingClientRect().top);
		expect(top).toBeGreaterThanOrEqual(0);
		expect(top).toBeLessThan(200);
		expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(100);
		await page.close();
	});

	it('thresholds are typed and shown as percentages and stored as fractions', async () => {
		const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
		await login(page, baseURL, 'admin');
		await page.goto(`${baseURL}/admin/rounds/${ids.round}`, { waitUntil: 'networkidle' });
		const field = page.getByLabel('单项预警阈值（%）');
		await expect(field.inputValue()).resolves.toBe('15');
		await field.fill('12.5');
		await page.getByRole('button', { name: '保存设置' }).click();
		await page.getByText('批次设置已保存').first().waitFor();
		const pace = JSON.parse(String((await query('select pace_settings from rounds where id = ?', [ids.round]))[0].pace_settings));
		expect(pace.riskDimension).toBe(0.125);
		await page.reload({ waitUntil: 'networkidle' });
		await expect(page.getByLabel('单项预警阈值（%）').inputValue()).resolves.toBe('12.5');
		// put it back: other tests read the round's thresholds
		await page.getByLabel('单项预警阈值（%）').fill('15');
		await page.getByRole('button', { name: '保存设置' }).click();
		await expect.poll(async () => JSON.parse(String((await query('select pace_settings from rounds where id = ?', [ids.round]))[0].pace_settings)).riskDimension).toBe(0.15);
		await page.close();
	});
});

describe('在线 counts people', () => {
	it('one person signed in from two browsers is one person online', async () => {
		const a = await browser.newContext();
		const b = await browser.newContext();
		for (const ctx of [a, b]) await login(await ctx.newPage(), baseURL, 'editor-410225');
		const page = await browser.newPage();
		await login(page, baseURL, 'admin');
		await page.goto(`${baseURL}/admin/users`, { waitUntil: 'networkidle' });
		const online = Number((await query('select count(distinct user_id) n from sessions'))[0].n);
		const sessions = Number((await query('select count(*) n from sessions'))[0].n);
		expect(sessions).toBeGreaterThan(online);
		await expect(page.getByTestId('online-people').textContent()).resolves.toContain(`在线 ${online} 人`);
		await expect(page.getByRole('row').filter({ hasText: 'editor-410225' }).textContent()).resolves.toMatch(/在线（\d+ 处登录）/);
		await Promise.all([a.close(), b.close(), page.close()]);
	});
});

describe('printed on A4', () => {
	const A4 = { width: 794, height: 1123 };
	const dir = mkdtempSync(join(tmpdir(), 'sdt-pdf-'));

	async function printed(page: Page, path: string, name: string) {
		await page.goto(`${baseURL}${path}`, { waitUntil: 'networkidle' });
		await page.emulateMedia({ media: 'print' });
		const file = join(dir, `${name}.pdf`);
		writeFileSync(file, await page.pdf({ format: 'A4', printBackground: true }));
		await page.emulateMedia({ media: 'screen' });
		const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())![1]);
		const text = (first: number, last = first, mode = '-layout') => execFileSync('pdftotext', [mode, '-f', String(first), '-l', String(last), file, '-']).toString();
		/** how far down each page its lowest word reaches, as a share of the page's height */
		const filled = () =>
			[...execFileSync('pdftotext', ['-bbox', file, '-']).toString().matchAll(/<page width="[\d.]+" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map(([, height, words]) =>
				Math.max(0, ...[...words.matchAll(/yMax="([\d.]+)"/g)].map((m) => Number(m[1]))) / Number(height)
			);
		execFileSync('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '2', file, join(SCREENSHOT_DIR, `ui-print-${name}`)]);
		return { pages, text, filled };
	}

	it('the dashboard: stamp on page 1, every column on every page the table reaches', async () => {
		const page = await browser.newPage({ viewport: A4 });
		await login(page, baseURL, 'staff');
		await page.goto(`${baseURL}/province`, { waitUntil: 'networkidle' });
		const reasons = await page.locator('[data-testid="pilot-row"] .status li').allTextContents();
		const pdf = await printed(page, '/province', 'dashboard');
		const first = pdf.text(1);
		expect(first).toContain('打印时间');
		expect(first).toContain(`数据截至 ${today}`);
		expect(first).toContain('筛选条件');
		const headers = ['试点单位', '级别', '所在市', '试点周期', '服务队', '项目', '活动', '站点', '制度机制', '总体', '状态及原因'];
		const pilotNames = (await query('select name from pilots')).map((r) => String(r.name));
		let tablePages = 0;
		for (let i = 1; i <= pdf.pages; i++) {
			const text = pdf.text(i);
			// a page of the table: it lists pilots with their cycles
			if (pilotNames.some((n) => text.includes(n)) && /\d{4}-\d{2}-\d{2}\s/.test(text) && text.includes('剩余')) {
				tablePages += 1;
				// the header line repeats on each page of the table, whole
				const headerLine = text.split('\n').find((l) => l.includes('试点单位') && l.includes('状态及原因'));
				expect(headerLine, `page ${i}`).toBeDefined();
				for (const h of headers) expect(headerLine).toContain(h);
			}
		}
		expect(tablePages).toBeGreaterThanOrEqual(2);
		// nothing clipped: every pilot's status reason reaches the paper whole
		expect(reasons.length).toBeGreaterThan(10);
		const all = pdf.text(1, pdf.pages, '-raw').replace(/\s+/g, '');
		const missing = reasons.map((r) => r.replace(/\s+/g, '')).filter((r) => !all.includes(r));
		expect(missing).toEqual([]);
		await page.close();
	});

	it('the summary: stamp on page 1, the 月份 and 各市试点 tables with every column', async () => {
		const page = await browser.newPage({ viewport: A4 });
		await login(page, baseURL, 'leader');
		const pdf = await printed(page, '/summary', 'summary');
		expect(pdf.text(1)).toMatch(/^\s*打印时间/);
		const all = pdf.text(1, pdf.pages);
		const cityHeader = all.split('\n').find((l) => /^\s*市\s+试点\s/.test(l));
		expect(cityHeader).toBeDefined();
		for (const h of ['逾期未完成', '滞后', '预警', '正常', '已完成']) expect(cityHeader).toContain(h);
		const monthHeader = all.split('\n').find((l) => /^\s*月份\s/.test(l));
		expect(monthHeader).toBeDefined();
		const months = Number((await page.locator('[data-chart="months"] thead th').count()) - 1);
		expect(monthHeader!.match(/\d+月/g)?.length).toBe(months);
		await page.close();
	});

	it('a pilot: stamp on page 1, no page less than half used but the last', async () => {
		const page = await browser.newPage({ viewport: A4 });
		await login(page, baseURL, 'staff');
		const pdf = await printed(page, `/pilots/${ids.pilot}`, 'pilot');
		expect(pdf.text(1)).toContain('打印时间');
		// every page but the last is used past its middle: no card leaves a half-empty page behind
		const filled = pdf.filled();
		expect(filled.length).toBe(pdf.pages);
		expect(filled.slice(0, -1).filter((f) => f < 0.6)).toEqual([]);
		await page.close();
	});
});
