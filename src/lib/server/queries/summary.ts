/**
 * The programme in figures for the leadership summary, and the pilots behind any one figure.
 *
 * Activities count as the dashboard counts them: held (date ≤ today) inside their pilot's cycle.
 * The cycles are computed by the domain and handed to SQLite as one JSON parameter, so each
 * figure is one grouped query over the (pilot_id, date) index — never a row per activity in
 * memory, never a query per pilot.
 */
import { sql } from 'drizzle-orm';
import { db } from '../db';
import { amongIds } from '../db/json-rows';
import type { CycleRange } from '../../domain/counting';
import type { ActivityGroup } from '../../domain/activity-figures';
import type { ActivityKind, Field, PartnerType } from '../../domain/labels';

interface CountedPilot {
	id: number;
	cycle: CycleRange | null;
}

/** [pilot id, first day, last day that counts] for every pilot with a cycle, as JSON. */
function countingWindows(pilots: readonly CountedPilot[], today: string): string {
	return JSON.stringify(
		pilots.filter((p) => p.cycle).map((p) => [p.id, p.cycle!.startDate, p.cycle!.endDate < today ? p.cycle!.endDate : today])
	);
}

/**
 * Counted activities of each pilot grouped by month, kind and field: one grouped query for all
 * the pilots. What a pilot's stored activity figures are made of (see `listPilotSummaries`).
 */
export async function activityGroupsByPilot(pilots: readonly CountedPilot[], today: string): Promise<Map<number, ActivityGroup[]>> {
	const byPilot = new Map<number, ActivityGroup[]>();
	if (!pilots.some((p) => p.cycle)) return byPilot;
	const rows = await db.all<{ pilot_id: number; month: string; kind: string; field: string; n: number; served: number; hours: number }>(sql`
		with w as (
			select json_extract(value, '$[0]') as pilot_id, json_extract(value, '$[1]') as first_day, json_extract(value, '$[2]') as last_day
			from json_each(${countingWindows(pilots, today)})
		)
		select w.pilot_id as pilot_id, substr(a.date, 1, 7) as month, a.kind as kind, a.field as field, count(*) as n,
			coalesce(sum(a.served), 0) as served, coalesce(sum(a.service_hours), 0) as hours
		from w join activities a on a.pilot_id = w.pilot_id and a.date between w.first_day and w.last_day
		group by 1, 2, 3, 4`);
	for (const r of rows) {
		const id = Number(r.pilot_id);
		const group = { month: r.month, kind: r.kind, field: r.field, activities: Number(r.n), served: Number(r.served), serviceHours: Number(r.hours) };
		const list = byPilot.get(id);
		if (list) list.push(group);
		else byPilot.set(id, [group]);
	}
	return byPilot;
}

/** How many of the pilots have at least one team with each kind of partner. */
export async function partnerCoverage(pilotIds: readonly number[]): Promise<Partial<Record<PartnerType, number>>> {
	const rows = await db.all<{ partner: PartnerType; pilots: number }>(sql`
		select partner_type as partner, count(distinct pilot_id) as pilots
		from teams where pilot_id ${amongIds(pilotIds)}
		group by partner_type`);
	return Object.fromEntries(rows.map((r) => [r.partner, Number(r.pilots)]));
}

/**
 * People on the pilots' rosters, each counted once however many teams list them: distinct
 * `person_hash` (the keyed hash of `personKey`, so people without an ID number are told apart by
 * its fallback, name and mobile or name and unit); a row imported before hashes existed counts by
 * its name and phone or unit. Teams without a roster add nobody: their declared figure is not people.
 */
export async function rosterVolunteers(pilotIds: readonly number[]): Promise<number> {
	const [row] = await db.all<{ n: number | null }>(sql`
		select count(distinct coalesce(m.person_hash, 'row:' || m.name || '|' || coalesce(m.phone, m.organization, ''))) as n
		from team_members m join teams t on t.id = m.team_id
		where t.pilot_id ${amongIds(pilotIds)}`);
	return Number(row?.n ?? 0);
}

/** What a figure on the summary stands for, when a leader clicks it. */
interface BehindFilter {
	kind: ActivityKind | null;
	field: Field | null;
	month: string | null;
	partner: PartnerType | null;
}

export const hasBehindFilter = (f: BehindFilter) => !!(f.kind || f.field || f.month || f.partner);

/** The pilots behind a figure: a counted activity of that kind/field/month, a team with that partner. */
export async function pilotIdsBehind(f: BehindFilter, pilots: readonly CountedPilot[], today: string): Promise<Set<number>> {
	let ids = new Set(pilots.map((p) => p.id));
	if (f.kind || f.field || f.month) {
		const rows = await db.all<{ pilot_id: number }>(sql`
			with w as (
				select json_extract(value, '$[0]') as pilot_id, json_extract(value, '$[1]') as first_day, json_extract(value, '$[2]') as last_day
				from json_each(${countingWindows(pilots, today)})
			)
			select distinct w.pilot_id as pilot_id
			from w join activities a on a.pilot_id = w.pilot_id and a.date between w.first_day and w.last_day
			where (${f.kind} is null or a.kind = ${f.kind})
				and (${f.field} is null or a.field = ${f.field})
				and (${f.month} is null or substr(a.date, 1, 7) = ${f.month})`);
		const found = new Set(rows.map((r) => Number(r.pilot_id)));
		ids = new Set([...ids].filter((id) => found.has(id)));
	}
	if (f.partner) {
		const rows = await db.all<{ pilot_id: number }>(sql`
			select distinct pilot_id from teams
			where partner_type = ${f.partner} and pilot_id ${amongIds(ids)}`);
		ids = new Set(rows.map((r) => Number(r.pilot_id)));
	}
	return ids;
}
