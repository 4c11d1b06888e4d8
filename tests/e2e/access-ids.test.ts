/**
 * Pilot isolation and access control with real ids, over HTTP against the production build
 * (RELSEC C2–C5, A3, A4, A12, B1–B3). Editor A is 洛阳市 (editor-410300), editor B 新乡市
 * (editor-410700). Every refused request is checked twice: by its status, and by a fingerprint
 * of the whole database (tests/support/fingerprint.ts says which volatile tables it leaves out)
 * taken before and after, which must be equal.
 *
 * The bodies sent are the ones the owner of the thing could send successfully, so a missing
 * check would show up as a change, not only as a different status.
 */
import { percentText } from '../../src/lib/domain/percent';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { createClient, type Client } from '@libsql/client';
import { listRoutes } from '../support/routes';
import { signIn } from '../support/http';
import { databaseFingerprint } from '../support/fingerprint';
import { sqlReader } from '../support/sql';
import { accountAttemptsWithin, HOSTILE_REDIRECTS } from '../support/payloads';
import { send as sendRaw } from '../support/fuzz';
import { REVIEW_REQUIREMENTS } from '../../src/lib/domain/review';
import { reportableMonths } from '../../src/lib/domain/reporting';
import { cycleOf } from '../../src/lib/domain/progress';
import { ORG_KINDS } from '../../src/lib/domain/organisation';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
const today = inject('today');
const EVIL = 'http://evil.example';

let db: Client;
/** the demo's call for nominations, and ids inside it the province or a unit could act on */
const call = { id: 0, quotaId: 0, objectionId: 0, deadlineId: 0, reviewerId: 0 };
const fingerprint = () => databaseFingerprint(db);
const { rows, one: row, num } = sqlReader(() => db);

// ── HTTP ─────────────────────────────────────────────────────────────────────
type Body = URLSearchParams | FormData | string;
interface Sent {
	status: number;
	location: string;
	setCookie: string[];
	text: string;
}

async function send(
	path: string,
	opts: { method?: string; cookie?: string; body?: Body; origin?: string | null; contentType?: string; accept?: string } = {}
): Promise<Sent> {
	const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
	const headers: Record<string, string> = { accept: opts.accept ?? 'text/html' };
	const origin = opts.origin === undefined ? baseURL : opts.origin;
	if (origin !== null) headers.origin = origin;
	if (opts.cookie !== undefined) headers.cookie = opts.cookie;
	if (opts.contentType) headers['content-type'] = opts.contentType;
	else if (typeof opts.body === 'string') headers['content-type'] = 'application/x-www-form-urlencoded';
	const res = await fetch(`${baseURL}${path}`, { method, headers, body: opts.body, redirect: 'manual' });
	return { status: res.status, location: res.headers.get('location') ?? '', setCookie: res.headers.getSetCookie(), text: await res.text() };
}

/** A form as a browser sends it; arrays repeat the key. */
function form(values: Record<string, string | number | string[]>): URLSearchParams {
	const p = new URLSearchParams();
	for (const [k, v] of Object.entries(values)) for (const one of Array.isArray(v) ? v : [v]) p.append(k, String(one));
	return p;
}

function multipart(values: URLSearchParams, files: Record<string, { bytes: Uint8Array; name: string }> = {}): FormData {
	const fd = new FormData();
	for (const [k, v] of values) fd.append(k, v);
	for (const [k, f] of Object.entries(files)) fd.append(k, new Blob([new Uint8Array(f.bytes)]), f.name);
	return fd;
}

const tokenOf = (cookie: string) => cookie.replace(/^session=/, '');
const sessionIdOf = (cookie: string) => tokenOf(cookie).split('.')[0];

// ── fixtures ─────────────────────────────────────────────────────────────────
/** One pilot's things, by id, as its owner would name them in a request. */
interface Side {
	pilotId: number;
	teamId: number;
	projectId: number;
	activityId: number;
	stationId: number;
	mechanismId: number;
	mechanismKey: string;
	fileId: number;
	reminderId: number;
	reportId: number;
	reportVersion: number;
	staged: string;
	teamVersion: number;
	activityFileId: number;
	publicityId: number;
	cultureId: number;
	personHash: string;
	unitId: number;
	officerId: number;
	nominationUnitId: number;
	nominationId: number;
}
const A = {} as Side;
const B = {} as Side;
const cookies = {} as Record<'editorA' | 'editorB' | 'staff' | 'admin' | 'leader', string>;
const users = { editorA: 0, editorB: 0, target: 0, leader: 0 };
/** the statistics form's figures every 月报 now states (issue 18) */
const REPORT_FIGURES = { mobileMuseumTours: 0, mobileMuseumCovered: 'no', caravanTours: 0, caravanCovered: 'no', ruralTrainings: 0, ruralTrainees: 0, farmerContest: 0, provincialContest: 0, infoOfficers: 0, articlesShared: 0 };
let roundId = 0;
let freeDivision = '';
let rosterFile: Uint8Array;
let activitiesFile: Uint8Array;
/** B's own report, submitted in setup with fields an editor may not set (checked in part 2). */
let reportB = { month: '', status: 0 };

async function sheet(name: string, header: string[], data: (string | number)[][]): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet(name);
	ws.addRow(header);
	data.forEach((r) => ws.addRow(r));
	return new Uint8Array(await wb.xlsx.writeBuffer());
}
/** A 1×1 PNG: a photo the station form accepts as evidence. */
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function sideOf(division: string): Promise<Side> {
	const pilotId = await num('select id from pilots where division_code = ?', [division]);
	const first = (table: string) => num(`select min(id) from ${table} where pilot_id = ?`, [pilotId]);
	const mechanism = await row('select id, key from mechanisms where pilot_id = ? order by id limit 1', [pilotId]);
	return {
		pilotId,
		teamId: await first('teams'),
		teamVersion: await num('select version from teams where id = (select min(id) from teams where pilot_id = ?)', [pilotId]),
		projectId: await first('projects'),
		activityId: await first('activities'),
		stationId: await first('stations'),
		mechanismId: Number(mechanism.id),
		mechanismKey: String(mechanism.key),
		fileId: await first('files'),
		reminderId: 0,
		reportId: 0,
		reportVersion: 0,
		staged: '',
		activityFileId: await num("select min(id) from files where pilot_id = ? and entity_type = 'activity'", [pilotId]),
		publicityId: await first('publicity'),
		cultureId: await first('station_works'),
		personHash: String((await row('select m.person_hash from team_members m join teams t on t.id = m.team_id where t.pilot_id = ? order by m.id limit 1', [pilotId])).person_hash),
		unitId: await num("select min(id) from org_units where division_code = ? and kind = 'city_detachment'", [division]),
		officerId: await num("select min(o.id) from org_officers o join org_units u on u.id = o.unit_id where u.division_code = ? and u.kind = 'city_detachment'", [division]),
		nominationUnitId: await num("select min(id) from nomination_units where name = (select name from pilots where division_code = ?)", [division]),
		nominationId: await num('select coalesce(min(id), 0) from nominations where unit_id = (select min(id) from nomination_units where name = (select name from pilots where division_code = ?))', [division])
	};
}

