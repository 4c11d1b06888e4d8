/**
 * The authorisation matrix (RELSEC C1): every route × every kind of caller, over HTTP against
 * the production build. Outcomes: ok (200), redirect (303 elsewhere), login (303 to /login),
 * invalid (400: allowed, the empty form was refused), ask (428: allowed, a destructive action asks
 * before it acts), forbidden (403), notfound (404).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '@libsql/client';
import { listRoutes } from '../support/routes';
import { signIn } from '../support/http';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');

type Who = 'anon' | 'admin' | 'staff' | 'leader' | 'editorA' | 'editorB';
type Outcome = 'ok' | 'redirect' | 'login' | 'unauthorized' | 'invalid' | 'ask' | 'forbidden' | 'notfound';
const WHO: Who[] = ['anon', 'admin', 'staff', 'leader', 'editorA', 'editorB'];
const USERNAMES: Record<Exclude<Who, 'anon'>, string> = {
	admin: 'admin',
	staff: 'staff',
	leader: 'leader',
	editorA: 'editor-410300', // 洛阳市: the pilot in every URL below
	editorB: 'editor-410700' // 新乡市: must see 洛阳 exactly as a pilot that does not exist
};

const all = (o: Outcome): Record<Who, Outcome> => ({ anon: o, admin: o, staff: o, leader: o, editorA: o, editorB: o });
const signedIn = (o: Outcome): Record<Who, Outcome> => ({ ...all(o), anon: 'login' });

/** Pages every reader of pilot A sees; editor B gets "not found", as for a pilot that does not exist. */
const reader: Record<Who, Outcome> = { ...signedIn('ok'), editorB: 'notfound' };
/** Actions only A's editors and the administrators may run (sent empty: allowed means "invalid"). */
const editor = (allowed: Outcome): Record<Who, Outcome> => ({ anon: 'login', admin: allowed, staff: 'forbidden', leader: 'forbidden', editorA: allowed, editorB: 'notfound' });

