/**
 * The organisation as of one day, rolled up (issue 19): each unit's distinct members (its teams'
 * rosters and every roster below it, a person once — `unitMembers`), its size requirement from the
 * newest round (`sizeRequirement`), its cadence over the calendar year (`evaluateCadence` on the
 * activities its teams and the teams below it organised) and its dated obligations.
 *
 * Rules chosen (README "The volunteer organisation"): the tree is the one of the day asked; rosters
 * keep no history, so members are today's rosters laid over that tree; a person is known by the
 * roster row's `person_hash` (a row without one counts as its own person); declared member counts
 * without a roster name nobody and are not counted.
 */
import { and, eq, gte, inArray, isNotNull, lte } from 'drizzle-orm';
import { db } from '../db';
import { roundInForce } from './sizes';
import { activities, activityTeams, divisions, orgDeadlineDone, orgDeadlines, orgOfficers, orgUnits, teamMembers, teams } from '../db/schema';
import { sizeRequirement, unitMembers, type OrgKind, type SizeSettings } from '../../domain/organisation';
import { evaluateCadence, type CadenceActivity, type CadenceResult } from '../../domain/cadence';
import { ancestorsIn, cadenceStatus, deadlineState, periodSince, rollUpKeys, sizeStatus, treeAsOf, worstStatus, yearOf, type DeadlineState, type UnitStatus } from '../../domain/org-units';
import type { PaceStatus } from '../../domain/progress';
import { parentRows } from './units';
import { compareChinese } from '../../domain/text';

export interface UnitDeadline {
	id: number;
	title: string;
	dueDate: string;
	doneOn: string | null;
	note: string | null;
	fileName: string | null;
	state: DeadlineState;
	reason: string;
}

export interface UnitRow {
	id: number;
	kind: OrgKind;
	name: string;
	parentId: number | null;
	depth: number;
	divisionCode: string | null;
	divisionName: string | null;
	/** the city the unit serves: its own code for a city, the parent city's for a county */
	cityCode: string | null;
	foundedOn: string | null;
	platformId: string | null;
	head: string | null;
	officers: number;
	teams: number;
	members: number;
	requirement: { firstBatch: number; yearEnd: number };
	size: UnitStatus;
	cadence: CadenceResult;
	cadenceState: { status: PaceStatus; missed: boolean; reasons: string[] };
	deadlines: UnitDeadline[];
	overdue: number;
	status: PaceStatus;
}

/** The size settings the organisation is held to: the newest round's. */
export async function sizeSettings(): Promise<SizeSettings> {
	return (await roundInForce())?.orgSizes ?? {};
}

/**
 * The whole tree as of `day`, in depth-first order (children by kind, then name): its quarters,
 * obligations and activities judged on that day, as the office saw them then (an obligation due
 * later was not yet overdue; an activity held later had not happened).
 */
