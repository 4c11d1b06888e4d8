/** The province's decision, 公示 with objections, and the published list (winners excluded from later calls). */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { db } from '../db';
import { nominationCalls, nominationObjections, nominations, nominationUnits } from '../db/schema';
import { write, type Actor } from '../audit';
import { now } from '../clock';
import { FieldError, NotFoundError } from '../errors';
import { publicityEndDate } from '../../domain/nomination-process';
import { isValidDate } from '../../domain/dates';
import { NOMINATION_CATEGORIES, NOMINATION_CATEGORY_LABELS } from '../../domain/nominations';
import type { Call } from './calls';

export const PUBLICITY_WORKING_DAYS = 5;

/** The province marks the selected nominations (replacing an earlier choice) while reviewing. */
export async function decide(actor: Actor, call: Call, selectedIds: number[]) {
	if (call.stage === 'published') throw new FieldError('_form', '名单已发布，不能再改');
	return write(actor, async (tx, record) => {
		const list = await tx.select({ id: nominations.id, name: nominations.candidateName, status: nominations.status }).from(nominations).where(eq(nominations.callId, call.id));
		const ids = new Set(selectedIds);
		const chosen = list.filter((n) => ids.has(n.id));
		if (chosen.length !== ids.size) throw new FieldError('selectedIds', '推荐对象选项无效');
		if (chosen.some((n) => n.status !== 'submitted')) throw new FieldError('selectedIds', '只能选择已报送的推荐对象');
		await tx.update(nominations).set({ selected: false }).where(eq(nominations.callId, call.id));
		if (chosen.length) await tx.update(nominations).set({ selected: true }).where(inArray(nominations.id, chosen.map((n) => n.id)));
		await record({ action: 'nomination_call.decide', entityType: 'nomination_call', entityId: call.id, after: { selected: chosen.map((n) => n.name) } });
	});
}

/**
 * Moves the call on: 征集 → 评审 → 公示 (from a start date, ending after 5 working days) → 已发布.
 * Publishing needs every objection resolved; going back is allowed before publishing.
 */
export async function setStage(actor: Actor, call: Call, stage: Call['stage'], publicityStart: string | null) {
	if (call.stage === 'published') throw new FieldError('stage', '名单已发布');
	const patch: Partial<typeof nominationCalls.$inferInsert> = { stage, updatedAt: now(), version: call.version + 1 };
	if (stage === 'publicity') {
		if (!publicityStart) throw new FieldError('publicityStart', '请填写公示开始日期');
		if (!isValidDate(publicityStart)) throw new FieldError('publicityStart', '公示开始日期不是有效日期（格式 YYYY-MM-DD）');
		patch.publicityStart = publicityStart;
		patch.publicityEnd = publicityEndDate(publicityStart, PUBLICITY_WORKING_DAYS);
	}
	if (stage === 'published') {
		if (call.stage !== 'publicity') throw new FieldError('stage', '须先公示，再发布');
		const [open] = await db.select({ id: nominationObjections.id }).from(nominationObjections).where(and(eq(nominationObjections.callId, call.id), isNull(nominationObjections.resolvedAt))).limit(1);
		if (open) throw new FieldError('stage', '尚有未处理的异议');
		patch.publishedAt = now();
	}
	return write(actor, async (tx, record) => {
		await tx.update(nominationCalls).set(patch).where(eq(nominationCalls.id, call.id));
		await record({ action: 'nomination_call.stage', entityType: 'nomination_call', entityId: call.id, before: { stage: call.stage }, after: { stage, publicityStart: patch.publicityStart ?? null, publicityEnd: patch.publicityEnd ?? null } });
	});
}

export function objectionsOf(callId: number) {
	return db.select().from(nominationObjections).where(eq(nominationObjections.callId, callId)).orderBy(asc(nominationObjections.id));
}

export async function addObjection(actor: Actor, call: Call, input: { nominationId: number | null; who: string; contact: string; what: string; receivedOn: string }) {
	if (call.stage !== 'publicity') throw new FieldError('_form', '只在公示期间登记异议');
	return write(actor, async (tx, record) => {
		if (input.nominationId !== null) {
			const [n] = await tx.select({ id: nominations.id }).from(nominations).where(and(eq(nominations.id, input.nominationId), eq(nominations.callId, call.id)));
			if (!n) throw new FieldError('nominationId', '推荐对象选项无效');
		}
		const [row] = await tx.insert(nominationObjections).values({ ...input, callId: call.id, createdAt: now() }).returning({ id: nominationObjections.id });
		await record({ action: 'nomination_objection.create', entityType: 'nomination_objection', entityId: row.id, after: input });
	});
}

export async function resolveObjection(actor: Actor, call: Call, objectionId: number, resolution: string) {
	return write(actor, async (tx, record) => {
		const [o] = await tx.select().from(nominationObjections).where(and(eq(nominationObjections.id, objectionId), eq(nominationObjections.callId, call.id)));
		if (!o) throw new NotFoundError();
		await tx.update(nominationObjections).set({ resolution, resolvedAt: now() }).where(eq(nominationObjections.id, objectionId));
		await record({ action: 'nomination_objection.resolve', entityType: 'nomination_objection', entityId: objectionId, before: { resolution: o.resolution }, after: { resolution } });
	});
}

/** The list as decided: per category, the selected nominations with their unit. */
export async function selectedOf(callId: number) {
	return db
		.select({ id: nominations.id, category: nominations.category, name: nominations.candidateName, unitName: nominationUnits.name })
		.from(nominations)
		.innerJoin(nominationUnits, eq(nominationUnits.id, nominations.unitId))
		.where(and(eq(nominations.callId, callId), eq(nominations.selected, true)))
		.orderBy(asc(nominations.category), asc(nominations.id));
}

/** The published list as a workbook: one sheet, 类别 / 序号 / 名称 / 推荐单位. */
export async function workbook(call: Call): Promise<Buffer> {
	const rows = await selectedOf(call.id);
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('入选名单');
	ws.addRow([`${call.name} 入选名单`]);
	ws.addRow(['类别', '序号', '名称', '推荐单位']);
	for (const category of NOMINATION_CATEGORIES) {
		rows.filter((r) => r.category === category).forEach((r, i) => ws.addRow([NOMINATION_CATEGORY_LABELS[category], i + 1, r.name, r.unitName]));
	}
	ws.columns = [{ width: 28 }, { width: 8 }, { width: 36 }, { width: 24 }];
	return Buffer.from(await wb.xlsx.writeBuffer());
}