function pilotArea(): Record<string, Record<Who, Outcome>> {
	const base = '/pilots/[pilotId=id]';
	const entries: Record<string, Record<Who, Outcome>> = {
		[`GET ${base}/mechanisms`]: reader,
		// without ?key= the action cannot know which mechanism: not found, after the permission check
		[`POST ${base}/mechanisms ?/save`]: editor('notfound'),
		// an empty file delete names no file: the empty form is refused
		[`POST ${base}/mechanisms ?/deleteFile`]: editor('invalid'),
		[`POST ${base}/stations ?/deleteFile`]: editor('invalid'),
		// issue 21: activity photos and 签到表, publicity, station culture
		[`POST ${base}/activities ?/deleteFile`]: editor('invalid'),
		[`GET ${base}/publicity`]: reader,
		[`POST ${base}/publicity ?/save`]: editor('invalid'),
		[`POST ${base}/publicity ?/delete`]: editor('invalid'),
		[`POST ${base}/publicity ?/deleteFile`]: editor('invalid'),
		// 报送 by the pilot; 已收到 / 已采用 by the province's reviewers
		[`POST ${base}/publicity ?/report`]: editor('invalid'),
		[`POST ${base}/publicity ?/acknowledge`]: { ...editor('invalid'), staff: 'invalid', editorA: 'forbidden' },
		[`GET ${base}/culture`]: reader,
		[`POST ${base}/culture ?/save`]: editor('invalid'),
		[`POST ${base}/culture ?/delete`]: editor('invalid'),
		[`POST ${base}/culture ?/deleteFile`]: editor('invalid'),
		[`GET ${base}/acceptance`]: reader,
		[`GET ${base}/acceptance/pdf`]: reader,
		[`GET ${base}/files/[fileId=id]`]: reader,
		// 核实: province reviewers only
		[`GET ${base}/review`]: { ...editor('ok'), staff: 'ok', editorA: 'forbidden' },
		[`POST ${base}/review ?/verify`]: { ...editor('invalid'), staff: 'invalid', editorA: 'forbidden' },
		[`POST ${base}/review ?/return`]: { ...editor('invalid'), staff: 'invalid', editorA: 'forbidden' },
		// 全部通过 asks before it acts
		[`POST ${base}/review ?/verifyAll`]: { ...editor('ask'), staff: 'ask', editorA: 'forbidden' },
		// 月报: the pilot's editors submit, province reviewers accept or return
		[`GET ${base}/reports`]: reader,
		[`POST ${base}/reports ?/submit`]: editor('invalid'),
		[`POST ${base}/reports ?/review`]: { ...editor('invalid'), staff: 'invalid', editorA: 'forbidden' },
		// imports are for those who record: readers who may not edit are refused outright
		[`GET ${base}/import`]: editor('ok'),
		[`GET ${base}/import/[template=template]`]: editor('ok'),
		[`POST ${base}/import ?/checkRoster`]: editor('invalid'),
		[`POST ${base}/import ?/checkActivities`]: editor('invalid'),
		[`POST ${base}/import ?/importRoster`]: editor('invalid'),
		// no staged file named: the empty form is refused
		[`POST ${base}/import ?/importActivities`]: editor('invalid'),
		[`POST ${base}/import ?/discardImport`]: editor('invalid'),
		// 回收站: the pilot's editors and the administrators; an empty restore names no entry
		[`GET ${base}/bin`]: editor('ok'),
		[`POST ${base}/bin ?/restore`]: editor('invalid'),
		// rosters (issue 18): every reader of the pilot sees a team's roster; its forms go to those who may export
		[`GET ${base}/teams/[teamId=id]/roster`]: reader,
		[`GET ${base}/teams/[teamId=id]/roster/[form=rosterForm]`]: { ...signedIn('ok'), leader: 'forbidden', editorB: 'notfound' },
		[`GET ${base}/teams/registration.xlsx`]: { ...signedIn('ok'), leader: 'forbidden', editorB: 'notfound' },
		// people's service (issue 18): everyone who reads the pilot sees who took part, its people
		// and their certificates; the pilot's editors and the administrators record and issue
		[`GET ${base}/activities/[activityId=id]/participants`]: reader,
		[`POST ${base}/activities/[activityId=id]/participants ?/save`]: editor('invalid'),
		[`POST ${base}/activities/[activityId=id]/participants ?/checkSheet`]: editor('invalid'),
		[`POST ${base}/activities/[activityId=id]/participants ?/importSheet`]: editor('invalid'),
		[`POST ${base}/activities/[activityId=id]/participants ?/discardSheet`]: editor('invalid'),
		[`GET ${base}/people`]: reader,
		[`GET ${base}/people/[person=person]`]: reader,
		[`POST ${base}/people/[person=person] ?/issue`]: editor('invalid'),
		[`GET ${base}/certificates/[certificateId=id]`]: reader,
		[`GET ${base}/certificates/[certificateId=id]/pdf`]: reader
	};
	for (const list of ['teams', 'projects', 'activities', 'stations']) {
		entries[`GET ${base}/${list}`] = reader;
		entries[`POST ${base}/${list} ?/save`] = editor('invalid');
		// an empty delete names no item: the empty form is refused
		entries[`POST ${base}/${list} ?/delete`] = editor('invalid');
	}
	return entries;
}

/**
 * 组织体系 (issue 19): province roles read every unit, administrators change them; a pilot's editors
 * see no unit at all (404, as for one that does not exist). Unit officers: organisation-access.test.ts.
 */