beforeAll(async () => {
	db = createClient({ url: databaseUrl });
	Object.assign(A, await sideOf('410300'));
	Object.assign(B, await sideOf('410700'));
	cookies.editorA = await signIn(baseURL, 'editor-410300');
	cookies.editorB = await signIn(baseURL, 'editor-410700');
	cookies.staff = await signIn(baseURL, 'staff');
	cookies.admin = await signIn(baseURL, 'admin');
	cookies.leader = await signIn(baseURL, 'leader');
	users.editorA = await num("select id from users where username = 'editor-410300'");
	users.editorB = await num("select id from users where username = 'editor-410700'");
	users.leader = await num("select id from users where username = 'leader'");
	// an account no other test file signs in with: the admin's forms act on it
	users.target = await num("select id from users where username = 'editor-411523'");
	roundId = await num('select round_id from pilots where id = ?', [A.pilotId]);
	call.id = await num('select min(id) from nomination_calls');
	call.quotaId = await num('select min(id) from nomination_quotas where call_id = ?', [call.id]);
	call.objectionId = await num('select coalesce(min(id), 0) from nomination_objections where call_id = ?', [call.id]);
	call.deadlineId = await num('select min(id) from org_deadlines');
	call.reviewerId = await num("select id from users where username = 'expert-410700'");
	freeDivision = String((await row('select code from divisions where code not in (select division_code from pilots where round_id = ?) order by code limit 1', [roundId])).code);

	// an open 督办 for each pilot
	for (const side of [A, B]) {
		const sent = await send(`/pilots/${side.pilotId}?/remind`, { cookie: cookies.staff, body: form({ message: '访问控制测试督办', dueDate: today }) });
		expect(sent.status).toBe(200);
		side.reminderId = await num('select max(id) from reminders where pilot_id = ?', [side.pilotId]);
	}

	// B submits its first unreported month, adding fields an editor may not set
	const pilotB = await row('select approval_date from pilots where id = ?', [B.pilotId]);
	const sent = new Set((await rows('select month from monthly_reports where pilot_id = ?', [B.pilotId])).map((r) => String(r.month)));
	const month = reportableMonths(cycleOf(String(pilotB.approval_date)), today).find((m) => !sent.has(m));
	if (!month) throw new Error('the demo pilot 新乡 has no month left to report: cannot set up the report cases');
	const submitted = await send(`/pilots/${B.pilotId}/reports?/submit`, {
		cookie: cookies.editorB,
		body: form({ ...REPORT_FIGURES, month, narrative: '访问控制测试月报', status: 'accepted', reviewedBy: users.editorB, reviewComment: '自己批准', pilotId: A.pilotId, firstSubmittedOn: '2000-01-01', figures: '{"activities":999}', id: 1 })
	});
	reportB = { month, status: submitted.status };
	// A needs a report waiting for review too; the demo may already have reviewed all of its own
	if (!(await rows("select id from monthly_reports where pilot_id = ? and status = 'submitted'", [A.pilotId])).length) {
		const pilotA = await row('select approval_date from pilots where id = ?', [A.pilotId]);
		const sentA = new Set((await rows('select month from monthly_reports where pilot_id = ?', [A.pilotId])).map((r) => String(r.month)));
		const monthA = reportableMonths(cycleOf(String(pilotA.approval_date)), today).find((m) => !sentA.has(m));
		if (!monthA) throw new Error('the demo pilot 洛阳 has no month left to report');
		const own = await send(`/pilots/${A.pilotId}/reports?/submit`, { cookie: cookies.editorA, body: form({ ...REPORT_FIGURES, month: monthA, narrative: '洛阳自己的待审月报' }) });
		expect(own.status).toBeLessThan(400);
	}
	for (const side of [A, B]) {
		const r = await row("select id, version from monthly_reports where pilot_id = ? and status = 'submitted' order by id desc limit 1", [side.pilotId]);
		side.reportId = Number(r.id);
		side.reportVersion = Number(r.version);
	}

	// a roster staged by A (for A's first team), and an activity sheet staged by B
	rosterFile = await sheet('花名册', ['姓名', '性别', '单位', '职务/职称', '专业特长', '联系电话'], [['访问控制测试', '女', '洛阳理工学院', '讲师', '农学', '13800000000']]);
	activitiesFile = await sheet(
		'活动',
		['活动名称', '活动日期', '活动地点', '活动类型', '服务领域', '所属项目', '志愿者人次', '专家人次', '服务群众人次', '服务时长', '重点人群', '活动简介'],
		[['访问控制测试导入', today, '新乡', '科普报告', '科学教育', '', 5, 1, 50, 2, '', '']]
	);
	const checkRoster = await send(`/pilots/${A.pilotId}/import?/checkRoster`, { cookie: cookies.editorA, body: multipart(form({ teamId: A.teamId }), { file: { bytes: rosterFile, name: 'roster.xlsx' } }) });
	expect(checkRoster.status).toBe(200);
	A.staged = sha256(rosterFile);
	const checkActivities = await send(`/pilots/${B.pilotId}/import?/checkActivities`, { cookie: cookies.editorB, body: multipart(form({}), { file: { bytes: activitiesFile, name: 'activities.xlsx' } }) });
	expect(checkActivities.status).toBe(200);
	B.staged = sha256(activitiesFile);
	// both staged files hold one valid row each: the imports below would write if they were let through
	expect(checkRoster.text).toContain(A.staged);
	expect(checkActivities.text).toContain(B.staged);
});

afterAll(() => db?.close());

// ── valid bodies for every action, as the owner of `s` would send them ───────
const teamFields = (extra: Record<string, string | number> = {}) => ({ name: '访问控制测试队', declaredMembers: 60, partnerType: 'university', registered: 'on', registrationId: 'DMZY-TEST-1', ...extra });
const projectFields = { name: '访问控制测试项目', field: 'science_education', description: '测试' };
const activityFields = { title: '访问控制测试活动', date: '', kind: 'science_lecture', field: 'science_education', volunteers: 5, experts: 1, served: 50, serviceHours: 2 };
const stationFields = { name: '访问控制测试站点', facilityType: 'park', address: '测试路 1 号', venue: 'on', venueNote: '有场所' };

async function roundBody(): Promise<URLSearchParams> {
	const r = await row('select * from rounds where id = ?', [roundId]);
	const city = JSON.parse(String(r.city_targets));
	const county = JSON.parse(String(r.county_targets));
	const pace = JSON.parse(String(r.pace_settings));
	const values: Record<string, string | number> = {
		name: '访问控制测试批次',
		year: Number(r.year),
		plannedCityPilots: Number(r.planned_city_pilots),
		plannedCountyPilots: Number(r.planned_county_pilots),
		citySubsidy: Number(r.city_subsidy),
		countySubsidy: Number(r.county_subsidy),
		// the form takes thresholds as percentages
		lagOverall: percentText(pace.lagOverall),
		lagDimension: percentText(pace.lagDimension),
		riskDimension: percentText(pace.riskDimension),
		version: Number(r.version)
	};
	for (const k of Object.keys(city)) {
		values[`city_${k}`] = city[k];
		values[`county_${k}`] = county[k];
	}
	for (const [k, w] of Object.entries(pace.weights)) values[`weight_${k}`] = w as number;
	return form(values);
}

/** The demo call's settings as its form sends them, with every nominating unit. */
function callBody(extra: Record<string, number> = {}): URLSearchParams {
	const values: Record<string, string | number | string[]> = { ...extra, name: '访问控制测试征集', year: 2030, cutoffDate: today, deadline: today, quotaMinimum: 1, teamMinVolunteers: 10, teamMinVolunteersOutstanding: 5, projectMinVolunteers: 10, projectMinYears: 1, stationMinShare: '10', stationMinKinds: 1, stationMinTeams: 1, criteria: '事迹突出 40\n服务成效 60', unitIds: ['1', '2', '3'] };
	for (const c of ['volunteer', 'team', 'project', 'station']) {
		values[`${c}Select`] = 5;
		values[`${c}Places`] = 10;
	}
	return form(values);
}

/** The round's organisation sizes as stored, sent back unchanged but for one figure. */
async function orgSizesBody(): Promise<URLSearchParams> {
	const r = await row('select * from rounds where id = ?', [roundId]);
	const stored = (r.org_sizes ? JSON.parse(String(r.org_sizes)) : {}) as Record<string, { firstBatch: number; yearEnd: number }>;
	const values: Record<string, string | number> = { version: Number(r.version) };
	for (const kind of ORG_KINDS) {
		const size = stored[kind] ?? { firstBatch: 10, yearEnd: 20 };
		values[`${kind}_firstBatch`] = size.firstBatch;
		values[`${kind}_yearEnd`] = size.yearEnd + 1;
	}
	return form(values);
}

