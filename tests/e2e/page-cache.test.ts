/**
 * Pages kept per instance (src/lib/server/page-cache.ts) must never show a reader anything a
 * fresh render would not: not a page from before a write, not another reader's page, and not
 * without the headers every page carries.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { postForm, scalar, signIn } from '../support/http';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
const today = inject('today');

let staff = '';
let leader = '';
let editorA = '';
let editorB = '';
let pilotA = 0;

const get = (path: string, cookie: string) => fetch(`${baseURL}${path}`, { headers: { cookie }, redirect: 'manual' });
const text = async (path: string, cookie: string) => (await get(path, cookie)).text();

beforeAll(async () => {
	[staff, leader, editorA, editorB] = await Promise.all(['staff', 'leader', 'editor-410300', 'editor-410700'].map((u) => signIn(baseURL, u)));
	pilotA = await scalar(databaseUrl, "select id from pilots where division_code = '410300'");
});

describe('kept pages', () => {
	it('show a write at once, to every reader, in pages and in client-side data', async () => {
		const list = `/pilots/${pilotA}/activities`;
		// each reader's page is rendered and kept before the write
		for (const cookie of [staff, leader, editorA]) await text(list, cookie);
		await text(`${list}/__data.json`, staff);
		const title = `缓存检验活动${Date.now()}`;
		const form = new URLSearchParams({ title, date: today, kind: 'science_lecture', field: 'science_education', volunteers: '6', experts: '1', served: '80', serviceHours: '12' });
		const saved = await postForm(baseURL, `${list}?/save`, editorA, form);
		expect(saved.status).toBe(200);
		for (const cookie of [staff, leader, editorA]) expect(await text(list, cookie)).toContain(title);
		expect(await text(`${list}/__data.json`, staff)).toContain(title);
	});

	it('are never served to another reader', async () => {
		const page = `/pilots/${pilotA}`;
		const forStaff = await get(page, staff);
		expect(forStaff.status).toBe(200);
		await forStaff.text();
		// 新乡's editor asks for 洛阳's page just after staff's copy was kept: still "not found"
		const forB = await get(page, editorB);
		expect(forB.status).toBe(404);
		// staff may send 督办 from this page; the leader, reading the same URL, may not
		expect(await text(page, staff)).toContain('发送督办');
		expect(await text(page, leader)).not.toContain('发送督办');
	});

	it('carry the same headers as a fresh render, and nothing for a signed-out caller', async () => {
		const first = await get('/province', staff);
		await first.text();
		const again = await get('/province', staff);
		await again.text();
		for (const name of ['content-type', 'cache-control', 'x-content-type-options', 'referrer-policy', 'x-frame-options', 'content-security-policy']) {
			expect(again.headers.get(name), name).toBe(first.headers.get(name));
		}
		expect(again.headers.get('cache-control')).toBe('no-store');
		expect(again.headers.get('set-cookie')).toBeNull();
		// compressed for those who ask (every browser does), the same page for those who do not
		expect(again.headers.get('content-encoding')).toBe('gzip');
		const plain = await fetch(`${baseURL}/province`, { headers: { cookie: staff, 'accept-encoding': 'identity' } });
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(await plain.text()).toBe(await text('/province', staff));
		const anonymous = await fetch(`${baseURL}/province`, { redirect: 'manual' });
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toMatch(/^\/login/);
	});
});
