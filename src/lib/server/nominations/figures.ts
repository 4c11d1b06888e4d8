/**
 * What the data say about a nominating unit's people, teams, projects and stations as of a call's
 * cut-off date: the figures the quotas and the recommendation forms use, so nobody types a figure
 * the product knows.
 *
 * A city 科协's data are the pilots in that city (the city pilot and its counties: pilots whose
 * GB/T 2260 code starts with the city's four digits). A 学会 or department has no pilot data here.
 * "As of the cut-off": activities dated on or before it. Rows are not filtered by when they were
 * typed in (records are often entered after the fact); freezing the quotas at the cut-off is what
 * keeps a call's figures from moving afterwards.
 *
 * Per-person figures live in one place, `volunteerFiguresAsOf`: a rostered person's activities are
 * those they are recorded in (活动参与人员, `activity_participants`), with the hours each record
 * credits them; an activity whose people were never recorded credits nobody, since who served is
 * not known. Every caller (quotas, candidates, forms) goes through this function.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { db as Db, Transaction } from '../db';
import { ACTIVITY_KIND_LABELS, type ActivityKind } from '../../domain/labels';

export type Reader = typeof Db | Transaction;

/** Whose data: a city by its GB/T 2260 code, or no pilot data (学会, departments). */
export interface UnitScope {
	divisionCode: string | null;
}

export interface VolunteerFigures {
	personHash: string;
	name: string;
	gender: string | null;
	phone: string | null;
	organization: string | null;
	teamIds: number[];
	teamNames: string[];
	/** held activities as of the cut-off */
	activities: number;
	hours: number;
	/** the first such activity: "since when" on the form */
	since: string | null;
	projects: string[];
	registered: boolean;
	divisionCode: string;
}

export interface TeamFigures {
	id: number;
	name: string;
	foundedOn: string | null;
	leaderName: string | null;
	leaderPhone: string | null;
	members: number;
	registered: boolean;
	activities: number;
	hours: number;
	perCapitaHours: number;
	/** the three kinds it held most, by their Chinese names */
	usualActivities: string[];
	divisionCode: string;
}

/** The end of the cut-off day in Beijing, as the epoch milliseconds rows are stamped with. */
export function endOfDay(date: string): number {
	return Date.parse(`${date}T23:59:59.999+08:00`);
}

