/**
 * One pilot with every item it recorded, each annotated with whether it counts and why not —
 * the same counting the dashboard uses (it comes from `listPilotProgress`), never a second copy.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { db } from './db';
import { activities, activityTeams, files, keyDateWindows, mechanisms, pilots, projects, stations, teams } from './db/schema';
import { NotFoundError } from './errors';
import { listPilotProgress } from './queries/pilots';
import { MECHANISMS } from '../domain/labels';
import type { CountedItem } from '../domain/counting';
import type { Dimension } from '../domain/progress';
import type { ReviewedKind } from '../domain/review';
import { changesSince, lastVerdictTimes, stateOf, verdictsOf } from './reviews';

function annotate<T extends { id: number }>(rows: T[], counted: CountedItem[] | undefined) {
	const byId = new Map((counted ?? []).map((c) => [c.id, c]));
	return rows.map((r) => {
		const c = byId.get(String(r.id));
		return { ...r, counted: c?.counted ?? false, reasons: c?.reasons ?? ['尚未立项，暂不计数'] };
	});
}

export async function loadPilot(pilotId: number, today: string) {
	const [pilot] = await listPilotProgress({ pilotIds: [pilotId] }, today);
	return pilot ?? null;
}

export type LoadedPilot = NonNullable<Awaited<ReturnType<typeof loadPilot>>>;

const counted = (pilot: LoadedPilot, d: Dimension) => pilot.counted?.items[d];

export async function teamsOf(pilot: LoadedPilot) {
	const rows = await db.select().from(teams).where(eq(teams.pilotId, pilot.id)).orderBy(asc(teams.id));
	return annotate(
		rows.map((t) => ({ ...t, members: t.rosterSize ?? t.declaredMembers })),
		counted(pilot, 'teams')
	);
}

export async function projectsOf(pilot: LoadedPilot) {
	const rows = await db.select().from(projects).where(eq(projects.pilotId, pilot.id)).orderBy(asc(projects.id));
	return annotate(rows, counted(pilot, 'projects'));
}

export async function activitiesOf(pilot: LoadedPilot) {
	const rows = await db.select().from(activities).where(eq(activities.pilotId, pilot.id)).orderBy(desc(activities.date), desc(activities.id));
	const links = rows.length
		? await db.select().from(activityTeams).where(inArray(activityTeams.activityId, rows.map((r) => r.id)))
		: [];
	const teamIdsOf = new Map<number, number[]>();
	for (const l of links) teamIdsOf.set(l.activityId, [...(teamIdsOf.get(l.activityId) ?? []), l.teamId]);
	return annotate(
		rows.map((a) => ({ ...a, teamIds: teamIdsOf.get(a.id) ?? [] })),
		counted(pilot, 'activities')
	);
}

export async function stationsOf(pilot: LoadedPilot) {
	const rows = await db.select().from(stations).where(eq(stations.pilotId, pilot.id)).orderBy(asc(stations.id));
	return annotate(rows, counted(pilot, 'stations'));
}

/** All eight, in the scheme's order, whether or not the pilot has touched them yet. */
export async function mechanismsOf(pilot: LoadedPilot) {
	const rows = await db.select().from(mechanisms).where(eq(mechanisms.pilotId, pilot.id));
	const byKey = new Map(rows.map((m) => [m.key, m]));
	const countedByKey = new Map((counted(pilot, 'mechanisms') ?? []).map((c) => [c.id, c]));
	return MECHANISMS.map((m) => {
		const row = byKey.get(m.key);
		const c = countedByKey.get(m.key);
		return {
			...m,
			id: row?.id ?? null,
			status: row?.status ?? ('not_started' as const),
			document: row?.document ?? null,
			note: row?.note ?? null,
			version: row?.version ?? 0,
			counted: c?.counted ?? false,
			reasons: c?.reasons ?? ['未开始']
		};
	});
}

