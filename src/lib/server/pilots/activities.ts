/**
 * A pilot's activities (科技志愿服务活动): read with whether each counts, the audited writes, and
 * what checking one needs of its pilot (its cycle and the round's key-date windows), and the
 * activity sheet: checked row by row without writing, then imported from its staged copy in one
 * transaction.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { db, type Transaction } from '../db';
import { activities, activityTeams, projects, teams } from '../db/schema';
import { write, type Actor } from '../audit';
import { FieldError, NotFoundError } from '../errors';
import { attachFile, EVIDENCE_KINDS, PHOTO_KINDS, storeBytes, type CheckedFile } from '../files';
import { activitySchema, type ActivityInput } from '../../schemas/items';
import { activityDateProblem, type ActivityWindow } from '../../domain/activity-checks';
import { suggestKeyDate, type KeyDateWindow } from '../../domain/key-dates';
import { annotate, assertOwned, createItem, deleteItem, updateItem, type ItemKind } from './items';
import type { LoadedPilot } from './pilot';
import { follow as followParticipants } from '../participants';
import { now } from '../clock';
import { firstErrors } from '../../forms';
import { ACTIVITY_KIND_LABELS, FIELD_LABELS, KEY_GROUP_LABELS } from '../../domain/labels';
import { activityChecks } from '../../domain/activity-checks';
import { checkRows, readFirstSheet, type CheckResult } from '../workbook';
import * as staged from '../staged-uploads';

const KIND: ItemKind = { table: activities, entityType: 'activity' };

export async function list(pilot: LoadedPilot) {
	const rows = await db.select().from(activities).where(eq(activities.pilotId, pilot.id)).orderBy(desc(activities.date), desc(activities.id));
	const links = rows.length
		? await db.select().from(activityTeams).where(inArray(activityTeams.activityId, rows.map((r) => r.id)))
		: [];
	const teamIdsOf = new Map<number, number[]>();
	for (const l of links) teamIdsOf.set(l.activityId, [...(teamIdsOf.get(l.activityId) ?? []), l.teamId]);
	return annotate(
		rows.map((a) => ({ ...a, teamIds: teamIdsOf.get(a.id) ?? [] })),
		pilot.counted?.items.activities
	);
}

/** What checking an activity's date needs. One statement: every activity save runs it first. */
export async function contextOf(pilotId: number, today: string) {
	const [row] = await db.all<{ approvalDate: string | null; windows: string }>(sql`
		select p.approval_date as approvalDate,
			(select json_group_array(json_object('key', w.key, 'name', w.name, 'startDate', w.start_date, 'endDate', w.end_date, 'year', w.year))
				from key_date_windows w where w.round_id = p.round_id) as windows
		from pilots p where p.id = ${pilotId}`);
	if (!row) throw new NotFoundError();
	const keyDateWindows = (JSON.parse(row.windows) as KeyDateWindow[]).sort((a, b) => a.startDate.localeCompare(b.startDate));
	return { approvalDate: row.approvalDate, today, keyDateWindows };
}

/** Titles a calendar day names; a busier day says how many more there are. */
export const CALENDAR_TITLES = 3;

/**
 * The pilot's calendar: each day with activities, oldest first, with how many and the first few
 * titles. One grouped statement over the (pilot_id, date) index, however many activities a day has.
 */
export async function calendar(pilotId: number): Promise<{ date: string; count: number; titles: string[] }[]> {
	// Days from the (pilot, date) index; each day's first titles looked up per day, so a busy
	// pilot's thousands of activities are never numbered and sorted as a whole (issue 17).
	const rows = await db.all<{ date: string; count: number; titles: string }>(sql`
		select a.date, count(*) as count,
			(select json_group_array(title) from (select b.title from activities b where b.pilot_id = a.pilot_id and b.date = a.date order by b.id limit ${CALENDAR_TITLES})) as titles
		from activities a
		where a.pilot_id = ${pilotId}
		group by a.date
		order by a.date`);
	return rows.map((r) => ({ date: r.date, count: Number(r.count), titles: JSON.parse(r.titles) as string[] }));
}

export interface PilotContext extends ActivityWindow {
	keyDateWindows: KeyDateWindow[];
}

function activityValues(input: ActivityInput, ctx: PilotContext) {
	const { version: _v, teamIds: _t, ...values } = input;
	const problem = activityDateProblem(input.date, ctx);
	if (problem) throw new FieldError('date', problem);
	const known = new Set(ctx.keyDateWindows.map((w) => w.key));
	if (values.keyDate && !known.has(values.keyDate)) throw new FieldError('keyDate', '关键时间节点无效');
	return { ...values, keyDate: values.keyDate ?? suggestKeyDate(input.date, ctx.keyDateWindows) };
}

