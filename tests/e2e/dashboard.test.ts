/**
 * The dashboard shows exactly what the domain functions compute: every figure on the page is
 * recomputed here from the raw database rows with countItems and evaluateProgress.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '@libsql/client';
import type { Browser } from 'playwright-core';
import { countItems } from '../../src/lib/domain/counting';
import { cycleOf, evaluateProgress, type Targets } from '../../src/lib/domain/progress';
import { launchBrowser, login, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser';

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

async function expectedFromDatabase() {
	const db = createClient({ url: databaseUrl });
	const q = async (sql: string, args: (string | number)[] = []) => (await db.execute({ sql, args })).rows;
	const result = new Map<string, { status: string; actual: Record<string, number> }>();
	for (const p of await q('select p.id, p.name, p.level, p.approval_date, r.city_targets, r.county_targets from pilots p join rounds r on r.id = p.round_id')) {
		const targets = JSON.parse(String(p.level === 'city' ? p.city_targets : p.county_targets)) as Targets;
		for (const o of await q('select target_key, value from target_overrides where pilot_id = ? order by created_at, id', [Number(p.id)])) {
			targets[o.target_key as keyof Targets] = Number(o.value);
		}
		const id = Number(p.id);
		const counted = countItems(
			{
				teams: (await q('select id, coalesce(roster_size, declared_members) m, registered from teams where pilot_id = ?', [id])).map((t) => ({ id: String(t.id), members: Number(t.m), registered: Number(t.registered) === 1 })),
				projects: (await q('select id from projects where pilot_id = ?', [id])).map((r) => ({ id: String(r.id) })),
				activities: (await q('select id, date, project_id from activities where pilot_id = ?', [id])).map((a) => ({ id: String(a.id), date: String(a.date), projectId: a.project_id == null ? null : String(a.project_id) })),
				stations: (await q('select * from stations where pilot_id = ?', [id])).map((s) => ({
					id: String(s.id),
					venue: Number(s.venue) === 1,
					facilities: Number(s.facilities) === 1,
					rules: Number(s.rules) === 1,
					signage: Number(s.signage) === 1,
					teamId: s.team_id == null ? null : String(s.team_id),
					projectId: s.project_id == null ? null : String(s.project_id)
				})),
				mechanisms: (await q('select key, status, document from mechanisms where pilot_id = ?', [id])).map((m) => ({ key: String(m.key), status: m.status as 'established', document: m.document as string | null }))
			},
			targets,
			cycleOf(String(p.approval_date)),
			today
		);
		const progress = evaluateProgress({ startDate: String(p.approval_date), targets, actual: counted.actual }, today);
		result.set(String(p.name), { status: progress.status, actual: counted.actual });
	}
	db.close();
	return result;
}

describe('province dashboard', () => {
	it('shows for every pilot the status and counts the domain functions give', async () => {
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(page, baseURL, 'staff');
		await page.goto(`${baseURL}/province`);
		const expected = await expectedFromDatabase();
		const rows = page.getByTestId('pilot-row');
		expect(await rows.count()).toBe(expected.size);
		for (const r of await rows.all()) {
			const name = (await r.locator('th a').textContent())!.trim();
			const shown = {
				status: await r.getAttribute('data-status'),
				actual: Object.fromEntries(
					await Promise.all(
						['服务队', '项目', '活动', '站点', '制度机制'].map(async (label, i) => [
							['teams', 'projects', 'activities', 'stations', 'mechanisms'][i],
							Number(await r.getByRole('progressbar', { name: label }).getAttribute('aria-valuenow'))
						])
					)
				)
			};
			expect({ name, ...shown }).toEqual({ name, ...expected.get(name) });
		}
		await page.close();
	});

	it('filters to lagging county pilots with the filters in the URL, and opens one', async () => {
		const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
		await login(page, baseURL, 'staff');
		await page.goto(`${baseURL}/province`);
		await page.locator('select[name="level"]').selectOption('county');
		await page.locator('select[name="status"]').selectOption('lagging');
		await Promise.all([page.waitForURL(/status=lagging/), page.getByRole('button', { name: '筛选' }).click()]);
		const url = new URL(page.url());
		expect(url.searchParams.get('level')).toBe('county');
		expect(url.searchParams.get('status')).toBe('lagging');
		const rows = page.getByTestId('pilot-row');
		const statuses = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
		expect(statuses.length).toBeGreaterThan(0);
		expect(new Set(statuses)).toEqual(new Set(['lagging']));
		await expect(rows.first().textContent()).resolves.toContain('县级');
		await page.screenshot({ path: `${SCREENSHOT_DIR}/province-filtered-desktop.png`, fullPage: true });
		// the same link, shared, shows the same view
		const again = await browser.newPage({ viewport: VIEWPORTS.phone });
		await login(again, baseURL, 'admin');
		await again.goto(page.url());
		expect(await again.getByTestId('pilot-row').count()).toBe(statuses.length);
		await again.screenshot({ path: `${SCREENSHOT_DIR}/province-filtered-phone.png`, fullPage: true });
		await again.close();
		await rows.first().locator('th a').click();
		await page.waitForURL(/\/pilots\/\d+$/);
		await page.close();
	});
});
