/**
 * What counts toward the targets (DOMAIN.md "Targets"), with the reason for every item that
 * does not, in the words shown next to it ("队员 38/50", "缺：有标识"). Counted items carry no
 * reasons. Pure: `today` is passed in; malformed dates throw instead of miscounting.
 *
 * Rules chosen where DOMAIN.md is silent:
 * - An activity outside the cycle reads "不在试点周期内" even when it is also in the future:
 *   being outside the cycle is the lasting reason, "planned" would suggest it will count.
 * - A station's 有队伍 / 有项目 need a linked team / project of this pilot (an id in `items`);
 *   the linked team or project need not count itself.
 */
import { assertDate } from './dates';
import type { Dimension, Targets } from './progress';
import { MECHANISM_STATUS_LABELS, SIX_YOU, SIX_YOU_LABELS, type SixYou } from './labels';

export interface CountInput {
	teams: { id: string; members: number; registered: boolean }[];
	projects: { id: string }[];
	activities: { id: string; date: string; projectId?: string | null }[];
	stations: {
		id: string;
		venue: boolean;
		facilities: boolean;
		rules: boolean;
		signage: boolean;
		teamId?: string | null;
		projectId?: string | null;
	}[];
	mechanisms: { key: string; status: 'not_started' | 'drafting' | 'established'; document?: string | null }[];
}

export type StationInput = CountInput['stations'][number];
export type MechanismInput = CountInput['mechanisms'][number];

export interface CountedItem {
	id: string;
	counted: boolean;
	reasons: string[];
}

export interface CountResult {
	actual: Record<Dimension, number>;
	items: Record<Dimension, CountedItem[]>;
}

export interface CycleRange {
	startDate: string;
	endDate: string;
}

/** A team counts when registered on 大美志愿 and at least `membersPerTeam` strong. */
export function teamReasons(team: { members: number; registered: boolean }, membersPerTeam: number): string[] {
	const reasons: string[] = [];
	if (team.members < membersPerTeam) reasons.push(`队员 ${team.members}/${membersPerTeam}`);
	if (!team.registered) reasons.push('未在大美志愿注册');
	return reasons;
}

/** An activity counts when held (date ≤ today) inside the cycle. */
export function activityReasons(date: string, cycle: CycleRange, today: string): string[] {
	if (date < cycle.startDate || date > cycle.endDate) return ['不在试点周期内'];
	if (date > today) return ['计划中，尚未开展'];
	return [];
}

/** The six 有 a station lacks, in the scheme's order; 有队伍/有项目 need a team/project of this pilot. */
export function missingSixYou(station: StationInput, teamIds: ReadonlySet<string>, projectIds: ReadonlySet<string>): SixYou[] {
	const has: Record<SixYou, boolean> = {
		venue: station.venue,
		team: station.teamId != null && teamIds.has(station.teamId),
		project: station.projectId != null && projectIds.has(station.projectId),
		facilities: station.facilities,
		rules: station.rules,
		signage: station.signage
	};
	return SIX_YOU.filter((y) => !has[y]);
}

/** One sentence for all that is missing, e.g. "缺：有场所、有标识". */
export function stationReasons(missing: readonly SixYou[]): string[] {
	return missing.length ? [`缺：${missing.map((y) => SIX_YOU_LABELS[y]).join('、')}`] : [];
}

/** A mechanism counts when established with a non-blank document as evidence. */
export function mechanismReasons(m: MechanismInput): string[] {
	if (m.status !== 'established') return [MECHANISM_STATUS_LABELS[m.status] ?? '未建立'];
	if (!m.document?.trim()) return ['已建立，但缺少制度文件'];
	return [];
}

const item = (id: string, reasons: string[]): CountedItem => ({ id, counted: reasons.length === 0, reasons });
const countedIn = (list: readonly CountedItem[]) => list.filter((x) => x.counted).length;

function validateDates(items: CountInput, cycle: CycleRange, today: string): void {
	assertDate(cycle.startDate, 'cycle.startDate');
	assertDate(cycle.endDate, 'cycle.endDate');
	if (cycle.endDate < cycle.startDate) throw new Error(`cycle ends (${cycle.endDate}) before it starts (${cycle.startDate})`);
	assertDate(today, 'today');
	for (const a of items.activities) assertDate(a.date, `date of activity ${a.id}`);
}

export function countItems(items: CountInput, targets: Targets, cycle: CycleRange, today: string): CountResult {
	validateDates(items, cycle, today);

	const teams = items.teams.map((t) => item(t.id, teamReasons(t, targets.membersPerTeam)));
	const activities = items.activities.map((a) => item(a.id, activityReasons(a.date, cycle, today)));

	const projectsWithHeldActivity = new Set<string>();
	items.activities.forEach((a, i) => {
		if (activities[i].counted && a.projectId != null) projectsWithHeldActivity.add(a.projectId);
	});
	const projects = items.projects.map((p) => item(p.id, projectsWithHeldActivity.has(p.id) ? [] : ['暂无已开展的活动']));

	const teamIds = new Set(items.teams.map((t) => t.id));
	const projectIds = new Set(items.projects.map((p) => p.id));
	const stations = items.stations.map((s) => item(s.id, stationReasons(missingSixYou(s, teamIds, projectIds))));
	const mechanisms = items.mechanisms.map((m) => item(m.key, mechanismReasons(m)));

	return {
		actual: {
			teams: countedIn(teams),
			projects: countedIn(projects),
			activities: countedIn(activities),
			stations: countedIn(stations),
			mechanisms: countedIn(mechanisms)
		},
		items: { teams, projects, activities, stations, mechanisms }
	};
}
