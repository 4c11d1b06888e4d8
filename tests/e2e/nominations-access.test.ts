/**
 * The nominations area for its own roles over HTTP: a 推荐单位 sees and edits only its own unit's
 * nominations; an expert sees only what is assigned to them and never one they declared a
 * conflict on; leaders read nothing before 公示; pilot editors have no place there.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '@libsql/client';
import { postForm, signIn } from '../support/http';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
const today = inject('today');

const cookies: Record<string, string> = {};
const ids = { own: 0, other: 0, assigned: 0, conflicted: 0, draft: 0 };

const status = async (path: string, cookie: string) => {
	const res = await fetch(`${baseURL}${path}`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
	await res.arrayBuffer();
	return res.status;
};

beforeAll(async () => {
	const db = createClient({ url: databaseUrl });
	const one = async (sql: string, args: (string | number)[] = []) => Number((await db.execute({ sql, args })).rows[0][0]);
	const luoyang = await one("select id from nomination_units where code = '410300'");
	const xinxiang = await one("select id from nomination_units where code = '410700'");
	ids.own = await one("select id from nominations where unit_id = ? and status = 'submitted' order by id limit 1", [luoyang]);
	ids.conflicted = await one("select id from nominations where unit_id = ? and status = 'submitted' order by id limit 1 offset 1", [luoyang]);
	ids.draft = await one("select id from nominations where unit_id = ? and status = 'draft' order by id limit 1", [luoyang]);
	ids.assigned = ids.own;
	// another unit's nomination, as 新乡's data would give it
	const team = await one("select t.id from teams t join pilots p on p.id = t.pilot_id where p.division_code = '410700' order by t.id limit 1");
	await db.execute({
		sql: `insert into nominations (call_id, unit_id, category, candidate_key, candidate_name, division_code, figures, eligible, reasons, details, status, created_at, updated_at)
			values (1, ?, 'team', ?, '新乡测试服务队', '410700', '{}', 1, '[]', '{}', 'draft', 0, 0)`,
		args: [xinxiang, `team:${team}`]
	});
	ids.other = await one('select max(id) from nominations');
	db.close();
	for (const u of ['unit-410300', 'expert-410700', 'leader', 'editor-410300', 'admin']) cookies[u] = await signIn(baseURL, u);
});

describe('推荐单位', () => {
	it('reads its own nominations and its call, not another unit’s', async () => {
		const c = cookies['unit-410300'];
		expect(await status('/nominations', c)).toBe(200);
		expect(await status('/nominations/1', c)).toBe(200);
		expect(await status(`/nominations/1/${ids.own}`, c)).toBe(200);
		expect(await status(`/nominations/1/${ids.own}/form.docx`, c)).toBe(200);
		expect(await status(`/nominations/1/${ids.other}`, c)).toBe(404);
		expect(await status(`/nominations/1/${ids.other}/form.docx`, c)).toBe(404);
		// the PDF of the same form: its own, not another unit's
		expect(await status(`/nominations/1/${ids.own}/form.pdf`, c)).toBe(200);
		expect(await status(`/nominations/1/${ids.other}/form.pdf`, c)).toBe(404);
	});
	it('edits only its own: another unit’s nomination answers 404 and is unchanged', async () => {
		const c = cookies['unit-410300'];
		const res = await postForm(baseURL, `/nominations/1/${ids.other}?/save`, c, new URLSearchParams({ deeds: '篡改', version: '1' }));
		expect(res.status).toBe(404);
		const db = createClient({ url: databaseUrl });
		expect((await db.execute({ sql: 'select deeds, version from nominations where id = ?', args: [ids.other] })).rows[0]).toMatchObject({ deeds: null, version: 1 });
		db.close();
		// administrators' actions are refused
		expect((await postForm(baseURL, '/nominations/1?/assign', c, new URLSearchParams())).status).toBe(403);
		expect((await postForm(baseURL, '/nominations/1?/freeze', c, new URLSearchParams())).status).toBe(403);
	});
});

describe('推荐单位 after the deadline', () => {
	it('adds, edits and 报送 nothing once the call’s deadline is past; the province still can', async () => {
		const c = cookies['unit-410300'];
		const db = createClient({ url: databaseUrl });
		const deadline = String((await db.execute('select deadline from nomination_calls where id = 1')).rows[0].deadline);
		const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
		const row = async () => (await db.execute({ sql: 'select deeds, status, version from nominations where id = ?', args: [ids.draft] })).rows[0];
		await db.execute({ sql: 'update nomination_calls set deadline = ? where id = 1', args: [yesterday] });
		try {
			const before = await row();
			const page = await (await fetch(`${baseURL}/nominations/1/${ids.draft}`, { headers: { cookie: c } })).text();
			expect(page).not.toContain('?/save');
			expect(page).not.toContain('?/submit');
			const call = await (await fetch(`${baseURL}/nominations/1`, { headers: { cookie: c } })).text();
			expect(call).toContain(`报送截止日期 ${yesterday} 已过`);
			expect(call).not.toContain('?/nominate');
			for (const [path, body] of [
				[`/nominations/1/${ids.draft}?/save`, { deeds: '截止后修改', version: String(before.version) }],
				[`/nominations/1/${ids.draft}?/submit`, {}],
				[`/nominations/1/${ids.draft}?/scan`, {}],
				['/nominations/1?/nominate', { category: 'team', candidate: 'team:1' }]
			] as const) {
				expect((await postForm(baseURL, path, c, new URLSearchParams(body))).status, path).toBe(403);
			}
			expect(await row()).toEqual(before);
			// the province's administrators keep the material in order after the deadline
			const admin = await (await fetch(`${baseURL}/nominations/1/${ids.draft}`, { headers: { cookie: cookies.admin } })).text();
			expect(admin).toContain('?/save');
		} finally {
			await db.execute({ sql: 'update nomination_calls set deadline = ? where id = 1', args: [deadline] });
			db.close();
		}
	});
});

describe('评审专家', () => {
	it('sees what is assigned, not other nominations, and cannot edit', async () => {
		const c = cookies['expert-410700'];
		expect(await status('/nominations/1', c)).toBe(200);
		expect(await status(`/nominations/1/${ids.assigned}`, c)).toBe(200);
		expect(await status(`/nominations/1/${ids.draft}`, c)).toBe(404);
		expect(await status(`/nominations/1/${ids.other}`, c)).toBe(404);
		expect((await postForm(baseURL, `/nominations/1/${ids.assigned}?/save`, c, new URLSearchParams({ version: '1' }))).status).toBe(403);
		expect(await status(`/nominations/1/${ids.assigned}/form.docx`, c)).toBe(403);
	});
	it('never sees a nomination again after declaring a conflict', async () => {
		const c = cookies['expert-410700'];
		expect(await status(`/nominations/1/${ids.conflicted}`, c)).toBe(200);
		const res = await postForm(baseURL, '/nominations/1?/conflict', c, new URLSearchParams({ nominationId: String(ids.conflicted), conflict: '曾与该服务队负责人共事', confirmed: 'yes' }));
		expect(res.status).toBeLessThan(400);
		expect(await status(`/nominations/1/${ids.conflicted}`, c)).toBe(404);
		const page = await (await fetch(`${baseURL}/nominations/1`, { headers: { cookie: c } })).text();
		expect(page).not.toContain(`/nominations/1/${ids.conflicted}"`);
	});
});

describe('others', () => {
	it('leaders read nothing before 公示; pilot editors have no place in the area', async () => {
		expect(await status('/nominations/1', cookies.leader)).toBe(404);
		expect(await status(`/nominations/1/${ids.own}`, cookies.leader)).toBe(404);
		expect(await status('/nominations', cookies['editor-410300'])).toBe(404);
		expect(await status(`/nominations/1/${ids.own}`, cookies['editor-410300'])).toBe(404);
	});
});
