/**
 * The leadership summary as a leader sees it: every chart drawn, every headline figure equal to
 * what the raw database rows give (recomputed here with the domain functions and plain SQL), one
 * click from a figure to the pilots behind it, and a brief that prints on A4 with its stamp.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createClient } from '@libsql/client';
import { expectedFromDatabase } from '../support/expected';
import { launchBrowser, login, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser';
import { cycleOf } from '../../src/lib/domain/progress';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
const today = inject('today');
/** A4 at 96 dpi: the width a browser lays a printed page out at. */
const A4 = { width: 794, height: 1123 };
let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

async function query(sql: string, args: (string | number)[] = []) {
	const db = createClient({ url: databaseUrl });
	try {
		return (await db.execute({ sql, args })).rows;
	} finally {
		db.close();
	}
}

/** The counting window of every pilot in the round: its cycle, up to today. */
async function windowsOf(roundId: number) {
	const pilots = await query('select id, name, approval_date from pilots where round_id = ? and approval_date is not null', [roundId]);
	return pilots.map((p) => {
		const cycle = cycleOf(String(p.approval_date));
		return { id: Number(p.id), name: String(p.name), first: cycle.startDate, last: cycle.endDate < today ? cycle.endDate : today };
	});
}

/** Pilots with a counted activity matching the condition, by name. */
async function pilotsWithActivity(roundId: number, where: string, args: string[]) {
	const names = new Set<string>();
	for (const w of await windowsOf(roundId)) {
		const [row] = await query(`select count(*) n from activities where pilot_id = ? and date between ? and ? and ${where}`, [w.id, w.first, w.last, ...args]);
		if (Number(row.n) > 0) names.add(w.name);
	}
	return names;
}

const shownPilots = async (page: Page) => new Set(await page.getByTestId('pilot-row').locator('th a').allTextContents());

/** Share of a canvas's pixels that are painted: a drawn chart paints well over 1%. */
const paintedShares = (page: Page) =>
	page.locator('section[data-chart] canvas').evaluateAll((canvases) =>
		canvases.map((c) => {
			const canvas = c as HTMLCanvasElement;
			const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
			let painted = 0;
			for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
			return painted / (canvas.width * canvas.height);
		})
	);

