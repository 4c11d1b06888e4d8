import { beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as s from '$lib/server/db/schema';
import { SYSTEM_ACTOR } from '$lib/server/audit';
import * as calls from '$lib/server/nominations/calls';
import * as quotas from '$lib/server/nominations/quotas';
import * as entries from '$lib/server/nominations/entries';
import { basisOf, volunteerFiguresAsOf } from '$lib/server/nominations/figures';
import { allocateQuotas } from '$lib/domain/nominations';
import { loadDemoDatabase } from '../support/demo-db';
import { parseForm } from '$lib/forms';
import { callSchema, CALL_ARRAY_KEYS } from '$lib/schemas/nominations';

beforeAll(() => loadDemoDatabase({ accounts: true }));

/** The basis counted straight from the raw rows, independently of figures.ts. */
async function rawBasis(cityCode: string, cutoff: string) {
	const pilots = (await db.select().from(s.pilots)).filter((p) => p.divisionCode.slice(0, 4) === cityCode.slice(0, 4)).map((p) => p.id);
	const teams = (await db.select().from(s.teams)).filter((t) => pilots.includes(t.pilotId));
	const links = await db.select().from(s.activityTeams);
	const held = new Map((await db.select().from(s.activities)).filter((a) => a.date <= cutoff).map((a) => [a.id, a]));
	const teamActivities = new Map(teams.map((t) => [t.id, new Set(links.filter((l) => l.teamId === t.id && held.has(l.activityId)).map((l) => l.activityId))]));
	// a volunteer's activities are those they are recorded in (参与人员), in the city's pilots
	const rostered = new Set((await db.select().from(s.teamMembers)).filter((m) => m.personHash && teamActivities.has(m.teamId)).map((m) => m.personHash!));
	const people = new Map<string, Set<number>>();
	for (const r of await db.select().from(s.activityParticipants)) {
		const a = held.get(r.activityId);
		if (!a || !pilots.includes(a.pilotId) || !rostered.has(r.personHash)) continue;
		const set = people.get(r.personHash) ?? new Set<number>();
		set.add(r.activityId);
		people.set(r.personHash, set);
	}
	const volunteers = [...people.values()].filter((a) => a.size >= 6).length;
	const orgs = [...teamActivities.values()].filter((a) => a.size >= 5).length;
	return { volunteers, teams: orgs, basis: volunteers + orgs };
}

describe('nominations: quotas from data', () => {
	it('the demo call froze a basis per city equal to the raw count, and the allocation allocateQuotas gives', async () => {
		const [call] = await db.select().from(s.nominationCalls);
		const frozen = (await quotas.frozen(call.id))!;
		expect(frozen.length).toBeGreaterThan(0);
		const cities = ['410300', '410700', '411300', '411000', '410100'];
		for (const code of cities) {
			const row = frozen.find((r) => r.unitCode === code && r.category === 'volunteer')!;
			expect({ v: row.volunteers, t: row.teams, b: row.basis }).toEqual(await rawBasis(code, call.cutoffDate).then((r) => ({ v: r.volunteers, t: r.teams, b: r.basis })));
		}
		const volunteerRows = frozen.filter((r) => r.category === 'volunteer' && /^\d{6}$/.test(r.unitCode));
		expect(volunteerRows).toHaveLength(18);
		const expected = allocateQuotas(volunteerRows.map((r) => ({ code: r.unitCode, basis: r.basis })), call.categories.volunteer.places, call.quotaMinimum);
		for (const r of volunteerRows) expect(r.computed).toBe(expected[r.unitCode]);
		expect(volunteerRows.some((r) => r.basis > 0)).toBe(true);
		// the 学会 that chose volunteer and team has a place in each, none in project
		const society = frozen.filter((r) => r.unitCode === 'S01').map((r) => r.category).sort();
		expect(society).toEqual(['team', 'volunteer']);
	});

	it('frozen rows stay as they were when the data change later', async () => {
		const [call] = await db.select().from(s.nominationCalls);
		const before = JSON.stringify(await quotas.frozen(call.id));
		await db.delete(s.teamMembers).where(eq(s.teamMembers.id, 1));
		expect(JSON.stringify(await quotas.frozen(call.id))).toBe(before);
	});

	it('an adjustment keeps the computed quota and the reason', async () => {
		const [call] = await db.select().from(s.nominationCalls);
		const row = (await quotas.frozen(call.id))!.find((r) => r.unitCode === '410700' && r.category === 'team')!;
		await quotas.adjust(SYSTEM_ACTOR, call.id, row.id!, row.computed + 2, '新乡市服务队数据迁移滞后');
		const after = (await quotas.frozen(call.id))!.find((r) => r.id === row.id)!;
		expect(after).toMatchObject({ computed: row.computed, quota: row.computed + 2, adjustReason: '新乡市服务队数据迁移滞后' });
	});
});

describe('nominations: candidates and the quota', () => {
	it('volunteer figures count a rostered person once per activity across their teams', async () => {
		const [call] = await db.select().from(s.nominationCalls);
		const list = await volunteerFiguresAsOf(db, { divisionCode: '410300' }, call.cutoffDate);
		const twoTeams = list.find((v) => v.teamIds.length > 1);
		expect(twoTeams).toBeDefined();
		expect(twoTeams!.activities).toBeGreaterThanOrEqual(0);
		expect((await basisOf(db, { divisionCode: null }, call.cutoffDate)).basis).toBe(0);
	});

	it('a unit nominates within its quota; the next one is refused with the quota in words', async () => {
		const [call] = await db.select().from(s.nominationCalls);
		const [unit] = await db.select().from(s.nominationUnits).where(eq(s.nominationUnits.code, '411300'));
		const units = await calls.unitsOf(call);
		const u = units.find((x) => x.id === unit.id)!;
		const quota = await quotas.quotaOf(call, unit.id, 'team');
		const options = await entries.candidates(call, { divisionCode: u.divisionCode }, 'team');
		expect(options.length).toBeGreaterThan(quota);
		for (let i = 0; i < quota; i++) await entries.create(SYSTEM_ACTOR, call, u, 'team', options[i].key);
		await expect(entries.create(SYSTEM_ACTOR, call, u, 'team', options[quota].key)).rejects.toThrow(`名额 ${quota} 个，已用完`);
		// a candidate from another city's data is not this unit's
		const other = await entries.candidates(call, { divisionCode: '410700' }, 'team');
		await expect(entries.create(SYSTEM_ACTOR, call, u, 'station', other[0].key)).rejects.toThrow();
	});

	it('eligibility is computed as of the cut-off with each unmet condition in words', async () => {
		const [call] = await db.select().from(s.nominationCalls);
		const list = await entries.list(call.id);
		const ineligible = list.find((r) => !r.n.eligible);
		expect(ineligible).toBeDefined();
		expect(ineligible!.n.reasons.length).toBeGreaterThan(0);
		for (const r of ineligible!.n.reasons) expect(r).toMatch(/[\u4e00-\u9fff]/);
	});

	it('a 学会 chooses two of three categories; anything else is refused', async () => {
		const [call] = await db.select().from(s.nominationCalls);
		const [unit] = await db.select().from(s.nominationUnits).where(eq(s.nominationUnits.code, 'D01'));
		await expect(calls.chooseCategories(SYSTEM_ACTOR, call, unit.id, ['volunteer'])).rejects.toThrow('须选择 2 个类别');
		await expect(calls.chooseCategories(SYSTEM_ACTOR, call, unit.id, ['volunteer', 'station'])).rejects.toThrow();
		await calls.chooseCategories(SYSTEM_ACTOR, call, unit.id, ['team', 'project']);
		expect((await calls.unitsOf(call)).find((u) => u.id === unit.id)!.categories).toEqual(['team', 'project']);
	});
});

describe('nominations: the recommendation forms as PDF', () => {
	it('one form of each category reads back with its title and every field’s label and value', async () => {
		const { execFileSync } = await import('node:child_process');
		const { mkdtempSync, writeFileSync } = await import('node:fs');
		const { formOf, pdfOf } = await import('$lib/server/nominations/forms');
		const [call] = await db.select().from(s.nominationCalls);
		const list = await entries.list(call.id);
		const seen = new Set<string>();
		const dir = mkdtempSync('/tmp/nomination-pdf-');
		const squash = (t: string) => t.replace(/\s+/g, '');
		for (const { n, unitName } of list) {
			if (seen.has(n.category)) continue;
			seen.add(n.category);
			const withText = { ...n, deeds: `主要事迹第一段${n.id}。\n第二段：带领群众开展科普讲座。`, details: { ...n.details, politics: '群众' } };
			const bytes = await pdfOf(withText, unitName, 1);
			expect(Buffer.from(bytes.slice(0, 5)).toString('latin1')).toBe('%PDF-');
			writeFileSync(`${dir}/${n.id}.pdf`, bytes);
			const text = squash(execFileSync('pdftotext', [`${dir}/${n.id}.pdf`, '-'], { encoding: 'utf8' }));
			const { title, fields } = formOf(withText, unitName, 1);
			expect(text).toContain(squash(title));
			expect(text).toContain(squash(n.candidateName));
			for (const f of fields) {
				expect(text, f.label).toContain(squash(f.label));
				if (f.value) expect(text, `${f.label}: ${f.value}`).toContain(squash(f.value));
			}
		}
		expect([...seen].sort()).toEqual(expect.arrayContaining(['project', 'team', 'volunteer']));
	}, 60_000);
});

describe('nominations: a project’s start date and a station’s residents, as the pilot forms store them', () => {
	it('what the project and station forms save is what eligibility and the form read', async () => {
		const projects = await import('$lib/server/pilots/projects');
		const stations = await import('$lib/server/pilots/stations');
		const { formOf } = await import('$lib/server/nominations/forms');
		const { addDays, addYearsClamped } = await import('$lib/domain/dates');
		const [call] = await db.select().from(s.nominationCalls);
		const [unit] = await db.select().from(s.nominationUnits).where(eq(s.nominationUnits.code, '410100'));
		const u = (await calls.unitsOf(call)).find((x) => x.id === unit.id)!;
		// places enough for the checks below, whatever the demo's frozen quota gave this city
		await db.update(s.nominationQuotas).set({ quota: 5 }).where(eq(s.nominationQuotas.unitId, unit.id));
		const pick = async (category: 'project' | 'station') => {
			const options = await entries.candidates(call, { divisionCode: u.divisionCode }, category);
			expect(options.length, category).toBeGreaterThan(0);
			return Number(options[0].key.split(':')[1]);
		};
		const [project] = await db.select().from(s.projects).where(eq(s.projects.id, await pick('project')));
		// exactly one year before the cut-off counts as a full year; a day later does not
		const oneYear = addYearsClamped(call.cutoffDate, -1);
		await projects.update(SYSTEM_ACTOR, project.pilotId, project.id, { name: project.name, field: project.field, description: project.description, startDate: oneYear, version: project.version });
		const [station] = await db.select().from(s.stations).where(eq(s.stations.id, await pick('station')));
		const { version: _v, id: _i, pilotId: _p, createdAt: _c, updatedAt: _u, ...stationFields } = station;
		await stations.update(SYSTEM_ACTOR, station.pilotId, station.id, { ...stationFields, residents: 1_000_000, version: station.version });

		const projectOption = (await entries.candidates(call, { divisionCode: u.divisionCode }, 'project')).find((o) => o.key === `project:${project.id}`)!;
		expect(projectOption.data.startDate).toBe(oneYear);
		const stationOption = (await entries.candidates(call, { divisionCode: u.divisionCode }, 'station')).find((o) => o.key === `station:${station.id}`)!;
		expect(stationOption.data.residents).toBe(1_000_000);

		const nominate = async (category: 'project' | 'station', key: string) => {
			await db.delete(s.nominations).where(eq(s.nominations.candidateKey, key));
			const id = await entries.create(SYSTEM_ACTOR, call, u, category, key);
			const [n] = await db.select().from(s.nominations).where(eq(s.nominations.id, id));
			return n;
		};
		const p1 = await nominate('project', projectOption.key);
		expect(p1.reasons.filter((r) => /开始/.test(r))).toEqual([]);
		expect(formOf(p1 as never, unit.name, 0).fields.find((f) => f.label === '实施开始时间')!.value).toBe(oneYear);
		const s1 = await nominate('station', stationOption.key);
		// a million residents: the volunteers are far below 10% of them, said in words with the figure
		expect(s1.reasons.some((r) => r.includes('占常住人口 1000000 人'))).toBe(true);
		expect(formOf(s1 as never, unit.name, 0).fields.find((f) => f.label === '常住人口')!.value).toBe('1000000 人');

		// a day short of a year, and no residents: each unmet condition in words
		const [p2] = await db.select().from(s.projects).where(eq(s.projects.id, project.id));
		const dayLater = addDays(oneYear, 1);
		await projects.update(SYSTEM_ACTOR, p2.pilotId, p2.id, { name: p2.name, field: p2.field, description: p2.description, startDate: dayLater, version: p2.version });
		const [s2] = await db.select().from(s.stations).where(eq(s.stations.id, station.id));
		const { version: _v2, id: _i2, pilotId: _p2, createdAt: _c2, updatedAt: _u2, ...fields2 } = s2;
		await stations.update(SYSTEM_ACTOR, s2.pilotId, s2.id, { ...fields2, residents: null, version: s2.version });
		const p3 = await nominate('project', projectOption.key);
		expect(p3.reasons).toContain(`项目 ${dayLater} 开始，至 ${call.cutoffDate} 不满 1 年`);
		expect(p3.eligible).toBe(false);
		const s3 = await nominate('station', stationOption.key);
		expect(s3.reasons).toContain('常住人口未填写');
		expect(formOf(s3 as never, unit.name, 0).fields.find((f) => f.label === '常住人口')!.value).toBe('');
	});
});

describe('nominations: the recommendation forms as Word', () => {
	/** word/document.xml's text, one string per table cell (paragraphs joined by newlines). */
	async function cellsOf(bytes: Buffer): Promise<string[]> {
		const { execFileSync } = await import('node:child_process');
		const { mkdtempSync, writeFileSync } = await import('node:fs');
		const dir = mkdtempSync('/tmp/docx-');
		writeFileSync(`${dir}/f.docx`, bytes);
		const xml = execFileSync('unzip', ['-p', `${dir}/f.docx`, 'word/document.xml']).toString('utf8');
		const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
		return [...xml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((m) =>
			[...m[1].matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => unescape([...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))).join('\n')
		);
	}

	it('every field of each category form is in the .docx with its value', async () => {
		const { docxOf, formOf } = await import('$lib/server/nominations/forms');
		const [call] = await db.select().from(s.nominationCalls);
		const list = await entries.list(call.id);
		const categories = new Set<string>();
		for (const { n, unitName } of list) {
			const withText = { ...n, deeds: `主要事迹 <第一段> & “引号”\n第二段 ${n.id}`, details: { ...n.details, birthMonth: '1986-03', politics: '中共党员' } };
			const bytes = await docxOf(withText, unitName, 2);
			const cells = await cellsOf(bytes);
			const { fields } = formOf(withText, unitName, 2);
			expect(cells).toHaveLength(fields.length * 2);
			fields.forEach((f, i) => {
				expect(cells[i * 2]).toBe(f.label);
				expect(cells[i * 2 + 1]).toBe(f.value);
			});
			// the form's own fields are all there, filled from the data
			const labels = fields.map((f) => f.label);
			if (n.category === 'volunteer') {
				expect(labels).toEqual(expect.arrayContaining(['姓名', '性别', '出生年月', '政治面貌', '通讯地址', '联系方式', '所在科技志愿服务队', '主要服务项目/活动', '何时起参加科技志愿服务活动', '累计参加科技志愿服务时长', '主要事迹（不超过1000字）']));
				expect(fields.find((f) => f.label === '姓名')!.value).toBe(n.candidateName);
				expect(fields.find((f) => f.label === '出生年月')!.value).toBe('1986-03');
			}
			if (n.category === 'team') {
				expect(labels).toEqual(expect.arrayContaining(['队伍名称', '成立时间', '注册科技志愿者人数', '累计开展科技志愿服务时长', '人均开展科技志愿服务时长', '组织负责人', '联系方式', '经常开展的科技志愿服务活动']));
				const [team] = await db.select().from(s.teams).where(eq(s.teams.id, Number(n.candidateKey.split(':')[1])));
				expect(fields.find((f) => f.label === '队伍名称')!.value).toBe(team.name);
				expect(fields.find((f) => f.label === '注册科技志愿者人数')!.value).toBe(`${team.rosterSize ?? team.declaredMembers} 人`);
			}
			expect(cells[labels.indexOf('主要事迹（不超过1000字）') * 2 + 1]).toBe(withText.deeds);
			categories.add(n.category);
		}
		expect([...categories].sort()).toEqual(expect.arrayContaining(['project', 'team', 'volunteer']));
	});
});

describe('nominations: accounts of the new roles, as the admin account form saves them', () => {
	it('a 推荐单位 account is bound to its unit (and its city); an expert keeps an optional unit and city; other roles none', async () => {
		const { createUser, updateUser, getUser } = await import('$lib/server/users');
		const { createUserSchema, updateUserSchema } = await import('$lib/schemas/auth');
		const [admin] = await db.select().from(s.users).where(eq(s.users.username, 'admin'));
		const actor = { userId: admin.id, username: 'admin', role: 'province_admin' as const, ip: null };
		const account = async (userId: number) => (await db.select().from(s.nominationAccounts).where(eq(s.nominationAccounts.userId, userId)))[0] ?? null;
		const unitId = async (code: string) => (await db.select().from(s.nominationUnits).where(eq(s.nominationUnits.code, code)))[0].id;

		// the form's refusals, each at its field
		const refusal = (input: Record<string, string>) => {
			const r = createUserSchema.safeParse({ username: 'unit-x', displayName: '某单位', pilotId: '', unitId: '', nominationUnit: '', reviewerCity: '', ...input });
			return r.success ? null : r.error.issues.map((i) => i.path.join('.'));
		};
		expect(refusal({ role: 'nominating_unit' })).toEqual(['nominationUnit']);
		expect(refusal({ role: 'leader', nominationUnit: '410300' })).toEqual(['nominationUnit']);
		expect(refusal({ role: 'nominating_unit', nominationUnit: '410300', reviewerCity: '410700' })).toEqual(['reviewerCity']);
		expect(refusal({ role: 'reviewer', nominationUnit: 'X99' })).toEqual(['nominationUnit']);
		expect(refusal({ role: 'reviewer' })).toBeNull();
		expect(refusal({ role: 'nominating_unit', nominationUnit: 'S02' })).toBeNull();

		const parsed = createUserSchema.parse({ username: 'unit-411000', displayName: '许昌市科协推荐', role: 'nominating_unit', pilotId: '', unitId: '', nominationUnit: '411000', reviewerCity: '' });
		const { id } = await createUser(actor, parsed);
		expect(await account(id)).toEqual({ userId: id, unitId: await unitId('411000'), divisionCode: '411000' });
		expect(await getUser(id)).toMatchObject({ role: 'nominating_unit', nominationUnit: '411000', reviewerCity: null });
		const [created] = await db.select().from(s.auditLog).where(eq(s.auditLog.entityId, String(id)));
		// the log says the binding in words: the unit and the city by name, under their own labels
		const { describeChange } = await import('$lib/domain/audit-fields');
		const bindingShown = (entry: typeof created) => describeChange('user', entry.before, entry.after).find((c) => c.field === 'nominationAccount')!;
		expect(bindingShown(created)).toEqual({ field: 'nominationAccount', label: '征集账号绑定', before: null, after: '所属推荐单位 许昌市科协；所在城市 许昌市' });

		// the same account becomes an expert of 河南省医学会 from 南阳
		const v1 = (await getUser(id))!;
		await updateUser(actor, id, updateUserSchema.parse({ displayName: '王评审', role: 'reviewer', pilotId: '', unitId: '', nominationUnit: 'S01', reviewerCity: '411300', version: String(v1.version) }));
		expect(await account(id)).toEqual({ userId: id, unitId: await unitId('S01'), divisionCode: '411300' });
		expect(await getUser(id)).toMatchObject({ role: 'reviewer', nominationUnit: 'S01', reviewerCity: '411300' });
		const [changed] = await db.select().from(s.auditLog).where(eq(s.auditLog.entityId, String(id))).orderBy(desc(s.auditLog.id)).limit(1);
		expect(bindingShown(changed)).toMatchObject({ before: '所属推荐单位 许昌市科协；所在城市 许昌市', after: '所属推荐单位 河南省医学会；所在城市 南阳市' });
		// and then a leader: no binding is left behind
		const v2 = (await getUser(id))!;
		await updateUser(actor, id, updateUserSchema.parse({ displayName: '王领导', role: 'leader', pilotId: '', unitId: '', nominationUnit: '', reviewerCity: '', version: String(v2.version) }));
		expect(await account(id)).toBeNull();
		expect(await getUser(id)).toMatchObject({ nominationUnit: null, reviewerCity: null });
	});
});

describe('call settings', () => {
	it('a save without the version its form was made from is refused and changes nothing; with it, it saves', async () => {
		const [call] = await db.select().from(s.nominationCalls).limit(1);
		const unitIds = (await db.select({ id: s.nominationCallUnits.unitId }).from(s.nominationCallUnits).where(eq(s.nominationCallUnits.callId, call.id))).map((r) => r.id);
		const form = new FormData();
		// as the browser posts it: a checkbox is "on" or absent
		for (const [k, v] of Object.entries(calls.formValuesOf(call, unitIds))) for (const one of Array.isArray(v) ? v : [v]) if (one !== false) form.append(k, one === true ? 'on' : String(one));
		form.delete('version');
		const parsed = parseForm(callSchema, form, CALL_ARRAY_KEYS);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		const frozen = (await quotas.frozen(call.id)) !== null;
		await expect(calls.update(SYSTEM_ACTOR, call.id, { ...parsed.data, name: `${call.name}（无版本号）` }, frozen)).rejects.toThrow('缺少版本号');
		expect((await db.select().from(s.nominationCalls).where(eq(s.nominationCalls.id, call.id)))[0]).toEqual(call);
		await calls.update(SYSTEM_ACTOR, call.id, { ...parsed.data, version: call.version }, frozen);
		expect((await db.select().from(s.nominationCalls).where(eq(s.nominationCalls.id, call.id)))[0].version).toBe(call.version + 1);
	});

	it('a new nomination declares nothing for its unit: 无不良记录 waits for the unit, and until then it is not eligible', async () => {
		const [call] = await db.select().from(s.nominationCalls);
		// a city with a volunteer place left and a volunteer not yet nominated
		let id = 0;
		for (const u of (await calls.unitsOf(call)).filter((x) => x.divisionCode)) {
			const used = (await entries.list(call.id, u.id)).filter((r) => r.n.category === 'volunteer').length;
			if (used >= (await quotas.quotaOf(call, u.id, 'volunteer'))) continue;
			const taken = new Set((await entries.list(call.id)).map((r) => r.n.candidateKey));
			const option = (await entries.candidates(call, { divisionCode: u.divisionCode }, 'volunteer')).find((o) => !taken.has(o.key));
			if (!option) continue;
			id = await entries.create(SYSTEM_ACTOR, call, { ...u, categories: ['volunteer'] }, 'volunteer', option.key);
			break;
		}
		expect(id).toBeGreaterThan(0);
		const [n] = await db.select().from(s.nominations).where(eq(s.nominations.id, id));
		expect(n.details).toMatchObject({ noBadRecord: null });
		expect(n.eligible).toBe(false);
		expect(n.reasons).toContain('未确认无不良记录或违法违纪行为');
	});

	it('what was sent to the province keeps what 报送 required: its 主要事迹 and its photos', async () => {
		const [call] = await db.select().from(s.nominationCalls);
		const [sent] = await db.select().from(s.nominations).where(eq(s.nominations.status, 'submitted')).limit(1);
		const photos = await db.select().from(s.nominationFiles).where(eq(s.nominationFiles.nominationId, sent.id));
		expect(photos.length, 'the demo sends nominations with their photos').toBe(entries.PHOTOS_NEEDED[sent.category]);
		const d = sent.details as Record<string, string | null>;
		const input = { gender: null, birthMonth: null, politics: d.politics, address: d.address, contact: d.contact, activitiesText: d.activitiesText, deeds: null, noBadRecord: true, outstanding: false, exceptionReason: sent.exceptionReason, version: sent.version };
		await expect(entries.update(SYSTEM_ACTOR, call, sent.id, input, [])).rejects.toThrow('已报送的推荐须保留主要事迹');
		await expect(entries.removePhoto(SYSTEM_ACTOR, call.id, sent.id, photos[0].id)).rejects.toThrow('已报送的推荐至少保留');
		expect((await db.select().from(s.nominations).where(eq(s.nominations.id, sent.id)))[0]).toEqual(sent);
		expect(await db.select().from(s.nominationFiles).where(eq(s.nominationFiles.nominationId, sent.id))).toEqual(photos);
	});
});
