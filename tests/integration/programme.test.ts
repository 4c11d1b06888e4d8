import { beforeAll, describe, expect, it } from 'vitest';
import { count, desc, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { auditLog, pilots } from '$lib/server/db/schema';
import { type Actor } from '$lib/server/audit';
import { listPilotProgress } from '$lib/server/queries/pilots';
import { acceptanceRecordOf, changeLifecycle, changeTarget, targetHistoryOf } from '$lib/server/programme';
import { acceptancePdf } from '$lib/server/acceptance-pdf';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FieldError } from '$lib/server/errors';
import { toPilotRow } from '$lib/server/views/pilot-row';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';

const TODAY = DEMO_TODAY;
const admin: Actor = { userId: null, username: 'admin', role: 'province_admin', ip: '127.0.0.1' };

beforeAll(() => loadDemoDatabase());

const idOf = async (code: string) => (await db.select().from(pilots).where(eq(pilots.divisionCode, code)))[0].id;
const progressOf = async (id: number) => (await listPilotProgress({ pilotIds: [id] }, TODAY))[0];
const audits = async () => (await db.select({ n: count() }).from(auditLog))[0].n;

describe('target changes', () => {
	it('move an overdue pilot to complete once every (changed) target is met, each with its reason kept', async () => {
		// 兰考县: cycle ended with stations 1/2 and mechanisms 7/8
		const id = await idOf('410225');
		expect((await progressOf(id)).progress?.status).toBe('overdue');
		const before = await audits();
		await changeTarget(admin, id, { targetKey: 'stations', value: 1, reason: '一处站点因场馆改造停用，经研究调减' });
		expect(await audits()).toBe(before + 1);
		const p1 = await progressOf(id);
		expect(p1.targets.stations).toBe(1);
		expect(p1.progress?.status).toBe('overdue');
		expect(p1.progress?.behind).toEqual(['mechanisms']);
		await changeTarget(admin, id, { targetKey: 'mechanisms', value: 7, reason: '服务积分制度并入市级统一办法' });
		expect((await progressOf(id)).progress?.status).toBe('complete');
		const history = await targetHistoryOf(id);
		expect(history.map((h) => [h.targetKey, h.previousValue, h.value])).toEqual([
			['mechanisms', 8, 7],
			['stations', 2, 1]
		]);
		expect(history[1].reason).toBe('一处站点因场馆改造停用，经研究调减');
		const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'pilot.change_target')).orderBy(desc(auditLog.id)).limit(1);
		expect(entry.before).toEqual({ mechanisms: 8 });
		expect(entry.after).toEqual({ mechanisms: 7, reason: '服务积分制度并入市级统一办法' });
	});

	it('raising a target can make an on-track pilot lag', async () => {
		// 禹州市: on track with activities 3/10 at a quarter of its cycle
		const id = await idOf('411081');
		expect((await progressOf(id)).progress?.status).toBe('on_track');
		await changeTarget(admin, id, { targetKey: 'activities', value: 40, reason: '承担省级示范任务，活动目标提高' });
		const p = await progressOf(id);
		expect(p.progress?.status).not.toBe('on_track');
		expect(p.progress?.behind).toContain('activities');
	});

	it('refuses a change that changes nothing', async () => {
		const id = await idOf('410300');
		await expect(changeTarget(admin, id, { targetKey: 'teams', value: 10, reason: '无' })).rejects.toBeInstanceOf(FieldError);
	});
});

describe('lifecycle changes', () => {
	it('closing needs a summary; an accepted pilot shows final figures without a pace status', async () => {
		const id = await idOf('411323'); // 西峡县, complete
		await expect(changeLifecycle(admin, id, { to: 'closing', approvalDate: null, closingSummary: null })).rejects.toThrow('经验总结');
		// an approval date typed beside 总结验收 would move the whole cycle: refused, and nothing changes
		const before = await db.select().from(pilots).where(eq(pilots.id, id));
		await expect(changeLifecycle(admin, id, { to: 'closing', approvalDate: '2030-01-01', closingSummary: '经验总结' })).rejects.toThrow('立项资助日期只在转为“已立项”时填写');
		expect(await db.select().from(pilots).where(eq(pilots.id, id))).toEqual(before);
		await changeLifecycle(admin, id, { to: 'closing', approvalDate: null, closingSummary: '以站点为阵地，组建四支专业队伍……' });
		expect(toPilotRow(await progressOf(id)).status).toBe('complete');
		// nothing verified yet: 已验收 needs a written reason (issue 21), then goes through
		await expect(changeLifecycle(admin, id, { to: 'accepted', approvalDate: null, closingSummary: null })).rejects.toThrow('通过验收须写明理由');
		await changeLifecycle(admin, id, { to: 'accepted', approvalDate: null, closingSummary: null, acceptanceReason: '现场核验后同意验收' });
		const row = toPilotRow(await progressOf(id));
		expect(row.lifecycle).toBe('accepted');
		expect(row.status).toBeNull();
		expect(row.dimensions.every((d) => d.actual >= d.target)).toBe(true);
		await expect(changeLifecycle(admin, id, { to: 'withdrawn', approvalDate: null, closingSummary: null })).rejects.toThrow('当前阶段不能转到所选阶段');

		// the acceptance record as a PDF: every target on claimed and verified counts, the summary and the reason
		const record = (await acceptanceRecordOf(id, DEMO_TODAY))!;
		const dir = mkdtempSync(join(tmpdir(), 'acceptance-'));
		writeFileSync(join(dir, 'a.pdf'), await acceptancePdf(record));
		const text = execFileSync('pdftotext', [join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
		expect(text).toContain(`${record.pilot.name}试点验收记录`);
		for (const t of record.targets) expect(text).toContain(`${t.label}：目标${t.target}，填报${t.claimed}，已核实${t.verified}`);
		expect(text).toContain('以站点为阵地，组建四支专业队伍');
		expect(text).toContain('理由：现场核验后同意验收');
	});

	it('a withdrawn pilot leaves the pace statuses', async () => {
		const id = await idOf('411121'); // 舞阳县, lagging
		await changeLifecycle(admin, id, { to: 'withdrawn', approvalDate: null, closingSummary: null });
		expect(toPilotRow(await progressOf(id)).status).toBeNull();
	});
});
