/**
 * The read-only JSON API for the province's other systems. The caller's session decides what it
 * sees, exactly as on the pages: 401 without a session, 404 for a pilot it may not see.
 */
import { error, json } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import type { SessionUser } from './auth/session';
import type { PilotSummary } from './queries/pilots';
import * as pilotTeams from './pilots/teams';
import * as pilotProjects from './pilots/projects';
import * as pilotActivities from './pilots/activities';
import * as pilotStations from './pilots/stations';
import * as pilotMechanisms from './pilots/mechanisms';
import type { LoadedPilot } from './pilots/pilot';

export function requireApiUser(): SessionUser {
	const { locals } = getRequestEvent();
	if (!locals.user) error(401, '请先登录');
	return locals.user;
}

export function pilotJson(p: PilotSummary) {
	return {
		id: p.id,
		name: p.name,
		level: p.level,
		divisionCode: p.divisionCode,
		round: p.roundId,
		roundName: p.roundName,
		lifecycle: p.lifecycle,
		startDate: p.cycle?.startDate ?? null,
		endDate: p.cycle?.endDate ?? null,
		targets: p.targets,
		actual: p.counted?.actual ?? null,
		verified: p.verified,
		progress: p.progress
	};
}

/** Each dimension's items with whether they count, and the fields countItems reads. */
export async function itemsJson(p: LoadedPilot) {
	const [teams, projects, activities, stations, mechanisms] = await Promise.all([pilotTeams.list(p), pilotProjects.list(p), pilotActivities.list(p), pilotStations.list(p), pilotMechanisms.list(p)]);
	return {
		teams: teams.map((t) => ({ id: t.id, name: t.name, counted: t.counted, reasons: t.reasons, members: t.members, registered: t.registered, registrationId: t.registrationId, partnerType: t.partnerType })),
		projects: projects.map((x) => ({ id: x.id, name: x.name, counted: x.counted, reasons: x.reasons, field: x.field })),
		activities: activities.map((a) => ({ id: a.id, name: a.title, counted: a.counted, reasons: a.reasons, date: a.date, projectId: a.projectId, kind: a.kind, field: a.field, keyDate: a.keyDate, volunteers: a.volunteers, experts: a.experts, served: a.served, serviceHours: a.serviceHours })),
		stations: stations.map((s) => ({ id: s.id, name: s.name, counted: s.counted, reasons: s.reasons, venue: s.venue, facilities: s.facilities, rules: s.rules, signage: s.signage, teamId: s.teamId, projectId: s.projectId })),
		mechanisms: mechanisms.map((m) => ({ id: m.id, key: m.key, name: m.name, counted: m.counted, reasons: m.reasons, status: m.status, document: m.document }))
	};
}

export function apiJson(body: unknown) {
	return json(body, { headers: { 'cache-control': 'no-store' } });
}