/** The request each action takes, filled for side `s`; a route missing here fails the tests that use it. */
async function requestFor(key: string, s: Side): Promise<{ query?: string; body: URLSearchParams | FormData } | undefined> {
	const itemUpdate = (list: string) => {
		const id = { teams: s.teamId, projects: s.projectId, activities: s.activityId, stations: s.stationId }[list]!;
		const fields = { teams: teamFields(), projects: projectFields, activities: { ...activityFields, date: today, teamIds: String(s.teamId) }, stations: { ...stationFields, teamId: s.teamId, projectId: s.projectId } }[list]!;
		return form({ id, ...fields });
	};
	const pilotList = key.match(/^POST \/pilots\/\[pilotId=id\]\/(teams|projects|activities|stations) \?\/(save|delete)$/);
	if (pilotList) return { body: pilotList[2] === 'save' ? itemUpdate(pilotList[1]) : form({ id: itemUpdate(pilotList[1]).get('id')!, confirmed: 'yes' }) };
	const user = await row('select display_name, role, pilot_id, version from users where id = ?', [users.target]);
	const table: Record<string, () => Promise<{ query?: string; body: URLSearchParams | FormData }> | { query?: string; body: URLSearchParams | FormData }> = {
		'POST /pilots/[pilotId=id] ?/remind': () => ({ body: form({ message: '测试督办', dueDate: today }) }),
		'POST /pilots/[pilotId=id] ?/close': () => ({ body: form({ reminderId: s.reminderId, confirmed: 'yes' }) }),
		'POST /pilots/[pilotId=id] ?/reply': () => ({ body: form({ reminderId: s.reminderId, message: '测试回复' }) }),
		'POST /pilots/[pilotId=id] ?/target': () => ({ body: form({ targetKey: 'teams', value: 3, reason: '测试调整' }) }),
		'POST /pilots/[pilotId=id] ?/lifecycle': () => ({ body: form({ to: 'withdrawn', approvalDate: '', closingSummary: '', confirmed: 'yes' }) }),
		'POST /pilots/[pilotId=id] ?/application': async () => ({ body: form({ contactName: '篡改', contactPhone: '13800000000', version: await num('select version from pilots where id = ?', [s.pilotId]) }) }),
		'POST /pilots/[pilotId=id]/mechanisms ?/save': () => ({ query: `&key=${s.mechanismKey}`, body: form({ status: 'established', document: '测试文号', note: '测试' }) }),
		'POST /pilots/[pilotId=id]/review ?/verify': () => ({ body: form({ kind: 'team', id: s.teamId, requirements: [...REVIEW_REQUIREMENTS.team] }) }),
		'POST /pilots/[pilotId=id]/review ?/return': () => ({ body: form({ kind: 'team', id: s.teamId, requirements: 'item', reason: '测试退回' }) }),
		'POST /pilots/[pilotId=id]/review ?/verifyAll': () => ({ body: form({ confirmed: 'yes' }) }),
		'POST /pilots/[pilotId=id]/reports ?/submit': () => ({ body: form({ month: reportB.month, narrative: '测试月报' }) }),
		'POST /pilots/[pilotId=id]/reports ?/review': () => ({ body: form({ reportId: s.reportId, version: s.reportVersion, decision: 'accept', comment: '' }) }),
		'POST /pilots/[pilotId=id]/bin ?/restore': () => ({ body: form({ binId: 999_999 }) }),
		'POST /pilots/[pilotId=id]/stations ?/deleteFile': () => ({ body: form({ id: s.fileId, confirmed: 'yes' }) }),
		'POST /pilots/[pilotId=id]/mechanisms ?/deleteFile': () => ({ body: form({ id: s.fileId, confirmed: 'yes' }) }),
		'POST /pilots/[pilotId=id]/import ?/checkRoster': () => ({ body: multipart(form({ teamId: s.teamId }), { file: { bytes: rosterFile, name: 'roster.xlsx' } }) }),
		'POST /pilots/[pilotId=id]/import ?/checkActivities': () => ({ body: multipart(form({}), { file: { bytes: activitiesFile, name: 'activities.xlsx' } }) }),
		'POST /pilots/[pilotId=id]/import ?/importRoster': () => ({ body: form({ teamId: s.teamId, staged: sha256(rosterFile) }) }),
		'POST /pilots/[pilotId=id]/import ?/importActivities': () => ({ body: form({ staged: sha256(activitiesFile) }) }),
		'POST /pilots/[pilotId=id]/import ?/discardImport': () => ({ body: form({ staged: sha256(activitiesFile) }) }),
		// round 2: evidence, participants, people, publicity, culture (issues 18 and 21)
		'POST /pilots/[pilotId=id]/activities ?/deleteFile': () => ({ body: form({ id: s.activityFileId, confirmed: 'yes' }) }),
		'POST /pilots/[pilotId=id]/activities/[activityId=id]/participants ?/save': () => ({ body: form({ defaultHours: '2', people: [s.personHash], confirmed: 'yes' }) }),
		'POST /pilots/[pilotId=id]/activities/[activityId=id]/participants ?/checkSheet': () => ({ body: multipart(form({ defaultHours: '2' }), { file: { bytes: rosterFile, name: 'sign-in.xlsx' } }) }),
		'POST /pilots/[pilotId=id]/activities/[activityId=id]/participants ?/importSheet': () => ({ body: form({ staged: sha256(rosterFile), defaultHours: '2' }) }),
		'POST /pilots/[pilotId=id]/activities/[activityId=id]/participants ?/discardSheet': () => ({ body: form({ staged: sha256(rosterFile) }) }),
		'POST /pilots/[pilotId=id]/people/[person=person] ?/issue': () => ({ body: form({ periodStart: '2026-01-01', periodEnd: today, organisation: '访问控制测试单位', principal: '测试', handler: '测试', confirmed: 'yes' }) }),
		'POST /pilots/[pilotId=id]/publicity ?/save': () => ({ body: form({ id: s.publicityId, kind: 'media', title: '访问控制测试报道', date: today, outlet: '测试媒体', link: '', note: '' }) }),
		'POST /pilots/[pilotId=id]/publicity ?/delete': () => ({ body: form({ id: s.publicityId, confirmed: 'yes' }) }),
		'POST /pilots/[pilotId=id]/publicity ?/deleteFile': () => ({ body: form({ id: s.fileId, confirmed: 'yes' }) }),
		'POST /pilots/[pilotId=id]/publicity ?/report': () => ({ body: form({ id: s.publicityId, confirmed: 'yes' }) }),
		'POST /pilots/[pilotId=id]/publicity ?/acknowledge': () => ({ body: form({ id: s.publicityId, to: 'adopted' }) }),
		'POST /pilots/[pilotId=id]/culture ?/save': () => ({ body: form({ id: s.cultureId, stationId: s.stationId, kind: 'psa', title: '访问控制测试作品', date: today, link: '', note: '' }) }),
		'POST /pilots/[pilotId=id]/culture ?/delete': () => ({ body: form({ id: s.cultureId, confirmed: 'yes' }) }),
		'POST /pilots/[pilotId=id]/culture ?/deleteFile': () => ({ body: form({ id: s.fileId, confirmed: 'yes' }) }),
		// the organisation (issue 19): the unit of `s`'s city
		'POST /organisation ?/create': () => ({ body: form({ kind: 'squad', parentId: s.unitId, name: '访问控制测试分队', divisionCode: '', foundedOn: today, platformId: '' }) }),
		'POST /organisation/deadlines ?/save': () => ({ body: form({ id: call.deadlineId, title: '访问控制测试任务', dueDate: today, kinds: ['city_detachment'] }) }),
		'POST /organisation/deadlines ?/delete': () => ({ body: form({ id: call.deadlineId, confirmed: 'yes' }) }),
		'POST /organisation/bin ?/restore': async () => ({ body: form({ binId: await num('select coalesce(min(id), 999999) from org_recycle_bin') }) }),
		'POST /organisation/units/[unitId=id] ?/save': () => ({ body: form({ name: '访问控制测试支队', divisionCode: '', foundedOn: today, platformId: 'TEST-1' }) }),
		'POST /organisation/units/[unitId=id] ?/move': () => ({ body: form({ parentId: '', confirmed: 'yes' }) }),
		'POST /organisation/units/[unitId=id] ?/remove': () => ({ body: form({ confirmed: 'yes' }) }),
		'POST /organisation/units/[unitId=id] ?/officer': () => ({ body: form({ id: s.officerId, role: 'head', name: '访问控制测试', workUnit: '', phone: '' }) }),
		'POST /organisation/units/[unitId=id] ?/deleteOfficer': () => ({ body: form({ id: s.officerId, confirmed: 'yes' }) }),
		'POST /organisation/units/[unitId=id] ?/attachTeam': () => ({ body: form({ teamId: s.teamId }) }),
		'POST /organisation/units/[unitId=id] ?/detachTeam': () => ({ body: form({ teamId: s.teamId, confirmed: 'yes' }) }),
		'POST /organisation/units/[unitId=id] ?/done': () => ({ body: multipart(form({ deadlineId: call.deadlineId, doneOn: today, note: '访问控制测试' })) }),
		'POST /organisation/units/[unitId=id] ?/undoDone': () => ({ body: form({ deadlineId: call.deadlineId, confirmed: 'yes' }) }),
		'POST /organisation/units/[unitId=id] ?/remind': () => ({ body: form({ deadlineId: call.deadlineId, message: '访问控制测试督办' }) }),
		// nominations (issue 20): the demo's call, and the nominations of `s`'s city
		'POST /nominations ?/create': () => ({ body: callBody() }),
		'POST /nominations/[callId=id] ?/save': async () => ({ body: callBody({ version: await num('select version from nomination_calls where id = ?', [call.id]) }) }),
		'POST /nominations/[callId=id] ?/freeze': () => ({ body: form({ confirmed: 'yes' }) }),
		'POST /nominations/[callId=id] ?/adjust': () => ({ body: form({ quotaId: call.quotaId, quota: 9, reason: '访问控制测试' }) }),
		'POST /nominations/[callId=id] ?/choose': () => ({ body: form({ unitId: s.nominationUnitId, categories: ['volunteer', 'team'] }) }),
		'POST /nominations/[callId=id] ?/nominate': () => ({ body: form({ unitId: s.nominationUnitId, category: 'volunteer', candidate: '访问控制测试' }) }),
		'POST /nominations/[callId=id] ?/assign': () => ({ body: form({ reviewerId: call.reviewerId, nominationIds: [String(s.nominationId)] }) }),
		'POST /nominations/[callId=id] ?/score': () => ({ body: form({ nominationId: s.nominationId, scores: ['30', '30', '20'] }) }),
		'POST /nominations/[callId=id] ?/conflict': () => ({ body: form({ nominationId: s.nominationId, conflict: '访问控制测试' }) }),
		'POST /nominations/[callId=id] ?/decide': () => ({ body: form({ selectedIds: [String(s.nominationId)], confirmed: 'yes' }) }),
		'POST /nominations/[callId=id] ?/stage': () => ({ body: form({ stage: 'published', publicityStart: today, confirmed: 'yes' }) }),
		'POST /nominations/[callId=id] ?/objection': () => ({ body: form({ nominationId: s.nominationId, who: '测试', contact: '19900000000', what: '访问控制测试', receivedOn: today }) }),
		'POST /nominations/[callId=id] ?/resolve': () => ({ body: form({ objectionId: call.objectionId, resolution: '访问控制测试' }) }),
		'POST /nominations/[callId=id]/[nominationId=id] ?/save': () => ({ body: multipart(form({ gender: '女', deeds: '访问控制测试', version: 1 })) }),
		'POST /nominations/[callId=id]/[nominationId=id] ?/submit': () => ({ body: form({ confirmed: 'yes' }) }),
		'POST /nominations/[callId=id]/[nominationId=id] ?/scan': () => ({ body: multipart(form({}), { file: { bytes: PNG, name: 'scan.png' } }) }),
		'POST /nominations/[callId=id]/[nominationId=id] ?/removePhoto': () => ({ body: form({ fileId: s.fileId, confirmed: 'yes' }) }),
		'POST /admin/rounds/[roundId=id] ?/orgSizes': async () => ({ body: await orgSizesBody() }),
		'POST /admin/rounds ?/create': () => ({ body: form({ name: '测试批次', year: 2030 }) }),
		'POST /admin/rounds/[roundId=id] ?/save': async () => ({ body: await roundBody() }),
		'POST /admin/rounds/[roundId=id] ?/keyDate': () => ({ body: form({ year: 2030, key: 'lei_feng', startDate: '2030-03-01', endDate: '2030-03-10' }) }),
		'POST /admin/rounds/[roundId=id] ?/addPilot': () => ({ body: form({ divisionCode: freeDivision }) }),
		'POST /admin/users ?/create': () => ({ body: form({ username: 'acc-test-new', displayName: '测试', role: 'province_admin', pilotId: '' }) }),
		'POST /admin/users/[userId=id] ?/update': () => ({ body: form({ displayName: '篡改', role: 'province_admin', pilotId: '', version: Number(user.version) }) }),
		'POST /admin/users/[userId=id] ?/disable': () => ({ body: form({ confirmed: 'yes' }) }),
		'POST /admin/users/[userId=id] ?/enable': () => ({ body: form({}) }),
		'POST /admin/users/[userId=id] ?/resetPassword': () => ({ body: form({ confirmed: 'yes' }) }),
		'POST /admin/users/[userId=id] ?/endSessions': () => ({ body: form({ confirmed: 'yes' }) }),
		'POST /account ?/password': () => ({ body: form({ currentPassword: 'shidiantong-demo', newPassword: 'Zx9-access-test-pw', confirmPassword: 'Zx9-access-test-pw' }) }),
		'POST /login ?/default': () => ({ body: form({ username: 'admin', password: 'shidiantong-demo' }) }),
		'POST /logout ?/default': () => ({ body: form({}) })
	};
	return table[key]?.();
}

