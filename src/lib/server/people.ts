/**
 * A pilot's people (DOMAIN.md "People on rosters"): everyone on its teams' rosters and everyone
 * recorded as taking part in its activities, each once by the keyed hash of who they are
 * (`person_hash`), with their teams, activities, cumulative service hours and star level.
 */
import { and, asc, desc, eq, lte } from 'drizzle-orm';
import { db } from './db';
import { activities, activityParticipants, certificates, teamMembers, teams } from './db/schema';
import { personHash } from './pilots/rosters';
import { starLevel } from '../domain/roster';
import { sumHours } from '../domain/service-hours';

export const PAGE_SIZE = 50;
const collator = new Intl.Collator('zh-CN');

export interface RosterPerson {
	hash: string;
	name: string;
	idLast4: string | null;
	organization: string | null;
	phone: string | null;
	teamId: number;
	teamName: string;
}

/** Every roster row of the pilot's teams, with its person's hash (made from the row when an older import stored none). */
export async function rosterRows(pilotId: number): Promise<RosterPerson[]> {
	const rows = await db
		.select({
			name: teamMembers.name,
			organization: teamMembers.organization,
			phone: teamMembers.phone,
			personHash: teamMembers.personHash,
			idLast4: teamMembers.idLast4,
			teamId: teams.id,
			teamName: teams.name
		})
		.from(teamMembers)
		.innerJoin(teams, eq(teams.id, teamMembers.teamId))
		.where(eq(teams.pilotId, pilotId))
		.orderBy(asc(teams.id), asc(teamMembers.id));
	return Promise.all(
		rows.map(async (r) => ({
			hash: r.personHash ?? (await personHash({ name: r.name, phone: r.phone, unit: r.organization })),
			name: r.name,
			idLast4: r.idLast4,
			organization: r.organization,
			phone: r.phone,
			teamId: r.teamId,
			teamName: r.teamName
		}))
	);
}

/**
 * Every participation in the pilot's activities held by `through` (today), newest activity first:
 * an activity still to come (its date moved on after people were recorded) counts when it is held.
 */
export function participations(pilotId: number, through: string, hash?: string) {
	return db
		.select({
			hash: activityParticipants.personHash,
			name: activityParticipants.name,
			idLast4: activityParticipants.idLast4,
			organization: activityParticipants.organization,
			hours: activityParticipants.hours,
			activityId: activities.id,
			title: activities.title,
			date: activities.date
		})
		.from(activityParticipants)
		.innerJoin(activities, eq(activities.id, activityParticipants.activityId))
		.where(and(eq(activities.pilotId, pilotId), lte(activities.date, through), hash ? eq(activityParticipants.personHash, hash) : undefined))
		.orderBy(desc(activities.date), desc(activities.id));
}

export interface Person {
	hash: string;
	name: string;
	idLast4: string | null;
	organization: string | null;
	teams: { id: number; name: string }[];
	activities: number;
	hours: number;
	stars: number;
}

function gather(roster: RosterPerson[], parts: Awaited<ReturnType<typeof participations>>): Map<string, Person & { hoursList: number[] }> {
	const people = new Map<string, Person & { hoursList: number[] }>();
	const personOf = (hash: string, name: string, idLast4: string | null, organization: string | null) => {
		let p = people.get(hash);
		if (!p) {
			p = { hash, name, idLast4, organization, teams: [], activities: 0, hours: 0, stars: 0, hoursList: [] };
			people.set(hash, p);
		}
		p.idLast4 ??= idLast4;
		p.organization ??= organization;
		return p;
	};
	for (const r of roster) {
		const p = personOf(r.hash, r.name, r.idLast4, r.organization);
		if (!p.teams.some((t) => t.id === r.teamId)) p.teams.push({ id: r.teamId, name: r.teamName });
	}
	for (const x of parts) {
		const p = personOf(x.hash, x.name, x.idLast4, x.organization);
		p.activities++;
		p.hoursList.push(x.hours);
	}
	for (const p of people.values()) {
		p.hours = sumHours(p.hoursList);
		p.stars = starLevel(p.hours);
	}
	return people;
}

/** Whether a person matches a search: part of the name (after NFKC, without spaces) or the ID's last four. */
function matches(p: Person, q: string): boolean {
	const needle = q.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
	if (!needle) return true;
	return p.name.normalize('NFKC').replace(/\s+/g, '').toUpperCase().includes(needle) || (p.idLast4 ?? '') === needle || p.teams.some((t) => t.name.includes(needle));
}

/** The pilot's people, most hours first, searched and one page at a time. */
export async function list(pilotId: number, today: string, { q = '', page = 1 }: { q?: string; page?: number } = {}) {
	const people = [...gather(await rosterRows(pilotId), await participations(pilotId, today)).values()].map(({ hoursList: _h, ...p }) => p);
	const found = people.filter((p) => matches(p, q)).sort((a, b) => b.hours - a.hours || collator.compare(a.name, b.name) || a.hash.localeCompare(b.hash));
	const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
	const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
	return {
		total: people.length,
		found: found.length,
		page: current,
		pages,
		people: found.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE),
		withHours: people.filter((p) => p.hours > 0).length,
		starred: people.filter((p) => p.stars > 0).length
	};
}

/** One person of the pilot, with each activity, or null when the pilot has no such person. */
export async function get(pilotId: number, hash: string, today: string) {
	const roster = (await rosterRows(pilotId)).filter((r) => r.hash === hash);
	const parts = await participations(pilotId, today, hash);
	if (!roster.length && !parts.length) return null;
	const person = gather(roster, parts).get(hash)!;
	const { hoursList: _h, ...rest } = person;
	const issued = await db
		.select({ id: certificates.id, number: certificates.number, issuedOn: certificates.issuedOn, hours: certificates.hours, periodStart: certificates.periodStart, periodEnd: certificates.periodEnd })
		.from(certificates)
		.where(and(eq(certificates.pilotId, pilotId), eq(certificates.personHash, hash)))
		.orderBy(desc(certificates.id));
	return { ...rest, activityList: parts.map((x) => ({ id: x.activityId, title: x.title, date: x.date, hours: x.hours })), certificates: issued };
}
