/**
 * Pilots with their counted items and progress: DB → countItems → evaluateProgress.
 *
 * `listPilotProgress` loads each item table once for all the requested pilots (no query per
 * pilot) and groups in memory: the full detail a pilot's own pages need. Lists of many pilots
 * use `listPilotSummaries`, which reads each pilot's stored tally (see `pilotTallies`) and
 * recounts only the pilots whose tally is stale, a bounded batch at a time.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { db, writeTransaction, type Transaction } from '../db';
import { amongIds, selectRows } from '../db/json-rows';
import {
	activities,
	divisions,
	mechanisms,
	pilots,
	projects,
	pilotTallies,
	rounds,
	stations,
	targetOverrides,
	teams
} from '../db/schema';
import { countItems } from '../../domain/counting';
import { cycleOf, evaluateProgress, type Dimension, type Targets } from '../../domain/progress';
import { DIMENSIONS, type PilotLevel } from '../../domain/labels';
import { REVIEWED_KIND_OF_DIMENSION } from '../../domain/review';
import { stateOf, verdictsOf } from '../reviews';
import { applyOverrides } from '../../domain/targets';
import { lifecycleHasPace } from '../../domain/labels';
import { addGroups, emptyActivityFigures, type ActivityFigures } from '../../domain/activity-figures';
import { activityGroupsByPilot } from './summary';

export interface PilotFilter {
	roundId?: number;
	pilotIds?: number[];
}

/** A division's parent (a county's city), joined for the city's name. */
const PARENT_DIVISIONS = 'parent_divisions';
const parentDivisions = alias(divisions, PARENT_DIVISIONS);

export type PilotProgress = Awaited<ReturnType<typeof listPilotProgress>>[number];

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
	const map = new Map<K, T[]>();
	for (const row of rows) {
		const k = key(row);
		const list = map.get(k);
		if (list) list.push(row);
		else map.set(k, [row]);
	}
	return map;
}

async function readPilotRows(filter: PilotFilter, withFigures = false) {
	const conditions: SQL[] = [];
	if (filter.roundId !== undefined) conditions.push(eq(pilots.roundId, filter.roundId));
	if (filter.pilotIds !== undefined) conditions.push(inArray(pilots.id, filter.pilotIds));
	// a round's list is hundreds of rows: read as one JSON array (see selectRows)
	return selectRows(
		{
			id: pilots.id,
			name: pilots.name,
			level: pilots.level,
			lifecycle: pilots.lifecycle,
			approvalDate: pilots.approvalDate,
			divisionCode: pilots.divisionCode,
			divisionName: divisions.name,
			parentCode: divisions.parentCode,
			parentName: parentDivisions.name,
			roundId: pilots.roundId,
			tallyStamp: pilotTallies.stamp,
			tallyDay: pilotTallies.day,
			tallyActual: pilotTallies.actual,
			tallyVerified: pilotTallies.verified,
			tallyHasFigures: sql<number>`${pilotTallies.activityFigures} is not null`,
			// parsed only for the pages that show them (the summary)
			...(withFigures ? { tallyFigures: pilotTallies.activityFigures } : {})
		},
		sql`${pilots} inner join ${divisions} on ${divisions.code} = ${pilots.divisionCode} left join ${divisions} as ${sql.identifier(PARENT_DIVISIONS)} on ${parentDivisions.code} = ${divisions.parentCode} left join ${pilotTallies} on ${pilotTallies.pilotId} = ${pilots.id}`,
		conditions.length ? and(...conditions) : undefined,
		sql`${pilots.level} asc, ${pilots.divisionCode} asc`
	);
}
type PilotRowData = Awaited<ReturnType<typeof readPilotRows>>[number] & { tallyFigures?: ActivityFigures | null };

/**
 * What every pilot of a list shares, whatever the detail: names, city, round, targets. The
 * rounds' targets and pace settings are read once per round, not once per pilot row.
 */
