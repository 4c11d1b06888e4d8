/**
 * 组织体系 (issue 19) over HTTP against the production build: a 支队's officer reads and edits their
 * own 支队 and the county 队 below it, and meets a sibling 支队 exactly as one that does not exist
 * (404, nothing changed); the province builds units through the forms and reads back what it stored.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '@libsql/client';
import { fingerprint, postForm, signIn } from '../support/http';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
const ids = { own: 0, sibling: 0, county: 0, corps: 0 };
let officer = '';
let admin = '';

const get = async (path: string, cookie: string) => {
	const res = await fetch(`${baseURL}${path}`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
	return { status: res.status, text: await res.text(), location: res.headers.get('location') };
};

beforeAll(async () => {
	const db = createClient({ url: databaseUrl });
	const one = async (sql: string) => Number((await db.execute(sql)).rows[0][0]);
	ids.own = await one("select id from org_units where kind = 'city_detachment' and division_code = '410300'");
	ids.sibling = await one("select id from org_units where kind = 'city_detachment' and division_code = '410700'");
	ids.county = await one("select id from org_units where kind = 'county_team' and division_code = '410324'");
	ids.corps = await one("select id from org_units where kind = 'corps'");
	db.close();
	officer = await signIn(baseURL, 'officer-410300');
	admin = await signIn(baseURL, 'admin');
});

describe('a 支队 officer', () => {
	it('reads their own 支队 and the county 队 below it', async () => {
		expect((await get(`/organisation/units/${ids.own}`, officer)).status).toBe(200);
		const county = await get(`/organisation/units/${ids.county}`, officer);
		expect(county.status).toBe(200);
		expect(county.text).toContain('栾川县科技志愿者队');
	});

	it('meets a sibling 支队 and the 总队 as units that do not exist', async () => {
		expect((await get(`/organisation/units/${ids.sibling}`, officer)).status).toBe(404);
		expect((await get(`/organisation/units/${ids.corps}`, officer)).status).toBe(404);
		expect((await get(`/organisation/units/999999`, officer)).status).toBe(404);
		const tree = await get('/organisation', officer);
		expect(tree.status).toBe(200);
		expect(tree.text).toContain('洛阳市科技志愿者支队');
		expect(tree.text).not.toContain('新乡市科技志愿者支队');
		expect(tree.text).not.toContain('河南省科技志愿服务总队');
	});

	it('cannot change a sibling 支队 by any of its forms, and nothing changes', async () => {
		const before = await fingerprint(databaseUrl);
		const forms: [string, Record<string, string>][] = [
			['save', { name: '篡改', version: '1' }],
			['officer', { role: 'deputy', name: '篡改' }],
			['done', { deadlineId: '1', doneOn: '2026-01-01', note: '篡改' }],
			['remove', { confirmed: 'yes' }],
			['move', { parentId: String(ids.own) }]
		];
		for (const [action, body] of forms) {
			const res = await postForm(baseURL, `/organisation/units/${ids.sibling}?/${action}`, officer, new URLSearchParams(body));
			expect(res.status, action).toBe(404);
		}
		// nor create a unit under it
		const created = await postForm(baseURL, '/organisation?/create', officer, new URLSearchParams({ kind: 'county_team', parentId: String(ids.sibling), name: '篡改队', divisionCode: '410721' }));
		expect(created.status).toBe(400);
		expect(created.text).toContain('所选上级单位不存在');
		expect(await fingerprint(databaseUrl)).toBe(before);
	});

	it('may not move or remove their own 支队, nor reach province pages', async () => {
		expect((await postForm(baseURL, `/organisation/units/${ids.own}?/move`, officer, new URLSearchParams({ parentId: String(ids.corps) }))).status).toBe(403);
		expect((await postForm(baseURL, `/organisation/units/${ids.own}?/remove`, officer, new URLSearchParams({ confirmed: 'yes' }))).status).toBe(403);
		expect((await get('/province', officer)).status).toBe(403);
		expect((await get('/organisation/deadlines', officer)).status).toBe(403);
		// nor give it another city through its own 单位信息 (that moved 洛阳's 支队 and its counties to 郑州)
		const page = await get(`/organisation/units/${ids.own}`, officer);
		expect(page.text).toContain('data-testid="division-fixed"');
		expect(page.text).not.toMatch(/<select[^>]*name="divisionCode"/);
		const version = /name="version" value="(\d+)"/.exec(page.text)![1];
		const name = /id="f-name"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*id="f-name"/.exec(page.text);
		const before = await fingerprint(databaseUrl);
		const moved = await postForm(baseURL, `/organisation/units/${ids.own}?/save`, officer, new URLSearchParams({ version, name: name?.[1] ?? name?.[2] ?? '洛阳市科技志愿者支队', divisionCode: '410100' }));
		expect(moved.status).toBe(400);
		expect(moved.text).toContain('本单位所在的市或县（市、区）不能由本单位修改');
		expect(await fingerprint(databaseUrl)).toBe(before);
		expect((await get(`/pilots/1`, officer)).status).toBe(404);
	});

	it('edits an officer of the county 队 below and reads back what it stored', async () => {
		const res = await postForm(baseURL, `/organisation/units/${ids.county}?/officer`, officer, new URLSearchParams({ role: 'secretary_general', name: '测秘书', workUnit: '栾川县科协科普部', phone: '19900001234' }));
		expect(res.status).toBe(200);
		expect(res.text).toContain('负责人已保存');
		const page = await get(`/organisation/units/${ids.county}`, officer);
		expect(page.text).toContain('测秘书');
		expect(page.text).toContain('栾川县科协科普部');
		expect(page.text).toContain('19900001234');
	});
});

describe('the province builds the tree through its forms', () => {
	it('creates a city 支队 and a county 队 under it, refuses a county 队 under the 总队, and round-trips the unit form', async () => {
		const bad = await postForm(baseURL, '/organisation?/create', admin, new URLSearchParams({ kind: 'county_team', parentId: String(ids.corps), name: '错误队', divisionCode: '410521' }));
		expect(bad.status).toBe(400);
		expect(bad.text).toContain('县（市、区）队不能设在总队之下');
		expect(bad.text).toContain('错误队'); // what was typed is shown again

		const city = await postForm(baseURL, '/organisation?/create', admin, new URLSearchParams({ kind: 'city_detachment', parentId: String(ids.corps), name: '测试市科技志愿者支队', divisionCode: '410500', foundedOn: '2026-03-01', platformId: 'T-001' }));
		expect(city.status).toBe(303);
		const cityId = Number((await get('/organisation?kind=city_detachment&city=410500', admin)).text.match(/\/organisation\/units\/(\d+)"><strong>测试市科技志愿者支队/)?.[1]);
		expect(cityId).toBeGreaterThan(0);
		const county = await postForm(baseURL, '/organisation?/create', admin, new URLSearchParams({ kind: 'county_team', parentId: String(cityId), name: '汤阴县科技志愿者队', divisionCode: '410523' }));
		expect(county.status).toBe(303);

		const page = await get(`/organisation/units/${cityId}`, admin);
		expect(page.text).toContain('汤阴县科技志愿者队');
		expect(page.text).toContain('T-001');
		expect(page.text).toContain('value="2026-03-01"');
		const version = page.text.match(/name="version" value="(\d+)"/)?.[1] ?? '1';
		const saved = await postForm(baseURL, `/organisation/units/${cityId}?/save`, admin, new URLSearchParams({ name: '测试市科技志愿者支队（改）', divisionCode: '410500', foundedOn: '2026-03-02', platformId: 'T-002', version }));
		expect(saved.status).toBe(200);
		const again = await get(`/organisation/units/${cityId}`, admin);
		expect(again.text).toContain('测试市科技志愿者支队（改）');
		expect(again.text).toContain('value="2026-03-02"');
		expect(again.text).toContain('T-002');
	});
});
