/** The JSON API: the same figures as countItems/evaluateProgress, scoped exactly like the pages. */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { signIn } from '../support/http';
import { expectedFromDatabase } from '../support/expected';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
const today = inject('today');
let staff = '';
let editorA = '';

beforeAll(async () => {
	staff = await signIn(baseURL, 'staff');
	editorA = await signIn(baseURL, 'editor-410581');
});

const get = (path: string, cookie?: string) => fetch(`${baseURL}${path}`, { headers: cookie ? { cookie, accept: 'application/json' } : { accept: 'application/json' } });

describe('GET /api/v1/pilots', () => {
	it('gives every pilot exactly what the domain functions compute', async () => {
		const res = await get('/api/v1/pilots', staff);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		const body = await res.json();
		expect(body.today).toBe(today);
		const expected = await expectedFromDatabase(databaseUrl, today);
		expect(body.pilots).toHaveLength(expected.size);
		for (const p of body.pilots) {
			const e = expected.get(p.name)!;
			expect(p.actual).toEqual(e.actual);
			expect(p.progress).toEqual(JSON.parse(JSON.stringify(e.progress)));
			expect(Object.keys(p.verified).sort()).toEqual(['activities', 'mechanisms', 'projects', 'stations', 'teams']);
			for (const d of Object.keys(p.verified)) expect(p.verified[d]).toBeLessThanOrEqual(p.actual[d]);
			expect(p).toMatchObject({ level: expect.stringMatching(/^(city|county)$/), divisionCode: expect.stringMatching(/^\d{6}$/), startDate: expect.any(String), endDate: expect.any(String) });
		}
	});

	it('filters by level and status', async () => {
		const body = await (await get('/api/v1/pilots?level=county&status=lagging', staff)).json();
		expect(body.pilots.length).toBeGreaterThan(0);
		for (const p of body.pilots) expect([p.level, p.progress.status]).toEqual(['county', 'lagging']);
	});

	it('answers 401 without a session, and shows an editor only their own pilot', async () => {
		expect((await get('/api/v1/pilots')).status).toBe(401);
		const mine = await (await get('/api/v1/pilots', editorA)).json();
		expect(mine.pilots.map((p: { name: string }) => p.name)).toEqual(['林州市科协']);
	});
});

describe('GET /api/v1/pilots/{id}', () => {
	it('adds each dimension’s items with whether they count, consistent with the counts', async () => {
		const expected = await expectedFromDatabase(databaseUrl, today);
		const id = expected.get('林州市科协')!.id;
		const body = await (await get(`/api/v1/pilots/${id}`, editorA)).json();
		for (const d of ['teams', 'projects', 'activities', 'stations', 'mechanisms']) {
			expect(body.items[d].filter((i: { counted: boolean }) => i.counted)).toHaveLength(body.actual[d]);
		}
		const notCounted = body.items.teams.find((t: { counted: boolean }) => !t.counted);
		if (notCounted) expect(notCounted.reasons.length).toBeGreaterThan(0);
		expect(body.items.stations[0]).toEqual(expect.objectContaining({ venue: expect.any(Boolean), teamId: expect.anything() }));
	});

	it('answers another pilot exactly like one that does not exist', async () => {
		const expected = await expectedFromDatabase(databaseUrl, today);
		const other = await get(`/api/v1/pilots/${expected.get('洛阳市科协')!.id}`, editorA);
		const missing = await get('/api/v1/pilots/999999', editorA);
		expect(other.status).toBe(404);
		expect(missing.status).toBe(404);
		expect(await other.text()).toBe(await missing.text());
		expect((await get('/api/v1/pilots/1')).status).toBe(401);
	});
});