async function describePilots(pilotRows: PilotRowData[]) {
	const ids = pilotRows.map((p) => p.id);
	const roundIds = [...new Set(pilotRows.map((p) => p.roundId))];
	const [overrideRows, roundRows] = await Promise.all([
		ids.length
			? db
					.select({ pilotId: targetOverrides.pilotId, targetKey: targetOverrides.targetKey, value: targetOverrides.value, createdAt: targetOverrides.createdAt })
					.from(targetOverrides)
					.where(sql`${targetOverrides.pilotId} ${amongIds(ids)}`)
					.orderBy(asc(targetOverrides.createdAt), asc(targetOverrides.id))
			: Promise.resolve([]),
		roundIds.length
			? db
					.select({ id: rounds.id, name: rounds.name, cityTargets: rounds.cityTargets, countyTargets: rounds.countyTargets, paceSettings: rounds.paceSettings })
					.from(rounds)
					.where(inArray(rounds.id, roundIds))
			: Promise.resolve([])
	]);
	const overridesBy = groupBy(overrideRows, (r) => r.pilotId);
	const roundOf = new Map(roundRows.map((r) => [r.id, r]));
	return (p: PilotRowData) => {
		const round = roundOf.get(p.roundId)!;
		const defaults: Targets = (p.level as PilotLevel) === 'city' ? round.cityTargets : round.countyTargets;
		const overrides = overridesBy.get(p.id);
		const base = {
			id: p.id,
			name: p.name,
			level: p.level,
			lifecycle: p.lifecycle,
			divisionCode: p.divisionCode,
			divisionName: p.divisionName,
			cityName: p.level === 'city' ? p.divisionName : (p.parentName ?? ''),
			cityCode: p.level === 'city' ? p.divisionCode : (p.parentCode ?? ''),
			roundId: p.roundId,
			roundName: round.name,
			targets: overrides ? applyOverrides(defaults, overrides) : { ...defaults }
		};
		return { base, paceSettings: round.paceSettings };
	};
}

export async function listPilotProgress(filter: PilotFilter, today: string) {
	const pilotRows = await readPilotRows(filter);
	const ids = pilotRows.map((p) => p.id);
	if (ids.length === 0) return [];
	const baseOf = await describePilots(pilotRows);

	// Item rows come as one JSON array per table (selectRows): a batch of pilots holds thousands.
	const [teamRows, projectRows, activityRows, stationRows, mechanismRows, verdicts] = await Promise.all([
		selectRows(
			{ id: teams.id, pilotId: teams.pilotId, declaredMembers: teams.declaredMembers, rosterSize: teams.rosterSize, registered: teams.registered, version: teams.version },
			teams,
			inArray(teams.pilotId, ids)
		),
		selectRows({ id: projects.id, pilotId: projects.pilotId, version: projects.version }, projects, inArray(projects.pilotId, ids)),
		selectRows(
			{ id: activities.id, pilotId: activities.pilotId, date: activities.date, projectId: activities.projectId, version: activities.version },
			activities,
			inArray(activities.pilotId, ids)
		),
		selectRows(
			{
				id: stations.id,
				pilotId: stations.pilotId,
				venue: stations.venue,
				facilities: stations.facilities,
				rules: stations.rules,
				signage: stations.signage,
				teamId: stations.teamId,
				projectId: stations.projectId,
				version: stations.version
			},
			stations,
			inArray(stations.pilotId, ids)
		),
		selectRows(
			{ id: mechanisms.id, pilotId: mechanisms.pilotId, key: mechanisms.key, status: mechanisms.status, document: mechanisms.document, version: mechanisms.version },
			mechanisms,
			inArray(mechanisms.pilotId, ids)
		),
		verdictsOf(ids)
	]);

	const teamsBy = groupBy(teamRows, (r) => r.pilotId);
	const projectsBy = groupBy(projectRows, (r) => r.pilotId);
	const activitiesBy = groupBy(activityRows, (r) => r.pilotId);
	const stationsBy = groupBy(stationRows, (r) => r.pilotId);
	const mechanismsBy = groupBy(mechanismRows, (r) => r.pilotId);

	return pilotRows.map((p) => {
		const { base, paceSettings } = baseOf(p);
		const targets = base.targets;
		if (!p.approvalDate) {
			return { ...base, cycle: null, counted: null, verified: null, progress: null, hasPace: false };
		}
		const cycle = cycleOf(p.approvalDate);
		const counted = countItems(
			{
				teams: (teamsBy.get(p.id) ?? []).map((t) => ({
					id: String(t.id),
					members: t.rosterSize ?? t.declaredMembers,
					registered: t.registered
				})),
				projects: (projectsBy.get(p.id) ?? []).map((r) => ({ id: String(r.id) })),
				activities: (activitiesBy.get(p.id) ?? []).map((a) => ({
					id: String(a.id),
					date: a.date,
					projectId: a.projectId == null ? null : String(a.projectId)
				})),
				stations: (stationsBy.get(p.id) ?? []).map((s) => ({
					id: String(s.id),
					venue: s.venue,
					facilities: s.facilities,
					rules: s.rules,
					signage: s.signage,
					teamId: s.teamId == null ? null : String(s.teamId),
					projectId: s.projectId == null ? null : String(s.projectId)
				})),
				mechanisms: (mechanismsBy.get(p.id) ?? []).map((m) => ({ key: m.key, status: m.status, document: m.document }))
			},
			targets,
			cycle,
			today
		);
		// 验收 relies on these: counted items whose every requirement is verified on their current version.
		const versions = {
			teams: new Map((teamsBy.get(p.id) ?? []).map((x) => [String(x.id), { id: x.id, version: x.version }])),
			projects: new Map((projectsBy.get(p.id) ?? []).map((x) => [String(x.id), { id: x.id, version: x.version }])),
			activities: new Map((activitiesBy.get(p.id) ?? []).map((x) => [String(x.id), { id: x.id, version: x.version }])),
			stations: new Map((stationsBy.get(p.id) ?? []).map((x) => [String(x.id), { id: x.id, version: x.version }])),
			mechanisms: new Map((mechanismsBy.get(p.id) ?? []).map((x) => [x.key as string, { id: x.id, version: x.version }]))
		};
		const verified = Object.fromEntries(
			DIMENSIONS.map((d) => [
				d,
				counted.items[d].filter((item) => {
					const v = versions[d].get(item.id);
					return item.counted && !!v && stateOf(verdicts, REVIEWED_KIND_OF_DIMENSION[d], v.id, v.version).state === 'verified';
				}).length
			])
		) as Record<Dimension, number>;
		const progress = evaluateProgress(
			{ startDate: p.approvalDate, targets, actual: counted.actual },
			today,
			paceSettings
		);
		return { ...base, cycle, counted, verified, progress, hasPace: lifecycleHasPace(p.lifecycle) };
	});
}

