/**
 * Pilots with their counted items and progress: DB → countItems → evaluateProgress.
 *
 * Loads each item table once for all the requested pilots (no query per pilot) and groups in
 * memory, so the page costs a fixed number of queries however many pilots it shows.
 */
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { db } from '../db';
import {
	activities,
	divisions,
	mechanisms,
	pilots,
	projects,
	rounds,
	stations,
	targetOverrides,
	teams
} from '../db/schema';
import { countItems } from '../../domain/counting';
import { cycleOf, evaluateProgress, type Dimension, type Targets } from '../../domain/progress';
import { DIMENSIONS } from '../../domain/labels';
import { REVIEWED_KIND_OF_DIMENSION } from '../../domain/review';
import { stateOf, verdictsOf } from '../reviews';
import { applyOverrides } from '../../domain/targets';
import { lifecycleHasPace } from '../../domain/labels';

export interface PilotFilter {
	roundId?: number;
	pilotIds?: number[];
}

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

export async function listPilotProgress(filter: PilotFilter, today: string) {
	const conditions: SQL[] = [];
	if (filter.roundId !== undefined) conditions.push(eq(pilots.roundId, filter.roundId));
	if (filter.pilotIds !== undefined) conditions.push(inArray(pilots.id, filter.pilotIds));

	const pilotRows = await db
		.select({
			id: pilots.id,
			name: pilots.name,
			level: pilots.level,
			lifecycle: pilots.lifecycle,
			approvalDate: pilots.approvalDate,
			divisionCode: pilots.divisionCode,
			divisionName: divisions.name,
			parentCode: divisions.parentCode,
			roundId: pilots.roundId,
			roundName: rounds.name,
			cityTargets: rounds.cityTargets,
			countyTargets: rounds.countyTargets,
			paceSettings: rounds.paceSettings
		})
		.from(pilots)
		.innerJoin(divisions, eq(divisions.code, pilots.divisionCode))
		.innerJoin(rounds, eq(rounds.id, pilots.roundId))
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(asc(pilots.level), asc(pilots.divisionCode));

	const ids = pilotRows.map((p) => p.id);
	if (ids.length === 0) return [];
	const parentCodes = [...new Set(pilotRows.map((p) => p.parentCode).filter((c): c is string => !!c))];

	const [teamRows, projectRows, activityRows, stationRows, mechanismRows, overrideRows, parents, verdicts] =
		await Promise.all([
			db
				.select({
					id: teams.id,
					pilotId: teams.pilotId,
					declaredMembers: teams.declaredMembers,
					rosterSize: teams.rosterSize,
					registered: teams.registered,
					version: teams.version
				})
				.from(teams)
				.where(inArray(teams.pilotId, ids)),
			db.select({ id: projects.id, pilotId: projects.pilotId, version: projects.version }).from(projects).where(inArray(projects.pilotId, ids)),
			db
				.select({ id: activities.id, pilotId: activities.pilotId, date: activities.date, projectId: activities.projectId, version: activities.version })
				.from(activities)
				.where(inArray(activities.pilotId, ids)),
			db
				.select({
					id: stations.id,
					pilotId: stations.pilotId,
					venue: stations.venue,
					facilities: stations.facilities,
					rules: stations.rules,
					signage: stations.signage,
					teamId: stations.teamId,
					projectId: stations.projectId,
					version: stations.version
				})
				.from(stations)
				.where(inArray(stations.pilotId, ids)),
			db
				.select({ id: mechanisms.id, pilotId: mechanisms.pilotId, key: mechanisms.key, status: mechanisms.status, document: mechanisms.document, version: mechanisms.version })
				.from(mechanisms)
				.where(inArray(mechanisms.pilotId, ids)),
			db
				.select({
					pilotId: targetOverrides.pilotId,
					targetKey: targetOverrides.targetKey,
					value: targetOverrides.value,
					createdAt: targetOverrides.createdAt
				})
				.from(targetOverrides)
				.where(inArray(targetOverrides.pilotId, ids))
				.orderBy(asc(targetOverrides.createdAt), asc(targetOverrides.id)),
			parentCodes.length
				? db.select({ code: divisions.code, name: divisions.name }).from(divisions).where(inArray(divisions.code, parentCodes))
				: Promise.resolve([]),
			verdictsOf(ids)
		]);

	const teamsBy = groupBy(teamRows, (r) => r.pilotId);
	const projectsBy = groupBy(projectRows, (r) => r.pilotId);
	const activitiesBy = groupBy(activityRows, (r) => r.pilotId);
	const stationsBy = groupBy(stationRows, (r) => r.pilotId);
	const mechanismsBy = groupBy(mechanismRows, (r) => r.pilotId);
	const overridesBy = groupBy(overrideRows, (r) => r.pilotId);
	const parentName = new Map(parents.map((d) => [d.code, d.name]));

	return pilotRows.map((p) => {
		const defaults: Targets = p.level === 'city' ? p.cityTargets : p.countyTargets;
		const targets = applyOverrides(defaults, overridesBy.get(p.id) ?? []);
		const cityCode = p.level === 'city' ? p.divisionCode : (p.parentCode ?? '');
		const cityName = p.level === 'city' ? p.divisionName : (parentName.get(p.parentCode ?? '') ?? '');
		const base = {
			id: p.id,
			name: p.name,
			level: p.level,
			lifecycle: p.lifecycle,
			divisionCode: p.divisionCode,
			divisionName: p.divisionName,
			cityName,
			cityCode,
			roundId: p.roundId,
			roundName: p.roundName,
			targets
		};
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
			p.paceSettings
		);
		return { ...base, cycle, counted, verified, progress, hasPace: lifecycleHasPace(p.lifecycle) };
	});
}
