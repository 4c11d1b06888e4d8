/**
 * One pilot with every item it recorded, each annotated with whether it counts and why not —
 * the same counting the dashboard uses (it comes from `listPilotProgress`), never a second copy.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { db } from './db';
import { activities, activityTeams, files, keyDateWindows, mechanisms, pilots, projects, stations, teams } from './db/schema';
import { NotFoundError } from './errors';
import { listPilotProgress } from './queries/pilots';
import { ACTIVITY_KIND_LABELS, FACILITY_TYPE_LABELS, FIELD_LABELS, MECHANISM_STATUS_LABELS, MECHANISMS, PARTNER_TYPE_LABELS } from '../domain/labels';
import { describeChange } from '../domain/audit-fields';
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
		.select({ id: files.id, entityId: files.entityId, purpose: files.purpose, originalName: files.originalName, mime: files.mime, size: files.size, createdAt: files.createdAt })
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

/** One line of evidence beside a requirement: what the pilot says, with its photos or document. */
export interface Evidence {
	/** the requirement it supports ('venue', 'document', 'item') */
	requirement: string;
	/** whether the pilot claims it (a station's box ticked, a team linked) */
	claimed: boolean;
	lines: { label: string; value: string }[];
	files: { id: number; name: string; image: boolean }[];
}

const yesNo = (v: boolean | null | undefined) => (v ? '是' : '否');