function urlFor(route: string, s: Side, userId = users.target): string {
	return route
		.replace('[pilotId=id]', String(s.pilotId))
		.replace('[fileId=id]', String(s.fileId))
		.replace('[template=template]', 'roster.xlsx')
		.replace('[userId=id]', String(userId))
		.replace('[roundId=id]', String(roundId))
		.replace('[activityId=id]', String(s.activityId))
		.replace('[person=person]', s.personHash)
		.replace('[unitId=id]', String(s.unitId))
		.replace('[callId=id]', String(call.id))
		.replace('[nominationId=id]', String(s.nominationId));
}

function actionPath(route: { route: string; action?: string }, s: Side, query = '', userId?: number) {
	const action = route.action && route.action !== 'default' ? `?/${route.action}${query}` : query ? `?${query.slice(1)}` : '';
	return `${urlFor(route.route, s, userId)}${action}`;
}

const routes = listRoutes();
const postRoutes = routes.filter((r) => r.method === 'POST');

// ── 1. ids of another pilot ──────────────────────────────────────────────────
describe('editor A names pilot B in the URL', () => {
	const withIds = routes.filter((r) => /\[(pilotId|userId|roundId)=id\]/.test(r.route));

	it('covers every route that takes an id', () => {
		expect(withIds.length).toBeGreaterThanOrEqual(30);
		expect(withIds.filter((r) => r.method === 'POST').length).toBeGreaterThanOrEqual(20);
	});

	for (const route of withIds) {
		// a pilot of someone else is "not found"; the admin area refuses editors outright
		const expected = route.route.includes('[pilotId=id]') ? 404 : 403;
		it(`${route.key} → ${expected}, nothing changes`, async () => {
			const req = route.method === 'POST' ? await requestFor(route.key, B) : undefined;
			if (route.method === 'POST') expect(req, `no request body defined for ${route.key}`).toBeDefined();
			const before = await fingerprint();
			const res = await send(actionPath(route, B, req?.query, users.editorB), { cookie: cookies.editorA, body: req?.body });
			expect(res.status).toBe(expected);
			expect(res.text).not.toContain('新乡市科协');
			expect(await fingerprint()).toEqual(before);
		});
	}

	it('the JSON API answers 404 for B, and the file route 404 for B’s file under either pilot', async () => {
		const api = await send(`/api/v1/pilots/${B.pilotId}`, { cookie: cookies.editorA, accept: 'application/json' });
		expect(api.status).toBe(404);
		const mixed = await send(`/pilots/${A.pilotId}/files/${B.fileId}`, { cookie: cookies.editorA });
		expect(mixed.status).toBe(404);
		const ownPilotOtherFile = await send(`/pilots/${B.pilotId}/files/${A.fileId}`, { cookie: cookies.editorA });
		expect(ownPilotOtherFile.status).toBe(404);
		// the same file is served to its own pilot's editor: the 404s above are the isolation, not a broken route
		expect((await send(`/pilots/${B.pilotId}/files/${B.fileId}`, { cookie: cookies.editorB })).status).toBe(200);
		expect((await send(`/pilots/${A.pilotId}/files/${A.fileId}`, { cookie: cookies.editorA })).status).toBe(200);
	});
});

describe('editor A asks for B in query parameters', () => {
	it('the audit log and the API list show A only, whatever pilot is asked for', async () => {
		const bTeam = String((await row('select name from teams where id = ?', [B.teamId])).name);
		// B's own history holds the report B submitted in setup: a canary A must never see
		const bEditor = await row("select id, display_name from users where username = 'editor-410700'");
		const audit = await send(`/audit?pilot=${B.pilotId}&user=${bEditor.id}`, { cookie: cookies.editorA });
		expect(audit.status).toBe(200);
		for (const canary of [String(bEditor.display_name), '访问控制测试月报', bTeam]) expect(audit.text).not.toContain(canary);
		// the same page for B's editor does show it: the canary is really there to be found
		expect((await send('/audit', { cookie: cookies.editorB })).text).toContain(String(bEditor.display_name));
		const api = await send(`/api/v1/pilots?pilot=${B.pilotId}&round=${roundId}`, { cookie: cookies.editorA, accept: 'application/json' });
		expect(api.status).toBe(200);
		expect((JSON.parse(api.text) as { pilots: { id: number }[] }).pilots.map((x) => x.id)).toEqual([A.pilotId]);
		const teams = await send(`/pilots/${A.pilotId}/teams?pilotId=${B.pilotId}`, { cookie: cookies.editorA });
		expect(teams.status).toBe(200);
		expect(teams.text).not.toContain(bTeam);
	});
});

describe('addresses in the audit log', () => {
	it('a pilot’s editors do not see the address a province user acted from; province users do', async () => {
		const from = '127.0.0.77';
		const urlencoded = (v: Record<string, string>) => ({ body: Buffer.from(new URLSearchParams(v).toString()), type: 'application/x-www-form-urlencoded', localAddress: from });
		const signedIn = await sendRaw(baseURL, '/login', urlencoded({ username: 'staff', password: 'shidiantong-demo' }));
		const staff = signedIn.setCookie.find((c) => c.startsWith('session='))!.split(';')[0];
		const reminded = await sendRaw(baseURL, `/pilots/${A.pilotId}?/remind`, { ...urlencoded({ message: '地址可见性测试督办', dueDate: today }), cookie: staff });
		expect(reminded.status).toBeLessThan(400);
		const mine = await send('/audit', { cookie: cookies.editorA });
		expect(mine.status).toBe(200);
		expect(mine.text).toContain('省科协工作人员（演示）');
		expect(mine.text).not.toContain(from);
		expect((await send(`/audit?pilot=${A.pilotId}`, { cookie: staff })).text).toContain(from);
	});
});

