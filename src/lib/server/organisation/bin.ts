/**
 * 组织体系回收站: removed units, officers and obligations for 30 days (`bin-entry.ts` puts them in).
 * 恢复 puts an officer or obligation back under the same id (an obligation with its units'
 * completions and its 督办 links), a completion taken back by 撤销登记 back as it was, and a unit back under its former parent; the hourly upkeep
 * purges entries past their 30 days (a purged unit stays removed, kept for earlier figures).
 */
import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { db } from '../db';
import { orgDeadlineDone, orgDeadlines, orgOfficers, orgRecycleBin, orgReminders, orgUnits, users } from '../db/schema';
import { write, SYSTEM_ACTOR, type Actor } from '../audit';
import { now } from '../clock';
import { FieldError, NotFoundError } from '../errors';
import { officerRoleLabel } from '../../domain/org-units';
import * as units from './units';
import { KEEP_DAYS, type OrgBinKind } from './bin-entry';

export { KEEP_DAYS, type OrgBinKind };

export const ORG_BIN_KIND_LABELS: Record<OrgBinKind, string> = { org_unit: '组织单位', org_officer: '负责人', org_deadline: '报送任务', org_deadline_done: '完成登记' };

/** Every entry, newest first, with the name of the unit whose edit right restores it. */
export async function list() {
	return db
		.select({
			id: orgRecycleBin.id,
			kind: orgRecycleBin.kind,
			entityId: orgRecycleBin.entityId,
			scopeUnitId: orgRecycleBin.scopeUnitId,
			scopeUnitName: orgUnits.name,
			label: orgRecycleBin.label,
			deletedAt: orgRecycleBin.deletedAt,
			purgeAfter: orgRecycleBin.purgeAfter,
			deletedBy: users.displayName
		})
		.from(orgRecycleBin)
		.leftJoin(users, eq(users.id, orgRecycleBin.deletedBy))
		.leftJoin(orgUnits, eq(orgUnits.id, orgRecycleBin.scopeUnitId))
		.orderBy(desc(orgRecycleBin.deletedAt), desc(orgRecycleBin.id))
		.limit(500);
}

export async function get(binId: number) {
	const [entry] = await db.select({ id: orgRecycleBin.id, kind: orgRecycleBin.kind, scopeUnitId: orgRecycleBin.scopeUnitId, label: orgRecycleBin.label }).from(orgRecycleBin).where(eq(orgRecycleBin.id, binId));
	return entry ?? null;
}

type Row = Record<string, unknown>;

/** Puts one entry back (`day`: today, the day a restored unit rejoins the tree). */
export async function restore(actor: Actor, binId: number, day: string) {
	return write(actor, async (tx, record) => {
		const [entry] = await tx.select().from(orgRecycleBin).where(eq(orgRecycleBin.id, binId));
		if (!entry) throw new NotFoundError();
		const payload = entry.payload as Row;
		if (entry.kind === 'org_officer') {
			const row = payload.row as typeof orgOfficers.$inferSelect;
			const [unit] = await tx.select({ kind: orgUnits.kind, removedOn: orgUnits.removedOn }).from(orgUnits).where(eq(orgUnits.id, row.unitId));
			if (!unit || unit.removedOn) throw new FieldError('_form', '该负责人所在单位已删除，请先恢复单位');
			if (row.role === 'head') {
				const [head] = await tx.select({ name: orgOfficers.name }).from(orgOfficers).where(and(eq(orgOfficers.unitId, row.unitId), eq(orgOfficers.role, 'head')));
				if (head) throw new FieldError('_form', `本单位已有${officerRoleLabel('head', unit.kind)}“${head.name}”，请先改任或删除后再恢复`);
			}
			await tx.insert(orgOfficers).values({ ...row, updatedAt: now() });
			await record({ action: 'org_officer.restore', entityType: 'org_officer', entityId: row.id, after: { unitId: row.unitId, role: row.role, name: row.name, workUnit: row.workUnit, phone: row.phone } });
		} else if (entry.kind === 'org_deadline') {
			const row = payload.row as typeof orgDeadlines.$inferSelect;
			await tx.insert(orgDeadlines).values({ ...row, updatedAt: now() });
			const done = (payload.done ?? []) as (typeof orgDeadlineDone.$inferSelect)[];
			const live = new Set((await tx.select({ id: orgUnits.id }).from(orgUnits)).map((u) => u.id));
			const back = done.filter((d) => live.has(d.unitId));
			if (back.length) await tx.insert(orgDeadlineDone).values(back);
			const reminderIds = (payload.reminderIds ?? []) as number[];
			if (reminderIds.length) await tx.update(orgReminders).set({ deadlineId: row.id }).where(and(inArray(orgReminders.id, reminderIds), isNull(orgReminders.deadlineId)));
			await record({ action: 'org_deadline.restore', entityType: 'org_deadline', entityId: row.id, after: { title: row.title, dueDate: row.dueDate, kinds: row.kinds } });
		} else if (entry.kind === 'org_deadline_done') {
			// a registration taken back by 撤销登记: it returns unless the obligation was registered anew
			const row = payload.row as typeof orgDeadlineDone.$inferSelect;
			const [deadline] = await tx.select({ title: orgDeadlines.title }).from(orgDeadlines).where(eq(orgDeadlines.id, row.deadlineId));
			const [unit] = await tx.select({ removedOn: orgUnits.removedOn }).from(orgUnits).where(eq(orgUnits.id, row.unitId));
			if (!deadline) throw new FieldError('_form', '这项报送任务已删除，请先恢复报送任务');
			if (!unit || unit.removedOn) throw new FieldError('_form', '该单位已删除，请先恢复单位');
			const [again] = await tx.select({ doneOn: orgDeadlineDone.doneOn }).from(orgDeadlineDone).where(and(eq(orgDeadlineDone.deadlineId, row.deadlineId), eq(orgDeadlineDone.unitId, row.unitId)));
			if (again) throw new FieldError('_form', `“${deadline.title}”已于 ${again.doneOn} 重新登记完成，如要换回原登记，请先撤销新的登记`);
			await tx.insert(orgDeadlineDone).values(row);
			await record({ action: 'org_deadline.done_restore', entityType: 'org_unit', entityId: row.unitId, after: { deadline: deadline.title, doneOn: row.doneOn, note: row.note, file: row.fileName } });
		} else {
			const { parentId, unit } = await units.restoreIn(tx, entry.entityId, (payload.parent ?? null) as Parameters<typeof units.restoreIn>[2], String(payload.removedOn), day);
			await record({ action: 'org_unit.restore', entityType: 'org_unit', entityId: entry.entityId, after: { ...unit, parentId, validFrom: day } });
		}
		await tx.delete(orgRecycleBin).where(eq(orgRecycleBin.id, binId));
		return { kind: entry.kind, label: entry.label };
	});
}

/** Entries past their 30 days go for good (the hourly upkeep calls this). */
export async function purgeExpired(at = now()) {
	const due = await db.select({ id: orgRecycleBin.id, kind: orgRecycleBin.kind, entityId: orgRecycleBin.entityId }).from(orgRecycleBin).where(lt(orgRecycleBin.purgeAfter, at)).limit(500);
	if (!due.length) return 0;
	await write(SYSTEM_ACTOR, async (tx, record) => {
		await tx.delete(orgRecycleBin).where(inArray(orgRecycleBin.id, due.map((d) => d.id)));
		for (const d of due) await record({ action: 'org_recycle.purge', entityType: d.kind, entityId: d.entityId });
	});
	return due.length;
}