function organisationArea(): Record<string, Record<Who, Outcome>> {
	const unit = '/organisation/units/[unitId=id]';
	const province: Record<Who, Outcome> = { ...signedIn('ok'), editorA: 'forbidden', editorB: 'forbidden' };
	const unitReader: Record<Who, Outcome> = { ...signedIn('ok'), editorA: 'notfound', editorB: 'notfound' };
	const unitEditor = (allowed: Outcome): Record<Who, Outcome> => ({ anon: 'login', admin: allowed, staff: 'forbidden', leader: 'forbidden', editorA: 'notfound', editorB: 'notfound' });
	return {
		'GET /organisation': province,
		'POST /organisation ?/create': { ...signedIn('forbidden'), admin: 'invalid' },
		'GET /organisation/tree.xlsx': { ...signedIn('forbidden'), admin: 'ok', staff: 'ok' },
		'GET /organisation/deadlines': { ...signedIn('forbidden'), admin: 'ok' },
		'POST /organisation/deadlines ?/save': { ...signedIn('forbidden'), admin: 'invalid' },
		'POST /organisation/deadlines ?/delete': { ...signedIn('forbidden'), admin: 'invalid' },
		// 组织体系回收站: administrators and unit officers; an empty restore names no entry
		'GET /organisation/bin': { ...signedIn('forbidden'), admin: 'ok' },
		'POST /organisation/bin ?/restore': { ...signedIn('forbidden'), admin: 'invalid' },
		[`GET ${unit}`]: unitReader,
		[`POST ${unit} ?/save`]: unitEditor('invalid'),
		// sent empty, a 市级支队 would have no parent: refused at the field
		[`POST ${unit} ?/move`]: unitEditor('invalid'),
		[`POST ${unit} ?/remove`]: unitEditor('ask'),
		[`POST ${unit} ?/officer`]: unitEditor('invalid'),
		[`POST ${unit} ?/deleteOfficer`]: unitEditor('invalid'),
		[`POST ${unit} ?/attachTeam`]: unitEditor('invalid'),
		[`POST ${unit} ?/detachTeam`]: unitEditor('invalid'),
		[`POST ${unit} ?/done`]: unitEditor('invalid'),
		[`POST ${unit} ?/undoDone`]: unitEditor('invalid'),
		[`POST ${unit} ?/remind`]: { ...unitEditor('invalid'), staff: 'invalid' },
		// the demo files no document: readers get "not found", others as for the unit
		[`GET ${unit}/documents/[deadlineId=id]`]: { ...signedIn('notfound') }
	};
}

function nominationsArea(): Record<string, Record<Who, Outcome>> {
	const none: Record<Who, Outcome> = { anon: 'login', admin: 'notfound', staff: 'notfound', leader: 'notfound', editorA: 'notfound', editorB: 'notfound' };
	/** an administrator's action sent empty: refused as invalid; staff may not; the rest cannot see the call */
	const manage: Record<Who, Outcome> = { ...none, admin: 'invalid', staff: 'forbidden' };
	const call = '/nominations/[callId=id]';
	const nomination = `${call}/[nominationId=id]`;
	const entries: Record<string, Record<Who, Outcome>> = {
		'GET /nominations': { ...none, admin: 'ok', staff: 'ok', leader: 'ok' },
		'POST /nominations ?/create': { ...none, admin: 'invalid', staff: 'forbidden', leader: 'forbidden' },
		[`GET ${call}`]: { ...none, admin: 'ok', staff: 'ok' },
		// only a 推荐单位 nominates, only an expert scores
		[`POST ${call} ?/nominate`]: { ...none, admin: 'forbidden', staff: 'forbidden' },
		[`POST ${call} ?/score`]: { ...none, admin: 'forbidden', staff: 'forbidden' },
		[`POST ${call} ?/conflict`]: { ...none, admin: 'forbidden', staff: 'forbidden' },
		[`POST ${call} ?/choose`]: manage,
		[`GET ${call}/results.xlsx`]: none, // not published yet
		[`GET ${nomination}`]: { ...none, admin: 'ok', staff: 'ok' },
		[`GET ${nomination}/form.docx`]: { ...none, admin: 'ok', staff: 'ok' },
		[`GET ${nomination}/form.pdf`]: { ...none, admin: 'ok', staff: 'ok' },
		[`GET ${nomination}/files/[fileId=id]`]: { ...none, admin: 'ok', staff: 'ok' }, // the photo nomination 1 was sent with
		[`POST ${nomination} ?/save`]: manage,
		// nomination 1 was sent with all 报送 needs: sending it again is taken
		[`POST ${nomination} ?/submit`]: { ...manage, admin: 'ok' },
		[`POST ${nomination} ?/scan`]: manage,
		[`POST ${nomination} ?/removePhoto`]: manage
	};
	for (const action of ['save', 'freeze', 'adjust', 'assign', 'stage', 'objection', 'resolve']) entries[`POST ${call} ?/${action}`] = manage;
	// freezing the quotas cannot be undone: it asks first, with or without JavaScript
	entries[`POST ${call} ?/freeze`] = { ...manage, admin: 'ask' };
	// an empty decision is a valid one: nobody selected yet
	entries[`POST ${call} ?/decide`] = { ...manage, admin: 'ok' };
	return entries;
}