export async function filesOf(pilotId: number, entityType: string, entityIds: number[]) {
	if (!entityIds.length) return [];
	return db
		.select({ id: files.id, entityId: files.entityId, purpose: files.purpose, originalName: files.originalName, mime: files.mime, size: files.size })
		.from(files)
		.where(and(eq(files.pilotId, pilotId), eq(files.entityType, entityType), inArray(files.entityId, entityIds)))
		.orderBy(asc(files.id));
}

/**
 * What checking an activity needs of its pilot — the cycle's start and the round's key-date
 * windows — read directly rather than through the full progress query.
 */
/** What checking an activity's date needs. One statement: every activity save runs it first. */
export async function activityContextOf(pilotId: number, today: string) {
	const [row] = await db.all<{ approvalDate: string | null; windows: string }>(sql`
		select p.approval_date as approvalDate,
			(select json_group_array(json_object('key', w.key, 'name', w.name, 'startDate', w.start_date, 'endDate', w.end_date, 'year', w.year))
				from key_date_windows w where w.round_id = p.round_id) as windows
		from pilots p where p.id = ${pilotId}`);
	if (!row) throw new NotFoundError();
	const keyDateWindows = (JSON.parse(row.windows) as KeyDateWindow[]).sort((a, b) => a.startDate.localeCompare(b.startDate));
	return { approvalDate: row.approvalDate, today, keyDateWindows };
}

type KeyDateWindow = Awaited<ReturnType<typeof keyDateWindowsOf>>[number];

export async function keyDateWindowsOf(roundId: number) {
	return db
		.select({ key: keyDateWindows.key, name: keyDateWindows.name, startDate: keyDateWindows.startDate, endDate: keyDateWindows.endDate, year: keyDateWindows.year })
		.from(keyDateWindows)
		.where(eq(keyDateWindows.roundId, roundId))
		.orderBy(asc(keyDateWindows.startDate));
}

/**
 * Every item of a pilot with its review state, for the reviewer's page and the editor's list of
 * returned items. Items changed since their last verdict carry the audit rows of the change.
 */
export async function reviewBoardOf(pilot: LoadedPilot) {
	const [t, p, a, s, m, verdicts, lastAt] = await Promise.all([
		teamsOf(pilot),
		projectsOf(pilot),
		activitiesOf(pilot),
		stationsOf(pilot),
		mechanismsOf(pilot),
		verdictsOf([pilot.id]),
		lastVerdictTimes(pilot.id)
	]);
	const entries: { kind: ReviewedKind; id: number; version: number; name: string; counted: boolean; reasons: string[] }[] = [
		...s.map((x) => ({ kind: 'station' as const, id: x.id, version: x.version, name: x.name, counted: x.counted, reasons: x.reasons })),
		...m.filter((x) => x.id !== null).map((x) => ({ kind: 'mechanism' as const, id: x.id!, version: x.version, name: `${x.name}${x.document ? `：${x.document}` : ''}`, counted: x.counted, reasons: x.reasons })),
		...t.map((x) => ({ kind: 'team' as const, id: x.id, version: x.version, name: x.name, counted: x.counted, reasons: x.reasons })),
		...p.map((x) => ({ kind: 'project' as const, id: x.id, version: x.version, name: x.name, counted: x.counted, reasons: x.reasons })),
		...a.map((x) => ({ kind: 'activity' as const, id: x.id, version: x.version, name: `${x.date} ${x.title}`, counted: x.counted, reasons: x.reasons }))
	];
	return Promise.all(
		entries.map(async (e) => {
			const review = stateOf(verdicts, e.kind, e.id, e.version);
			const since = lastAt.get(`${e.kind}:${e.id}`);
			const changes = review.state === 'changed' && since ? await changesSince(pilot.id, e.kind, e.id, since) : [];
			return { ...e, review, changes };
		})
	);
}

/** Every activity's date and title, oldest first, for the pilot's calendar. */
export function calendarOf(pilotId: number) {
	return db.select({ date: activities.date, title: activities.title }).from(activities).where(eq(activities.pilotId, pilotId)).orderBy(asc(activities.date));
}