describe('leadership summary', () => {
	it('draws every chart and shows the headline figures the database gives', async () => {
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(page, baseURL, 'leader');
		await page.goto(`${baseURL}/summary`, { waitUntil: 'networkidle' });
		await expect(page.getByRole('heading', { name: '领导看板' }).isVisible()).resolves.toBe(true);

		const charts = await page.locator('section[data-chart]').evaluateAll((els) => els.map((e) => e.getAttribute('data-chart')));
		expect(charts).toEqual(['status', 'completion', 'months', 'kinds', 'fields', 'partners', 'cities']);
		const shares = await paintedShares(page);
		expect(shares).toHaveLength(charts.length);
		for (const [i, share] of shares.entries()) expect({ chart: charts[i], drawn: share > 0.01 }).toEqual({ chart: charts[i], drawn: true });
		// every chart comes with its figures as a table, and a legend drawn on the canvas
		for (const chart of charts) await expect(page.locator(`section[data-chart="${chart}"] table`).count()).resolves.toBe(1);

		const [round] = await query('select id from rounds order by year desc, id desc limit 1');
		const roundId = Number(round.id);
		const inRound = new Set((await query('select name from pilots where round_id = ?', [roundId])).map((r) => String(r.name)));
		const expected = [...(await expectedFromDatabase(databaseUrl, today)).entries()].filter(([name]) => inRound.has(name)).map(([, e]) => e);
		const sum = (key: string) => expected.reduce((s, e) => s + e.actual[key], 0);
		let served = 0;
		let hours = 0;
		for (const w of await windowsOf(roundId)) {
			const [row] = await query('select coalesce(sum(served), 0) s, coalesce(sum(service_hours), 0) h from activities where pilot_id = ? and date between ? and ?', [w.id, w.first, w.last]);
			served += Number(row.s);
			hours += Number(row.h);
		}
		// people on the round's rosters, each once across teams (by the stored person hash)
		const [volunteers] = await query('select count(distinct m.person_hash) n from team_members m join teams t on t.id = m.team_id join pilots p on p.id = t.pilot_id where p.round_id = ?', [roundId]);
		const [listed] = await query('select count(*) n from team_members m join teams t on t.id = m.team_id join pilots p on p.id = t.pilot_id where p.round_id = ?', [roundId]);
		// the demo lists some people on two teams: the figure is people, not roster rows
		expect(Number(volunteers.n)).toBeLessThan(Number(listed.n));

		const kpi = async (key: string) => Number((await page.locator(`li[data-kpi="${key}"] [data-value]`).textContent())!.replace(/,/g, ''));
		const shown = Object.fromEntries(await Promise.all(['pilots', 'teams', 'volunteers', 'activities', 'served', 'serviceHours', 'stations', 'mechanisms'].map(async (k) => [k, await kpi(k)])));
		expect(shown).toEqual({
			pilots: inRound.size,
			teams: sum('teams'),
			volunteers: Number(volunteers.n),
			activities: sum('activities'),
			served,
			serviceHours: Math.round(hours),
			stations: sum('stations'),
			mechanisms: sum('mechanisms')
		});
		expect(shown.activities).toBeGreaterThan(0);

		// the status table agrees with the domain's verdict on every pilot
		for (const status of ['overdue', 'lagging', 'at_risk', 'on_track', 'complete']) {
			const n = Number(await page.locator(`section[data-chart="status"] a[data-status="${status}"]`).textContent());
			expect({ status, n }).toEqual({ status, n: expected.filter((e) => e.status === status).length });
		}
		// plan against reality: the round's pilots per level, counted here with plain SQL
		for (const level of ['city', 'county']) {
			const [row] = await query(
				"select count(*) filter (where lifecycle in ('approved', 'closing', 'accepted', 'not_accepted')) approved, count(*) filter (where lifecycle = 'applying') applying from pilots where round_id = ? and level = ?",
				[roundId, level]
			);
			const line = page.locator(`[data-testid="plan-vs-reality"] tr[data-level="${level}"]`);
			await expect(line.getByTestId('plan-approved').locator('strong').textContent()).resolves.toBe(String(row.approved));
			const applying = Number(row.applying);
			await expect(line.getByTestId('plan-approved').textContent()).resolves.toContain(applying ? `另有申报中 ${applying} 个` : '个');
		}
		// activities by kind add up to all activities
		const byKind = await page.locator('section[data-chart="kinds"] a[data-kind]').allTextContents();
		expect(byKind.reduce((s, n) => s + Number(n), 0)).toBe(shown.activities);

		await page.screenshot({ path: `${SCREENSHOT_DIR}/summary-leader-desktop.png`, fullPage: true });
		await page.setViewportSize(VIEWPORTS.phone);
		await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, null, { timeout: 5000 });
		await page.screenshot({ path: `${SCREENSHOT_DIR}/summary-leader-phone.png`, fullPage: true });
		await page.close();
	});

	it('names each month of the monthly table with its year once, and measures the month under way through today', async () => {
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(page, baseURL, 'leader');
		await page.goto(`${baseURL}/summary`);
		const heads = (await page.locator('section[data-chart="months"] thead th').allTextContents()).slice(1);
		const months = await page.locator('section[data-chart="months"] a[data-month]').evaluateAll((as) => as.map((a) => a.getAttribute('data-month')!));
		expect(heads).toHaveLength(months.length);
		expect(months.at(-1)).toBe(today.slice(0, 7));
		const lastDay = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 0)).getUTCDate();
		const sofar = Number(today.slice(8)) < lastDay ? `（至${Number(today.slice(8))}日）` : '';
		const label = (m: string) => `${Number(m.slice(5))}月`;
		// the year where the table starts and where it turns; otherwise the month alone
		expect(heads).toEqual(months.map((m, i) => (i === 0 || m.endsWith('-01') ? `${m.slice(0, 4)}年${label(m)}` : label(m)) + (i === months.length - 1 ? sofar : '')));

		// 应开展 of this month: each paced pilot's target × its days from the 1st through today inside its cycle ÷ its cycle's days
		const [round] = await query('select id from rounds order by year desc, id desc limit 1');
		const pilots = await query("select name from pilots where round_id = ? and approval_date is not null and lifecycle <> 'withdrawn'", [Number(round.id)]);
		const expected = await expectedFromDatabase(databaseUrl, today);
		const dayMs = 86_400_000;
		const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
		let needed = 0;
		for (const p of pilots) {
			const e = expected.get(String(p.name))!;
			const start = ms(today.slice(0, 8) + '01');
			const cycleStart = ms(e.progress.endDate) - (e.progress.cycleDays - 1) * dayMs;
			const from = Math.max(start, cycleStart);
			const to = Math.min(ms(today), ms(e.progress.endDate));
			const days = to < from ? 0 : (to - from) / dayMs + 1;
			needed += (e.targets.activities * days) / e.progress.cycleDays;
		}
		const cells = await page.locator('section[data-chart="months"] tbody tr').nth(1).locator('td').allTextContents();
		expect(Number(cells.at(-1))).toBe(Math.round(needed * 10) / 10);
		await page.close();
	});

	it('without JavaScript, each chart’s box says what it would show and that it needs scripts', async () => {
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop, javaScriptEnabled: false });
		try {
			await login(page, baseURL, 'leader');
			await page.goto(`${baseURL}/summary`);
			const boxes = page.locator('.chart');
			const notes = page.locator('.chart .without-script');
			expect(await boxes.count()).toBeGreaterThan(0);
			expect(await notes.count()).toBe(await boxes.count());
			await expect(notes.first().textContent()).resolves.toContain('图表需要启用 JavaScript 才能显示');
			expect(await notes.first().isVisible()).toBe(true);
		} finally {
			await page.close();
		}
	});

	it('leads from a figure to exactly the pilots behind it', async () => {
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(page, baseURL, 'leader');
		await page.goto(`${baseURL}/summary`, { waitUntil: 'networkidle' });
		const [round] = await query('select id from rounds order by year desc, id desc limit 1');
		const roundId = Number(round.id);

		// activities of one kind
		const kindCount = Number(await page.locator('a[data-kind="science_lecture"]').textContent());
		await Promise.all([page.waitForURL(/\/province\?.*kind=science_lecture/), page.locator('a[data-kind="science_lecture"]').click()]);
		const lecturers = await pilotsWithActivity(roundId, 'kind = ?', ['science_lecture']);
		expect(kindCount).toBeGreaterThan(0);
		expect(await shownPilots(page)).toEqual(lecturers);
		await expect(page.getByTestId('filter-chip').allTextContents()).resolves.toEqual([expect.stringContaining('科普报告')]);

		// the month just gone, from the chart's table
		await page.goBack({ waitUntil: 'networkidle' });
		const month = await page.locator('a[data-month]').nth(-2).getAttribute('data-month');
		await Promise.all([page.waitForURL(new RegExp(`month=${month}`)), page.locator(`a[data-month="${month}"]`).click()]);
		expect(await shownPilots(page)).toEqual(await pilotsWithActivity(roundId, 'substr(date, 1, 7) = ?', [month!]));

		// a bar of the kinds chart itself, clicked where chart.js drew it
		await page.goBack({ waitUntil: 'networkidle' });
		const canvas = page.locator('section[data-chart="kinds"] canvas');
		await canvas.scrollIntoViewIfNeeded();
		const box = (await canvas.boundingBox())!;
		// the first bar (科普报告) is the top one of a horizontal bar chart; find a painted pixel on its row
		const hit = await canvas.evaluate((c: HTMLCanvasElement) => {
			const g = c.getContext('2d')!;
			const ratio = c.width / c.clientWidth;
			for (let y = 0; y < c.clientHeight; y += 2)
				for (let x = Math.floor(c.clientWidth / 2); x > 0; x -= 4) {
					const [r, gg, b, a] = g.getImageData(Math.floor(x * ratio), Math.floor(y * ratio), 1, 1).data;
					if (a > 200 && r === 0x1d && gg === 0x5b && b === 0xbf) return { x, y };
				}
			return null;
		});
		expect(hit).not.toBeNull();
		await Promise.all([page.waitForURL(/kind=science_lecture/), page.mouse.click(box.x + hit!.x, box.y + hit!.y + 2)]);
		expect(await shownPilots(page)).toEqual(lecturers);
		await page.close();
	});

	it('prints as an A4 brief with its charts and its stamp', async () => {
		const page = await browser.newPage({ viewport: A4 });
		await login(page, baseURL, 'leader');
		await page.goto(`${baseURL}/summary`, { waitUntil: 'networkidle' });
		const roundName = String((await query('select name from rounds order by year desc, id desc limit 1'))[0].name);
		await expect(page.getByTestId('print-stamp').isVisible()).resolves.toBe(false);
		await page.emulateMedia({ media: 'print' });
		const stamp = page.getByTestId('print-stamp');
		await expect(stamp.isVisible()).resolves.toBe(true);
		const words = (await stamp.textContent())!;
		expect(words).toContain(`数据截至 ${today}`);
		expect(words).toContain(roundName);
		expect(words).toMatch(/打印时间 \d{4}/);
		// the controls are gone and every chart fits inside its card on paper
		await expect(page.getByRole('button', { name: '打印简报' }).isVisible()).resolves.toBe(false);
		const overflow = await page.locator('section[data-chart]').evaluateAll((cards) =>
			cards.filter((card) => {
				const canvas = card.querySelector('canvas')!.getBoundingClientRect();
				return canvas.right > card.getBoundingClientRect().right + 1;
			}).length
		);
		expect(overflow).toBe(0);
		const pdf = await page.pdf({ format: 'A4', printBackground: true });
		const text = pdf.toString('latin1');
		expect(text.startsWith('%PDF')).toBe(true);
		const pages = text.match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
		expect(pages).toBeGreaterThanOrEqual(1);
		// each chart reaches the paper as a picture
		expect(text.match(/\/Subtype\s*\/Image/g)?.length ?? 0).toBeGreaterThanOrEqual(7);
		// A4 is 595 × 842 points
		expect(text).toMatch(/\/MediaBox\s*\[\s*0 0 595(\.\d+)? 841(\.\d+)?|\/MediaBox\s*\[\s*0 0 595(\.\d+)? 842/);
		await page.close();
	});

	it('prints a pilot page as a brief too', async () => {
		const page = await browser.newPage({ viewport: A4 });
		await login(page, baseURL, 'staff');
		const [pilot] = await query("select id, name from pilots where name like '%洛阳%' order by id limit 1");
		await page.goto(`${baseURL}/pilots/${pilot.id}`, { waitUntil: 'networkidle' });
		await page.emulateMedia({ media: 'print' });
		const words = (await page.getByTestId('print-stamp').textContent())!;
		expect(words).toContain(`数据截至 ${today}`);
		expect(words).toContain(String(pilot.name));
		// a staff member's send-a-reminder form and the tabs stay off the paper
		await expect(page.locator('summary', { hasText: '发送督办' }).isVisible()).resolves.toBe(false);
		await expect(page.getByRole('navigation', { name: '试点栏目' }).isVisible()).resolves.toBe(false);
		const pdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
		expect(pdf.match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
		expect(pdf.match(/\/Subtype\s*\/Image/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
		await page.close();
	});
});
