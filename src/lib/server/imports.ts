/**
 * Excel imports: a team roster (花名册, the columns of the collective registration forms) and a
 * bulk activity sheet. Checking reads every row and reports each problem by row and column
 * without writing anything; importing writes all valid rows in one transaction.
 *
 * The checked file is kept in the object store under imports/<pilot>/ by content hash between the
 * two steps, so the confirmation can only ever name a file staged for the same pilot, whichever
 * app instance serves it.
 */
import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { storage } from './storage';
import { FieldError, NotFoundError } from './errors';
import { readFirstSheet } from './workbook';
import { write, type Actor } from './audit';
import { activities, projects, teamMembers, teams } from './db/schema';
import { db } from './db';
import { now } from './clock';
import { firstErrors } from '../forms';
import { optionalText, text } from '../schemas/common';
import { activitySchema } from '../schemas/items';
import { ACTIVITY_KIND_LABELS, FIELD_LABELS, KEY_GROUP_LABELS } from '../domain/labels';
import type { PilotContext } from './pilots/activities';
import { activityChecks } from '../domain/activity-checks';
import { suggestKeyDate } from '../domain/key-dates';
import { dedupeRoster, idNumberLastFour, isValidIdNumber, normalisePhone, personKey, type RosterRow } from '../domain/roster';
import { APP_SECRETS, appSecret } from './app-secret';

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

function check<T>(rows: { row: number; cells: Record<string, string> }[], toValue: (cells: Record<string, string>) => { value?: T; errors?: Record<string, string> }): CheckResult<T> {
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

// ── roster ───────────────────────────────────────────────────────────────────
/**
 * The product's template columns, with the headers the offices' own forms use for them (`004`
 * 附件2 支队基本情况表: 序号/志愿者姓名/性别/单位/职务·职称; `002` 附件2 志愿者集体注册信息表) and their
 * common variants. Only 姓名 is required; 序号 and any other column is never read.
 */
export const ROSTER_COLUMNS = [
	{ header: '姓名', width: 12, note: '必填', aliases: ['志愿者姓名', '志愿者', '队员姓名', '成员姓名'], required: true },
	{ header: '性别', width: 8, note: '男 或 女', aliases: [] },
	{ header: '单位', width: 28, note: '工作单位或学校', aliases: ['工作单位', '所在单位', '单位名称', '工作单位及职务', '学校', '工作单位或学校'] },
	{ header: '职务/职称', width: 16, note: '', aliases: ['职务职称', '职务', '职称', '职务或职称'] },
	{ header: '专业特长', width: 24, note: '', aliases: ['专业', '特长', '专业领域', '专长'] },
	{ header: '联系电话', width: 16, note: '11 位手机号或带区号的固定电话', aliases: ['手机', '手机号', '手机号码', '电话', '电话号码', '联系方式'] },
	{ header: '身份证号码', width: 22, note: '可空；只保存后四位用于核对', aliases: ['身份证号', '居民身份证号码', '居民身份证号', '身份证'] }
] as const;

const ROSTER_SPECS = ROSTER_COLUMNS.map((c) => ({ name: c.header, aliases: c.aliases, required: 'required' in c && c.required }));

const rosterRow = z.object({
	姓名: text('姓名', 20),
	性别: z
		.string()
		.trim()
		.refine((s) => ['', '男', '女'].includes(s), '性别应为“男”或“女”')
		.transform((s) => s || null),
	单位: optionalText('单位', 60),
	'职务/职称': optionalText('职务/职称', 40),
	专业特长: optionalText('专业特长', 60),
	联系电话: z
		.string()
		.trim()
		// spaces and dashes as people type them ("138 0000 0000", "0396-1234567") are allowed
		.refine((s) => s === '' || /^(1\d{10}|0\d{9,11})$/.test(normalisePhone(s)), '联系电话应为 11 位手机号或带区号的固定电话')
		.transform((s) => s || null),
	身份证号码: z
		.string()
		.trim()
		.refine((s) => s === '' || isValidIdNumber(s), '身份证号码无效：应为 18 位，出生日期和末位校验码须正确')
		.transform((s) => s || null)
});

export type RosterMember = z.output<typeof rosterRow>;

/** A note under the forms' table ("注：此表由市级学会…填写"), not a person. */
const NOTE_RE = /^(注|备注|说明|填表说明)\s*[:：]/;

const asRosterRow = (m: RosterMember): RosterRow => ({ name: m.姓名, gender: m.性别, unit: m.单位, title: m['职务/职称'], specialty: m.专业特长, phone: m.联系电话, idNumber: m.身份证号码 });

/**
 * Every row checked, then each person once (DOMAIN.md "People on rosters"): a valid row that is the
 * same person as an earlier valid row (`dedupeRoster`) is reported as "第 7 行与第 3 行为同一人"
 * and skipped like a row with a problem.
 */
export async function checkRoster(bytes: Uint8Array): Promise<CheckResult<RosterMember>> {
	const sheet = await readFirstSheet('file', bytes, ROSTER_SPECS);
	const people = sheet.rows.filter(({ cells }) => !(NOTE_RE.test(cells['姓名'] ?? '') && Object.entries(cells).every(([k, v]) => k === '姓名' || v === '')));
	const result = check(people, (cells) => {
		const r = rosterRow.safeParse({ ...Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.header, ''])), ...cells });
		return r.success ? { value: r.data } : { errors: firstErrors(r.error) };
	});
	const { duplicates } = dedupeRoster(result.valid.map((v) => asRosterRow(v.value)));
	if (!duplicates.length) return result;
	const repeated = new Set(duplicates.map((d) => d.row - 1));
	for (const d of duplicates) {
		const row = result.valid[d.row - 1].row;
		result.problems.push({ row, column: '姓名', reason: `第 ${row} 行与第 ${result.valid[d.sameAs - 1].row} 行为同一人` });
	}
	result.problems.sort((a, b) => a.row - b.row);
	result.valid = result.valid.filter((_, i) => !repeated.has(i));
	return result;
}

