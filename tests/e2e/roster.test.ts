/**
 * A team's roster page (issue 18), against the production build: the declared figure beside the
 * roster's distinct people, search and paging on the server (with and without JavaScript), the
 * two forms' exports, a second import's added and removed people, and who may see it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { createClient } from '@libsql/client';
import { launchBrowser, login, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser';
import { signIn } from '../support/http';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
let browser: Browser;
let page: Page;
/** 南阳市: its first team has the demo's roster (more than one page of people) */
const ids = { pilot: 0, team: 0, teamName: '', declared: 0 };
let rosterUrl = '';

async function query(sql: string, args: (string | number)[] = []) {
	const db = createClient({ url: databaseUrl });
	try {
		return (await db.execute({ sql, args })).rows;
	} finally {
		db.close();
	}
}

const membersOf = async (teamId: number) => (await query('select name, organization, title, phone, id_last4, person_hash from team_members where team_id = ? order by id', [teamId])).map((r) => ({ name: String(r.name), organization: r.organization as string | null, title: r.title as string | null, phone: r.phone as string | null, idLast4: r.id_last4 as string | null, hash: String(r.person_hash) }));

beforeAll(async () => {
	browser = await launchBrowser();
	page = await browser.newPage({ viewport: VIEWPORTS.desktop });
	ids.pilot = Number((await query("select id from pilots where division_code = '411300'"))[0].id);
	const [team] = await query('select id, name, declared_members from teams where pilot_id = ? and roster_size is not null order by id limit 1', [ids.pilot]);
	ids.team = Number(team.id);
	ids.teamName = String(team.name);
	ids.declared = Number(team.declared_members);
	rosterUrl = `${baseURL}/pilots/${ids.pilot}/teams/${ids.team}/roster`;
	await login(page, baseURL, 'editor-411300');
});
afterAll(async () => {
	await browser?.close();
});

