/**
 * Dated obligations of the volunteer organisation (issue 19): the province sets them per kind of
 * unit (平台注册 by 4月20日, 支队基本情况表 by 9月18日, 活动情况统计表 and 工作总结 by 12月15日); each
 * unit marks its own done with a note or a document; staff send a 督办 about an overdue one.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { db } from '../db';
import { orgDeadlineDone, orgDeadlines, orgReminders, orgUnits, users } from '../db/schema';
import { write, type Actor } from '../audit';
import { now } from '../clock';
import { ConflictError, FieldError, NotFoundError, refuseIfAny, VersionMissingError } from '../errors';
import { storeBytes, MIME, type CheckedFile } from '../files';
import type { OrgKind } from '../../domain/organisation';
import { afterTodayProblem } from '../../domain/dates';
import { putInBin } from './bin-entry';

export interface DeadlineInput {
	title: string;
	dueDate: string;
	kinds: OrgKind[];
	version?: number;
}

/** The seeds' obligations for a year: `002` 平台注册 by 4月20日; `004` 基本情况表 by 9月18日, 统计表 and 总结 by 12月15日. */
export function defaultDeadlines(year: number): Omit<DeadlineInput, 'version'>[] {
	const all: OrgKind[] = ['city_detachment', 'society_detachment', 'university_detachment', 'enterprise_detachment', 'county_team'];
	const reporting: OrgKind[] = ['city_detachment', 'society_detachment', 'university_detachment', 'enterprise_detachment', 'county_team'];
	return [
		{ title: '科技志愿服务信息平台注册', dueDate: `${year}-04-20`, kinds: all },
		{ title: '报送科技志愿者支队基本情况表', dueDate: `${year}-09-18`, kinds: reporting },
		{ title: '报送科技志愿服务活动情况统计表', dueDate: `${year}-12-15`, kinds: reporting },
		{ title: '报送科技志愿服务工作总结', dueDate: `${year}-12-15`, kinds: reporting }
	];
}

/**
 * What the 新增 form offers: the seeds' next obligation not yet set, this year's and then next
 * year's; once all are set, an empty form (never a copy of one that exists).
 */
export function nextSuggestion(existing: { title: string; dueDate: string }[], year: number): Omit<DeadlineInput, 'version'> {
	const missing = [...defaultDeadlines(year), ...defaultDeadlines(year + 1)].find((d) => !existing.some((x) => x.title === d.title && x.dueDate === d.dueDate));
	return missing ?? { title: '', dueDate: '', kinds: [] };
}

export async function list() {
	return db.select().from(orgDeadlines).orderBy(desc(orgDeadlines.dueDate), asc(orgDeadlines.id));
}

export async function save(actor: Actor, id: number | null, input: DeadlineInput, token?: string | null) {
	const { version, ...values } = input;
	return write(
		actor,
		async (tx, record) => {
			const at = now();
			const [twin] = await tx
				.select({ id: orgDeadlines.id })
				.from(orgDeadlines)
				.where(and(eq(orgDeadlines.title, values.title), eq(orgDeadlines.dueDate, values.dueDate)));
			if (twin && twin.id !== id) throw new FieldError('title', `已有截止日期为 ${values.dueDate} 的“${values.title}”，不能重复设置`);
			if (id === null) {
				const [row] = await tx.insert(orgDeadlines).values({ ...values, createdAt: at, updatedAt: at }).returning({ id: orgDeadlines.id });
				await record({ action: 'org_deadline.create', entityType: 'org_deadline', entityId: row.id, after: values });
				return row.id;
			}
			const [before] = await tx.select().from(orgDeadlines).where(eq(orgDeadlines.id, id));
			if (!before) throw new NotFoundError();
			if (version === undefined) throw new VersionMissingError();
			if (before.version !== version) throw new ConflictError();
			await tx.update(orgDeadlines).set({ ...values, updatedAt: at, version: before.version + 1 }).where(eq(orgDeadlines.id, id));
			await record({ action: 'org_deadline.update', entityType: 'org_deadline', entityId: id, before: { title: before.title, dueDate: before.dueDate, kinds: before.kinds }, after: values });
			return id;
		},
		{ token: id === null ? token : null }
	);
}