/** Expected outcome per route; `undefined` here means the route is missing and the test fails. */
const MATRIX: Record<string, Record<Who, Outcome>> = {
	'GET /': { ...signedIn('redirect'), anon: 'login' },
	'GET /health': all('ok'),
	// the JSON API answers 401 rather than redirecting to a login page
	'GET /api/v1/pilots': { ...signedIn('ok'), anon: 'unauthorized' },
	'GET /api/v1/pilots/[pilotId=id]': { ...signedIn('ok'), anon: 'unauthorized', editorB: 'notfound' },
	'GET /login': { ...all('redirect'), anon: 'ok' },
	'POST /login ?/default': { ...all('redirect'), anon: 'invalid' },
	'GET /logout': signedIn('ok'),
	'POST /logout ?/default': all('login'),
	'GET /account': signedIn('ok'),
	'POST /account ?/password': signedIn('invalid'),
	'GET /province': { ...signedIn('ok'), editorA: 'forbidden', editorB: 'forbidden' },
	// exports: the province's exporters; a pilot's own lists also for its editors
	'GET /province/pilots.xlsx': { ...signedIn('forbidden'), admin: 'ok', staff: 'ok' },
	'GET /province/statistics.xlsx': { ...signedIn('forbidden'), admin: 'ok', staff: 'ok' },
	'GET /pilots/[pilotId=id]/items.xlsx': { ...signedIn('ok'), leader: 'forbidden', editorB: 'notfound' },
	'GET /pilots/[pilotId=id]/statistics.xlsx': { ...signedIn('ok'), leader: 'forbidden', editorB: 'notfound' },
	'GET /summary': { ...signedIn('ok'), editorA: 'forbidden', editorB: 'forbidden' },
	'GET /pilots/[pilotId=id]': { ...signedIn('ok'), editorB: 'notfound' },
	// 督办: province staff send and close; the pilot's editors (and the province) reply
	'POST /pilots/[pilotId=id] ?/remind': { anon: 'login', admin: 'invalid', staff: 'invalid', leader: 'forbidden', editorA: 'forbidden', editorB: 'notfound' },
	'POST /pilots/[pilotId=id] ?/close': { anon: 'login', admin: 'invalid', staff: 'invalid', leader: 'forbidden', editorA: 'forbidden', editorB: 'notfound' },
	// programme decisions: province administrators only
	'POST /pilots/[pilotId=id] ?/target': { ...signedIn('forbidden'), admin: 'invalid', editorB: 'notfound' },
	'POST /pilots/[pilotId=id] ?/lifecycle': { ...signedIn('forbidden'), admin: 'invalid', editorB: 'notfound' },
	// an empty application is valid (every field optional): allowed means saved
	// sent empty it names no version: refused, after the permission check
	'POST /pilots/[pilotId=id] ?/application': { ...signedIn('forbidden'), admin: 'invalid', editorB: 'notfound' },
	'POST /pilots/[pilotId=id] ?/reply': { anon: 'login', admin: 'invalid', staff: 'invalid', leader: 'forbidden', editorA: 'invalid', editorB: 'notfound' },
	'GET /audit': { ...signedIn('ok'), leader: 'forbidden' },
	// the province-wide queue of what waits for review
	'GET /review': { ...signedIn('forbidden'), admin: 'ok', staff: 'ok' },
	// 证明查验: the certificate register, by number, for province staff
	'GET /certificates': { ...signedIn('forbidden'), admin: 'ok', staff: 'ok' },
	...pilotArea(),
	'GET /admin/rounds': { ...signedIn('forbidden'), admin: 'ok' },
	'POST /admin/rounds ?/create': { ...signedIn('forbidden'), admin: 'invalid' },
	'GET /admin/rounds/[roundId=id]': { ...signedIn('forbidden'), admin: 'ok' },
	'POST /admin/rounds/[roundId=id] ?/save': { ...signedIn('forbidden'), admin: 'invalid' },
	'POST /admin/rounds/[roundId=id] ?/keyDate': { ...signedIn('forbidden'), admin: 'invalid' },
	'POST /admin/rounds/[roundId=id] ?/addPilot': { ...signedIn('forbidden'), admin: 'invalid' },
	'POST /admin/rounds/[roundId=id] ?/orgSizes': { ...signedIn('forbidden'), admin: 'invalid' },
	...organisationArea(),
	'GET /admin/users': { ...signedIn('forbidden'), admin: 'ok' },
	'POST /admin/users ?/create': { ...signedIn('forbidden'), admin: 'invalid' },
	'GET /admin/users/[userId=id]': { ...signedIn('forbidden'), admin: 'ok' },
	'POST /admin/users/[userId=id] ?/update': { ...signedIn('forbidden'), admin: 'invalid' },
	// sent without the answer to its question, a destructive action asks first
	'POST /admin/users/[userId=id] ?/disable': { ...signedIn('forbidden'), admin: 'ask' },
	'POST /admin/users/[userId=id] ?/enable': { ...signedIn('forbidden'), admin: 'ok' },
	'POST /admin/users/[userId=id] ?/resetPassword': { ...signedIn('forbidden'), admin: 'ask' },
	'POST /admin/users/[userId=id] ?/endSessions': { ...signedIn('forbidden'), admin: 'ask' },
	// nominations of exemplary cases (典型事迹): demo call 1 is open, nomination 1 is 洛阳's. Pilot
	// editors have no place there (404); leaders read a call only from 公示 on. The 推荐单位 and
	// 评审专家 roles are checked in tests/e2e/nominations-access.test.ts.
	...nominationsArea()
};