function inScope(scope: UnitScope, column: SQL): SQL {
	if (!scope.divisionCode) return sql`0`;
	return sql`substr(${column}, 1, 4) = ${scope.divisionCode.slice(0, 4)}`;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Every rostered person of the unit's teams, with their activities and hours as of the cut-off. */
export async function volunteerFiguresAsOf(db: Reader, scope: UnitScope, cutoff: string): Promise<VolunteerFigures[]> {
	const people = await db.all<{ h: string; name: string; gender: string | null; phone: string | null; org: string | null; team_id: number; team_name: string; registered: number; code: string }>(sql`
		select m.person_hash h, m.name, m.gender, m.phone, m.organization org, t.id team_id, t.name team_name, t.registered, p.division_code code
		from team_members m join teams t on t.id = m.team_id join pilots p on p.id = t.pilot_id
		where m.person_hash is not null and ${inScope(scope, sql`p.division_code`)}
		order by m.person_hash, t.id`);
	const taken = await db.all<{ h: string; n: number; hours: number; since: string | null; projects: string | null }>(sql`
		with pa as (
			-- one row per (person, activity) the person is recorded in (签到名单), with the hours credited
			select ap.person_hash h, a.id aid, a.date, ap.hours hrs, pr.name project
			from activity_participants ap join activities a on a.id = ap.activity_id join pilots p on p.id = a.pilot_id
			left join projects pr on pr.id = a.project_id
			where a.date <= ${cutoff} and ${inScope(scope, sql`p.division_code`)}
		)
		select h, count(aid) n, coalesce(sum(hrs), 0) hours,
			min(date) since, group_concat(distinct project) projects
		from pa group by h`);
	const byHash = new Map(taken.map((r) => [r.h, r]));
	const out = new Map<string, VolunteerFigures>();
	for (const r of people) {
		let v = out.get(r.h);
		if (!v) {
			const t = byHash.get(r.h);
			v = {
				personHash: r.h,
				name: r.name,
				gender: r.gender,
				phone: r.phone,
				organization: r.org,
				teamIds: [],
				teamNames: [],
				activities: Number(t?.n ?? 0),
				hours: round1(Number(t?.hours ?? 0)),
				since: t?.since ?? null,
				projects: t?.projects ? t.projects.split(',').filter(Boolean) : [],
				registered: false,
				divisionCode: r.code
			};
			out.set(r.h, v);
		}
		if (!v.teamIds.includes(r.team_id)) {
			v.teamIds.push(r.team_id);
			v.teamNames.push(r.team_name);
		}
		v.registered ||= !!r.registered;
	}
	return [...out.values()];
}

/** The unit's teams with their held activities, hours and members as of the cut-off. */
export async function teamFiguresAsOf(db: Reader, scope: UnitScope, cutoff: string): Promise<TeamFigures[]> {
	const rows = await db.all<{
		id: number; name: string; founded_on: string | null; leader_name: string | null; leader_phone: string | null;
		members: number; registered: number; n: number; hours: number; kinds: string | null; code: string;
	}>(sql`
		select t.id, t.name, t.founded_on, t.leader_name, t.leader_phone, coalesce(t.roster_size, t.declared_members) members, t.registered,
			count(a.id) n, coalesce(sum(a.service_hours), 0) hours, group_concat(a.kind) kinds, p.division_code code
		from teams t join pilots p on p.id = t.pilot_id
		left join activity_teams x on x.team_id = t.id
		left join activities a on a.id = x.activity_id and a.date <= ${cutoff}
		where ${inScope(scope, sql`p.division_code`)}
		group by t.id order by t.id`);
	return rows.map((r) => {
		const kinds = new Map<string, number>();
		for (const k of (r.kinds ?? '').split(',').filter(Boolean)) kinds.set(k, (kinds.get(k) ?? 0) + 1);
		const members = Number(r.members);
		const hours = round1(Number(r.hours));
		return {
			id: r.id,
			name: r.name,
			foundedOn: r.founded_on,
			leaderName: r.leader_name,
			leaderPhone: r.leader_phone,
			members,
			registered: !!r.registered,
			activities: Number(r.n),
			hours,
			perCapitaHours: members > 0 ? round1(hours / members) : 0,
			usualActivities: [...kinds].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([k]) => ACTIVITY_KIND_LABELS[k as ActivityKind] ?? k),
			divisionCode: r.code
		};
	});
}

/** `001`'s basis: volunteers with ≥ 6 activities and organisations (teams) with ≥ 5, as of the cut-off. */
export const BASIS_MIN_VOLUNTEER_ACTIVITIES = 6;
export const BASIS_MIN_TEAM_ACTIVITIES = 5;

export async function basisOf(db: Reader, scope: UnitScope, cutoff: string): Promise<{ volunteers: number; teams: number; basis: number }> {
	if (!scope.divisionCode) return { volunteers: 0, teams: 0, basis: 0 };
	const volunteers = (await volunteerFiguresAsOf(db, scope, cutoff)).filter((v) => v.activities >= BASIS_MIN_VOLUNTEER_ACTIVITIES).length;
	const teams = (await teamFiguresAsOf(db, scope, cutoff)).filter((t) => t.activities >= BASIS_MIN_TEAM_ACTIVITIES).length;
	return { volunteers, teams, basis: volunteers + teams };
}

export interface ProjectFigures {
	id: number;
	name: string;
	startDate: string | null;
	/** distinct rostered people of the teams that ran its activities; without rosters the largest 人次 of one activity */
	volunteers: number;
	activities: number;
	hours: number;
	registered: boolean;
	teamNames: string[];
	divisionCode: string;
}

