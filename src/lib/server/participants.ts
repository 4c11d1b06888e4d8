/**
 * Who took part in an activity (参与志愿者), with each person's service hours: picked from the
 * pilot's rosters or read from a 签到表 sheet. Once people are recorded, the activity's 志愿者人次
 * is their number and its 服务时长 their hours together (`follow`, in the same transaction as every
 * change to the list, and on every save of the activity), so every figure counted from activities
 * — monthly reports, the statistics form, the summary — uses the recorded list.
 *
 * A sheet is checked first (every problem by row, nothing written), then imported in one
 * transaction; the file waits in the import staging area between the two steps (imports.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Transaction } from './db';
import { activities, activityParticipants } from './db/schema';
import { write, type Actor } from './audit';
import { now } from './clock';
import { FieldError, NotFoundError } from './errors';
import * as staged from './staged-uploads';
import { personHash, phoneColumn } from './pilots/rosters';
import { readFirstSheet, type CheckResult, type RowProblem } from './workbook';
import * as people from './people';
import { firstErrors } from '../forms';
import { optionalText, text } from '../schemas/common';
import { idNumberLastFour, isValidIdNumber, mobilePhone, normaliseIdNumber, normaliseName, type RosterRow } from '../domain/roster';
import { defaultHoursEach, parseHours, sumHours } from '../domain/service-hours';
import { participantsProblem } from '../domain/activity-checks';
import { HOURS_MESSAGE } from '../schemas/participants';


function refuseIfPlanned(activityDate: string, today: string) {
	const problem = participantsProblem(activityDate, today);
	if (problem) throw new FieldError('_form', problem);
}

/** The activity, if it is the pilot's (else NotFoundError), with the hours each person gets by default. */
export async function activityOf(pilotId: number, activityId: number) {
	const [a] = await db
		.select({ id: activities.id, title: activities.title, date: activities.date, volunteers: activities.volunteers, serviceHours: activities.serviceHours, version: activities.version })
		.from(activities)
		.where(and(eq(activities.id, activityId), eq(activities.pilotId, pilotId)));
	if (!a) throw new NotFoundError();
	return { ...a, defaultHours: defaultHoursEach(a.serviceHours, a.volunteers) };
}

/** The activity's recorded participants, in the order they were recorded. */
export function list(activityId: number) {
	return db
		.select({ hash: activityParticipants.personHash, name: activityParticipants.name, idLast4: activityParticipants.idLast4, organization: activityParticipants.organization, hours: activityParticipants.hours, source: activityParticipants.source })
		.from(activityParticipants)
		.where(eq(activityParticipants.activityId, activityId))
		.orderBy(activityParticipants.id);
}

/** Recorded people and their hours per activity of the pilot (only activities with any). */
export async function figuresOf(pilotId: number): Promise<Record<number, { count: number; hours: number }>> {
	const rows = await db.all<{ activityId: number; n: number; tenths: number }>(sql`
		select p.activity_id as activityId, count(*) as n, sum(round(p.hours * 10)) as tenths
		from activity_participants p join activities a on a.id = p.activity_id
		where a.pilot_id = ${pilotId} group by p.activity_id`);
	return Object.fromEntries(rows.map((r) => [Number(r.activityId), { count: Number(r.n), hours: Number(r.tenths) / 10 }]));
}

/**
 * The people an editor may pick: the pilot's roster people, each once (under their first team,
 * naming the others), grouped by team; then anyone already recorded who is on no roster.
 */
