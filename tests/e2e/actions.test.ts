/**
 * Every editor action with good and bad input over HTTP against the production build: a bad
 * value gets its Chinese message at the field (status 400) and the database is unchanged; ids of
 * another pilot's items are "not found" and change nothing either.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { fingerprint, postForm, scalar, signIn } from '../support/http';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
const today = inject('today');

let editorA = '';
let editorB = '';
let pilotA = 0;
let pilotB = 0;
let teamOfB = 0;
let projectOfB = 0;
let stationOfA = 0;

beforeAll(async () => {
	// 许昌市 (A) and 南阳市 (B): pilots no other e2e file edits
	editorA = await signIn(baseURL, 'editor-411000');
	editorB = await signIn(baseURL, 'editor-411300');
	pilotA = await scalar(databaseUrl, "select id from pilots where division_code = '411000'");
	pilotB = await scalar(databaseUrl, "select id from pilots where division_code = '411300'");
	teamOfB = await scalar(databaseUrl, 'select min(id) from teams where pilot_id = ?', [pilotB]);
	projectOfB = await scalar(databaseUrl, 'select min(id) from projects where pilot_id = ?', [pilotB]);
	stationOfA = await scalar(databaseUrl, 'select min(id) from stations where pilot_id = ?', [pilotA]);
});

const form = (fields: Record<string, string | string[]>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
	return f;
};

const TEAM = { name: '许昌市测试科技志愿服务队', declaredMembers: '60', partnerType: 'university' };
const ACTIVITY = { title: '测试活动', date: today, kind: 'science_lecture', field: 'health', volunteers: '10', experts: '2', served: '100', serviceHours: '20' };
const STATION = { name: '测试站点', facilityType: 'park' };

async function expectRefused(path: string, fields: FormData, status: number, message: string | RegExp, cookie = editorA) {
	const before = await fingerprint(databaseUrl);
	const res = await postForm(baseURL, path, cookie, fields);
	expect(res.status).toBe(status);
	if (typeof message === 'string') expect(res.text).toContain(message);
	else expect(res.text).toMatch(message);
	expect(await fingerprint(databaseUrl)).toBe(before);
	return res;
}

describe('bad input is refused at its field and changes nothing', () => {
	const teams = () => `/pilots/${pilotA}/teams?/save`;

	it.each([
		['negative members', { ...TEAM, declaredMembers: '-1' }, '队员人数须为不小于 0 的整数'],
		['absurd members', { ...TEAM, declaredMembers: '99999999' }, '队员人数不能大于 100000'],
		['fractional members', { ...TEAM, declaredMembers: '2.5' }, '队员人数须为不小于 0 的整数'],
		['10 000-character name', { ...TEAM, name: '队'.repeat(10_000) }, '服务队名称最多 60 个字'],
		['empty name', { ...TEAM, name: '   ' }, '请填写服务队名称'],
		['control characters', { ...TEAM, name: 'a\u0000b' }, '服务队名称含有不可见的控制字符'],
		['unknown partner type', { ...TEAM, partnerType: 'ministry' }, '请选择有效的合作单位类型'],
		['bad phone', { ...TEAM, leaderPhone: '12ab' }, '联系电话应为 11 位手机号'],
		['registered without id', { ...TEAM, registered: 'on' }, '请填写注册编号']
	])('team: %s', async (_label, fields, message) => {
		await expectRefused(teams(), form(fields), 400, message);
	});

	it('team: a duplicated field is refused rather than guessed', async () => {
		await expectRefused(teams(), form({ ...TEAM, name: ['甲队', '乙队'] }), 400, '该字段重复提交');
	});

	it.each([
		['a date outside any cycle', { ...ACTIVITY, date: '1999-01-01' }, '活动日期过早'],
		['a date after the cycle', { ...ACTIVITY, date: '2099-12-31' }, '活动日期不能晚于试点周期结束日'],
		['an impossible date', { ...ACTIVITY, date: '2025-02-30' }, '活动日期不是有效日期'],
		['negative people', { ...ACTIVITY, served: '-5' }, '服务群众人次须为不小于 0 的整数'],
		['hours with two decimals', { ...ACTIVITY, serviceHours: '1.25' }, '服务时长须为不小于 0 的数字'],
		['more experts than volunteers', { ...ACTIVITY, experts: '20' }, '专家人次不应多于志愿者人次'],
		['unknown kind', { ...ACTIVITY, kind: 'party' }, '请选择有效的活动类型'],
		['unknown key group', { ...ACTIVITY, keyGroups: 'aliens' }, '请选择有效的重点服务人群']
	])('activity: %s', async (_label, fields, message) => {
		await expectRefused(`/pilots/${pilotA}/activities?/save`, form(fields), 400, message);
	});

	it('station: a claimed 有 without a note or photo', async () => {
		await expectRefused(`/pilots/${pilotA}/stations?/save`, form({ ...STATION, signage: 'on' }), 400, '勾选后请填写说明或上传照片作为依据');
		// two of them: both named at once, each at its own note
		const both = await expectRefused(`/pilots/${pilotA}/stations?/save`, form({ ...STATION, signage: 'on', rules: 'on' }), 400, '勾选后请填写说明或上传照片作为依据');
		for (const note of ['rulesNote', 'signageNote']) expect(both.text, note).toMatch(new RegExp(`id="f-${note}-error"[^>]*>勾选后请填写说明或上传照片作为依据<`));
	});

	it('station: a wrong file type and a script renamed to .jpg', async () => {
		const pdfAsPhoto = form({ ...STATION, venue: 'on' });
		pdfAsPhoto.append('venuePhoto', new File([new TextEncoder().encode('%PDF-1.4 not a photo')], 'venue.pdf', { type: 'application/pdf' }));
		await expectRefused(`/pilots/${pilotA}/stations?/save`, pdfAsPhoto, 400, '只接受 JPG、PNG、WEBP 文件');
		const phpAsJpg = form({ ...STATION, venue: 'on' });
		phpAsJpg.append('venuePhoto', new File(['<?php system($_GET["c"]); ?>'], 'photo.jpg', { type: 'image/jpeg' }));
		await expectRefused(`/pilots/${pilotA}/stations?/save`, phpAsJpg, 400, '只接受 JPG、PNG、WEBP 文件');
	});

	it('mechanism: established without its document', async () => {
		await expectRefused(`/pilots/${pilotA}/mechanisms?/save&key=rights`, form({ status: 'established', version: '1' }), 400, '已建立的制度请填写制度文件名称或文号');
	});

	it('import: a file that is not a workbook', async () => {
		const f = form({ teamId: String(teamOfB) });
		f.append('file', new File(['name,phone\n'], 'roster.xlsx'));
		await expectRefused(`/pilots/${pilotA}/import?/checkRoster`, f, 400, '只接受 XLSX 文件');
	});
});

describe('good input is saved, escaped when shown, and audited once', () => {
	it('keeps HTML typed into a name as text', async () => {
		const audits = await scalar(databaseUrl, 'select count(*) from audit_log');
		const res = await postForm(baseURL, `/pilots/${pilotA}/teams?/save`, editorA, form({ ...TEAM, name: '<img src=x onerror=alert(1)>队' }));
		expect(res.status).toBe(200);
		expect(await scalar(databaseUrl, "select count(*) from teams where name = '<img src=x onerror=alert(1)>队'")).toBe(1);
		expect(await scalar(databaseUrl, 'select count(*) from audit_log')).toBe(audits + 1);
		const page = await fetch(`${baseURL}/pilots/${pilotA}/teams`, { headers: { cookie: editorA } }).then((r) => r.text());
		expect(page).toContain('&lt;img src=x onerror=alert(1)>队');
		expect(page).not.toContain('<img src=x onerror');
	});

	it('saves a station with a real photo as evidence and serves it only to readers of the pilot', async () => {
		const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
		const f = form({ ...STATION, name: '许昌测试照片站', venue: 'on' });
		f.append('venuePhoto', new File([png], '场所.png', { type: 'image/png' }));
		const res = await postForm(baseURL, `/pilots/${pilotA}/stations?/save`, editorA, f);
		expect(res.status).toBe(200);
		const fileId = await scalar(databaseUrl, "select max(id) from files where pilot_id = ? and purpose = 'venue'", [pilotA]);
		const mine = await fetch(`${baseURL}/pilots/${pilotA}/files/${fileId}`, { headers: { cookie: editorA } });
		expect(mine.status).toBe(200);
		expect(mine.headers.get('content-type')).toBe('image/png');
		expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
		expect(mine.headers.get('content-security-policy')).toContain('sandbox');
		expect(Buffer.from(await mine.arrayBuffer()).equals(png)).toBe(true);
		// the other pilot's editor: the same "not found" through their own pilot's URL or A's
		expect((await fetch(`${baseURL}/pilots/${pilotB}/files/${fileId}`, { headers: { cookie: editorB } })).status).toBe(404);
		expect((await fetch(`${baseURL}/pilots/${pilotA}/files/${fileId}`, { headers: { cookie: editorB } })).status).toBe(404);
	});
});

describe('another pilot’s ids are not found and change nothing', () => {
	it('editing or deleting B’s team from A’s pilot', async () => {
		await expectRefused(`/pilots/${pilotA}/teams?/save`, form({ ...TEAM, id: String(teamOfB), version: '1' }), 404, '未找到该记录');
		await expectRefused(`/pilots/${pilotA}/teams?/delete`, form({ id: String(teamOfB) }), 404, '未找到该记录');
	});

	it('linking B’s project or team from A’s forms', async () => {
		await expectRefused(`/pilots/${pilotA}/activities?/save`, form({ ...ACTIVITY, projectId: String(projectOfB) }), 400, '所选项目不属于本试点');
		await expectRefused(`/pilots/${pilotA}/activities?/save`, form({ ...ACTIVITY, teamIds: String(teamOfB) }), 400, '所选服务队不属于本试点');
		await expectRefused(`/pilots/${pilotA}/stations?/save`, form({ ...STATION, teamId: String(teamOfB) }), 400, '所选服务队不属于本试点');
	});

	it('posting to A’s pilot as B’s editor, even with extra fields', async () => {
		await expectRefused(`/pilots/${pilotA}/teams?/save`, form({ ...TEAM, pilotId: String(pilotB) }), 404, /未找到该试点|页面不存在/, editorB);
		await expectRefused(`/pilots/${pilotA}/stations?/delete`, form({ id: String(stationOfA) }), 404, /未找到该试点|页面不存在/, editorB);
	});

	it('ignores a pilotId, version or createdAt smuggled into A’s own form', async () => {
		const res = await postForm(baseURL, `/pilots/${pilotA}/teams?/save`, editorA, form({ ...TEAM, name: '夹带字段队', pilotId: String(pilotB), createdAt: '0', registered: 'on', registrationId: 'DMZY1' }));
		expect(res.status).toBe(200);
		expect(await scalar(databaseUrl, "select pilot_id from teams where name = '夹带字段队'")).toBe(pilotA);
	});

	it('a stale version gets a conflict message instead of overwriting', async () => {
		const teamA = await scalar(databaseUrl, 'select min(id) from teams where pilot_id = ?', [pilotA]);
		const version = await scalar(databaseUrl, 'select version from teams where id = ?', [teamA]);
		const first = await postForm(baseURL, `/pilots/${pilotA}/teams?/save`, editorA, form({ ...TEAM, name: '第一次保存', id: String(teamA), version: String(version) }));
		expect(first.status).toBe(200);
		await expectRefused(`/pilots/${pilotA}/teams?/save`, form({ ...TEAM, name: '过时的保存', id: String(teamA), version: String(version) }), 409, '已被他人修改');
	});
});