/** How many stale pilots are recounted at once: bounds the item rows held in memory. */
const RECOUNT_BATCH = 100;

type Tally = { pilotId: number; actual: Record<Dimension, number>; verified: Record<Dimension, number>; activities?: ActivityFigures | null };

/**
 * Recounts under way, by pilot, the tally stamp they read and the day. Views that find the same
 * pilot stale at once (a busy pilot's writes make it stale for every list of its round) wait for
 * the one recount instead of each counting its items again; an entry lives only while its count
 * runs, so nothing is kept between views.
 */
const recounting = new Map<string, Promise<Tally | undefined>>();
const recountKey = (p: PilotRowData, today: string) => `${p.id}:${p.tallyStamp ?? '-'}:${today}`;

/** Counts a batch of stale pilots through the one counting path and stores their tallies. */
async function recount(batch: PilotRowData[], today: string): Promise<Map<number, Tally>> {
	const counted = await listPilotProgress({ pilotIds: batch.map((p) => p.id) }, today);
	const groups = await activityGroupsByPilot(counted, today);
	const stampRead = new Map(batch.map((p) => [p.id, p.tallyStamp]));
	const tallies = counted
		.filter((c) => c.counted && c.verified)
		.map((c) => ({ pilotId: c.id, stamp: stampRead.get(c.id) ?? null, actual: c.counted!.actual, verified: c.verified!, activities: addGroups(emptyActivityFigures(), groups.get(c.id) ?? []) }));
	// Keeping them is an optimisation: a reader still gets its figures when the database
	// cannot take the write (locked by another process, disk full); the next read recounts.
	await storeTallies(tallies, today).catch((e) => console.error('storing tallies failed; they will be recounted', e));
	return new Map(tallies.map((t) => [t.pilotId, t]));
}

/**
 * Pilots with their figures and progress, without their items: what lists, charts and
 * exports of many pilots need. Stale tallies are recounted through `listPilotProgress` (the one
 * counting path) and stored for the next reader.
 */
