/**
 * The audit log as people read it: every kind of item named as its page names it, the person by
 * display name, an item deleted since by its recycle-bin label — all read in one statement.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { desc, eq, gt } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { activities, auditLog, mechanisms, monthlyReports, orgUnits, pilots, rounds, teams, users } from '$lib/server/db/schema';
import * as units from '$lib/server/organisation/units';
import * as officers from '$lib/server/organisation/officers';
import * as deadlines from '$lib/server/organisation/deadlines';
import type { Actor } from '$lib/server/audit';
import { describeAuditRows } from '$lib/server/audit-entries';
import { formValuesOf, updateRound } from '$lib/server/rounds';
import { roundSchema } from '$lib/schemas/items';
import * as teamsOfPilot from '$lib/server/pilots/teams';
import * as activitiesOfPilot from '$lib/server/pilots/activities';
import { MECHANISM_NAMES, type MechanismKey } from '$lib/domain/labels';
import { monthLabel } from '$lib/domain/reporting';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';

type AuditRow = typeof auditLog.$inferSelect;

let admin: Actor;
let adminName: string;

beforeAll(async () => {
	await loadDemoDatabase({ accounts: true });
	const [row] = await db.select().from(users).where(eq(users.username, 'admin'));
	admin = { userId: row.id, username: row.username, role: row.role, ip: null };
	adminName = row.displayName;
});

let nextId = 1;
const row = (r: Partial<AuditRow> & Pick<AuditRow, 'entityType'>): AuditRow => ({
	id: nextId++,
	at: 1_780_000_000_000,
	userId: admin.userId,
	username: admin.username,
	role: admin.role,
	pilotId: null,
	ip: null,
	action: `${r.entityType}.update`,
	entityId: null,
	before: null,
	after: null,
	...r
});

describe('describeAuditRows', () => {
	it('names each kind of item, the pilot and the person, and a deleted item by its bin label', async () => {
		const [pilot] = await db.select().from(pilots).limit(1);
		const [team, gone] = await db.select().from(teams).where(eq(teams.pilotId, pilot.id)).limit(2);
		const [activity] = await db.select().from(activities).where(eq(activities.pilotId, pilot.id)).limit(1);
		const [mechanism] = await db.select().from(mechanisms).where(eq(mechanisms.pilotId, pilot.id)).limit(1);
		const [report] = await db.select().from(monthlyReports).limit(1);
		const [round] = await db.select().from(rounds).limit(1);
		expect([team, gone, activity, mechanism, report, round].every(Boolean)).toBe(true);
		await teamsOfPilot.remove(admin, pilot.id, gone.id);

		const rows = [
			row({ entityType: 'team', entityId: String(team.id), pilotId: pilot.id }),
			row({ entityType: 'activity', entityId: String(activity.id), pilotId: pilot.id }),
			row({ entityType: 'mechanism', entityId: String(mechanism.id), pilotId: pilot.id }),
			row({ entityType: 'report', entityId: String(report.id), pilotId: report.pilotId }),
			row({ entityType: 'round', entityId: String(round.id) }),
			row({ entityType: 'user', entityId: String(admin.userId) }),
			row({ entityType: 'team', entityId: String(gone.id), pilotId: pilot.id }),
			row({ entityType: 'team', entityId: '999999999', pilotId: pilot.id, before: { name: '早已不在的队' } }),
			row({ entityType: 'pilot', entityId: String(pilot.id), pilotId: pilot.id }),
			row({ entityType: 'database', userId: null, username: 'system', role: null })
		];
		const views = await describeAuditRows(rows);
		expect(views.map((v) => v.itemName)).toEqual([
			team.name,
			`${activity.date} ${activity.title}`,
			MECHANISM_NAMES[mechanism.key as MechanismKey],
			monthLabel(report.month),
			round.name,
			`${adminName}（${admin.username}）`,
			`${gone.name}（已删除）`,
			'早已不在的队',
			null,
			null
		]);
		expect(views.map((v) => v.pilotName)).toEqual(rows.map((r) => (r.pilotId === pilot.id ? pilot.name : r.pilotId ? expect.any(String) : null)));
		expect(views.slice(0, -1).every((v) => v.person === adminName)).toBe(true);
		expect(views.at(-1)!.person).toBe('系统');
	});

	it('a 月报’s submission reads in words: every figure and statistics field by its form’s name, nested ones too', async () => {
		const [report] = await db.select().from(monthlyReports).where(eq(monthlyReports.status, 'submitted')).limit(1);
		const entry = row({
			entityType: 'report',
			action: 'report.submit',
			entityId: String(report.id),
			pilotId: report.pilotId,
			after: { month: report.month, narrative: report.narrative, highlights: report.highlights, figures: report.figures, extras: report.extras }
		});
		const [view] = await describeAuditRows([entry]);
		expect(view.itemName).toBe(monthLabel(report.month));
		const text = view.changes.map((c) => `${c.label} ${c.after}`).join('\n');
		expect(text).not.toContain('其他');
		expect(text).toContain('开展活动（场）');
		expect(text).toContain('累计计入 服务队');
		expect(text).toContain('流动科技馆巡展（次）');
	});

	it('an activity made and changed reads its key date by name and its teams, before and after', async () => {
		const [pilot] = await db.select().from(pilots).where(eq(pilots.lifecycle, 'approved')).limit(1);
		const [t1, t2] = await db.select().from(teams).where(eq(teams.pilotId, pilot.id)).limit(2);
		const ctx = await activitiesOfPilot.contextOf(pilot.id, DEMO_TODAY);
		const input = { title: '国际志愿者日科普', date: DEMO_TODAY, kind: 'science_lecture', field: 'science_education', keyDate: 'volunteer_day', teamIds: [t1.id], volunteers: 10, experts: 1, served: 100, serviceHours: 20 } as unknown as Parameters<typeof activitiesOfPilot.create>[2];
		const id = await activitiesOfPilot.create(admin, pilot.id, input, ctx);
		await activitiesOfPilot.update(admin, pilot.id, id, { ...input, teamIds: [t1.id, t2.id], version: 1 }, ctx);
		const rows = await db.select().from(auditLog).where(eq(auditLog.entityId, String(id))).orderBy(auditLog.id);
		const views = await describeAuditRows(rows.filter((r) => r.entityType === 'activity'));
		const made = Object.fromEntries(views[0].changes.map((c) => [c.label, c.after]));
		expect(made).toMatchObject({ 关键时间节点: '国际志愿者日', 组织服务队: t1.name });
		const changed = views[1].changes.map((c) => ({ label: c.label, before: c.before, after: c.after }));
		expect(changed).toEqual([{ label: '组织服务队', before: t1.name, after: `${t1.name}、${t2.name}` }]);
	});

	it('a round’s change names every field it changed, with the value before and after; thresholds as percentages', async () => {
		const [round] = await db.select().from(rounds).limit(1);
		const typed = Object.fromEntries(Object.entries(formValuesOf(round)).map(([k, v]) => [k, String(v)]));
		const input = roundSchema.parse({ ...typed, name: `${round.name}（改）`, citySubsidy: String(round.citySubsidy + 1000), plannedCountyPilots: String(round.plannedCountyPilots + 1), lagOverall: '14.1' });
		await updateRound(admin, round.id, input);
		const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'round.update')).orderBy(desc(auditLog.id)).limit(1);
		const [view] = await describeAuditRows([entry]);
		const byLabel = Object.fromEntries(view.changes.map((c) => [c.label, [c.before, c.after]]));
		expect(view.changes.map((c) => c.label)).not.toContain('其他');
		expect(byLabel['批次名称']).toEqual([round.name, `${round.name}（改）`]);
		expect(byLabel['市级资助（元/个）']).toEqual([String(round.citySubsidy), String(round.citySubsidy + 1000)]);
		expect(byLabel['计划县级试点（个）']).toEqual([String(round.plannedCountyPilots), String(round.plannedCountyPilots + 1)]);
		expect(byLabel['进度判定'][1]).toContain('总体滞后阈值 14.1%');
		expect(byLabel['进度判定'][0]).toContain(`总体滞后阈值 ${Math.round(round.paceSettings.lagOverall * 10_000) / 100}%`);
	});

	it('the organisation’s changes read in words: kinds, divisions, parents, roles and the unit a completion is for', async () => {
		const [luoyang] = await db.select().from(orgUnits).where(eq(orgUnits.divisionCode, '410300'));
		const start = (await db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0].id;
		const unit = await units.create(admin, { kind: 'county_team', name: '宜阳县科技志愿者队（日志）', parentId: luoyang.id, divisionCode: '410327', foundedOn: '2026-03-01', platformId: null }, '2026-11-23');
		await officers.save(admin, unit, null, { role: 'secretary_general', name: '日志秘书长', workUnit: null, phone: null });
		const deadline = await deadlines.save(admin, null, { title: '日志测试任务', dueDate: '2026-11-01', kinds: ['county_team', 'squad'] });
		await deadlines.markDone(admin, unit, { deadlineId: deadline, doneOn: '2026-11-20', note: '已报送' }, null, '2026-11-23');
		const entries = await db.select().from(auditLog).where(gt(auditLog.id, start)).orderBy(auditLog.id);
		const views = await describeAuditRows(entries);
		for (const v of views) expect(v.changes.map((c) => c.label), v.action).not.toContain('其他');
		const [created, officer, task, done] = views;
		const after = (v: (typeof views)[number]) => Object.fromEntries(v.changes.map((c) => [c.label, c.after]));
		expect(after(created)).toMatchObject({ 单位类型: '县（市、区）队', 上级单位: luoyang.name, '所在市或县（市、区）': '宜阳县（410327）', 成立日期: '2026-03-01' });
		expect(created.itemName).toBe('宜阳县科技志愿者队（日志）');
		expect(after(officer)).toMatchObject({ 职务: '秘书长', 所属单位: '宜阳县科技志愿者队（日志）', 姓名: '日志秘书长' });
		expect(after(task)).toMatchObject({ 适用单位类型: '县（市、区）队、分队' });
		expect(done).toMatchObject({ action: 'org_deadline.done', itemName: '宜阳县科技志愿者队（日志）' });
		expect(after(done)).toMatchObject({ 报送任务: '日志测试任务', 完成日期: '2026-11-20', 完成情况说明: '已报送' });
	});

	it('reads nothing when the rows name nothing', async () => {
		expect(await describeAuditRows([])).toEqual([]);
		const [view] = await describeAuditRows([row({ entityType: 'database', userId: null, username: null, role: null })]);
		expect(view).toMatchObject({ itemName: null, pilotName: null, person: '系统' });
	});
});