export async function rollUp(day: string): Promise<UnitRow[]> {
	const tree = treeAsOf(await parentRows(), day);
	const ids = [...tree.keys()];
	if (!ids.length) return [];
	const period = yearOf(day);
	const [units, teamRows, settings, deadlines, done, officers] = await Promise.all([
		db.select({ u: orgUnits, divisionName: divisions.name, divisionParent: divisions.parentCode }).from(orgUnits).leftJoin(divisions, eq(divisions.code, orgUnits.divisionCode)).where(inArray(orgUnits.id, ids)),
		db.select({ id: teams.id, unitId: teams.unitId }).from(teams).where(isNotNull(teams.unitId)),
		sizeSettings(),
		db.select().from(orgDeadlines).where(and(gte(orgDeadlines.dueDate, period.startDate), lte(orgDeadlines.dueDate, period.endDate))),
		db.select().from(orgDeadlineDone),
		db.select({ unitId: orgOfficers.unitId, role: orgOfficers.role, name: orgOfficers.name }).from(orgOfficers)
	]);
	const teamIds = teamRows.filter((t) => tree.has(t.unitId!)).map((t) => t.id);
	const unitOfTeam = new Map(teamRows.map((t) => [t.id, t.unitId!]));
	const [memberRows, activityRows] = teamIds.length
		? await Promise.all([
				db.select({ id: teamMembers.id, teamId: teamMembers.teamId, personHash: teamMembers.personHash }).from(teamMembers).where(inArray(teamMembers.teamId, teamIds)),
				db
					.select({ id: activities.id, teamId: activityTeams.teamId, date: activities.date, keyDate: activities.keyDate, field: activities.field, kind: activities.kind, keyGroups: activities.keyGroups, setting: activities.setting })
					.from(activityTeams)
					.innerJoin(activities, eq(activities.id, activityTeams.activityId))
					.where(and(inArray(activityTeams.teamId, teamIds), gte(activities.date, period.startDate), lte(activities.date, day < period.endDate ? day : period.endDate)))
			])
		: [[], []];

	const keysOf = new Map<number, string[]>(ids.map((id) => [id, []]));
	for (const m of memberRows) keysOf.get(unitOfTeam.get(m.teamId)!)!.push(m.personHash ?? `row:${m.id}`);
	const members = unitMembers(ids.map((id) => ({ id: String(id), parentId: tree.get(id) == null ? null : String(tree.get(id)), memberKeys: keysOf.get(id)! })));

	const ownActivities = new Map<number, string[]>();
	const activityById = new Map<string, CadenceActivity>();
	for (const a of activityRows) {
		const unitId = unitOfTeam.get(a.teamId)!;
		ownActivities.set(unitId, [...(ownActivities.get(unitId) ?? []), String(a.id)]);
		activityById.set(String(a.id), { date: a.date, keyDate: a.keyDate, field: a.field, kind: a.kind, keyGroups: a.keyGroups ?? [], setting: a.setting });
	}
	const activitiesOf = rollUpKeys(tree, ownActivities);

	const teamsCount = new Map<number, number>();
	for (const t of teamRows) if (tree.has(t.unitId!)) teamsCount.set(t.unitId!, (teamsCount.get(t.unitId!) ?? 0) + 1);
	const doneOf = new Map(done.map((d) => [`${d.deadlineId}:${d.unitId}`, d]));

	const rows = new Map<number, UnitRow>();
	for (const { u, divisionName, divisionParent } of units) {
		const requirement = sizeRequirement(u.kind, settings);
		const size = sizeStatus(members[String(u.id)] ?? 0, requirement);
		// a unit founded in the year is judged from its founding: no quarter or obligation before it existed
		// a unit's own record in the app may lag its founding: only a founding date stated shortens its year
		const unitPeriod = periodSince(period, u.foundedOn);
		const cadence = evaluateCadence([...(activitiesOf.get(u.id) ?? [])].map((k) => activityById.get(k)!), unitPeriod, day);
		const cadenceState = cadenceStatus(cadence, period.endDate, day);
		const unitDeadlines = deadlines
			.filter((d) => d.kinds.includes(u.kind) && d.dueDate >= unitPeriod.startDate)
			.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id - b.id)
			.map((d) => {
				const dd = doneOf.get(`${d.id}:${u.id}`) ?? null;
				const doneOn = dd && dd.doneOn <= day ? dd.doneOn : null;
				const s = deadlineState({ title: d.title, dueDate: d.dueDate, doneOn }, day);
				return { id: d.id, title: d.title, dueDate: d.dueDate, doneOn, note: doneOn ? (dd?.note ?? null) : null, fileName: doneOn ? (dd?.fileName ?? null) : null, ...s };
			});
		const overdue = unitDeadlines.filter((d) => d.state === 'overdue').length;
		const unitOfficers = officers.filter((o) => o.unitId === u.id);
		rows.set(u.id, {
			id: u.id,
			kind: u.kind,
			name: u.name,
			parentId: tree.get(u.id) ?? null,
			depth: ancestorsIn(tree, u.id).length,
			divisionCode: u.divisionCode,
			divisionName,
			cityCode: u.kind === 'city_detachment' ? u.divisionCode : u.kind === 'county_team' ? divisionParent : null,
			foundedOn: u.foundedOn,
			platformId: u.platformId,
			head: unitOfficers.find((o) => o.role === 'head')?.name ?? null,
			officers: unitOfficers.length,
			teams: teamsCount.get(u.id) ?? 0,
			members: members[String(u.id)] ?? 0,
			requirement,
			size,
			cadence,
			cadenceState,
			deadlines: unitDeadlines,
			overdue,
			status: worstStatus([size.status, cadenceState.status, overdue ? 'overdue' : 'complete'])
		});
	}
	// a county 队's city: its parent 支队's city when it has no division of its own
	for (const r of rows.values()) if (!r.cityCode && r.parentId !== null) r.cityCode = rows.get(r.parentId)?.kind === 'city_detachment' ? (rows.get(r.parentId)?.cityCode ?? null) : null;

	const KIND_ORDER: OrgKind[] = ['corps', 'city_detachment', 'society_detachment', 'university_detachment', 'enterprise_detachment', 'county_team', 'squad'];
	const children = new Map<number | null, UnitRow[]>();
	for (const r of rows.values()) {
		const p = r.parentId !== null && rows.has(r.parentId) ? r.parentId : null;
		children.set(p, [...(children.get(p) ?? []), r]);
	}
	for (const list of children.values())
		list.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.divisionCode ?? '').localeCompare(b.divisionCode ?? '') || compareChinese(a.name, b.name));
	const ordered: UnitRow[] = [];
	const walk = (p: number | null) => {
		for (const r of children.get(p) ?? []) {
			ordered.push(r);
			walk(r.id);
		}
	};
	walk(null);
	return ordered;
}