describe('editor A names B’s ids in the body, under A’s own URL', () => {
	const p = () => `/pilots/${A.pilotId}`;
	const cases: { name: string; who?: keyof typeof cookies; path: () => string; body: () => URLSearchParams | FormData | Promise<URLSearchParams | FormData>; status: number; message?: string }[] = [
		{ name: 'team save with id = B’s team', path: () => `${p()}/teams?/save`, body: () => form({ id: B.teamId, ...teamFields() }), status: 404 },
		{ name: 'team delete with id = B’s team', path: () => `${p()}/teams?/delete`, body: () => form({ id: B.teamId }), status: 404 },
		{ name: 'project save with id = B’s project', path: () => `${p()}/projects?/save`, body: () => form({ id: B.projectId, ...projectFields }), status: 404 },
		{ name: 'project delete with id = B’s project', path: () => `${p()}/projects?/delete`, body: () => form({ id: B.projectId }), status: 404 },
		{ name: 'activity save with id = B’s activity', path: () => `${p()}/activities?/save`, body: () => form({ id: B.activityId, ...activityFields, date: today }), status: 404 },
		{ name: 'activity delete with id = B’s activity', path: () => `${p()}/activities?/delete`, body: () => form({ id: B.activityId }), status: 404 },
		{ name: 'new activity with projectId = B’s project', path: () => `${p()}/activities?/save`, body: () => form({ ...activityFields, date: today, projectId: B.projectId }), status: 400, message: '所选项目不属于本试点' },
		{ name: 'new activity with teamIds = [A’s team, B’s team]', path: () => `${p()}/activities?/save`, body: () => form({ ...activityFields, date: today, teamIds: [String(A.teamId), String(B.teamId)] }), status: 400, message: '所选服务队不属于本试点' },
		{ name: 'A’s own activity relinked to B’s team', path: () => `${p()}/activities?/save`, body: async () => form({ id: A.activityId, ...activityFields, date: today, teamIds: String(B.teamId), version: await num('select version from activities where id = ?', [A.activityId]) }), status: 400, message: '所选服务队不属于本试点' },
		{ name: 'station save with id = B’s station', path: () => `${p()}/stations?/save`, body: () => form({ id: B.stationId, ...stationFields }), status: 404 },
		{ name: 'station delete with id = B’s station', path: () => `${p()}/stations?/delete`, body: () => form({ id: B.stationId }), status: 404 },
		{ name: 'new station with teamId = B’s team', path: () => `${p()}/stations?/save`, body: () => form({ ...stationFields, teamId: B.teamId }), status: 400, message: '所选服务队不属于本试点' },
		{ name: 'A’s own station with projectId = B’s project', path: () => `${p()}/stations?/save`, body: async () => form({ id: A.stationId, ...stationFields, projectId: B.projectId, version: await num('select version from stations where id = ?', [A.stationId]) }), status: 400, message: '所选项目不属于本试点' },
		{ name: 'station save with id = B’s station, sent as multipart with a photo', path: () => `${p()}/stations?/save`, body: () => multipart(form({ id: B.stationId, ...stationFields }), { venuePhoto: { bytes: PNG, name: 'venue.png' } }), status: 404 },
		{ name: 'reply to B’s reminder', path: () => `${p()}?/reply`, body: () => form({ reminderId: B.reminderId, message: '越权回复' }), status: 404 },
		{ name: 'roster import into B’s team (file staged by A)', path: () => `${p()}/import?/importRoster`, body: () => form({ teamId: B.teamId, staged: A.staged }), status: 400, message: '所选服务队不属于本试点' },
		{ name: 'activity import of the file B staged', path: () => `${p()}/import?/importActivities`, body: () => form({ staged: B.staged }), status: 400, message: '待导入的文件已失效' },
		{ name: 'staged name with a path in it', path: () => `${p()}/import?/importActivities`, body: () => form({ staged: `../${B.pilotId}/${B.staged}` }), status: 404 },
		// the province side of the same forms: ids of another pilot under this pilot's URL
		{ name: 'staff closes B’s reminder under A’s URL', who: 'staff', path: () => `${p()}?/close`, body: () => form({ reminderId: B.reminderId, confirmed: 'yes' }), status: 404 },
		{ name: 'staff verifies B’s team under A’s URL', who: 'staff', path: () => `${p()}/review?/verify`, body: () => form({ kind: 'team', id: B.teamId, requirements: 'item' }), status: 404 },
		{ name: 'staff verifies B’s station under A’s URL', who: 'staff', path: () => `${p()}/review?/verify`, body: () => form({ kind: 'station', id: B.stationId, requirements: 'venue' }), status: 404 },
		{ name: 'staff verifies B’s mechanism under A’s URL', who: 'staff', path: () => `${p()}/review?/verify`, body: () => form({ kind: 'mechanism', id: B.mechanismId, requirements: 'document' }), status: 404 },
		{ name: 'staff returns B’s activity under A’s URL', who: 'staff', path: () => `${p()}/review?/return`, body: () => form({ kind: 'activity', id: B.activityId, requirements: 'item', reason: '越权' }), status: 404 },
		{ name: 'staff returns B’s project under A’s URL', who: 'staff', path: () => `${p()}/review?/return`, body: () => form({ kind: 'project', id: B.projectId, requirements: 'item', reason: '越权' }), status: 404 },
		{ name: 'staff accepts B’s report under A’s URL', who: 'staff', path: () => `${p()}/reports?/review`, body: () => form({ reportId: B.reportId, version: B.reportVersion, decision: 'accept' }), status: 404 },
		{ name: 'admin saves B’s team under A’s URL', who: 'admin', path: () => `${p()}/teams?/save`, body: () => form({ id: B.teamId, ...teamFields() }), status: 404 },
		{ name: 'admin deletes B’s activity under A’s URL', who: 'admin', path: () => `${p()}/activities?/delete`, body: () => form({ id: B.activityId }), status: 404 }
	];

	for (const c of cases) {
		it(`${c.name} → ${c.status}, nothing changes`, async () => {
			const before = await fingerprint();
			const res = await send(c.path(), { cookie: cookies[c.who ?? 'editorA'], body: await c.body() });
			expect(res.status).toBe(c.status);
			if (c.message) expect(res.text).toContain(c.message);
			expect(await fingerprint()).toEqual(before);
		});
	}

	it('the same forms with A’s own ids are accepted (the refusals above are about the ids)', async () => {
		// 404/400 above must not come from a form that never works: A's own team and reminder go through
		const t = await row('select * from teams where id = ?', [A.teamId]);
		const same: Record<string, string | number> = {
			id: A.teamId,
			name: String(t.name),
			foundedOn: String(t.founded_on ?? ''),
			leaderName: String(t.leader_name ?? ''),
			leaderPhone: String(t.leader_phone ?? ''),
			declaredMembers: Number(t.declared_members),
			partnerType: String(t.partner_type),
			partnerName: String(t.partner_name ?? ''),
			registrationId: String(t.registration_id ?? ''),
			version: Number(t.version),
			...(Number(t.registered) ? { registered: 'on' } : {})
		};
		const saved = await send(`${p()}/teams?/save`, { cookie: cookies.editorA, body: form(same) });
		expect(saved.status).toBe(200);
		const after = await row('select * from teams where id = ?', [A.teamId]);
		expect({ ...after, version: 0, updated_at: 0 }).toEqual({ ...t, version: 0, updated_at: 0 });
		expect(Number(after.version)).toBe(Number(t.version) + 1);
		const replied = await send(`${p()}?/reply`, { cookie: cookies.editorA, body: form({ reminderId: A.reminderId, message: '已收到' }) });
		expect(replied.status).toBe(200);
		expect(await num('select count(*) from reminder_replies where reminder_id = ?', [A.reminderId])).toBe(1);
	});
});