/** Removing an obligation removes what units recorded against it; the audit keeps what it was. */
export async function remove(actor: Actor, id: number) {
	return write(actor, async (tx, record) => {
		const [before] = await tx.select().from(orgDeadlines).where(eq(orgDeadlines.id, id));
		if (!before) throw new NotFoundError();
		// its units' completions and the 督办 pointing at it go with it, and come back on 恢复
		const done = await tx.select().from(orgDeadlineDone).where(eq(orgDeadlineDone.deadlineId, id));
		const reminderIds = (await tx.select({ id: orgReminders.id }).from(orgReminders).where(eq(orgReminders.deadlineId, id))).map((r) => r.id);
		await tx.delete(orgDeadlines).where(eq(orgDeadlines.id, id));
		await putInBin(tx, actor, 'org_deadline', id, null, before.title, { row: before, done, reminderIds });
		await record({ action: 'org_deadline.delete', entityType: 'org_deadline', entityId: id, before: { title: before.title, dueDate: before.dueDate, kinds: before.kinds } });
		return { name: before.title };
	});
}

/** `field`: where the refusal shows: the form's own select, or above a form whose id is hidden. */
async function deadlineForUnit(tx: Parameters<Parameters<typeof write>[1]>[0], deadlineId: number, unitId: number, field = 'deadlineId') {
	const [d] = await tx.select().from(orgDeadlines).where(eq(orgDeadlines.id, deadlineId));
	const [u] = await tx.select({ kind: orgUnits.kind, removedOn: orgUnits.removedOn }).from(orgUnits).where(eq(orgUnits.id, unitId));
	if (!d || !u || u.removedOn || !d.kinds.includes(u.kind)) throw new FieldError(field, '该单位没有这项报送任务');
	return d;
}

/** Marks one unit's obligation done on `doneOn` (not after today), with a note or a document. */
export async function markDone(actor: Actor, unitId: number, input: { deadlineId: number; doneOn: string; note: string | null }, file: CheckedFile | null, today: string) {
	const problems: Record<string, string> = {};
	const ahead = afterTodayProblem('完成日期', input.doneOn, today);
	if (ahead) problems.doneOn = ahead;
	if (!input.note && !file) problems.note = '请填写完成情况说明或上传报送材料';
	refuseIfAny(problems);
	const sha256 = file ? await storeBytes(file.bytes) : null;
	return write(actor, async (tx, record) => {
		const d = await deadlineForUnit(tx, input.deadlineId, unitId);
		// a date the work cannot have been done on: before the unit existed, or years before the task
		const [unit] = await tx.select({ foundedOn: orgUnits.foundedOn }).from(orgUnits).where(eq(orgUnits.id, unitId));
		const earliest = `${Number(d.dueDate.slice(0, 4)) - 1}-01-01`;
		if (unit.foundedOn && input.doneOn < unit.foundedOn) throw new FieldError('doneOn', `完成日期不能早于本单位成立日期（${unit.foundedOn}）`);
		if (input.doneOn < earliest) throw new FieldError('doneOn', `完成日期不能早于 ${earliest}（截止日期 ${d.dueDate} 的上一年）`);
		const values = { doneOn: input.doneOn, note: input.note, fileSha256: sha256, fileMime: file ? MIME[file.kind] : null, fileName: file?.name ?? null, doneBy: actor.userId, createdAt: now() };
		// a second registration (a page opened before the first, or a form sent again) would replace
		// the first one's note and document unseen
		const [existing] = await tx.select({ doneOn: orgDeadlineDone.doneOn }).from(orgDeadlineDone).where(and(eq(orgDeadlineDone.deadlineId, d.id), eq(orgDeadlineDone.unitId, unitId)));
		if (existing) throw new FieldError('deadlineId', `“${d.title}”已于 ${existing.doneOn} 登记完成，不能重复登记；请刷新页面查看`);
		await tx.insert(orgDeadlineDone).values({ ...values, deadlineId: d.id, unitId });
		await record({
			action: 'org_deadline.done',
			entityType: 'org_unit',
			entityId: unitId,
			after: { deadline: d.title, doneOn: input.doneOn, note: input.note, file: file?.name ?? null }
		});
	});
}

