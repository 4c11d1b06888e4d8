/**
 * Excel imports: the staging every import shares, and a bulk activity sheet (a team's roster is
 * `pilots/rosters.ts`, which stages through here). Checking reads every row and reports each problem by row and column
 * without writing anything; importing writes all valid rows in one transaction.
 *
 * The checked file is kept in the object store under imports/<pilot>/ by content hash between the
 * two steps, so the confirmation can only ever name a file staged for the same pilot, whichever
 * app instance serves it.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { storage } from './storage';
import { FieldError, NotFoundError } from './errors';
import { readFirstSheet } from './workbook';
import { write, type Actor } from './audit';
import { activities, projects } from './db/schema';
import { db } from './db';
import { now } from './clock';
import { firstErrors } from '../forms';
import { activitySchema } from '../schemas/items';
import { ACTIVITY_KIND_LABELS, FIELD_LABELS, KEY_GROUP_LABELS } from '../domain/labels';
import type { PilotContext } from './pilots/activities';
import { activityChecks } from '../domain/activity-checks';
import { suggestKeyDate } from '../domain/key-dates';

export interface RowProblem {
	row: number;
	column: string;
	reason: string;
}

export interface CheckResult<T> {
	total: number;
	valid: { row: number; value: T }[];
	problems: RowProblem[];
}

// ── staging ──────────────────────────────────────────────────────────────────
// A staged file is only a bridge between the check and its confirmation: it goes when the import
// is confirmed or discarded, any staged file older than an hour is swept, and one pilot keeps at
// most a few (ten checks of a 9 MB workbook used to leave 94 MB behind, for good).
export const STAGED_MAX_AGE_MS = 60 * 60_000;
export const MAX_STAGED_PER_PILOT = 5;
export const MAX_STAGED_BYTES_PER_PILOT = 40 * 1024 * 1024;

const stagedKey = (pilotId: number, sha256: string) => `imports/${pilotId}/${sha256}.xlsx`;

/** Removes every staged file (and leftover temporary file) older than an hour, of every pilot. */
export async function sweepStaged(at: number = Date.now()): Promise<number> {
	let removed = 0;
	for (const object of await storage.list('imports/')) {
		if (at - object.storedAt > STAGED_MAX_AGE_MS) {
			await storage.delete(object.key);
			removed++;
		}
	}
	return removed;
}

export async function stageUpload(pilotId: number, bytes: Uint8Array): Promise<string> {
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const key = stagedKey(pilotId, sha256);
	await sweepStaged();
	// room for this one within the pilot's cap: the oldest others go first
	const others = (await storage.list(`imports/${pilotId}/`)).filter((o) => o.key !== key).sort((a, b) => a.storedAt - b.storedAt);
	let count = others.length;
	let total = others.reduce((n, o) => n + o.size, 0);
	for (const object of others) {
		if (count < MAX_STAGED_PER_PILOT && total + bytes.length <= MAX_STAGED_BYTES_PER_PILOT) break;
		await storage.delete(object.key);
		count--;
		total -= object.size;
	}
	await storage.put(key, bytes);
	return sha256;
}

export async function readStaged(pilotId: number, sha256: string): Promise<Uint8Array> {
	if (!/^[0-9a-f]{64}$/.test(sha256)) throw new NotFoundError();
	const bytes = await storage.get(stagedKey(pilotId, sha256));
	if (!bytes) throw new FieldError('_form', '待导入的文件已失效，请重新选择文件');
	return bytes;
}

/** The import was confirmed or abandoned: its staged file goes. */
export async function discardStaged(pilotId: number, sha256: string): Promise<void> {
	if (!/^[0-9a-f]{64}$/.test(sha256)) throw new NotFoundError();
	await storage.delete(stagedKey(pilotId, sha256));
}

/** Each row through `toValue`: the valid values, and every problem by row and column. */
export function checkRows<T>(rows: { row: number; cells: Record<string, string> }[], toValue: (cells: Record<string, string>) => { value?: T; errors?: Record<string, string> }): CheckResult<T> {
	const valid: CheckResult<T>['valid'] = [];
	const problems: RowProblem[] = [];
	for (const { row, cells } of rows) {
		const { value, errors } = toValue(cells);
		if (errors && Object.keys(errors).length) {
			for (const [column, reason] of Object.entries(errors)) problems.push({ row, column, reason });
		} else if (value !== undefined) valid.push({ row, value });
	}
	return { total: rows.length, valid, problems };
}

// ── activities ───────────────────────────────────────────────────────────────
export const ACTIVITY_COLUMNS = [
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

export async function checkActivities(bytes: Uint8Array, pilotId: number, ctx: PilotContext): Promise<CheckResult<ImportedActivity>> {
	const sheet = await readFirstSheet('file', bytes, ACTIVITY_COLUMNS.map((c) => (c.header === '活动日期' ? { name: c.header, required: true, date: true } : c.header)));
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

export async function importActivities(actor: Actor, pilotId: number, sha256: string, ctx: PilotContext) {
	const result = await checkActivities(await readStaged(pilotId, sha256), pilotId, ctx);
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
	});
	await discardStaged(pilotId, sha256);
	return done;
}