// ── 2. fields the role may not set ───────────────────────────────────────────
describe('fields the role may not set are ignored, never stored', () => {
	const forbidden = (extra: Record<string, string | number> = {}) => ({
		pilotId: B.pilotId,
		pilot_id: B.pilotId,
		role: 'province_admin',
		status: 'verified',
		verified: 'on',
		createdBy: users.editorB,
		createdAt: 1,
		updatedAt: 1,
		rosterSize: 999,
		roster_size: 999,
		...extra
	});
	const start = Date.now() - 60_000;

	it('a new team keeps the editor’s pilot, version 1 and real stamps', async () => {
		const res = await send(`/pilots/${A.pilotId}/teams?/save`, { cookie: cookies.editorA, body: form({ ...teamFields({ name: '越权字段测试队' }), ...forbidden({ version: 42 }) }) });
		expect(res.status).toBe(200);
		const t = await row("select * from teams where name = '越权字段测试队'");
		expect({ pilot: Number(t.pilot_id), version: Number(t.version), roster: t.roster_size }).toEqual({ pilot: A.pilotId, version: 1, roster: null });
		expect(Number(t.created_at)).toBeGreaterThan(start);
		expect(Number(t.updated_at)).toBeGreaterThan(start);
		expect(await num("select count(*) from reviews where entity_type = 'team' and entity_id = ?", [Number(t.id)])).toBe(0);
		const audit = await row("select user_id, pilot_id from audit_log where action = 'team.create' and entity_id = ? ", [String(t.id)]);
		expect({ user: Number(audit.user_id), pilot: Number(audit.pilot_id) }).toEqual({ user: users.editorA, pilot: A.pilotId });
		expect(await num('select count(*) from teams where pilot_id = ? and name = ?', [B.pilotId, '越权字段测试队'])).toBe(0);
	});

	it('an update cannot move a team to another pilot, set its version or its roster size', async () => {
		const before = await row("select * from teams where name = '越权字段测试队'");
		const bTeam = await row('select * from teams where id = ?', [B.teamId]);
		// `id` twice (ours and B's, in either order) is refused as a duplicated field
		for (const ids of [
			[Number(before.id), B.teamId],
			[B.teamId, Number(before.id)]
		]) {
			const body = form({ id: ids[0], ...teamFields({ name: '越权字段测试队', declaredMembers: 61 }), ...forbidden({ version: Number(before.version) }) });
			body.append('id', String(ids[1]));
			const res = await send(`/pilots/${A.pilotId}/teams?/save`, { cookie: cookies.editorA, body });
			expect(res.status).toBe(400);
			expect(res.text).toContain('该字段重复提交');
		}
		expect(await row('select * from teams where id = ?', [Number(before.id)])).toEqual(before);
		expect(await row('select * from teams where id = ?', [B.teamId])).toEqual(bTeam);
		const ok = await send(`/pilots/${A.pilotId}/teams?/save`, {
			cookie: cookies.editorA,
			body: form({ id: Number(before.id), ...teamFields({ name: '越权字段测试队', declaredMembers: 61 }), ...forbidden({ version: Number(before.version) }) })
		});
		expect(ok.status).toBe(200);
		const after = await row('select * from teams where id = ?', [Number(before.id)]);
		expect({ pilot: Number(after.pilot_id), version: Number(after.version), members: Number(after.declared_members), roster: after.roster_size, created: Number(after.created_at) }).toEqual({
			pilot: A.pilotId,
			version: Number(before.version) + 1,
			members: 61,
			roster: null,
			created: Number(before.created_at)
		});
	});

	it('a stale or invented version is refused and changes nothing', async () => {
		const t = await row("select id, version from teams where name = '越权字段测试队'");
		for (const [version, status] of [
			[Number(t.version) + 5, 409],
			[Number(t.version) - 1, 409],
			[0, 400],
			['-1', 400],
			['1; drop table teams', 400]
		] as const) {
			const before = await fingerprint();
			const res = await send(`/pilots/${A.pilotId}/teams?/save`, { cookie: cookies.editorA, body: form({ id: Number(t.id), ...teamFields({ name: '越权字段测试队', version }) }) });
			expect({ version, status: res.status }).toEqual({ version, status });
			expect(await fingerprint()).toEqual(before);
		}
	});

	it('an update that names no version is refused with a message and changes nothing', async () => {
		const round = await roundBody();
		round.delete('version');
		const cases: [string, string, string, URLSearchParams][] = [
			['team', `/pilots/${A.pilotId}/teams?/save`, cookies.editorA, form({ id: A.teamId, ...teamFields() })],
			['project', `/pilots/${A.pilotId}/projects?/save`, cookies.editorA, form({ id: A.projectId, ...projectFields })],
			['activity', `/pilots/${A.pilotId}/activities?/save`, cookies.editorA, form({ id: A.activityId, ...activityFields, date: today, teamIds: String(A.teamId) })],
			['station', `/pilots/${A.pilotId}/stations?/save`, cookies.editorA, form({ id: A.stationId, ...stationFields, teamId: A.teamId, projectId: A.projectId })],
			['mechanism', `/pilots/${A.pilotId}/mechanisms?/save&key=${A.mechanismKey}`, cookies.editorA, form({ status: 'established', document: '测试文号', note: '测试' })],
			['round', `/admin/rounds/${roundId}?/save`, cookies.admin, round],
			['application', `/pilots/${A.pilotId}?/application`, cookies.admin, form({ contactName: '无版本', contactPhone: '13800000000' })]
		];
		for (const [name, path, cookie, body] of cases) {
			const before = await fingerprint();
			const res = await send(path, { cookie, body });
			expect({ name, status: res.status }).toEqual({ name, status: 400 });
			expect(res.text, name).toContain('缺少版本号');
			expect(await fingerprint(), name).toEqual(before);
		}
	});

	it('new project, activity and station stay in the editor’s pilot', async () => {
		const project = await send(`/pilots/${A.pilotId}/projects?/save`, { cookie: cookies.editorA, body: form({ ...projectFields, name: '越权字段测试项目', ...forbidden() }) });
		expect(project.status).toBe(200);
		const activity = await send(`/pilots/${A.pilotId}/activities?/save`, { cookie: cookies.editorA, body: form({ ...activityFields, title: '越权字段测试活动', date: today, ...forbidden() }) });
		expect(activity.status).toBe(200);
		const station = await send(`/pilots/${A.pilotId}/stations?/save`, { cookie: cookies.editorA, body: multipart(form({ ...stationFields, name: '越权字段测试站点', ...forbidden() })) });
		expect(station.status).toBe(200);
		for (const [table, column, name] of [
			['projects', 'name', '越权字段测试项目'],
			['activities', 'title', '越权字段测试活动'],
			['stations', 'name', '越权字段测试站点']
		]) {
			const r = await row(`select pilot_id, version, created_at from ${table} where ${column} = ?`, [name]);
			expect({ table, pilot: Number(r.pilot_id), version: Number(r.version) }).toEqual({ table, pilot: A.pilotId, version: 1 });
			expect(Number(r.created_at)).toBeGreaterThan(start);
		}
	});

	it('a mechanism save ignores another pilot’s id, pilotId and key in the body', async () => {
		const bRow = await row('select * from mechanisms where id = ?', [B.mechanismId]);
		const aKey = B.mechanismKey; // the same mechanism of A's own pilot
		const aRow = await row('select * from mechanisms where pilot_id = ? and key = ?', [A.pilotId, aKey]);
		const res = await send(`/pilots/${A.pilotId}/mechanisms?/save&key=${aKey}`, {
			cookie: cookies.editorA,
			body: form({ id: B.mechanismId, key: 'incentives', document: String(aRow.document ?? ''), note: '越权字段测试', version: Number(aRow.version), ...forbidden({ status: String(aRow.status) }) })
		});
		expect(res.status).toBe(200);
		expect(await row('select * from mechanisms where id = ?', [B.mechanismId])).toEqual(bRow);
		const after = await row('select * from mechanisms where id = ?', [Number(aRow.id)]);
		expect({ pilot: Number(after.pilot_id), key: after.key, note: after.note, status: after.status }).toEqual({ pilot: A.pilotId, key: aKey, note: '越权字段测试', status: aRow.status });
	});

	it('a report submitted with status, reviewer, pilot and figures in the body is stored as a plain submission', async () => {
		expect(reportB.status).toBe(200);
		const r = await row('select * from monthly_reports where pilot_id = ? and month = ?', [B.pilotId, reportB.month]);
		expect({ status: r.status, reviewedBy: r.reviewed_by, comment: r.review_comment, first: r.first_submitted_on, version: Number(r.version), by: Number(r.submitted_by) }).toEqual({
			status: 'submitted',
			reviewedBy: null,
			comment: null,
			first: today,
			version: 1,
			by: users.editorB
		});
		expect(JSON.parse(String(r.figures)).activities).not.toBe(999);
		expect(await num('select count(*) from monthly_reports where pilot_id = ? and month = ?', [A.pilotId, reportB.month])).toBeLessThanOrEqual(1);
		expect(await num("select count(*) from monthly_reports where narrative = '访问控制测试月报'")).toBe(1);
	});

	it('changing one’s own password cannot change role, pilot, name or state', async () => {
		// an account no other test uses: its password changes here
		const cookie = await signIn(baseURL, 'editor-411323');
		const before = await row("select * from users where username = 'editor-411323'");
		const res = await send('/account?/password', {
			cookie,
			body: form({
				currentPassword: 'shidiantong-demo',
				newPassword: 'Zx9-access-test-pw',
				confirmPassword: 'Zx9-access-test-pw',
				role: 'province_admin',
				pilotId: B.pilotId,
				username: 'admin2',
				displayName: '篡改',
				disabled: 'on',
				mustChangePassword: 'on',
				id: users.editorB,
				userId: users.editorB
			})
		});
		expect(res.status).toBe(200);
		const after = await row("select * from users where username = 'editor-411323'");
		expect(after.password_hash).not.toBe(before.password_hash);
		const keep = (u: typeof before) => ({ id: u.id, role: u.role, pilot: u.pilot_id, name: u.display_name, disabled: u.disabled, must: u.must_change_password });
		expect(keep(after)).toEqual(keep(before));
		const other = await row('select password_hash, role, pilot_id from users where id = ?', [users.editorB]);
		expect(other.role).toBe('pilot_editor');
		expect(Number(other.pilot_id)).toBe(B.pilotId);
	});

	it('the admin’s account form cannot set username, password hash, disabled or the id', async () => {
		const before = await row('select * from users where id = ?', [users.target]);
		const res = await send(`/admin/users/${users.target}?/update`, {
			cookie: cookies.admin,
			body: form({
				displayName: '访问控制测试',
				role: String(before.role),
				pilotId: Number(before.pilot_id),
				version: Number(before.version),
				username: 'hijacked',
				passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB',
				password_hash: 'x',
				disabled: 'on',
				mustChangePassword: 'on',
				createdAt: 1
			})
		});
		expect(res.status).toBe(200);
		const after = await row('select * from users where id = ?', [users.target]);
		expect(after.display_name).toBe('访问控制测试');
		const keep = (u: typeof before) => ({ username: u.username, hash: u.password_hash, disabled: u.disabled, must: u.must_change_password, created: u.created_at, role: u.role, pilot: u.pilot_id });
		expect(keep(after)).toEqual(keep(before));
		expect(await num("select count(*) from users where username = 'hijacked'")).toBe(0);
	});

	it('an editor cannot reach the account administration, not even for their own account', async () => {
		const me = await row('select version from users where id = ?', [users.editorA]);
		for (const [path, body] of [
			[`/admin/users/${users.editorA}?/update`, form({ displayName: '自封管理员', role: 'province_admin', pilotId: '', version: Number(me.version) })],
			[`/admin/users/${users.editorA}?/enable`, form({})],
			['/admin/users?/create', form({ username: 'editor-made', displayName: '测试', role: 'province_admin', pilotId: '' })]
		] as const) {
			const before = await fingerprint();
			const res = await send(path, { cookie: cookies.editorA, body });
			expect({ path, status: res.status }).toEqual({ path, status: 403 });
			expect(await fingerprint()).toEqual(before);
		}
		const me2 = await row('select role, pilot_id from users where id = ?', [users.editorA]);
		expect({ role: me2.role, pilot: Number(me2.pilot_id) }).toEqual({ role: 'pilot_editor', pilot: A.pilotId });
	});

	it('what these tests created is removed again through the app', async () => {
		for (const [list, table, column, name] of [
			['activities', 'activities', 'title', '越权字段测试活动'],
			['stations', 'stations', 'name', '越权字段测试站点'],
			['projects', 'projects', 'name', '越权字段测试项目'],
			['teams', 'teams', 'name', '越权字段测试队']
		]) {
			const id = await num(`select id from ${table} where ${column} = ?`, [name]);
			const res = await send(`/pilots/${A.pilotId}/${list}?/delete`, { cookie: cookies.editorA, body: form({ id, confirmed: 'yes' }) });
			expect(res.status).toBe(200);
			expect(await num(`select count(*) from ${table} where id = ?`, [id])).toBe(0);
		}
	});
});