export async function candidatesOf(pilotId: number, activityId: number) {
	const roster = await people.rosterRows(pilotId);
	const groups = new Map<number, { teamId: number; teamName: string; people: { hash: string; name: string; idLast4: string | null; organization: string | null; otherTeams: string[] }[] }>();
	const placed = new Map<string, { otherTeams: string[] }>();
	for (const r of roster) {
		const seen = placed.get(r.hash);
		if (seen) {
			if (!seen.otherTeams.includes(r.teamName)) seen.otherTeams.push(r.teamName);
			continue;
		}
		const group = groups.get(r.teamId) ?? { teamId: r.teamId, teamName: r.teamName, people: [] };
		groups.set(r.teamId, group);
		const person = { hash: r.hash, name: r.name, idLast4: r.idLast4, organization: r.organization, otherTeams: [] as string[] };
		group.people.push(person);
		placed.set(r.hash, person);
	}
	const offRoster = (await list(activityId)).filter((p) => !placed.has(p.hash)).map((p) => ({ hash: p.hash, name: p.name, idLast4: p.idLast4, organization: p.organization, otherTeams: [] }));
	return { groups: [...groups.values()], offRoster };
}

/**
 * After any change to the list, and on every save of the activity: with people recorded, the
 * activity's 志愿者人次 is their number and its 服务时长 their hours together. Nothing changes when
 * nobody is recorded. Returns the figures written, or null.
 */
export async function follow(tx: Transaction, activityId: number): Promise<{ volunteers: number; serviceHours: number } | null> {
	const rows = await tx.select({ hours: activityParticipants.hours }).from(activityParticipants).where(eq(activityParticipants.activityId, activityId));
	if (!rows.length) return null;
	const figures = { volunteers: rows.length, serviceHours: sumHours(rows.map((r) => r.hours)) };
	await tx.update(activities).set(figures).where(eq(activities.id, activityId));
	return figures;
}

export interface Pick {
	hash: string;
	hours: number;
}

/** The people whose recorded participation a new list would remove. */
export async function removedBy(activityId: number, hashes: string[]) {
	const keep = new Set(hashes);
	return (await list(activityId)).filter((p) => !keep.has(p.hash));
}

/**
 * Replaces the activity's participants with the picked people and their hours. A pick must be one
 * of the pilot's roster people or someone already recorded for this activity.
 */
export async function save(actor: Actor, pilotId: number, activityId: number, picks: Pick[], today: string) {
	const roster = new Map((await people.rosterRows(pilotId)).map((r) => [r.hash, r] as const));
	return write(actor, async (tx, record) => {
		const [activity] = await tx.select().from(activities).where(and(eq(activities.id, activityId), eq(activities.pilotId, pilotId)));
		if (!activity) throw new NotFoundError();
		refuseIfPlanned(activity.date, today);
		const before = await tx.select().from(activityParticipants).where(eq(activityParticipants.activityId, activityId)).orderBy(activityParticipants.id);
		const recorded = new Map(before.map((p) => [p.personHash, p]));
		const at = now();
		const rows = picks.map((p) => {
			const was = recorded.get(p.hash);
			const r = roster.get(p.hash);
			if (!was && !r) throw new FieldError('people', '所选人员不在本试点的花名册中，请刷新页面后重新选择');
			return {
				activityId,
				personHash: p.hash,
				name: r?.name ?? was!.name,
				idLast4: r?.idLast4 ?? was?.idLast4 ?? null,
				organization: r?.organization ?? was?.organization ?? null,
				hours: p.hours,
				source: was?.source ?? ('roster' as const),
				createdAt: was?.createdAt ?? at
			};
		});
		// the people already recorded keep their place in the list; new ones follow in the order picked
		const place = new Map(before.map((p, i) => [p.personHash, i]));
		rows.sort((a, b) => (place.get(a.personHash) ?? before.length) - (place.get(b.personHash) ?? before.length));
		await tx.delete(activityParticipants).where(eq(activityParticipants.activityId, activityId));
		for (let i = 0; i < rows.length; i += 500) await tx.insert(activityParticipants).values(rows.slice(i, i + 500));
		const figures = await follow(tx, activityId);
		await tx.update(activities).set({ updatedAt: at, version: activity.version + 1 }).where(eq(activities.id, activityId));
		const kept = new Set(picks.map((p) => p.hash));
		await record({
			action: 'activity.participants',
			entityType: 'activity',
			entityId: activityId,
			pilotId,
			before: { participants: before.length, volunteers: activity.volunteers, serviceHours: activity.serviceHours },
			after: {
				participants: rows.length,
				...(figures ?? {}),
				added: rows.filter((r) => !recorded.has(r.personHash)).map((r) => r.name),
				removed: before.filter((p) => !kept.has(p.personHash)).map((p) => p.name)
			}
		});
		return { count: rows.length, hours: figures?.serviceHours ?? 0 };
	});
}

