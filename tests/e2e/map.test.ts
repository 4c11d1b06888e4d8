/**
 * The province map on the dashboard and the summary: it draws every county-level unit of Henan in
 * the divisions table, colours each demo pilot's area by the status (and, on the toggle, the overall
 * completion) recomputed from the raw database rows, leaves the rest grey, opens a pilot on a
 * click, and lists every pilot in the table under it, also without JavaScript.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createClient } from '@libsql/client';
import { expectedFromDatabase } from '../support/expected';
import { launchBrowser, login, SCREENSHOT_DIR } from '../support/browser';
import { STATUS_COLOR } from '../../src/lib/components/charts/configs';
import { completionColor, NO_PILOT_COLOR } from '../../src/lib/components/charts/henan-map';
import { PACE_STATUS_LABELS } from '../../src/lib/domain/labels';
import type { PaceStatus } from '../../src/lib/domain/progress';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
const today = inject('today');
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

interface DrawnArea {
	code: string;
	pilot: number | null;
	via: 'own' | 'city' | null;
	color: string;
	x: number;
	y: number;
}

const MAP = '[data-testid="henan-map-canvas"]';

async function openMap(page: Page, user: string, path: string) {
	await login(page, baseURL, user);
	await page.goto(`${baseURL}${path}`, { waitUntil: 'networkidle' });
	await page.waitForSelector(`${MAP}[data-features]`);
	// the pointer off the map, so no tooltip or hover border covers an area
	await page.mouse.move(0, 0);
}

const drawnAreas = async (page: Page): Promise<DrawnArea[]> => JSON.parse((await page.locator(MAP).getAttribute('data-areas')) ?? '[]');

/** The colours painted around a point of the map's canvas (a square of 2r+1 pixels), as #rrggbb. */
const colorsAround = (page: Page, x: number, y: number, r = 0) =>
	page.locator(`${MAP} canvas`).evaluate(
		(canvas: HTMLCanvasElement, [x, y, r]) => {
			const scale = canvas.width / canvas.getBoundingClientRect().width;
			const ctx = canvas.getContext('2d')!;
			const data = ctx.getImageData(Math.round((x - r) * scale), Math.round((y - r) * scale), Math.max(1, Math.round((2 * r + 1) * scale)), Math.max(1, Math.round((2 * r + 1) * scale))).data;
			const hex = new Set<string>();
			for (let i = 0; i < data.length; i += 4) hex.add('#' + [data[i], data[i + 1], data[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join(''));
			return [...hex];
		},
		[x, y, r] as const
	);

/** Henan's county-level units in the divisions table: every county, and a city-level unit without counties (济源). */
async function countyLevelCodes() {
	const rows = await query(
		`select code from divisions d where d.code like '41%' and (d.level = 'county' or (d.level = 'city' and not exists (select 1 from divisions c where c.parent_code = d.code)))`
	);
	return rows.map((r) => String(r.code)).sort();
}

async function demoPilots() {
	const expected = await expectedFromDatabase(databaseUrl, today);
	const rows = await query(`select p.id, p.name, p.level, p.division_code, coalesce(d.parent_code, '') parent from pilots p join divisions d on d.code = p.division_code`);
	return rows.map((r) => {
		const e = expected.get(String(r.name))!;
		return {
			id: Number(r.id),
			name: String(r.name),
			level: String(r.level) as 'city' | 'county',
			code: String(r.division_code),
			city: String(r.level) === 'city' ? String(r.division_code) : String(r.parent),
			status: e.status as PaceStatus,
			overall: e.progress.overall
		};
	});
}

describe('the province map', () => {
	it('draws every county-level unit of Henan in the divisions table, once', async () => {
		const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
		await openMap(page, 'staff', '/province');
		const codes = await countyLevelCodes();
		expect(codes.length).toBe(157);
		expect(Number(await page.locator(MAP).getAttribute('data-features'))).toBe(codes.length);
		const drawn = await drawnAreas(page);
		expect(drawn.map((a) => a.code).sort()).toEqual(codes);
		// each area is drawn inside the canvas
		const box = (await page.locator(`${MAP} canvas`).boundingBox())!;
		for (const a of drawn) {
			expect(a.x).toBeGreaterThan(0);
			expect(a.x).toBeLessThan(box.width);
			expect(a.y).toBeGreaterThan(0);
			expect(a.y).toBeLessThan(box.height);
		}
		await page.locator('[data-testid="henan-map"]').screenshot({ path: `${SCREENSHOT_DIR}/map-province-1366.png` });
		await page.close();
	});

	it('colours each demo pilot by its status, a city pilot over its city, and the rest grey', async () => {
		const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
		await openMap(page, 'staff', '/province');
		const pilots = await demoPilots();
		// the demo has all five statuses and both levels
		expect(new Set(pilots.map((p) => p.status)).size).toBe(5);
		expect(pilots.some((p) => p.level === 'city')).toBe(true);
		const drawn = await drawnAreas(page);
		const byCode = new Map(drawn.map((a) => [a.code, a]));
		const own = new Set(pilots.map((p) => p.code));
		const cityPilot = new Map(pilots.filter((p) => p.level === 'city').map((p) => [p.city, p]));

		for (const p of pilots.filter((p) => p.level === 'county')) {
			const area = byCode.get(p.code)!;
			expect(area, p.name).toMatchObject({ pilot: p.id, via: 'own', color: STATUS_COLOR[p.status] });
			// and that colour is what the canvas shows there
			expect(await colorsAround(page, area.x, area.y), p.name).toEqual([STATUS_COLOR[p.status]]);
		}
		let hatched = 0;
		for (const a of drawn) {
			const city = cityPilot.get(a.code.startsWith('4190') ? a.code : `${a.code.slice(0, 4)}00`);
			if (own.has(a.code)) continue;
			if (city) {
				hatched++;
				expect(a, a.code).toMatchObject({ pilot: city.id, via: 'city', color: STATUS_COLOR[city.status] });
				// hatched: the status colour in stripes over white
				expect(await colorsAround(page, a.x, a.y, 4), a.code).toContain(STATUS_COLOR[city.status]);
			} else {
				expect(a, a.code).toMatchObject({ pilot: null, via: null, color: NO_PILOT_COLOR });
				const painted = await colorsAround(page, a.x, a.y);
				expect(painted, a.code).toEqual([NO_PILOT_COLOR]);
			}
		}
		expect(hatched).toBeGreaterThan(0);
		await page.close();
	});

	it('lists every pilot with its status and completion in the table, also without JavaScript', async () => {
		const pilots = await demoPilots();
		for (const javaScriptEnabled of [true, false]) {
			const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, javaScriptEnabled });
			const page = await context.newPage();
			await login(page, baseURL, 'leader');
			await page.goto(`${baseURL}/summary`, { waitUntil: 'networkidle' });
			const rows = page.locator('[data-testid="henan-map-table"] tbody tr[data-pilot]');
			expect(await rows.count()).toBe(pilots.length);
			for (const p of pilots) {
				const row = page.locator(`[data-testid="henan-map-table"] tr[data-pilot="${p.id}"]`);
				expect(await row.locator('a').getAttribute('href')).toBe(`/pilots/${p.id}`);
				expect((await row.locator('td').nth(2).textContent())?.trim()).toBe(PACE_STATUS_LABELS[p.status]);
				expect((await row.locator('td').nth(3).textContent())?.trim()).toBe(`${Math.round(p.overall * 100)}%`);
			}
			// the canvas's text alternative names the count of each status
			if (javaScriptEnabled) {
				await page.waitForSelector(`${MAP}[data-features]`);
				const label = (await page.locator(`${MAP} [role="img"]`).getAttribute('aria-label')) ?? '';
				for (const s of Object.keys(PACE_STATUS_LABELS) as PaceStatus[]) expect(label).toContain(`${PACE_STATUS_LABELS[s]} ${pilots.filter((p) => p.status === s).length} 个`);
			} else {
				expect(await page.locator(`${MAP} canvas`).count()).toBe(0);
			}
			await context.close();
		}
	});

	it('switches to overall completion on the toggle, and back', async () => {
		const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
		await openMap(page, 'leader', '/summary');
		const pilots = await demoPilots();
		await page.getByRole('button', { name: '按总体完成度' }).click();
		await page.waitForSelector(`${MAP}[data-mode="completion"]`);
		expect(await page.getByRole('button', { name: '按总体完成度' }).getAttribute('aria-pressed')).toBe('true');
		const byCode = new Map((await drawnAreas(page)).map((a) => [a.code, a]));
		for (const p of pilots.filter((p) => p.level === 'county')) {
			const area = byCode.get(p.code)!;
			expect(area.color, p.name).toBe(completionColor(p.overall));
			expect(await colorsAround(page, area.x, area.y), p.name).toEqual([completionColor(p.overall)]);
		}
		expect(await page.locator('[data-testid="henan-map"] .legend').textContent()).toContain('80% 及以上');
		await page.locator('[data-testid="henan-map"]').screenshot({ path: `${SCREENSHOT_DIR}/map-summary-completion.png` });
		await page.getByRole('button', { name: '按进度状态' }).click();
		await page.waitForSelector(`${MAP}[data-mode="status"]`);
		const lankao = pilots.find((p) => p.name === '兰考县科协')!;
		expect((await drawnAreas(page)).find((a) => a.code === lankao.code)?.color).toBe(STATUS_COLOR[lankao.status]);
		await page.close();
	});

	it('opens 兰考县\'s pilot on a click', async () => {
		const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
		await openMap(page, 'staff', '/province');
		const [lankao] = await query(`select id from pilots where division_code = '410225'`);
		const area = (await drawnAreas(page)).find((a) => a.code === '410225')!;
		const canvas = page.locator(`${MAP} canvas`);
		await canvas.scrollIntoViewIfNeeded();
		const box = (await canvas.boundingBox())!;
		await Promise.all([page.waitForURL(`${baseURL}/pilots/${lankao.id}`), page.mouse.click(box.x + area.x, box.y + area.y)]);
		expect(await page.locator('h1').textContent()).toContain('兰考县');
		await page.close();
	});

	it('prints: redrawn inside its card at the paper\'s width, every area still drawn', async () => {
		const page = await browser.newPage({ viewport: { width: 794, height: 1123 } });
		await openMap(page, 'leader', '/summary');
		await page.emulateMedia({ media: 'print' });
		// the chart redraws on the print media change: wait for a render at the new size
		await page.waitForFunction(() => {
			const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="henan-map-canvas"] canvas');
			return !!canvas && Math.abs(canvas.getBoundingClientRect().width * devicePixelRatio - canvas.width) < 2;
		});
		const card = (await page.getByTestId('henan-map').boundingBox())!;
		const canvas = (await page.locator(`${MAP} canvas`).boundingBox())!;
		expect(canvas.x).toBeGreaterThanOrEqual(card.x);
		expect(canvas.x + canvas.width).toBeLessThanOrEqual(card.x + card.width + 1);
		// a little over half the paper, so the map and its legend share a page with what comes before
		expect(canvas.width).toBeGreaterThan(card.width * 0.45);
		expect(canvas.width).toBeLessThan(card.width * 0.7);
		expect(Number(await page.locator(MAP).getAttribute('data-features'))).toBe(157);
		// the controls are left off the paper; the legend and the table print
		expect(await page.getByRole('button', { name: '按总体完成度' }).isVisible()).toBe(false);
		expect(await page.locator('[data-testid="henan-map"] .legend').isVisible()).toBe(true);
		expect(await page.getByTestId('henan-map-table').isVisible()).toBe(true);
		await page.close();
	});

	it('fits a phone: no sideways scroll, the map as wide as its card', async () => {
		for (const [user, path] of [['staff', '/province'], ['leader', '/summary']] as const) {
			const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
			await openMap(page, user, path);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
			const canvas = (await page.locator(`${MAP} canvas`).boundingBox())!;
			expect(canvas.width).toBeLessThanOrEqual(390);
			expect(canvas.width).toBeGreaterThan(300);
			expect(Number(await page.locator(MAP).getAttribute('data-features'))).toBe(157);
			await page.locator('[data-testid="henan-map"]').screenshot({ path: `${SCREENSHOT_DIR}/map-${path.slice(1)}-390.png` });
			await page.close();
		}
	});
});