// ── 3. sessions: none, expired, fixed before login, malformed ───────────────
describe('requests without a valid session', () => {
	it('anonymous posts to every action are sent to the login page and change nothing', async () => {
		const outcomes: Record<string, string> = {};
		const changed: string[] = [];
		for (const route of postRoutes.filter((r) => r.route !== '/login')) {
			const req = await requestFor(route.key, A);
			const before = await fingerprint();
			const res = await send(actionPath(route, A, req?.query), { body: req?.body ?? form({}) });
			outcomes[route.key] = res.status === 303 && res.location.startsWith('/login') ? 'login' : `status ${res.status} ${res.location}`;
			if (JSON.stringify(await fingerprint()) !== JSON.stringify(before)) changed.push(route.key);
		}
		expect(outcomes).toEqual(Object.fromEntries(Object.keys(outcomes).map((k) => [k, 'login'])));
		expect(changed).toEqual([]);
	});

	async function expiredCase(age: { createdAt: number; lastVerifiedAt: number }) {
		const cookie = await signIn(baseURL, 'editor-410300');
		const id = sessionIdOf(cookie);
		expect((await send('/account', { cookie })).status).toBe(200);
		await db.execute({ sql: 'update sessions set created_at = created_at - ?, last_verified_at = last_verified_at - ? where id = ?', args: [age.createdAt, age.lastVerifiedAt, id] });
		const before = await fingerprint();
		const res = await send(`/pilots/${A.pilotId}/teams?/save`, { cookie, body: form({ id: A.teamId, ...teamFields({ name: '过期会话写入' }) }) });
		expect(res.status).toBe(303);
		expect(res.location).toMatch(/^\/login/);
		// the dead cookie is cleared and its row is gone
		expect(res.setCookie.some((c) => /^session=;/.test(c) && /(Max-Age=0|Expires=Thu, 01 Jan 1970)/i.test(c))).toBe(true);
		expect(await num('select count(*) from sessions where id = ?', [id])).toBe(0);
		expect(await fingerprint()).toEqual(before);
		expect(await num("select count(*) from teams where name = '过期会话写入'")).toBe(0);
		expect((await send('/account', { cookie })).status).toBe(303);
	}

	it('a session idle past its timeout (8 h) is refused and deleted', async () => {
		const nineHours = 9 * 3_600_000;
		await expiredCase({ createdAt: nineHours, lastVerifiedAt: nineHours });
	});

	it('a session older than its absolute lifetime (7 days) is refused even if just used', async () => {
		await expiredCase({ createdAt: 8 * 86_400_000, lastVerifiedAt: 0 });
	});

	it('login issues a new token whatever session cookie the browser sent before (fixation)', async () => {
		const attacker = `${'a'.repeat(39)}.${'b'.repeat(39)}`;
		const other = cookies.editorB;
		for (const planted of [`session=${attacker}`, other]) {
			const res = await send('/login', { cookie: planted, body: form({ username: 'editor-410300', password: 'shidiantong-demo' }) });
			expect(res.status).toBe(303);
			const issued = res.setCookie.find((c) => c.startsWith('session=') && !c.startsWith('session=;'))?.split(';')[0];
			expect(issued).toBeDefined();
			expect(tokenOf(issued!)).toMatch(/^[a-z2-7]{39}\.[a-z2-7]{39}$/);
			expect(tokenOf(issued!)).not.toBe(tokenOf(planted));
			// the new token is A's; the planted one is what it was before (nothing, or still B)
			expect((await send('/account', { cookie: issued })).text).toContain('editor-410300');
		}
		expect(await num('select count(*) from sessions where id = ?', ['a'.repeat(39)])).toBe(0);
		const stillAnonymous = await send('/account', { cookie: `session=${attacker}` });
		expect(stillAnonymous.status).toBe(303);
		expect(stillAnonymous.location).toMatch(/^\/login/);
		const stillB = await send('/account', { cookie: other });
		expect(stillB.status).toBe(200);
		expect(stillB.text).toContain('editor-410700');
		expect(stillB.text).not.toContain('editor-410300');
	});

	it('malformed session cookies are anonymous, never a server error, and change nothing', async () => {
		const valid = tokenOf(cookies.editorA);
		const junk = `${'c'.repeat(39)}.${'d'.repeat(39)}`;
		const variants: Record<string, string> = {
			empty: 'session=',
			'31 chars': `session=${'a'.repeat(31)}`,
			'33 chars': `session=${'a'.repeat(33)}`,
			'id only': `session=${valid.split('.')[0]}`,
			uppercase: `session=${valid.toUpperCase()}`,
			'not base32': `session=${valid.slice(0, -1)}1`,
			'extra part': `session=${valid}.${'a'.repeat(39)}`,
			'10 KB': `session=${'a'.repeat(10_240)}`,
			'quoted valid': `session="${valid}"x`,
			'two session cookies (valid first)': `session=${valid}; session=${junk}`,
			'two session cookies (valid second)': `session=${junk}; session=${valid}`,
			'two session cookies (both valid)': `session=${valid}; session=${tokenOf(cookies.editorB)}`
		};
		const outcomes: Record<string, string> = {};
		for (const [name, cookie] of Object.entries(variants)) {
			const page = await send('/account', { cookie });
			const before = await fingerprint();
			const post = await send(`/pilots/${A.pilotId}/teams?/save`, { cookie, body: form({ ...teamFields({ name: `畸形会话写入` }) }) });
			const unchanged = JSON.stringify(await fingerprint()) === JSON.stringify(before);
			const cleared = page.setCookie.some((c) => /^session=;/.test(c) && /Max-Age=0/i.test(c));
			outcomes[name] = [page.status === 303 && page.location.startsWith('/login') ? 'anonymous' : `page ${page.status}`, cleared ? 'cleared' : 'kept', post.status === 303 && post.location.startsWith('/login') ? 'login' : `post ${post.status}`, unchanged ? 'unchanged' : 'changed'].join(' ');
		}
		expect(outcomes).toEqual(Object.fromEntries(Object.keys(variants).map((k) => [k, 'anonymous cleared login unchanged'])));
		expect(await num("select count(*) from teams where name = '畸形会话写入'")).toBe(0);
		// the real session used above still works on its own
		expect((await send('/account', { cookie: cookies.editorA })).status).toBe(200);
	});
});