/**
 * The unit officer (`unit_officer`, demo account officer-410300, bound to 洛阳市科技志愿者支队: the
 * unit in every URL above). No pilot is theirs, so every pilot route answers them as it answers
 * editor B (404 where a pilot is named, 403 for province pages); where they differ from editor B
 * the outcome is listed here. Own block, so the matrix above stays as it was.
 */
const OFFICER_DIFFERS: Record<string, Outcome> = {
	// the province's audit log is the province's (and a pilot's own history its editors')
	'GET /audit': 'forbidden',
	// their own part of the tree, its export and the bin; units below their own may be created
	'GET /organisation': 'ok',
	'POST /organisation ?/create': 'invalid',
	'GET /organisation/tree.xlsx': 'ok',
	'GET /organisation/bin': 'ok',
	'POST /organisation/bin ?/restore': 'invalid',
	// their own unit: read and edit it, its officers and its obligations' completion…
	'GET /organisation/units/[unitId=id]': 'ok',
	'POST /organisation/units/[unitId=id] ?/save': 'invalid',
	'POST /organisation/units/[unitId=id] ?/officer': 'invalid',
	'POST /organisation/units/[unitId=id] ?/deleteOfficer': 'invalid',
	'POST /organisation/units/[unitId=id] ?/done': 'invalid',
	'POST /organisation/units/[unitId=id] ?/undoDone': 'invalid',
	// …but not move or remove it, attach pilots' teams or send 督办
	'POST /organisation/units/[unitId=id] ?/move': 'forbidden',
	'POST /organisation/units/[unitId=id] ?/remove': 'forbidden',
	'POST /organisation/units/[unitId=id] ?/attachTeam': 'forbidden',
	'POST /organisation/units/[unitId=id] ?/detachTeam': 'forbidden',
	'POST /organisation/units/[unitId=id] ?/remind': 'forbidden'
};
const expectedFor = (key: string): Record<Who | 'officer', Outcome> => ({ ...MATRIX[key], officer: OFFICER_DIFFERS[key] ?? MATRIX[key].editorB });