/** Links the activity to its teams; the teams before and after, for the audit row. */
async function linkTeams(tx: Transaction, pilotId: number, activityId: number, teamIds: number[], replacing: boolean) {
	await assertOwned(tx, teams, pilotId, teamIds, 'teamIds', '服务队');
	const before = replacing ? (await tx.select({ teamId: activityTeams.teamId }).from(activityTeams).where(eq(activityTeams.activityId, activityId))).map((l) => l.teamId) : [];
	if (replacing) await tx.delete(activityTeams).where(eq(activityTeams.activityId, activityId));
	const after = [...new Set(teamIds)];
	if (after.length) await tx.insert(activityTeams).values(after.map((teamId) => ({ activityId, teamId })));
	const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
	return { before: { teamIds: sorted(before) }, after: { teamIds: sorted(after) } };
}

/**
 * An activity's evidence: photos of it (照片) and its sign-in sheet (签到表, a photo or a scanned
 * or typed document). One of each per save; a save adds, and a file leaves through the recycle bin.
 */
export const ACTIVITY_FILES = [
	{ name: 'photo', purpose: 'photo', kinds: PHOTO_KINDS },
	{ name: 'signin', purpose: 'signin', kinds: EVIDENCE_KINDS }
] as const;
export type ActivityFiles = Partial<Record<(typeof ACTIVITY_FILES)[number]['name'], CheckedFile | null>>;

/** Bytes go to the store before the transaction (no I/O waits inside it); rows inside it. */
async function storeEvidence(evidence: ActivityFiles) {
	const stored: { purpose: string; file: CheckedFile; sha256: string }[] = [];
	for (const f of ACTIVITY_FILES) {
		const file = evidence[f.name];
		if (file) stored.push({ purpose: f.purpose, file, sha256: await storeBytes(file.bytes) });
	}
	return stored;
}

export async function create(actor: Actor, pilotId: number, input: ActivityInput, ctx: PilotContext, token?: string | null, evidence: ActivityFiles = {}) {
	const values = activityValues(input, ctx);
	const stored = await storeEvidence(evidence);
	return createItem(
		actor,
		KIND,
		pilotId,
		{ ...values },
		async (tx, id) => {
			await assertOwned(tx, projects, pilotId, values.projectId ? [values.projectId] : [], 'projectId', '项目');
			const teamsLinked = await linkTeams(tx, pilotId, id, input.teamIds, false);
			for (const s of stored) await attachFile(tx, { pilotId, entityType: 'activity', entityId: id, ...s, userId: actor.userId });
			return { after: teamsLinked.after };
		},
		token
	);
}
export async function update(actor: Actor, pilotId: number, id: number, input: ActivityInput, ctx: PilotContext, evidence: ActivityFiles = {}) {
	const values = activityValues(input, ctx);
	const stored = await storeEvidence(evidence);
	return updateItem(actor, KIND, pilotId, id, input.version, { ...values }, async (tx) => {
		await assertOwned(tx, projects, pilotId, values.projectId ? [values.projectId] : [], 'projectId', '项目');
		const teamsLinked = await linkTeams(tx, pilotId, id, input.teamIds, true);
		for (const s of stored) await attachFile(tx, { pilotId, entityType: 'activity', entityId: id, ...s, userId: actor.userId });
		// with participants recorded, 志愿者人次 and 服务时长 are theirs, whatever the form sent
		await followParticipants(tx, id);
		return teamsLinked;
	});
}
/** Into the recycle bin, with its team links and evidence. */
export const remove = (actor: Actor, pilotId: number, id: number) => deleteItem(actor, KIND, pilotId, id);

// ── the activity sheet (批量导入) ─────────────────────────────────────────────
export const SHEET_COLUMNS = [
	{ header: '活动名称', width: 28, note: '必填' },
	{ header: '活动日期', width: 12, note: '必填，如 2026-05-30' },
	{ header: '活动地点', width: 20, note: '' },
	{ header: '活动类型', width: 14, note: Object.values(ACTIVITY_KIND_LABELS).join('、') },
	{ header: '服务领域', width: 12, note: Object.values(FIELD_LABELS).join('、') },
	{ header: '所属项目', width: 24, note: '填写本试点已有项目的名称，可空' },
	{ header: '志愿者人次', width: 10, note: '' },
	{ header: '专家人次', width: 10, note: '' },
	{ header: '服务群众人次', width: 12, note: '' },
	{ header: '服务时长', width: 10, note: '小时，最多一位小数' },
	{ header: '重点人群', width: 20, note: `${Object.values(KEY_GROUP_LABELS).join('、')}，多个用顿号分隔` },
	{ header: '活动简介', width: 40, note: '' }
] as const;