export async function listPilotSummaries(filter: PilotFilter, today: string, options: { activityFigures?: boolean } = {}) {
	const pilotRows: PilotRowData[] = await readPilotRows(filter, options.activityFigures);
	if (pilotRows.length === 0) return [];
	const baseOf = await describePilots(pilotRows);

	const fresh = new Map<number, Omit<Tally, 'pilotId'>>();
	for (const p of pilotRows)
		if (p.approvalDate && p.tallyDay === today && p.tallyActual && p.tallyVerified && p.tallyHasFigures) fresh.set(p.id, { actual: p.tallyActual, verified: p.tallyVerified, activities: p.tallyFigures });
	const stale = pilotRows.filter((p) => p.approvalDate && !fresh.has(p.id));
	const countedElsewhere: Promise<void>[] = [];
	const toCount: PilotRowData[] = [];
	for (const p of stale) {
		const running = recounting.get(recountKey(p, today));
		if (!running) {
			toCount.push(p);
			continue;
		}
		const waiting = running.then((t) => void (t && fresh.set(p.id, t)));
		// awaited below, unless a count of this view's own fails first: then nobody would, and an
		// unhandled rejection stops the server
		waiting.catch(() => {});
		countedElsewhere.push(waiting);
	}
	for (let i = 0; i < toCount.length; i += RECOUNT_BATCH) {
		const batch = toCount.slice(i, i + RECOUNT_BATCH);
		const counting = recount(batch, today);
		for (const p of batch) {
			const key = recountKey(p, today);
			const one = counting.then((tallies) => tallies.get(p.id));
			recounting.set(key, one);
			// the view that started the count meets a failure below; a view waiting for it, through `one`
			one.then(
				() => recounting.delete(key),
				() => recounting.delete(key)
			);
		}
		for (const [id, t] of await counting) fresh.set(id, t);
	}
	await Promise.all(countedElsewhere);

	return pilotRows.map((p) => {
		const { base, paceSettings } = baseOf(p);
		const tally = p.approvalDate ? fresh.get(p.id) : undefined;
		if (!p.approvalDate || !tally) {
			return { ...base, cycle: null, counted: null, verified: null, progress: null, hasPace: false };
		}
		const progress = evaluateProgress({ startDate: p.approvalDate, targets: base.targets, actual: tally.actual }, today, paceSettings);
		return {
			...base,
			cycle: cycleOf(p.approvalDate),
			counted: { actual: tally.actual },
			verified: tally.verified,
			progress,
			hasPace: lifecycleHasPace(p.lifecycle),
			// with `activityFigures: true` only
			...(options.activityFigures ? { activityFigures: tally.activities ?? null } : {})
		};
	});
}

export type PilotSummary = Awaited<ReturnType<typeof listPilotSummaries>>[number];

/**
 * Keeps recounted tallies, each only if no write about its pilot happened since its stamp was
 * read (a pilot never tallied has no row: it is inserted unless a write created one meanwhile).
 * Bookkeeping derived from audited data, like the snapshots: written without an audit row.
 */
export async function storeTallies(
	tallies: { pilotId: number; stamp: number | null; actual: Record<Dimension, number>; verified: Record<Dimension, number>; activities?: ActivityFigures }[],
	today: string
) {
	if (!tallies.length) return;
	await writeTransaction(async (tx) => {
		for (const t of tallies) {
			const actual = JSON.stringify(t.actual);
			const verified = JSON.stringify(t.verified);
			// a tally stored without them counts as stale (see listPilotSummaries)
			const figures = t.activities ? JSON.stringify(t.activities) : null;
			if (t.stamp == null) {
				await tx.run(
					sql`insert into pilot_tallies (pilot_id, stamp, day, actual, verified, activity_figures) values (${t.pilotId}, 0, ${today}, ${actual}, ${verified}, ${figures}) on conflict (pilot_id) do nothing`
				);
			} else {
				await tx.run(sql`update pilot_tallies set day = ${today}, actual = ${actual}, verified = ${verified}, activity_figures = ${figures} where pilot_id = ${t.pilotId} and stamp = ${t.stamp}`);
			}
		}
	});
}

/** Marks every tally of a round stale, in the write that changed what the round's counts depend on. */
export async function markRoundStale(tx: Transaction, roundId: number): Promise<void> {
	await tx.run(sql`update pilot_tallies set stamp = stamp + 1, day = null where pilot_id in (select id from pilots where round_id = ${roundId})`);
}
