import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/server/db';
import { rounds } from '$lib/server/db/schema';
import { type Actor } from '$lib/server/audit';
import { listPilotProgress } from '$lib/server/queries/pilots';
import { createRound, formValuesOf, getRound, saveKeyDateWindow, updateRound } from '$lib/server/rounds';
import * as orgSizes from '$lib/server/organisation/sizes';
import { sizeSettings } from '$lib/server/organisation/tree';
import { roundSchema } from '$lib/schemas/items';
import { FieldError } from '$lib/server/errors';
import { chosenRound, listRounds } from '$lib/server/queries/rounds';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';

const TODAY = DEMO_TODAY;
const admin: Actor = { userId: null, username: 'admin', role: 'province_admin', ip: '127.0.0.1' };
let roundId = 0;

beforeAll(async () => {
	await loadDemoDatabase();
	roundId = (await db.select().from(rounds))[0].id;
});

/** The round's current settings as the form would post them, with some fields changed. */
async function formWith(changes: Record<string, string>) {
	const { round } = (await getRound(roundId))!;
	const flat = Object.fromEntries(Object.entries(formValuesOf(round)).map(([k, v]) => [k, String(v)]));
	return roundSchema.parse({ ...flat, ...changes });
}

const statusesOf = async () => Object.fromEntries((await listPilotProgress({ roundId }, TODAY)).map((p) => [p.divisionCode, p.progress?.status]));

describe('round settings', () => {
	it('looser thresholds turn lagging pilots into at-risk ones, as DOMAIN.md’s order says', async () => {
		const before = await statusesOf();
		expect(before['411300']).toBe('lagging');
		await updateRound(admin, roundId, await formWith({ lagOverall: '90', lagDimension: '90' }));
		const after = await statusesOf();
		expect(after['411300']).toBe('at_risk');
		expect(after['410225']).toBe('overdue'); // thresholds do not touch an ended cycle
		await updateRound(admin, roundId, await formWith({ lagOverall: '15', lagDimension: '30' }));
		expect(await statusesOf()).toEqual(before);
	});

	it('a higher default target applies to every pilot without its own', async () => {
		await updateRound(admin, roundId, await formWith({ county_stations: '5' }));
		const lk = (await listPilotProgress({ roundId }, TODAY)).find((p) => p.divisionCode === '410181')!; // 巩义市, complete
		expect(lk.targets.stations).toBe(5);
		expect(lk.progress?.status).not.toBe('complete');
		await updateRound(admin, roundId, await formWith({ county_stations: '2' }));
	});

	it('refuses all-zero weights and a warning threshold above the lagging one', async () => {
		await expect(updateRound(admin, roundId, await formWith({ weight_teams: '0', weight_projects: '0', weight_activities: '0', weight_stations: '0', weight_mechanisms: '0' }))).rejects.toBeInstanceOf(FieldError);
		await expect(formWith({ riskDimension: '0.5', lagDimension: '0.3' })).rejects.toThrow('预警阈值不应大于单项滞后阈值');
	});

	it('refuses a second round of the same name, created or renamed; a new round without pilots is not the one pages open on', async () => {
		const running = chosenRound(await listRounds(), null)!;
		expect(running.pilots).toBeGreaterThan(0);
		await expect(createRound(admin, { name: running.name, year: running.year })).rejects.toThrow(`已有名为“${running.name}”的批次`);
		const fresh = await createRound(admin, { name: '第二批科技志愿服务体系建设试点', year: 2027 });
		const listed = await listRounds();
		expect(listed[0].id, 'newest first').toBe(fresh);
		expect(chosenRound(listed, null)?.id, 'the default holds pilots').toBe(running.id);
		expect(chosenRound(listed, fresh)?.id, 'chosen by ?round=').toBe(fresh);
		const renamed = { ...(await formWith({})), name: running.name };
		const freshVersion = (await getRound(fresh))!.round.version;
		await expect(updateRound(admin, fresh, { ...renamed, version: freshVersion })).rejects.toThrow(/已有名为/);
		// saving a round under its own name stays possible
		await updateRound(admin, roundId, await formWith({}));
	});

	it('creates a round from the defaults and keeps each year’s key-date windows', async () => {
		const id = await createRound(admin, { name: '2026年度河南省科技志愿服务体系建设试点', year: 2026 });
		await saveKeyDateWindow(admin, id, { year: 2026, key: 'sci_popularization_day', startDate: '2026-09-12', endDate: '2026-09-22' });
		const { round, windows } = (await getRound(id))!;
		expect(round.cityTargets.teams).toBe(10);
		expect(windows.find((w) => w.year === 2026 && w.key === 'sci_popularization_day')).toMatchObject({ startDate: '2026-09-12', endDate: '2026-09-22' });
		await expect(saveKeyDateWindow(admin, id, { year: 2026, key: 'made_up', startDate: '2026-01-01', endDate: '2026-01-02' })).rejects.toBeInstanceOf(FieldError);
	});

	it('a new round keeps the organisation’s size requirements the province set, not the defaults', async () => {
		const newest = (await listRounds())[0];
		const set = { city_detachment: { firstBatch: 400, yearEnd: 800 }, county_team: { firstBatch: 60, yearEnd: 90 } };
		await orgSizes.update(admin, newest.id, set, Number((await orgSizes.get(newest.id))!.version));
		expect(await sizeSettings()).toEqual(set);
		const next = await createRound(admin, { name: '2028年度河南省科技志愿服务体系建设试点', year: 2028 });
		expect((await listRounds())[0].id).toBe(next);
		expect(await sizeSettings(), 'the organisation is held to the same numbers').toEqual(set);
		expect(await orgSizes.get(next)).toMatchObject({ city_detachment_firstBatch: 400, city_detachment_yearEnd: 800, county_team_firstBatch: 60, county_team_yearEnd: 90 });
	});
});