const byLabel = <K extends string>(labels: Record<K, string>) => new Map(Object.entries(labels).map(([k, v]) => [v as string, k as K]));
const KIND_BY_LABEL = byLabel(ACTIVITY_KIND_LABELS);
const FIELD_BY_LABEL = byLabel(FIELD_LABELS);
const GROUP_BY_LABEL = byLabel(KEY_GROUP_LABELS);
const COLUMN_OF: Record<string, string> = {
	title: '活动名称',
	date: '活动日期',
	place: '活动地点',
	kind: '活动类型',
	field: '服务领域',
	projectId: '所属项目',
	volunteers: '志愿者人次',
	experts: '专家人次',
	served: '服务群众人次',
	serviceHours: '服务时长',
	keyGroups: '重点人群',
	description: '活动简介'
};

export type ImportedActivity = ReturnType<typeof activitySchema.parse>;

export async function checkSheet(bytes: Uint8Array, pilotId: number, ctx: PilotContext): Promise<CheckResult<ImportedActivity>> {
	const sheet = await readFirstSheet('file', bytes, SHEET_COLUMNS.map((c) => (c.header === '活动日期' ? { name: c.header, required: true, date: true } : c.header)));
	const projectRows = await db.select({ id: projects.id, name: projects.name }).from(projects).where(eq(projects.pilotId, pilotId));
	const projectByName = new Map(projectRows.map((p) => [p.name, p.id]));
	return checkRows(sheet.rows, (c) => {
		const errors: Record<string, string> = {};
		const groups = (c['重点人群'] ?? '').split(/[、,，;；\s]+/).filter(Boolean);
		const unknownGroup = groups.find((g) => !GROUP_BY_LABEL.has(g));
		if (unknownGroup) errors['重点人群'] = `不认识的重点人群“${unknownGroup}”`;
		const project = c['所属项目'] ?? '';
		if (project && !projectByName.has(project)) errors['所属项目'] = `本试点没有名为“${project}”的项目`;
		const kind = KIND_BY_LABEL.get(c['活动类型'] ?? '') ?? (c['活动类型'] ? `?${c['活动类型']}` : 'other');
		const field = FIELD_BY_LABEL.get(c['服务领域'] ?? '') ?? (c['服务领域'] ? `?${c['服务领域']}` : 'other');
		const raw = {
			title: c['活动名称'] ?? '',
			date: c['活动日期'] ?? '',
			place: c['活动地点'] || undefined,
			kind,
			field,
			projectId: project && projectByName.has(project) ? String(projectByName.get(project)) : '',
			teamIds: [],
			keyGroups: groups.filter((g) => GROUP_BY_LABEL.has(g)).map((g) => GROUP_BY_LABEL.get(g)!),
			volunteers: c['志愿者人次'] || '0',
			experts: c['专家人次'] || '0',
			served: c['服务群众人次'] || '0',
			serviceHours: c['服务时长'] || '0',
			description: c['活动简介'] || undefined
		};
		const r = activitySchema.safeParse(raw);
		const problems = { ...activityChecks(raw, ctx), ...(r.success ? {} : firstErrors(r.error)) };
		for (const [key, message] of Object.entries(problems)) errors[COLUMN_OF[key] ?? key] ??= message;
		return Object.keys(errors).length || !r.success ? { errors } : { value: r.data };
	});
}

export async function importSheet(actor: Actor, pilotId: number, sha256: string, ctx: PilotContext) {
	const file = await staged.read(pilotId, sha256);
	const result = await checkSheet(file.bytes, pilotId, ctx);
	if (!result.valid.length) throw new FieldError('_form', '没有可导入的有效行');
	const done = await write(actor, async (tx, record) => {
		const at = now();
		const rows = result.valid.map(({ value: { teamIds: _t, version: _v, ...a } }) => ({
			...a,
			keyDate: suggestKeyDate(a.date, ctx.keyDateWindows),
			pilotId,
			createdAt: at,
			updatedAt: at
		}));
		const ids: number[] = [];
		for (let i = 0; i < rows.length; i += 200) {
			const inserted = await tx.insert(activities).values(rows.slice(i, i + 200)).returning({ id: activities.id });
			ids.push(...inserted.map((r) => r.id));
		}
		await record({ action: 'activity.import', entityType: 'activity', pilotId, after: { imported: ids.length, firstId: ids[0], lastId: ids.at(-1), skippedRows: result.problems.map((p) => p.row) } });
		return { imported: ids.length, skipped: new Set(result.problems.map((p) => p.row)).size };
	}, { token: file.claim });
	await staged.discard(pilotId, sha256);
	return done;
}

