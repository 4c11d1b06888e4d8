/**
 * A pilot's activities (科技志愿服务活动): read with whether each counts, the audited writes, and
 * what checking one needs of its pilot (its cycle and the round's key-date windows).
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { db, type Transaction } from '../db';
import { activities, activityTeams, projects, teams } from '../db/schema';
import type { Actor } from '../audit';
import { FieldError, NotFoundError } from '../errors';
import { attachFile, EVIDENCE_KINDS, PHOTO_KINDS, storeBytes, type CheckedFile } from '../files';
import type { ActivityInput } from '../../schemas/items';
import { activityDateProblem, type ActivityWindow } from '../../domain/activity-checks';
import { suggestKeyDate, type KeyDateWindow } from '../../domain/key-dates';
import { annotate, assertOwned, createItem, deleteItem, updateItem, type ItemKind } from './items';
import type { LoadedPilot } from './pilot';
import { follow as followParticipants } from '../participants';

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

async function linkTeams(tx: Transaction, pilotId: number, activityId: number, teamIds: number[], replacing: boolean) {
	await assertOwned(tx, teams, pilotId, teamIds, 'teamIds', '服务队');
	if (replacing) await tx.delete(activityTeams).where(eq(activityTeams.activityId, activityId));
	if (teamIds.length) await tx.insert(activityTeams).values([...new Set(teamIds)].map((teamId) => ({ activityId, teamId })));
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
			await linkTeams(tx, pilotId, id, input.teamIds, false);
			for (const s of stored) await attachFile(tx, { pilotId, entityType: 'activity', entityId: id, ...s, userId: actor.userId });
		},
		token
	);
}
export async function update(actor: Actor, pilotId: number, id: number, input: ActivityInput, ctx: PilotContext, evidence: ActivityFiles = {}) {
	const values = activityValues(input, ctx);
	const stored = await storeEvidence(evidence);
	return updateItem(actor, KIND, pilotId, id, input.version, { ...values }, async (tx) => {
		await assertOwned(tx, projects, pilotId, values.projectId ? [values.projectId] : [], 'projectId', '项目');
		await linkTeams(tx, pilotId, id, input.teamIds, true);
		for (const s of stored) await attachFile(tx, { pilotId, entityType: 'activity', entityId: id, ...s, userId: actor.userId });
		// with participants recorded, 志愿者人次 and 服务时长 are theirs, whatever the form sent
		await followParticipants(tx, id);
	});
}
/** Into the recycle bin, with its team links and evidence. */
export const remove = (actor: Actor, pilotId: number, id: number) => deleteItem(actor, KIND, pilotId, id);