// ── 签到表 ─────────────────────────────────────────────────────────────────────
/** The sign-in sheet's columns, with the headers offices give them; only 姓名 is required. */
export const SHEET_COLUMNS = [
	{ name: '姓名', aliases: ['志愿者姓名', '志愿者', '签到人', '参与人员', '队员姓名'], required: true },
	{ name: '联系电话', aliases: ['手机', '手机号', '手机号码', '电话', '电话号码', '联系方式'] },
	{ name: '身份证号码', aliases: ['身份证号', '居民身份证号码', '居民身份证号', '身份证'] },
	{ name: '服务时长', aliases: ['时长', '服务时长小时', '志愿服务时长', '时长小时', '服务小时数', '小时数'] },
	{ name: '单位', aliases: ['工作单位', '所在单位', '单位名称'] }
] as const;

const sheetRow = z.object({
	姓名: text('姓名', 20),
	联系电话: phoneColumn,
	身份证号码: z
		.string()
		.transform(normaliseIdNumber)
		.refine((s) => s === '' || isValidIdNumber(s), '身份证号码无效：应为 18 位，出生日期和末位校验码须正确')
		.transform((s) => s || null),
	服务时长: z
		.string()
		.trim()
		.refine((s) => s === '' || parseHours(s) !== null, `服务${HOURS_MESSAGE}`)
		.transform((s) => (s === '' ? null : parseHours(s))),
	单位: optionalText('单位', 60)
});

/** A note under the table ("注：…", "合计"), not a person. */
const NOT_A_PERSON = /^(注|备注|说明|填表说明)\s*[:：]|^(合计|总计|小计)$/;

export interface SheetPerson {
	hash: string;
	name: string;
	idLast4: string | null;
	organization: string | null;
	hours: number;
	/** the roster team the person was found on, or null for someone on no roster */
	team: string | null;
	/** already recorded for this activity: the import sets their hours */
	recorded: boolean;
}

/**
 * Reads a 签到表 and reports every problem by row (and every row that is the same person as an
 * earlier one) without writing: each valid row is matched to the pilot's roster by who they are
 * (the keyed hash), else by name and mobile; anyone else is a new participant with their own hash.
 */
export async function checkSheet(pilotId: number, activityId: number, bytes: Uint8Array, defaultHours: number): Promise<CheckResult<SheetPerson>> {
	const sheet = await readFirstSheet('file', bytes, SHEET_COLUMNS);
	const roster = await people.rosterRows(pilotId);
	const byHash = new Map(roster.map((r) => [r.hash, r] as const));
	const byNameMobile = new Map<string, (typeof roster)[number]>();
	for (const r of roster) {
		const mobile = mobilePhone(r.phone);
		if (mobile) byNameMobile.set(`${normaliseName(r.name)}|${mobile}`, r);
	}
	const recorded = new Set((await list(activityId)).map((p) => p.hash));
	const valid: CheckResult<SheetPerson>['valid'] = [];
	const problems: RowProblem[] = [];
	const firstRowOf = new Map<string, number>();
	const rows = sheet.rows.filter(({ cells }) => !(NOT_A_PERSON.test(cells['姓名'] ?? '') && Object.entries(cells).every(([k, v]) => k === '姓名' || v === '')));
	for (const { row, cells } of rows) {
		const parsed = sheetRow.safeParse({ 联系电话: '', 身份证号码: '', 服务时长: '', ...cells });
		if (!parsed.success) {
			for (const [column, reason] of Object.entries(firstErrors(parsed.error))) problems.push({ row, column, reason });
			continue;
		}
		const v = parsed.data;
		const asRow: RosterRow = { name: v.姓名, phone: v.联系电话, idNumber: v.身份证号码, unit: v.单位 };
		const own = await personHash(asRow);
		const mobile = mobilePhone(v.联系电话);
		const match = byHash.get(own) ?? (mobile ? byNameMobile.get(`${normaliseName(v.姓名)}|${mobile}`) : undefined);
		const hash = match?.hash ?? own;
		const first = firstRowOf.get(hash);
		if (first !== undefined) {
			problems.push({ row, column: '姓名', reason: `第 ${row} 行与第 ${first} 行为同一人` });
			continue;
		}
		firstRowOf.set(hash, row);
		valid.push({
			row,
			value: {
				hash,
				name: match?.name ?? v.姓名,
				idLast4: match?.idLast4 ?? (idNumberLastFour(v.身份证号码) || null),
				organization: match?.organization ?? v.单位,
				hours: v.服务时长 ?? defaultHours,
				team: match?.teamName ?? null,
				recorded: recorded.has(hash)
			}
		});
	}
	problems.sort((a, b) => a.row - b.row);
	return { total: rows.length, valid, problems };
}