// ── 4. cross-site posts ──────────────────────────────────────────────────────
describe('cross-site requests are refused with 403 and change nothing', () => {
	const ORIGINS: [string, string | null][] = [
		['evil origin', EVIL],
		['no origin', null],
		['origin "null"', 'null']
	];
	const TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'Text/Plain; charset=utf-8'];

	it('form posts to every action, with the admin’s cookie, in every form content type', async () => {
		const outcomes: Record<string, number> = {};
		const changed: string[] = [];
		for (const route of postRoutes) {
			const req = await requestFor(route.key, A);
			expect(req, `no request body defined for ${route.key}`).toBeDefined();
			const params = req!.body instanceof URLSearchParams ? req!.body : new URLSearchParams([...req!.body].filter((e): e is [string, string] => typeof e[1] === 'string'));
			const before = await fingerprint();
			for (const [originName, origin] of ORIGINS) {
				for (const type of TYPES) {
					const body = type === 'multipart/form-data' ? multipart(params) : params.toString();
					const res = await send(actionPath(route, A, req!.query), { cookie: cookies.admin, origin, body, contentType: type === 'multipart/form-data' ? undefined : type });
					if (res.status !== 403) outcomes[`${route.key} | ${originName} | ${type}`] = res.status;
				}
			}
			if (JSON.stringify(await fingerprint()) !== JSON.stringify(before)) changed.push(route.key);
		}
		expect(outcomes).toEqual({});
		expect(changed).toEqual([]);
		// the admin's session survived the refused logout
		expect((await send('/account', { cookie: cookies.admin })).status).toBe(200);
	});

	it('JSON with POST, PUT, PATCH and DELETE to every endpoint and action', async () => {
		const targets = [...new Set(routes.map((r) => actionPath(r, A)))];
		const outcomes: Record<string, number> = {};
		const before = await fingerprint();
		for (const path of targets) {
			for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
				for (const [originName, origin] of ORIGINS) {
					const res = await send(path, { method, cookie: cookies.admin, origin, body: JSON.stringify({ name: '跨站', role: 'province_admin' }), contentType: 'application/json', accept: 'application/json' });
					if (res.status !== 403) outcomes[`${method} ${path} | ${originName}`] = res.status;
				}
			}
		}
		expect(outcomes).toEqual({});
		expect(await fingerprint()).toEqual(before);
	});
});

// ── 5. the leader is read-only ───────────────────────────────────────────────
describe('the leader (read-only) is refused by every mutating action', () => {
	// their own session and password are theirs to manage
	const own = new Set(['POST /login ?/default', 'POST /logout ?/default', 'POST /account ?/password']);

	it('403 for each action (404 where the thing is hidden from them), sent with a body its owner could use, and nothing changes', async () => {
		const outcomes: Record<string, number> = {};
		const changed: string[] = [];
		const mutating = postRoutes.filter((r) => !own.has(r.key));
		expect(mutating.length).toBeGreaterThanOrEqual(30);
		for (const route of mutating) {
			const req = await requestFor(route.key, A);
			expect(req, `no request body defined for ${route.key}`).toBeDefined();
			const before = await fingerprint();
			const res = await send(actionPath(route, A, req!.query), { cookie: cookies.leader, body: req!.body });
			outcomes[route.key] = res.status;
			if (JSON.stringify(await fingerprint()) !== JSON.stringify(before)) changed.push(route.key);
		}
		// a call still open is hidden from leaders (they read published results only), so it is "not found"
		const callStage = String((await row('select stage from nomination_calls where id = ?', [call.id])).stage);
		const hidden = (key: string) => key.includes('[callId=id]') && callStage !== 'publicity' && callStage !== 'published';
		expect(outcomes).toEqual(Object.fromEntries(mutating.map((r) => [r.key, hidden(r.key) ? 404 : 403])));
		expect(changed).toEqual([]);
	});

	it('the leader cannot change their own role through any form', async () => {
		const before = await row('select role, pilot_id, version from users where id = ?', [users.leader]);
		const res = await send(`/admin/users/${users.leader}?/update`, { cookie: cookies.leader, body: form({ displayName: '领导', role: 'province_admin', pilotId: '', version: Number(before.version) }) });
		expect(res.status).toBe(403);
		expect(await row('select role, pilot_id, version from users where id = ?', [users.leader])).toEqual(before);
	});
});

describe('after login, ?redirectTo= only ever leads to a page of this site', () => {
	// each payload both percent-encoded (arrives exactly as written) and, where it is plain ASCII,
	// as typed into the address bar (the URL parser decodes it once)
	const cases = HOSTILE_REDIRECTS.flatMap((p) => [encodeURIComponent(p), ...(/^[\x21-\x7e]+$/.test(p) && !/[#&]/.test(p) ? [p] : [])]);

	it.each(cases)('redirectTo=%s lands on the user’s home', async (query) => {
		const res = await send(`/login?redirectTo=${query}`, { body: form({ username: 'staff', password: 'shidiantong-demo' }) });
		expect(res.status).toBe(303);
		expect(res.location).toBe('/province');
	});

	it('a page of this site is kept', async () => {
		const res = await send(`/login?redirectTo=${encodeURIComponent('/summary?round=1')}`, { body: form({ username: 'staff', password: 'shidiantong-demo' }) });
		expect(res.status).toBe(303);
		expect(res.location).toBe('/summary?round=1');
	});
});

describe('login guesses over HTTP (issue 15)', () => {
	const login = (username: string, password: string, localAddress: string, cookie?: string) =>
		sendRaw(baseURL, '/login', { body: Buffer.from(new URLSearchParams({ username, password }).toString()), type: 'application/x-www-form-urlencoded', localAddress, cookie });
	const failures = (username: string) => num("select count(*) from audit_log where action = 'auth.login_failed' and username = ?", [username]);

	it('300 simultaneous guesses: no more checked than the throttle allows, then even the right password waits', async () => {
		const started = performance.now();
		const burst = await Promise.all(Array.from({ length: 300 }, (_, i) => login('editor-410783', `guess-${i}`, `127.0.${20 + (i >> 8)}.${(i & 255) || 1}`)));
		const took = performance.now() - started;
		expect(burst.filter((r) => r.status >= 500)).toEqual([]);
		const checked = await failures('editor-410783');
		// 4 when the burst ends within 5 s; the schedule's next attempt only after its wait
		expect(checked).toBeLessThanOrEqual(accountAttemptsWithin(took));
		expect(burst.filter((r) => r.status === 400).length).toBe(checked);
		expect(burst.filter((r) => r.status === 429).length).toBe(300 - checked);
		// The limit is reached: make sure the account's wait has at least 10 s to run (on a slow,
		// shared machine the first wait of 5 s may be nearly over), by waiting it out and letting
		// one more guess escalate it (5 s → 15 s → 30 s), as the schedule does.
		const lockLeft = async () => (await num("select max(locked_until) from login_throttle where key = 'user:editor-410783'")) - Date.now();
		for (let i = 0; (await lockLeft()) < 10_000 && i < 4; i++) {
			const left = await lockLeft();
			await new Promise((r) => setTimeout(r, Math.max(0, left + 50)));
			await login('editor-410783', `escalate-${i}`, `127.0.29.${i + 1}`);
		}
		const right = await Promise.all(Array.from({ length: 300 }, (_, i) => login('editor-410783', 'shidiantong-demo', `127.0.${30 + (i >> 8)}.${(i & 255) || 1}`)));
		// the wait still held when the last answer came: the burst ran entirely inside the limit
		expect(await lockLeft()).toBeGreaterThan(0);
		expect(right.map((r) => r.status).filter((s) => s !== 429)).toEqual([]);
		expect(right.some((r) => r.setCookie.some((c) => c.startsWith('session=') && !c.startsWith('session=;')))).toBe(false);
	});

	it('an attacker’s 1,000 failures do not stop the owner signing in at once from a known device; an unknown one waits', async () => {
		const first = await login('editor-411081', 'shidiantong-demo', '127.0.40.1');
		expect(first.status).toBe(303);
		const device = first.setCookie.find((c) => c.startsWith('device='))?.split(';')[0];
		expect(device).toMatch(/^device=v1\./);
		const started = performance.now();
		for (let i = 0; i < 1_000; i++) await login('editor-411081', `guess-${i}`, `127.0.${41 + (i >> 8)}.${(i & 255) || 1}`);
		// of the 1,000 only the schedule's few reach argon2 (4, plus one per wait that passed meanwhile)
		expect(await failures('editor-411081')).toBeLessThanOrEqual(accountAttemptsWithin(performance.now() - started));
		const owner = await login('editor-411081', 'shidiantong-demo', '127.0.40.1', device);
		expect(owner.status).toBe(303);
		expect(owner.location).toMatch(/^\/pilots\/\d+$/);
		const unknown = await login('editor-411081', 'shidiantong-demo', '127.0.40.2');
		expect(unknown.status).toBe(429);
		expect(unknown.text).toContain('登录尝试过于频繁');
	});
});

describe('the database after all of this', () => {
	it('passes the integrity and foreign-key checks', async () => {
		expect((await rows('pragma integrity_check')).map((r) => r.integrity_check)).toEqual(['ok']);
		expect(await rows('pragma foreign_key_check')).toEqual([]);
	});
});