/**
 * Takes back a unit's 登记完成 (a wrong date, note or document): the obligation is open (or
 * overdue) again and can be registered anew. What was registered, its document with it, goes to
 * the 组织体系回收站 for 30 days, and the audit log keeps what it said.
 */
export async function undoDone(actor: Actor, unitId: number, deadlineId: number) {
	return write(actor, async (tx, record) => {
		// the 撤销登记 form carries its obligation hidden: its refusals are said above it
		const d = await deadlineForUnit(tx, deadlineId, unitId, '_form');
		const [done] = await tx
			.delete(orgDeadlineDone)
			.where(and(eq(orgDeadlineDone.deadlineId, d.id), eq(orgDeadlineDone.unitId, unitId)))
			.returning();
		if (!done) throw new FieldError('_form', `“${d.title}”尚未登记完成；请刷新页面查看`);
		const [unit] = await tx.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, unitId));
		await putInBin(tx, actor, 'org_deadline_done', done.id, unitId, `${unit.name}：“${d.title}”${done.doneOn} 的完成登记`, { row: done });
		await record({
			action: 'org_deadline.undone',
			entityType: 'org_unit',
			entityId: unitId,
			before: { deadline: d.title, doneOn: done.doneOn, note: done.note, file: done.fileName }
		});
		return { title: d.title };
	});
}

/** A unit's 登记完成 of one obligation (what 撤销登记 names), or null. */
export async function registrationOf(unitId: number, deadlineId: number) {
	const [row] = await db
		.select({ title: orgDeadlines.title, doneOn: orgDeadlineDone.doneOn })
		.from(orgDeadlineDone)
		.innerJoin(orgDeadlines, eq(orgDeadlines.id, orgDeadlineDone.deadlineId))
		.where(and(eq(orgDeadlineDone.unitId, unitId), eq(orgDeadlineDone.deadlineId, deadlineId)));
	return row ?? null;
}

/** The document a unit filed for an obligation, or null. */
export async function documentOf(unitId: number, deadlineId: number) {
	const [row] = await db
		.select({ sha256: orgDeadlineDone.fileSha256, mime: orgDeadlineDone.fileMime, name: orgDeadlineDone.fileName })
		.from(orgDeadlineDone)
		.where(and(eq(orgDeadlineDone.unitId, unitId), eq(orgDeadlineDone.deadlineId, deadlineId)));
	return row?.sha256 ? row : null;
}

/** 督办 about one overdue obligation of a unit: recorded, shown on the unit's page until it is done. */
export async function remind(actor: Actor, unitId: number, input: { deadlineId: number; message: string }, today: string) {
	return write(actor, async (tx, record) => {
		const d = await deadlineForUnit(tx, input.deadlineId, unitId);
		const [done] = await tx.select({ doneOn: orgDeadlineDone.doneOn }).from(orgDeadlineDone).where(and(eq(orgDeadlineDone.deadlineId, d.id), eq(orgDeadlineDone.unitId, unitId)));
		if (done) throw new FieldError('deadlineId', `该项已于 ${done.doneOn} 完成，无需督办`);
		if (d.dueDate >= today) throw new FieldError('deadlineId', `该项期限是 ${d.dueDate}，尚未逾期`);
		const [row] = await tx.insert(orgReminders).values({ unitId, deadlineId: d.id, message: input.message, createdBy: actor.userId, createdAt: now() }).returning({ id: orgReminders.id });
		await record({ action: 'org_unit.remind', entityType: 'org_unit', entityId: unitId, after: { deadline: d.title, message: input.message, reminder: row.id } });
		return row.id;
	});
}

export async function remindersOf(unitId: number) {
	return db
		.select({ id: orgReminders.id, deadlineId: orgReminders.deadlineId, message: orgReminders.message, createdAt: orgReminders.createdAt, author: users.displayName, title: orgDeadlines.title })
		.from(orgReminders)
		.leftJoin(users, eq(users.id, orgReminders.createdBy))
		.leftJoin(orgDeadlines, eq(orgDeadlines.id, orgReminders.deadlineId))
		.where(eq(orgReminders.unitId, unitId))
		.orderBy(desc(orgReminders.id));
}