/** Writes a checked sheet's valid rows in one transaction: new people are added, recorded ones get the sheet's hours. */
export async function importSheet(actor: Actor, pilotId: number, activityId: number, sha256: string, defaultHours: number, today: string) {
	refuseIfPlanned((await activityOf(pilotId, activityId)).date, today);
	const file = await staged.read(pilotId, sha256);
	const result = await checkSheet(pilotId, activityId, file.bytes, defaultHours);
	if (!result.valid.length) throw new FieldError('_form', '没有可导入的有效行');
	const done = await write(actor, async (tx, record) => {
		const [activity] = await tx.select().from(activities).where(and(eq(activities.id, activityId), eq(activities.pilotId, pilotId)));
		if (!activity) throw new NotFoundError();
		const before = await tx.select({ hash: activityParticipants.personHash }).from(activityParticipants).where(eq(activityParticipants.activityId, activityId));
		const had = new Set(before.map((b) => b.hash));
		const at = now();
		const incoming = result.valid.map((v) => v.value);
		const updates = incoming.filter((p) => had.has(p.hash));
		const added = incoming.filter((p) => !had.has(p.hash));
		for (const p of updates) await tx.update(activityParticipants).set({ hours: p.hours }).where(and(eq(activityParticipants.activityId, activityId), eq(activityParticipants.personHash, p.hash)));
		const rows = added.map((p) => ({ activityId, personHash: p.hash, name: p.name, idLast4: p.idLast4, organization: p.organization, hours: p.hours, source: p.team ? ('roster' as const) : ('sheet' as const), createdAt: at }));
		for (let i = 0; i < rows.length; i += 500) await tx.insert(activityParticipants).values(rows.slice(i, i + 500));
		const figures = await follow(tx, activityId);
		await tx.update(activities).set({ updatedAt: at, version: activity.version + 1 }).where(eq(activities.id, activityId));
		const duplicates = result.problems.filter((p) => p.reason.endsWith('为同一人')).map((p) => p.row);
		await record({
			action: 'activity.import_participants',
			entityType: 'activity',
			entityId: activityId,
			pilotId,
			before: { participants: before.length, volunteers: activity.volunteers, serviceHours: activity.serviceHours },
			after: { participants: before.length + rows.length, ...(figures ?? {}), added: rows.map((r) => r.name), updated: updates.map((u) => u.name), skippedRows: result.problems.filter((p) => !duplicates.includes(p.row)).map((p) => p.row), duplicateRows: duplicates }
		});
		return { added: rows.length, updated: updates.length, skipped: new Set(result.problems.map((p) => p.row)).size, duplicates: duplicates.length };
	}, { token: file.claim });
	await staged.discard(pilotId, sha256);
	return done;
}