const ids = { pilotA: 0, targetUser: 0, fileA: 0, nominationPhoto: 0, teamA: 0, activityA: 0, personA: '', certificateA: 0, unit: 0, deadline: 0 };
const cookies: Partial<Record<Who | 'officer', string>> = {};

beforeAll(async () => {
	const db = createClient({ url: databaseUrl });
	ids.pilotA = Number((await db.execute("select id from pilots where division_code = '410300'")).rows[0][0]);
	// the account the admin actions act on (disable, reset password): one no other test file uses
	ids.targetUser = Number((await db.execute("select id from users where username = 'editor-410922'")).rows[0][0]);
	ids.fileA = Number((await db.execute({ sql: 'select id from files where pilot_id = ? limit 1', args: [ids.pilotA] })).rows[0][0]);
	// the demo's nomination 1 was sent with its photo
	ids.nominationPhoto = Number((await db.execute("select id from nomination_files where nomination_id = 1 and purpose = 'photo' limit 1")).rows[0][0]);
	// a team of pilot A with a roster (the demo's first)
	ids.teamA = Number((await db.execute({ sql: 'select id from teams where pilot_id = ? and roster_size is not null order by id limit 1', args: [ids.pilotA] })).rows[0][0]);
	// the demo records participants and one certificate in 洛阳市
	const certificate = (await db.execute({ sql: 'select id, person_hash from certificates where pilot_id = ? limit 1', args: [ids.pilotA] })).rows[0];
	ids.certificateA = Number(certificate.id);
	ids.personA = String(certificate.person_hash);
	ids.activityA = Number((await db.execute({ sql: 'select p.activity_id from activity_participants p join activities a on a.id = p.activity_id where a.pilot_id = ? limit 1', args: [ids.pilotA] })).rows[0][0]);
	ids.unit = Number((await db.execute("select id from org_units where kind = 'city_detachment' and division_code = '410300'")).rows[0][0]);
	ids.deadline = Number((await db.execute('select id from org_deadlines order by id limit 1')).rows[0][0]);
	db.close();
	for (const who of WHO) if (who !== 'anon') cookies[who] = await signIn(baseURL, USERNAMES[who]);
	cookies.officer = await signIn(baseURL, 'officer-410300');
});

function urlOf(route: string): string {
	return route.replace('/[nominationId=id]/files/[fileId=id]', `/[nominationId=id]/files/${ids.nominationPhoto}`).replace('[pilotId=id]', String(ids.pilotA)).replace('[userId=id]', String(ids.targetUser)).replace('[fileId=id]', String(ids.fileA)).replace('[template=template]', 'roster.xlsx').replace('[roundId=id]', '1').replace('[teamId=id]', String(ids.teamA)).replace('[form=rosterForm]', '004.xlsx')
		.replace('[activityId=id]', String(ids.activityA))
		.replace('[person=person]', ids.personA)
		.replace('[certificateId=id]', String(ids.certificateA))
		.replace('[unitId=id]', String(ids.unit))
		.replace('[deadlineId=id]', String(ids.deadline))
		.replace('[callId=id]', '1')
		.replace('[nominationId=id]', '1');
}