export async function projectFiguresAsOf(db: Reader, scope: UnitScope, cutoff: string): Promise<ProjectFigures[]> {
	const rows = await db.all<{ id: number; name: string; start_date: string | null; code: string; n: number; hours: number; maxv: number | null; people: number; reg: number | null; teams: string | null }>(sql`
		select pr.id, pr.name, pr.start_date, p.division_code code,
			(select count(*) from activities a where a.project_id = pr.id and a.date <= ${cutoff}) n,
			(select coalesce(sum(a.service_hours), 0) from activities a where a.project_id = pr.id and a.date <= ${cutoff}) hours,
			(select max(a.volunteers) from activities a where a.project_id = pr.id and a.date <= ${cutoff}) maxv,
			(select count(distinct m.person_hash) from activities a join activity_teams x on x.activity_id = a.id join team_members m on m.team_id = x.team_id
				where a.project_id = pr.id and a.date <= ${cutoff} and m.person_hash is not null) people,
			(select max(t.registered) from activities a join activity_teams x on x.activity_id = a.id join teams t on t.id = x.team_id where a.project_id = pr.id and a.date <= ${cutoff}) reg,
			(select group_concat(distinct t.name) from activities a join activity_teams x on x.activity_id = a.id join teams t on t.id = x.team_id where a.project_id = pr.id and a.date <= ${cutoff}) teams
		from projects pr join pilots p on p.id = pr.pilot_id
		where ${inScope(scope, sql`p.division_code`)} order by pr.id`);
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		startDate: r.start_date,
		volunteers: Number(r.people) > 0 ? Number(r.people) : Number(r.maxv ?? 0),
		activities: Number(r.n),
		hours: round1(Number(r.hours)),
		registered: !!r.reg,
		teamNames: (r.teams ?? '').split(',').filter(Boolean),
		divisionCode: r.code
	}));
}

export interface StationFigures {
	id: number;
	name: string;
	address: string | null;
	residents: number | null;
	/** members of the station's teams: the linked team and those that held activities there */
	volunteers: number;
	teams: number;
	teamNames: string[];
	activityKinds: number;
	activities: number;
	registered: boolean;
	divisionCode: string;
}

/**
 * A station's teams are its linked team (有队伍) and every team of the same pilot that held an
 * activity at it (the activity's place names the station); its activity kinds are those activities'.
 */
export async function stationFiguresAsOf(db: Reader, scope: UnitScope, cutoff: string): Promise<StationFigures[]> {
	const stations = await db.all<{ id: number; name: string; address: string | null; residents: number | null; team_id: number | null; pilot_id: number; code: string }>(sql`
		select s.id, s.name, s.address, s.residents, s.team_id, s.pilot_id, p.division_code code from stations s join pilots p on p.id = s.pilot_id
		where ${inScope(scope, sql`p.division_code`)} order by s.id`);
	const out: StationFigures[] = [];
	for (const s of stations) {
		const held = await db.all<{ team_id: number; kind: string; aid: number }>(sql`
			select x.team_id, a.kind, a.id aid from activities a join activity_teams x on x.activity_id = a.id
			where a.pilot_id = ${s.pilot_id} and a.date <= ${cutoff} and a.place is not null and instr(a.place, ${s.name}) > 0`);
		const teamIds = new Set(held.map((h) => h.team_id));
		if (s.team_id) teamIds.add(s.team_id);
		const ids = [...teamIds];
		const teams = ids.length
			? await db.all<{ name: string; members: number; registered: number }>(sql`select name, coalesce(roster_size, declared_members) members, registered from teams where id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) order by id`)
			: [];
		out.push({
			id: s.id,
			name: s.name,
			address: s.address,
			residents: s.residents,
			volunteers: teams.reduce((n, t) => n + Number(t.members), 0),
			teams: teams.length,
			teamNames: teams.map((t) => t.name),
			activityKinds: new Set(held.map((h) => h.kind)).size,
			activities: new Set(held.map((h) => h.aid)).size,
			registered: teams.some((t) => t.registered),
			divisionCode: s.code
		});
	}
	return out;
}