/** Keyed hash of who a roster row is (personKey): rows can be matched across rosters, the ID number not read back. */
export async function personHash(row: RosterRow): Promise<string> {
	return createHmac('sha256', await appSecret(APP_SECRETS.person.metaKey, APP_SECRETS.person.envName)).update(personKey(row)).digest('hex');
}

/**
 * Replaces the team's roster with the valid rows, each person once; the number of distinct people
 * becomes its member count. An ID number is kept only as the person's keyed hash and its last four.
 */
export async function importRoster(actor: Actor, pilotId: number, teamId: number, sha256: string) {
	const result = await checkRoster(await readStaged(pilotId, sha256));
	if (!result.valid.length) throw new FieldError('_form', '没有可导入的有效行');
	const at = now();
	const rows = await Promise.all(
		result.valid.map(async ({ value: m }) => ({
			teamId,
			name: m.姓名,
			gender: m.性别,
			organization: m['单位'],
			title: m['职务/职称'],
			specialty: m['专业特长'],
			phone: m['联系电话'],
			personHash: await personHash(asRosterRow(m)),
			idLast4: idNumberLastFour(m.身份证号码) || null,
			createdAt: at
		}))
	);
	const repeated = result.problems.filter((p) => p.reason.endsWith('为同一人')).map((p) => p.row);
	const done = await write(actor, async (tx, record) => {
		const [team] = await tx.select().from(teams).where(and(eq(teams.id, teamId), eq(teams.pilotId, pilotId)));
		if (!team) throw new FieldError('teamId', '所选服务队不属于本试点');
		await tx.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
		for (let i = 0; i < rows.length; i += 500) await tx.insert(teamMembers).values(rows.slice(i, i + 500));
		await tx.update(teams).set({ rosterSize: rows.length, updatedAt: at, version: team.version + 1 }).where(eq(teams.id, teamId));
		await record({
			action: 'team.import_roster',
			entityType: 'team',
			entityId: teamId,
			pilotId,
			before: { rosterSize: team.rosterSize, declaredMembers: team.declaredMembers },
			after: { rosterSize: rows.length, skippedRows: result.problems.filter((p) => !repeated.includes(p.row)).map((p) => p.row), duplicateRows: repeated }
		});
		return { imported: rows.length, skipped: new Set(result.problems.map((p) => p.row)).size, duplicates: repeated.length };
	});
	await discardStaged(pilotId, sha256);
	return done;
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
	return check(sheet.rows, (c) => {
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

