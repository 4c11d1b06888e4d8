/**
 * 月报's 队伍组建及注册情况 (seed `002`: "今后每月报送一次科技志愿服务队伍组建及注册情况"): what a pilot's
 * month added to the volunteer organisation, counted from the data. Pure: no clock, no I/O.
 *
 * Rules chosen where the seeds are silent (also in the README):
 * - 新组建组织单位: units of the organisation founded in the month (by `foundedOn`) among those given
 *   (the caller passes the units serving the pilot's area or holding its teams); 新组建服务队: the
 *   pilot's teams founded in the month. A unit or team without a founding date is not counted.
 * - 新增志愿者: distinct people that roster imports dated in the month added to the pilot's teams and
 *   that no later import of the same month took off that team again. A person is told apart by name,
 *   unit and masked ID (what an import records; never the number), so one person added to two teams
 *   counts once.
 * - 平台注册志愿者: those of them added to a team whose organisation unit is registered on the
 *   科技志愿服务信息平台 (collective registration, `002` 附件2): the registered unit's roster is what the
 *   platform holds.
 */
import { assertDate } from './dates';

export interface RosterChange {
	name: string;
	unit: string | null;
	maskedId: string;
}

export interface RosterImportEvent {
	teamId: number;
	/** Beijing date of the import */
	on: string;
	/** a later import of the same day comes after an earlier one: ordered by this */
	seq: number;
	added: readonly RosterChange[];
	removed: readonly RosterChange[];
}

export interface OrganisationMonthInput {
	/** YYYY-MM */
	month: string;
	units: readonly { foundedOn: string | null }[];
	teams: readonly { foundedOn: string | null }[];
	imports: readonly RosterImportEvent[];
	/** teams whose organisation unit is registered on the 科技志愿服务信息平台 */
	registeredTeamIds: readonly number[];
}

export interface OrganisationMonth {
	unitsFormed: number;
	teamsFormed: number;
	membersAdded: number;
	membersRegistered: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function personOf(p: RosterChange): string {
	return `${p.name.normalize('NFKC').trim()}|${(p.unit ?? '').normalize('NFKC').trim()}|${p.maskedId}`;
}

function inMonth(day: string | null, month: string, what: string): boolean {
	if (day === null || day === '') return false;
	assertDate(day, what);
	return day.slice(0, 7) === month;
}

export function organisationMonth(input: OrganisationMonthInput): OrganisationMonth {
	if (!MONTH.test(input.month)) throw new RangeError(`invalid month: ${input.month}`);
	const { month } = input;
	const unitsFormed = input.units.filter((u) => inMonth(u.foundedOn, month, 'unit foundedOn')).length;
	const teamsFormed = input.teams.filter((t) => inMonth(t.foundedOn, month, 'team foundedOn')).length;
	// per team, who the month's imports added and did not take off again
	const onTeam = new Map<number, Set<string>>();
	const events = input.imports.filter((e) => inMonth(e.on, month, 'import date')).sort((a, b) => a.on.localeCompare(b.on) || a.seq - b.seq);
	for (const e of events) {
		const team = onTeam.get(e.teamId) ?? new Set<string>();
		onTeam.set(e.teamId, team);
		for (const p of e.removed) team.delete(personOf(p));
		for (const p of e.added) team.add(personOf(p));
	}
	const registeredTeams = new Set(input.registeredTeamIds);
	const added = new Set<string>();
	const registered = new Set<string>();
	for (const [teamId, people] of onTeam) {
		for (const key of people) {
			added.add(key);
			if (registeredTeams.has(teamId)) registered.add(key);
		}
	}
	return { unitsFormed, teamsFormed, membersAdded: added.size, membersRegistered: registered.size };
}
