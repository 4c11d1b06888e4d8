/**
 * 组织体系回收站 (issue 19): a removed officer, obligation or unit goes to the organisation's bin and
 * comes back whole; refusals leave everything as it was; entries past 30 days are purged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { auditLog, orgDeadlineDone, orgDeadlines, orgOfficers, orgRecycleBin, orgReminders, orgUnitParents, orgUnits } from '$lib/server/db/schema';
import { SYSTEM_ACTOR } from '$lib/server/audit';
import * as units from '$lib/server/organisation/units';
import * as officers from '$lib/server/organisation/officers';
import * as deadlines from '$lib/server/organisation/deadlines';
import * as orgBin from '$lib/server/organisation/bin';
import { FieldError, FieldErrors } from '$lib/server/errors';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';

const NEXT_DAY = '2026-11-24';
let corps = 0;
let city = 0;

const binEntry = async (kind: orgBin.OrgBinKind, entityId: number) =>
	(await db.select().from(orgRecycleBin).where(and(eq(orgRecycleBin.kind, kind), eq(orgRecycleBin.entityId, entityId))))[0];

beforeAll(async () => {
	await loadDemoDatabase();
	corps = (await db.select().from(orgUnits).where(eq(orgUnits.kind, 'corps')))[0].id;
	city = await units.create(SYSTEM_ACTOR, { kind: 'city_detachment', name: '回收站测试支队', parentId: corps, divisionCode: '410300', foundedOn: null, platformId: null }, '2026-09-01');
});

describe('officers', () => {
	it('go to the bin and come back under the same id with every field', async () => {
		const id = await officers.save(SYSTEM_ACTOR, city, null, { role: 'secretary_general', name: '测试秘书长', workUnit: '洛阳市科协', phone: '19900000201' });
		const [before] = await db.select().from(orgOfficers).where(eq(orgOfficers.id, id));
		await officers.remove(SYSTEM_ACTOR, city, id);
		expect(await db.select().from(orgOfficers).where(eq(orgOfficers.id, id))).toEqual([]);
		const entry = await binEntry('org_officer', id);
		expect(entry).toMatchObject({ scopeUnitId: city, label: '测试秘书长' });
		await orgBin.restore(SYSTEM_ACTOR, entry.id, DEMO_TODAY);
		const [after] = await db.select().from(orgOfficers).where(eq(orgOfficers.id, id));
		expect({ ...after, updatedAt: 0 }).toEqual({ ...before, updatedAt: 0 });
		expect(await binEntry('org_officer', id)).toBeUndefined();
	});

	it('a head is not restored over a new head, and the refusal changes nothing', async () => {
		const first = await officers.save(SYSTEM_ACTOR, city, null, { role: 'head', name: '原支队长', workUnit: null, phone: null });
		await officers.remove(SYSTEM_ACTOR, city, first);
		await officers.save(SYSTEM_ACTOR, city, null, { role: 'head', name: '新支队长', workUnit: null, phone: null });
		const entry = await binEntry('org_officer', first);
		await expect(orgBin.restore(SYSTEM_ACTOR, entry.id, DEMO_TODAY)).rejects.toThrow(/已有支队长“新支队长”/);
		expect(await binEntry('org_officer', first)).toEqual(entry);
		expect(await db.select().from(orgOfficers).where(eq(orgOfficers.id, first))).toEqual([]);
	});
});

describe('obligations', () => {
	it('a second completion of the same obligation is refused, and the first one’s note and document stay', async () => {
		const id = await deadlines.save(SYSTEM_ACTOR, null, { title: '重复登记测试', dueDate: '2026-11-01', kinds: ['city_detachment'] });
		const pdf = { bytes: new TextEncoder().encode('%PDF-1.4 first'), kind: 'pdf' as const, name: '工作总结.pdf' };
		await deadlines.markDone(SYSTEM_ACTOR, city, { deadlineId: id, doneOn: '2026-11-20', note: '工作总结已盖章报送' }, pdf, DEMO_TODAY);
		const first = await db.select().from(orgDeadlineDone).where(eq(orgDeadlineDone.deadlineId, id));
		// a page opened before the first registration, sent later with a shorter note and no file
		await expect(deadlines.markDone(SYSTEM_ACTOR, city, { deadlineId: id, doneOn: DEMO_TODAY, note: '已报' }, null, DEMO_TODAY)).rejects.toThrow('“重复登记测试”已于 2026-11-20 登记完成，不能重复登记');
		expect(await db.select().from(orgDeadlineDone).where(eq(orgDeadlineDone.deadlineId, id))).toEqual(first);
		expect(first[0]).toMatchObject({ note: '工作总结已盖章报送', fileName: '工作总结.pdf' });
	});

	it('a completion is not dated before the unit was founded, nor years before its task', async () => {
		const id = await deadlines.save(SYSTEM_ACTOR, null, { title: '日期测试', dueDate: '2026-12-20', kinds: ['city_detachment'] });
		await expect(deadlines.markDone(SYSTEM_ACTOR, city, { deadlineId: id, doneOn: '1999-01-01', note: '已报' }, null, DEMO_TODAY)).rejects.toThrow('完成日期不能早于 2025-01-01（截止日期 2026-12-20 的上一年）');
		const [u] = await db.select().from(orgUnits).where(eq(orgUnits.id, city));
		await units.update(SYSTEM_ACTOR, city, { name: u.name, divisionCode: u.divisionCode, foundedOn: '2026-02-06', platformId: u.platformId, version: u.version });
		await expect(deadlines.markDone(SYSTEM_ACTOR, city, { deadlineId: id, doneOn: '2026-01-10', note: '已报' }, null, DEMO_TODAY)).rejects.toThrow('完成日期不能早于本单位成立日期（2026-02-06）');
		expect(await deadlines.registrationOf(city, id)).toBeNull();
		await deadlines.markDone(SYSTEM_ACTOR, city, { deadlineId: id, doneOn: '2026-02-06', note: '已报' }, null, DEMO_TODAY);
		expect(await deadlines.registrationOf(city, id)).toEqual({ title: '日期测试', doneOn: '2026-02-06' });
	});

	it('撤销登记 takes a completion back: the obligation is open again, the audit keeps what was registered, and it can be registered anew', async () => {
		const id = await deadlines.save(SYSTEM_ACTOR, null, { title: '撤销登记测试', dueDate: '2026-11-01', kinds: ['city_detachment'] });
		const pdf = { bytes: new TextEncoder().encode('%PDF-1.4 wrong'), kind: 'pdf' as const, name: '错传的材料.pdf' };
		await deadlines.markDone(SYSTEM_ACTOR, city, { deadlineId: id, doneOn: '2026-11-02', note: '误登记' }, pdf, DEMO_TODAY);
		expect(await deadlines.registrationOf(city, id)).toEqual({ title: '撤销登记测试', doneOn: '2026-11-02' });
		expect(await deadlines.undoDone(SYSTEM_ACTOR, city, id)).toEqual({ title: '撤销登记测试' });
		expect(await db.select().from(orgDeadlineDone).where(eq(orgDeadlineDone.deadlineId, id))).toEqual([]);
		expect(await deadlines.registrationOf(city, id)).toBeNull();
		const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'org_deadline.undone')).orderBy(desc(auditLog.id)).limit(1);
		expect({ entityType: entry.entityType, entityId: Number(entry.entityId), before: entry.before }).toEqual({
			entityType: 'org_unit',
			entityId: city,
			before: { deadline: '撤销登记测试', doneOn: '2026-11-02', note: '误登记', file: '错传的材料.pdf' }
		});
		// nothing left to take back, and another unit's obligation is not this unit's
		await expect(deadlines.undoDone(SYSTEM_ACTOR, city, id)).rejects.toThrow('“撤销登记测试”尚未登记完成');
		await deadlines.markDone(SYSTEM_ACTOR, city, { deadlineId: id, doneOn: '2026-11-20', note: '工作总结已报送' }, null, DEMO_TODAY);
		expect(await deadlines.registrationOf(city, id)).toEqual({ title: '撤销登记测试', doneOn: '2026-11-20' });
		const teamOnly = await deadlines.save(SYSTEM_ACTOR, null, { title: '仅限服务队', dueDate: '2026-11-01', kinds: ['county_team'] });
		await expect(deadlines.undoDone(SYSTEM_ACTOR, city, teamOnly)).rejects.toThrow('该单位没有这项报送任务');
	});

	it('a completion taken back waits in the bin with its document, and comes back as it was unless registered anew', async () => {
		const id = await deadlines.save(SYSTEM_ACTOR, null, { title: '撤销后恢复', dueDate: '2026-11-01', kinds: ['city_detachment'] });
		const pdf = { bytes: new TextEncoder().encode('%PDF-1.4 the right one'), kind: 'pdf' as const, name: '盖章总结.pdf' };
		await deadlines.markDone(SYSTEM_ACTOR, city, { deadlineId: id, doneOn: '2026-11-02', note: '已盖章报送' }, pdf, DEMO_TODAY);
		const [registered] = await db.select().from(orgDeadlineDone).where(eq(orgDeadlineDone.deadlineId, id));
		expect(registered.fileSha256).toMatch(/^[0-9a-f]{64}$/);
		await deadlines.undoDone(SYSTEM_ACTOR, city, id);
		const [entry] = (await orgBin.list()).filter((e) => e.kind === 'org_deadline_done' && e.entityId === registered.id);
		expect(entry).toMatchObject({ scopeUnitId: city, label: expect.stringContaining('“撤销后恢复”2026-11-02 的完成登记') });
		// registered again meanwhile: the old one does not overwrite it
		await deadlines.markDone(SYSTEM_ACTOR, city, { deadlineId: id, doneOn: '2026-11-20', note: '新的登记' }, null, DEMO_TODAY);
		await expect(orgBin.restore(SYSTEM_ACTOR, entry.id, DEMO_TODAY)).rejects.toThrow('已于 2026-11-20 重新登记完成');
		await deadlines.undoDone(SYSTEM_ACTOR, city, id);
		await orgBin.restore(SYSTEM_ACTOR, entry.id, DEMO_TODAY);
		expect(await db.select().from(orgDeadlineDone).where(eq(orgDeadlineDone.deadlineId, id))).toEqual([registered]);
		expect(await orgBin.get(entry.id)).toBeNull();
	});

	it('the same task with the same due date is not set twice, on a create or by renaming another', async () => {
		const id = await deadlines.save(SYSTEM_ACTOR, null, { title: '唯一任务', dueDate: '2026-12-15', kinds: ['city_detachment'] });
		await expect(deadlines.save(SYSTEM_ACTOR, null, { title: '唯一任务', dueDate: '2026-12-15', kinds: ['county_team'] })).rejects.toThrow('已有截止日期为 2026-12-15 的“唯一任务”，不能重复设置');
		const other = await deadlines.save(SYSTEM_ACTOR, null, { title: '唯一任务', dueDate: '2027-12-15', kinds: ['city_detachment'] });
		await expect(deadlines.save(SYSTEM_ACTOR, other, { title: '唯一任务', dueDate: '2026-12-15', kinds: ['city_detachment'], version: 1 })).rejects.toThrow(/不能重复设置/);
		// saving a task as it is stays possible
		await deadlines.save(SYSTEM_ACTOR, id, { title: '唯一任务', dueDate: '2026-12-15', kinds: ['city_detachment', 'county_team'], version: 1 });
		expect((await deadlines.list()).filter((d) => d.title === '唯一任务')).toHaveLength(2);
	});

	it('the 新增 form suggests the seeds’ next obligation not yet set, then next year’s, then nothing', () => {
		const year = deadlines.defaultDeadlines(2026);
		expect(deadlines.nextSuggestion([], 2026)).toEqual(year[0]);
		expect(deadlines.nextSuggestion(year.slice(0, 2), 2026)).toEqual(year[2]);
		const next = deadlines.defaultDeadlines(2027);
		expect(deadlines.nextSuggestion(year, 2026)).toEqual(next[0]);
		expect(deadlines.nextSuggestion([...year, ...next], 2026)).toEqual({ title: '', dueDate: '', kinds: [] });
	});

	it('a completion refused for a future date and for having neither note nor document says both at once, and writes nothing', async () => {
		const id = await deadlines.save(SYSTEM_ACTOR, null, { title: '两处错误', dueDate: '2026-11-01', kinds: ['city_detachment'] });
		const refused = await deadlines.markDone(SYSTEM_ACTOR, city, { deadlineId: id, doneOn: '2099-01-01', note: null }, null, DEMO_TODAY).catch((e) => e);
		expect(refused).toBeInstanceOf(FieldErrors);
		expect(Object.keys((refused as FieldErrors).errors).sort()).toEqual(['doneOn', 'note']);
		expect(await db.select().from(orgDeadlineDone).where(eq(orgDeadlineDone.deadlineId, id))).toEqual([]);
	});

	it('come back with their units’ completions and the 督办 that named them', async () => {
		const id = await deadlines.save(SYSTEM_ACTOR, null, { title: '回收站测试任务', dueDate: '2026-11-01', kinds: ['city_detachment'] });
		await deadlines.remind(SYSTEM_ACTOR, city, { deadlineId: id, message: '请尽快完成' }, DEMO_TODAY);
		await deadlines.markDone(SYSTEM_ACTOR, city, { deadlineId: id, doneOn: DEMO_TODAY, note: '已完成' }, null, DEMO_TODAY);
		const done = await db.select().from(orgDeadlineDone).where(eq(orgDeadlineDone.deadlineId, id));
		const reminder = (await db.select().from(orgReminders).where(eq(orgReminders.deadlineId, id)))[0];
		expect(done).toHaveLength(1);
		await deadlines.remove(SYSTEM_ACTOR, id);
		expect(await db.select().from(orgDeadlineDone).where(eq(orgDeadlineDone.deadlineId, id))).toEqual([]);
		expect((await db.select().from(orgReminders).where(eq(orgReminders.id, reminder.id)))[0].deadlineId).toBeNull();
		await orgBin.restore(SYSTEM_ACTOR, (await binEntry('org_deadline', id)).id, DEMO_TODAY);
		expect((await db.select().from(orgDeadlines).where(eq(orgDeadlines.id, id)))[0].title).toBe('回收站测试任务');
		expect(await db.select().from(orgDeadlineDone).where(eq(orgDeadlineDone.deadlineId, id))).toEqual(done);
		expect((await db.select().from(orgReminders).where(eq(orgReminders.id, reminder.id)))[0].deadlineId).toBe(id);
	});
});

describe('units', () => {
	const parentRows = (id: number) => db.select().from(orgUnitParents).where(eq(orgUnitParents.unitId, id));

	it('removed and restored the same day rejoin the tree with no gap', async () => {
		const county = await units.create(SYSTEM_ACTOR, { kind: 'county_team', name: '回收站测试县队', parentId: city, divisionCode: '410323', foundedOn: null, platformId: null }, '2026-10-01');
		const rowsBefore = await parentRows(county);
		await units.remove(SYSTEM_ACTOR, county, DEMO_TODAY);
		expect((await units.treeOf(DEMO_TODAY)).has(county)).toBe(false);
		const entry = await binEntry('org_unit', county);
		expect(entry).toMatchObject({ scopeUnitId: city, label: '回收站测试县队' });
		await orgBin.restore(SYSTEM_ACTOR, entry.id, DEMO_TODAY);
		expect((await units.treeOf(DEMO_TODAY)).get(county)).toBe(city);
		expect(await parentRows(county)).toEqual(rowsBefore);
		expect((await units.get(county))?.removedOn).toBeNull();
	});

	it('restored on a later day reopen from that day, and the days between stay without it', async () => {
		const county = await units.create(SYSTEM_ACTOR, { kind: 'county_team', name: '回收站测试县队二', parentId: city, divisionCode: '410324', foundedOn: null, platformId: null }, '2026-10-01');
		await units.remove(SYSTEM_ACTOR, county, '2026-11-20');
		await orgBin.restore(SYSTEM_ACTOR, (await binEntry('org_unit', county)).id, NEXT_DAY);
		expect((await units.treeOf('2026-11-21')).has(county)).toBe(false);
		expect((await units.treeOf(NEXT_DAY)).get(county)).toBe(city);
		expect((await units.treeOf('2026-10-15')).get(county)).toBe(city);
		expect((await parentRows(county)).map((r) => [r.validFrom, r.validTo])).toEqual([
			['2026-10-01', '2026-11-20'],
			[NEXT_DAY, null]
		]);
	});

	it('is refused while its former parent is gone, changing nothing', async () => {
		const parent = await units.create(SYSTEM_ACTOR, { kind: 'city_detachment', name: '回收站测试支队二', parentId: corps, divisionCode: '410700', foundedOn: null, platformId: null }, '2026-10-01');
		const child = await units.create(SYSTEM_ACTOR, { kind: 'county_team', name: '回收站测试县队三', parentId: parent, divisionCode: '410721', foundedOn: null, platformId: null }, '2026-10-01');
		await units.remove(SYSTEM_ACTOR, child, DEMO_TODAY);
		await units.remove(SYSTEM_ACTOR, parent, DEMO_TODAY);
		const entry = await binEntry('org_unit', child);
		const rows = await parentRows(child);
		await expect(orgBin.restore(SYSTEM_ACTOR, entry.id, DEMO_TODAY)).rejects.toBeInstanceOf(FieldError);
		expect(await parentRows(child)).toEqual(rows);
		expect((await units.get(child))?.removedOn).toBe(DEMO_TODAY);
		// the parent first, then the child
		await orgBin.restore(SYSTEM_ACTOR, (await binEntry('org_unit', parent)).id, DEMO_TODAY);
		await orgBin.restore(SYSTEM_ACTOR, entry.id, DEMO_TODAY);
		expect((await units.treeOf(DEMO_TODAY)).get(child)).toBe(parent);
	});
});

describe('purge', () => {
	it('clears entries past 30 days and keeps newer ones; a purged unit stays removed', async () => {
		const county = await units.create(SYSTEM_ACTOR, { kind: 'county_team', name: '回收站测试县队四', parentId: city, divisionCode: '410325', foundedOn: null, platformId: null }, '2026-10-01');
		await units.remove(SYSTEM_ACTOR, county, DEMO_TODAY);
		const entry = await binEntry('org_unit', county);
		const all = await db.select({ id: orgRecycleBin.id, purgeAfter: orgRecycleBin.purgeAfter }).from(orgRecycleBin);
		expect(all.length).toBeGreaterThan(1);
		expect(await orgBin.purgeExpired(Math.min(...all.map((e) => e.purgeAfter)))).toBe(0);
		const purged = await orgBin.purgeExpired(entry.purgeAfter + 1);
		expect(purged).toBe(all.length);
		expect(await db.select().from(orgRecycleBin)).toEqual([]);
		expect((await units.get(county))?.removedOn).toBe(DEMO_TODAY);
		expect(await db.select().from(orgUnitParents).where(and(eq(orgUnitParents.unitId, county), isNull(orgUnitParents.validTo)))).toEqual([]);
	});

	it('a unit is not restored beside a unit of its name made under the same parent since', async () => {
		const first = await units.create(SYSTEM_ACTOR, { kind: 'county_team', name: '嵩县科技志愿者队（回收站）', parentId: city, divisionCode: '410325', foundedOn: null, platformId: null }, '2026-09-01');
		await units.remove(SYSTEM_ACTOR, first, DEMO_TODAY);
		const again = await units.create(SYSTEM_ACTOR, { kind: 'county_team', name: '嵩县科技志愿者队（回收站）', parentId: city, divisionCode: '410325', foundedOn: null, platformId: null }, DEMO_TODAY);
		const entry = await binEntry('org_unit', first);
		const before = await db.select().from(orgUnits);
		await expect(orgBin.restore(SYSTEM_ACTOR, entry.id, NEXT_DAY)).rejects.toThrow('无法恢复：上级单位下已有“嵩县科技志愿者队（回收站）”');
		expect(await db.select().from(orgUnits)).toEqual(before);
		expect(await binEntry('org_unit', first)).toBeDefined();
		// once the new one is renamed, the old one comes back
		const [a] = await db.select().from(orgUnits).where(eq(orgUnits.id, again));
		await units.update(SYSTEM_ACTOR, again, { name: '嵩县科技志愿者二队', divisionCode: '410325', foundedOn: null, platformId: null, version: a.version });
		await orgBin.restore(SYSTEM_ACTOR, entry.id, NEXT_DAY);
		expect((await db.select().from(orgUnits).where(eq(orgUnits.id, first)))[0].removedOn).toBeNull();
	});
});
