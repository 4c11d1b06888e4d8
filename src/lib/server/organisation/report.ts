/**
 * The 月报's 队伍组建及注册情况 for one pilot and month (seed `002`), read from the data and counted
 * by `organisationMonth` (`src/lib/domain/org-report.ts`): units serving the pilot's area or holding
 * its teams, the pilot's teams, and its teams' roster imports of the month.
 */
import { and, asc, eq, gte, inArray, isNull, like, lte, or } from 'drizzle-orm';
import { db } from '../db';
import { orgUnits, rosterImports, teams } from '../db/schema';
import { todayIn } from '../clock';
import { organisationMonth, type OrganisationMonth } from '../../domain/org-report';
import { firstDayOf, lastDayOf } from '../../domain/reporting';
import { toUtcMs } from '../../domain/dates';

const DAY = 86_400_000;

export interface PilotArea {
	id: number;
	level: string;
	divisionCode: string;
}

export async function monthOf(pilot: PilotArea, month: string): Promise<OrganisationMonth> {
	const pilotTeams = await db.select({ id: teams.id, foundedOn: teams.foundedOn, unitId: teams.unitId }).from(teams).where(eq(teams.pilotId, pilot.id));
	const unitIds = [...new Set(pilotTeams.map((t) => t.unitId).filter((id): id is number => id !== null))];
	const area = pilot.level === 'city' ? like(orgUnits.divisionCode, `${pilot.divisionCode.slice(0, 4)}%`) : eq(orgUnits.divisionCode, pilot.divisionCode);
	const units = await db
		.select({ id: orgUnits.id, foundedOn: orgUnits.foundedOn, platformId: orgUnits.platformId })
		.from(orgUnits)
		.where(and(isNull(orgUnits.removedOn), unitIds.length ? or(area, inArray(orgUnits.id, unitIds)) : area));
	const registeredUnits = new Set(units.filter((u) => u.platformId !== null && u.platformId !== '').map((u) => u.id));
	// a day either side of the month in UTC covers every instant of the Beijing month
	const from = toUtcMs(firstDayOf(month)) - DAY;
	const to = toUtcMs(lastDayOf(month)) + 2 * DAY;
	const imports = pilotTeams.length
		? await db
				.select({ id: rosterImports.id, teamId: rosterImports.teamId, at: rosterImports.createdAt, added: rosterImports.added, removed: rosterImports.removed })
				.from(rosterImports)
				.where(and(inArray(rosterImports.teamId, pilotTeams.map((t) => t.id)), gte(rosterImports.createdAt, from), lte(rosterImports.createdAt, to))).orderBy(asc(rosterImports.createdAt), asc(rosterImports.id))
		: [];
	return organisationMonth({
		month,
		units,
		teams: pilotTeams,
		imports: imports.map((i, seq) => ({ teamId: i.teamId, on: todayIn(new Date(i.at)), seq, added: i.added, removed: i.removed })),
		registeredTeamIds: pilotTeams.filter((t) => t.unitId !== null && registeredUnits.has(t.unitId)).map((t) => t.id)
	});
}