/**
 * Every item of a pilot with its review state and its evidence, for the reviewer's page and the
 * editor's list of returned items. Items changed since their last verdict carry the audit rows of
 * the change (as labelled fields) and the files attached since.
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
	const [stationFiles, mechanismFiles] = await Promise.all([
		filesOf(pilot.id, 'station', s.map((x) => x.id)),
		filesOf(pilot.id, 'mechanism', m.map((x) => x.id).filter((id): id is number => id !== null))
	]);
	const teamName = new Map(t.map((x) => [x.id, x.name]));
	const projectName = new Map(p.map((x) => [x.id, x.name]));
	const fileList = (list: typeof stationFiles, entityId: number, purpose: string) =>
		list.filter((f) => f.entityId === entityId && f.purpose === purpose).map((f) => ({ id: f.id, name: f.originalName, image: f.mime.startsWith('image/') }));
	type Entry = { kind: ReviewedKind; id: number; version: number; name: string; counted: boolean; reasons: string[]; evidence: Evidence[] };
	const entries: Entry[] = [
		...s.map((x) => ({
			kind: 'station' as const,
			id: x.id,
			version: x.version,
			name: x.name,
			counted: x.counted,
			reasons: x.reasons,
			evidence: [
				{ requirement: 'venue', claimed: !!x.venue, lines: [{ label: '场所', value: `${FACILITY_TYPE_LABELS[x.facilityType] ?? ''}${x.address ? ` · ${x.address}` : ''}` }, { label: '说明', value: x.venueNote ?? '—' }], files: fileList(stationFiles, x.id, 'venue') },
				{ requirement: 'team', claimed: x.teamId != null && teamName.has(x.teamId), lines: [{ label: '驻站服务队', value: (x.teamId != null && teamName.get(x.teamId)) || '未关联' }], files: [] },
				{ requirement: 'project', claimed: x.projectId != null && projectName.has(x.projectId), lines: [{ label: '在站项目', value: (x.projectId != null && projectName.get(x.projectId)) || '未关联' }], files: [] },
				...(['facilities', 'rules', 'signage'] as const).map((y) => ({
					requirement: y,
					claimed: !!x[y],
					lines: [{ label: '说明', value: x[`${y}Note`] ?? '—' }],
					files: fileList(stationFiles, x.id, y)
				}))
			]
		})),
		...m
			.filter((x) => x.id !== null)
			.map((x) => ({
				kind: 'mechanism' as const,
				id: x.id!,
				version: x.version,
				name: x.name,
				counted: x.counted,
				reasons: x.reasons,
				evidence: [
					{
						requirement: 'document',
						claimed: x.status === 'established' && !!x.document,
						lines: [{ label: '建立情况', value: MECHANISM_STATUS_LABELS[x.status] }, { label: '制度文件', value: x.document ?? '—' }, { label: '说明', value: x.note ?? '—' }],
						files: fileList(mechanismFiles, x.id!, 'document')
					}
				]
			})),
		...t.map((x) => ({
			kind: 'team' as const,
			id: x.id,
			version: x.version,
			name: x.name,
			counted: x.counted,
			reasons: x.reasons,
			evidence: [
				{
					requirement: 'item',
					claimed: true,
					lines: [
						{ label: '队员人数', value: x.rosterSize != null ? `${x.rosterSize} 人（花名册）` : `${x.declaredMembers} 人（申报，尚无花名册）` },
						{ label: '在大美志愿注册', value: yesNo(x.registered) },
						{ label: '注册编号', value: x.registrationId ?? '—' },
						{ label: '成立日期', value: x.foundedOn ?? '—' },
						{ label: '负责人', value: x.leaderName ?? '—' },
						{ label: '依托单位', value: `${x.partnerType ? PARTNER_TYPE_LABELS[x.partnerType] : '—'}${x.partnerName ? ` · ${x.partnerName}` : ''}` }
					],
					files: []
				}
			]
		})),
		...p.map((x) => ({
			kind: 'project' as const,
			id: x.id,
			version: x.version,
			name: x.name,
			counted: x.counted,
			reasons: x.reasons,
			evidence: [{ requirement: 'item', claimed: true, lines: [{ label: '服务领域', value: FIELD_LABELS[x.field] ?? '—' }, { label: '项目简介', value: x.description ?? '—' }], files: [] }]
		})),
		...a.map((x) => ({
			kind: 'activity' as const,
			id: x.id,
			version: x.version,
			name: `${x.date} ${x.title}`,
			counted: x.counted,
			reasons: x.reasons,
			evidence: [
				{
					requirement: 'item',
					claimed: true,
					lines: [
						{ label: '日期与地点', value: `${x.date}${x.place ? ` · ${x.place}` : ''}` },
						{ label: '类型与领域', value: `${ACTIVITY_KIND_LABELS[x.kind] ?? '—'} · ${FIELD_LABELS[x.field] ?? '—'}` },
						{ label: '所属项目', value: (x.projectId != null && projectName.get(x.projectId)) || '—' },
						{ label: '组织服务队', value: x.teamIds.map((id) => teamName.get(id)).filter(Boolean).join('、') || '—' },
						{ label: '参与与服务', value: `志愿者 ${x.volunteers ?? 0} 人次 · 专家 ${x.experts ?? 0} 人次 · 服务群众 ${x.served ?? 0} 人次 · ${x.serviceHours ?? 0} 小时` },
						{ label: '活动内容', value: x.description ?? '—' }
					],
					files: []
				}
			]
		}))
	];
	const names: Record<string, string> = Object.fromEntries([...[...teamName].map(([id, n]) => [`team:${id}`, n]), ...[...projectName].map(([id, n]) => [`project:${id}`, n])]);
	return Promise.all(
		entries.map(async (e) => {
			const review = stateOf(verdicts, e.kind, e.id, e.version);
			const since = lastAt.get(`${e.kind}:${e.id}`);
			const changed = review.state === 'changed' && since;
			const rows = changed ? await changesSince(pilot.id, e.kind, e.id, since) : [];
			const changes = rows.map((c) => ({ at: c.at, person: c.displayName ?? c.username ?? '', fields: describeChange(e.kind, c.before, c.after, names) })).filter((c) => c.fields.length);
			const newFiles = changed
				? [...stationFiles, ...mechanismFiles].filter((f) => f.entityId === e.id && (e.kind === 'station' || e.kind === 'mechanism') && f.createdAt > since).map((f) => ({ id: f.id, name: f.originalName, purpose: f.purpose }))
				: [];
			const pending = review.state === 'returned' ? [] : e.evidence.filter((ev) => ev.claimed && !review.verified.includes(ev.requirement)).map((ev) => ev.requirement);
			return { ...e, review, changes, newFiles, pending };
		})
	);
}