async function outcome(method: string, route: string, action: string | undefined, cookie: string | undefined): Promise<Outcome | string> {
	const url = `${baseURL}${urlOf(route)}${action && action !== 'default' ? `?/${action}` : ''}`;
	const headers: Record<string, string> = { accept: 'text/html', origin: baseURL };
	if (cookie) headers.cookie = cookie;
	if (method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
	const res = await fetch(url, { method, headers, body: method === 'POST' ? '' : undefined, redirect: 'manual' });
	await res.arrayBuffer();
	if (res.status === 303 || res.status === 302 || res.status === 307) {
		return (res.headers.get('location') ?? '').startsWith('/login') ? 'login' : 'redirect';
	}
	const map: Record<number, Outcome> = { 200: 'ok', 400: 'invalid', 401: 'unauthorized', 403: 'forbidden', 404: 'notfound', 428: 'ask' };
	return map[res.status] ?? `status ${res.status}`;
}

describe('authorisation matrix', () => {
	const routes = listRoutes();

	it('covers every route, action and endpoint in src/routes', () => {
		const missing = routes.map((r) => r.key).filter((k) => !MATRIX[k]);
		const stale = [...Object.keys(MATRIX), ...Object.keys(OFFICER_DIFFERS)].filter((k) => !routes.some((r) => r.key === k));
		expect({ missing, stale }).toEqual({ missing: [], stale: [] });
	});

	for (const route of routes.filter((r) => !(r.method === 'POST' && r.route === '/logout'))) {
		it(route.key, async () => {
			const expected = expectedFor(route.key);
			const actual: Record<string, string> = {};
			for (const who of [...WHO, 'officer' as const]) actual[who] = await outcome(route.method, route.route, route.action, cookies[who]);
			expect(actual).toEqual(expected);
		});
	}

	it('POST /logout ?/default ends the session for every role', async () => {
		for (const who of WHO) {
			const cookie = who === 'anon' ? undefined : await signIn(baseURL, USERNAMES[who]);
			expect(await outcome('POST', '/logout', 'default', cookie)).toBe(MATRIX['POST /logout ?/default'][who]);
			if (cookie) expect(await outcome('GET', '/account', undefined, cookie)).toBe('login');
		}
	});
});

describe('refused requests change nothing', () => {
	it('a named ?/default action is a bad request, not a server error', async () => {
		const res = await fetch(`${baseURL}/login?/default`, {
			method: 'POST',
			headers: { origin: baseURL, 'content-type': 'application/x-www-form-urlencoded' },
			body: ''
		});
		expect(res.status).toBe(400);
	});

	it('a forged post from a pilot editor leaves the accounts and the audit log as they were', async () => {
		const db = createClient({ url: databaseUrl });
		const snapshot = async () => JSON.stringify((await db.execute('select id, username, role, pilot_id, disabled, version from users order by id')).rows);
		const before = await snapshot();
		const forged = await fetch(`${baseURL}/admin/users/${ids.targetUser}?/update`, {
			method: 'POST',
			headers: { origin: baseURL, cookie: cookies.editorB!, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ displayName: '篡改', role: 'province_admin', pilotId: '', version: '1' }),
			redirect: 'manual'
		});
		expect(forged.status).toBe(403);
		const crossSite = await fetch(`${baseURL}/admin/users/${ids.targetUser}?/disable`, {
			method: 'POST',
			headers: { origin: 'http://evil.example', cookie: cookies.admin!, 'content-type': 'application/x-www-form-urlencoded' },
			body: '',
			redirect: 'manual'
		});
		expect(crossSite.status).toBe(403);
		expect(await snapshot()).toBe(before);
		db.close();
	});
});