async function download(path: string, cookie: string) {
	const res = await fetch(`${baseURL}${path}`, { headers: { cookie } });
	return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('a team’s roster page', () => {
	it('is linked from the teams list, which shows the declared figure beside the roster’s people', async () => {
		const people = (await membersOf(ids.team)).length;
		await page.goto(`${baseURL}/pilots/${ids.pilot}/teams`);
		const row = page.getByTestId('team-row').filter({ hasText: ids.teamName });
		await expect(row.getByTestId('team-declared-roster').textContent()).resolves.toBe(`申报 ${ids.declared} 人 · 花名册 ${people} 人`);
		await row.getByRole('link', { name: '查看花名册' }).click();
		await page.waitForURL(rosterUrl);
		await expect(page.getByTestId('roster-counts').textContent()).resolves.toContain(`申报 ${ids.declared} 人 · 花名册 ${people} 人`);
		await page.screenshot({ path: `${SCREENSHOT_DIR}/roster-desktop.png`, fullPage: true });
	});

	it('pages on the server through links in the URL, without JavaScript too', async () => {
		const members = await membersOf(ids.team);
		expect(members.length).toBeGreaterThan(20);
		const context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.phone });
		const noJs = await context.newPage();
		await login(noJs, baseURL, 'editor-411300');
		await noJs.goto(rosterUrl);
		const names = () => noJs.getByTestId('roster-row').locator('td[data-label="姓名"]').allTextContents();
		expect(await names()).toEqual(members.slice(0, 20).map((m) => m.name));
		await expect(noJs.getByTestId('roster-summary').textContent()).resolves.toContain(`共 ${members.length} 人，第 1–20 人`);
		await noJs.getByRole('link', { name: '下一页' }).click();
		expect(new URL(noJs.url()).searchParams.get('page')).toBe('2');
		expect(await names()).toEqual(members.slice(20, 40).map((m) => m.name));
		await noJs.getByRole('link', { name: '上一页' }).click();
		expect(new URL(noJs.url()).searchParams.get('page')).toBeNull();

		// search by name: the form is a GET, so the URL holds it
		const target = members[members.length - 1];
		await noJs.getByRole('searchbox', { name: '搜索' }).fill(target.name);
		await noJs.getByRole('button', { name: '搜索' }).click();
		expect(new URL(noJs.url()).searchParams.get('q')).toBe(target.name);
		const found = await names();
		expect(found).toEqual(members.filter((m) => m.name.includes(target.name)).map((m) => m.name));
		await noJs.screenshot({ path: `${SCREENSHOT_DIR}/roster-search-phone.png`, fullPage: true });
		await context.close();
	});

	it('searches by unit, title and the phone’s last digits, and shows phones and ID numbers masked', async () => {
		const members = await membersOf(ids.team);
		const target = members.find((m) => m.idLast4 && m.phone)!;
		const tail = target.phone!.slice(-4);
		await page.goto(`${rosterUrl}?q=${tail}`);
		const rows = page.getByTestId('roster-row');
		const expected = members.filter((m) => m.phone!.endsWith(tail) || m.name.includes(tail));
		await expect(rows.count()).resolves.toBe(expected.length);
		const row = rows.filter({ hasText: target.name });
		await expect(row.locator('td[data-label="手机"]').textContent()).resolves.toBe(`${target.phone!.slice(0, 3)}****${tail}`);
		await expect(row.locator('td[data-label="身份证号码"]').textContent()).resolves.toBe('*'.repeat(14) + target.idLast4);
		const html = await page.content();
		expect(html).not.toContain(target.phone!);

		const unit = target.organization!;
		await page.goto(`${rosterUrl}?q=${encodeURIComponent(unit)}`);
		await expect(page.getByTestId('roster-summary').textContent()).resolves.toContain(`共 ${members.filter((m) => (m.organization ?? '').includes(unit)).length} 人`);
		const title = target.title!;
		await page.goto(`${rosterUrl}?q=${encodeURIComponent(title)}`);
		await expect(page.getByTestId('roster-summary').textContent()).resolves.toContain(`共 ${members.filter((m) => [m.name, m.organization ?? '', m.title ?? ''].some((s) => s.includes(title))).length} 人`);
		await page.goto(`${rosterUrl}?q=${encodeURIComponent('查无此人')}`);
		await expect(page.getByText('没有符合条件的队员。').count()).resolves.toBe(1);
	});

	it('exports both forms with one row per person, and a second import shows who was added and removed', async () => {
		const before = await membersOf(ids.team);
		await page.goto(rosterUrl);
		const cookie = await signIn(baseURL, 'editor-411300');
		for (const form of ['004', '002']) {
			const href = await page.getByTestId(`export-${form}`).getAttribute('href');
			const file = await download(href!, cookie);
			expect(file.status).toBe(200);
			expect(file.type).toContain('spreadsheetml');
			const wb = new ExcelJS.Workbook();
			await wb.xlsx.load(Buffer.from(file.bytes) as unknown as ExcelJS.Buffer);
			const ws = wb.worksheets[0];
			expect(ws.getCell('A1').value).toBe(form === '004' ? '科技志愿者支队基本情况表' : '志愿者集体注册信息表');
			const names = before.map((_, i) => String(ws.getCell(4 + i, 2).value));
			expect(names).toEqual(before.map((m) => m.name));
		}

		// the 002 export with its first two people taken out and one added, imported again
		const file = await download(`/pilots/${ids.pilot}/teams/${ids.team}/roster/002.xlsx`, cookie);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(file.bytes) as unknown as ExcelJS.Buffer);
		const ws = wb.worksheets[0];
		ws.spliceRows(4, 2);
		ws.getRow(4 + before.length - 2).values = [before.length - 1, '新来的队员', '女', '', '19900008888', '南阳市中心医院', '护师', '急救'];
		const bytes = Buffer.from(await wb.xlsx.writeBuffer());
		await page.goto(`${baseURL}/pilots/${ids.pilot}/import`);
		await page.locator('#f-checkRoster-teamId').selectOption({ label: `${ids.teamName}（现 ${before.length} 人）` });
		await page.locator('#f-checkRoster-file').setInputFiles({ name: '志愿者集体注册信息表.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
		await page.getByRole('button', { name: '校验' }).first().click();
		await page.getByRole('button', { name: `确认导入 ${before.length - 1} 行有效数据` }).click();
		await page.getByText('新增 1 人、移除 2 人').first().waitFor();

		const after = await membersOf(ids.team);
		expect(after).toHaveLength(before.length - 1);
		// everyone who stayed kept their stored identity
		expect(after.slice(0, -1).map((m) => m.hash)).toEqual(before.slice(2).map((m) => m.hash));

		await page.goto(rosterUrl);
		const last = page.getByTestId('last-import');
		const [editor] = await query("select display_name from users where username = 'editor-411300'");
		const heading = (await last.locator('h3').textContent())!;
		expect(heading).toMatch(/^上次导入（\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}，/);
		expect(heading.endsWith(`，${editor.display_name}）：新增 1 人、移除 2 人`)).toBe(true);
		await expect(page.getByTestId('last-added').textContent()).resolves.toContain('新来的队员（南阳市中心医院）');
		const removed = await page.getByTestId('last-removed').locator('li').allTextContents();
		expect(removed).toEqual(before.slice(0, 2).map((m) => `${m.name}${m.organization ? `（${m.organization}）` : ''}${m.idLast4 ? `${'*'.repeat(14)}${m.idLast4}` : ''}`));
		await expect(page.getByTestId('roster-counts').textContent()).resolves.toContain(`花名册 ${before.length - 1} 人`);
		await page.setViewportSize(VIEWPORTS.phone);
		await page.screenshot({ path: `${SCREENSHOT_DIR}/roster-phone.png`, fullPage: true });
		await page.pdf({ path: `${SCREENSHOT_DIR}/roster.pdf`, format: 'A4' });
		await page.setViewportSize(VIEWPORTS.desktop);
	});

	it('is not found for another pilot’s editor; a leader reads it without the exports', async () => {
		const other = await signIn(baseURL, 'editor-410700');
		const path = `/pilots/${ids.pilot}/teams/${ids.team}/roster`;
		for (const p of [path, `${path}/004.xlsx`, `${path}/002.xlsx`, `/pilots/${ids.pilot}/teams/registration.xlsx`]) {
			expect((await download(p, other)).status, p).toBe(404);
		}
		// a team of another pilot under this pilot's address is not found either
		const [foreign] = await query('select t.id from teams t join pilots p on p.id = t.pilot_id where p.division_code = ? order by t.id limit 1', ['410700']);
		const editor = await signIn(baseURL, 'editor-411300');
		expect((await download(`/pilots/${ids.pilot}/teams/${foreign.id}/roster`, editor)).status).toBe(404);
		expect((await download(`/pilots/${ids.pilot}/teams/${foreign.id}/roster/002.xlsx`, editor)).status).toBe(404);

		const leader = await signIn(baseURL, 'leader');
		const res = await fetch(`${baseURL}${path}`, { headers: { cookie: leader } });
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).not.toContain('data-testid="export-004"');
		expect((await download(`${path}/004.xlsx`, leader)).status).toBe(403);
	});

	it('exports the pilot’s teams as 002 附件1', async () => {
		const cookie = await signIn(baseURL, 'staff');
		const file = await download(`/pilots/${ids.pilot}/teams/registration.xlsx`, cookie);
		expect(file.status).toBe(200);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(file.bytes) as unknown as ExcelJS.Buffer);
		const ws = wb.worksheets[0];
		expect(ws.getCell('A1').value).toBe('组织集体注册信息表');
		const teams = await query('select name from teams where pilot_id = ? order by id', [ids.pilot]);
		expect(teams.map((_, i) => String(ws.getCell(4 + i, 2).value))).toEqual(teams.map((t) => String(t.name)));
	});
});
