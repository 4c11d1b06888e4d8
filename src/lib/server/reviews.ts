/**
 * Recording verdicts on what a pilot claims, and reading each item's review state. The verdict
 * records the item's current version inside the same transaction, so a verdict can never
 * attach to an edit the reviewer did not see.
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { db } from './db';
import { activities, auditLog, mechanisms, projects, reviews, stations, teams } from './db/schema';
import { write, type Actor } from './audit';
import { now } from './clock';
import { FieldError, NotFoundError } from './errors';
import { REVIEW_REQUIREMENTS, reviewState, type ReviewedKind, type Verdict } from '../domain/review';
import { MECHANISMS } from '../domain/labels';
import * as pilotTeams from './pilots/teams';
import * as pilotProjects from './pilots/projects';
import * as pilotActivities from './pilots/activities';
import * as pilotStations from './pilots/stations';
import * as pilotMechanisms from './pilots/mechanisms';
import type { LoadedPilot } from './pilots/pilot';

const TABLES = { team: teams, project: projects, activity: activities, station: stations, mechanism: mechanisms } as const;

/** Verdicts of the given pilots, grouped by "kind:id". */
export async function verdictsOf(pilotIds: number[]): Promise<Map<string, Verdict[]>> {
	const map = new Map<string, Verdict[]>();
	if (!pilotIds.length) return map;
	const rows = await db.select().from(reviews).where(inArray(reviews.pilotId, pilotIds)).orderBy(asc(reviews.id));
	for (const r of rows) {
		const key = `${r.entityType}:${r.entityId}`;
		const list = map.get(key) ?? [];
		list.push({ requirement: r.requirement, verdict: r.verdict, itemVersion: r.itemVersion, reason: r.reason, order: r.id });
		map.set(key, list);
	}
	return map;
}

export function stateOf(verdicts: Map<string, Verdict[]>, kind: ReviewedKind, id: number, version: number) {
	return reviewState(kind, version, verdicts.get(`${kind}:${id}`) ?? []);
}

/**
 * Verifies the listed requirements of an item, or returns it with a reason. Unknown requirements
 * are refused rather than ignored.
 */
export async function recordVerdict(
	actor: Actor,
	pilotId: number,
	input: { kind: ReviewedKind; id: number; verdict: 'verified' | 'returned'; requirements: string[]; reason: string | null }
) {
	const allowed: readonly string[] = REVIEW_REQUIREMENTS[input.kind];
	// A return concerns one requirement (e.g. a station's 有标识); the whole item when not named.
	const requirements = input.verdict === 'returned' ? [input.requirements[0] ?? allowed[0]] : input.requirements;
	if (!requirements.length) throw new FieldError('requirements', '请至少选择一项核实通过的要求');
	if (requirements.some((r) => !allowed.includes(r))) throw new FieldError('requirements', '核实要求无效');
	if (input.verdict === 'returned' && !input.reason) throw new FieldError('reason', '退回时请写明原因');
	const table = TABLES[input.kind];
	return write(actor, async (tx, record) => {
		const [item] = await tx
			.select({ id: table.id, version: table.version })
			.from(table)
			.where(and(eq(table.id, input.id), eq(table.pilotId, pilotId)));
		if (!item) throw new NotFoundError();
		const at = now();
		await tx.insert(reviews).values(
			requirements.map((requirement) => ({
				pilotId,
				entityType: input.kind,
				entityId: item.id,
				requirement,
				verdict: input.verdict,
				reason: input.reason,
				itemVersion: item.version,
				reviewerId: actor.userId,
				createdAt: at
			}))
		);
		await record({
			action: `review.${input.verdict === 'verified' ? 'verify' : 'return'}`,
			entityType: input.kind,
			entityId: item.id,
			pilotId,
			after: { requirements, reason: input.reason, itemVersion: item.version }
		});
	});
}

/** What the pilot changed on an item since its last verdict: the audit rows after it. */
export async function changesSince(pilotId: number, kind: ReviewedKind, id: number, since: number) {
	return db
		.select({ at: auditLog.at, username: auditLog.username, action: auditLog.action, before: auditLog.before, after: auditLog.after })
		.from(auditLog)
		.where(and(eq(auditLog.pilotId, pilotId), eq(auditLog.entityType, kind), eq(auditLog.entityId, String(id)), gt(auditLog.at, since)))
		.orderBy(asc(auditLog.id));
}

/** The time of the latest verdict on each reviewed item of a pilot, for "changed since". */
export async function lastVerdictTimes(pilotId: number) {
	const rows = await db.select({ kind: reviews.entityType, id: reviews.entityId, at: reviews.createdAt }).from(reviews).where(eq(reviews.pilotId, pilotId));
	const map = new Map<string, number>();
	for (const r of rows) map.set(`${r.kind}:${r.id}`, Math.max(map.get(`${r.kind}:${r.id}`) ?? 0, r.at));
	return map;
}

/**
 * Every item of a pilot with its review state, for the reviewer's page and the editor's list of
 * returned items. Items changed since their last verdict carry the audit rows of the change.
 */
export async function boardOf(pilot: LoadedPilot) {
	const [t, p, a, s, m, verdicts, lastAt] = await Promise.all([
		pilotTeams.list(pilot),
		pilotProjects.list(pilot),
		pilotActivities.list(pilot),
		pilotStations.list(pilot),
		pilotMechanisms.list(pilot),
		verdictsOf([pilot.id]),
		lastVerdictTimes(pilot.id)
	]);
	const entries: { kind: ReviewedKind; id: number; version: number; name: string; counted: boolean; reasons: string[] }[] = [
		...s.map((x) => ({ kind: 'station' as const, id: x.id, version: x.version, name: x.name, counted: x.counted, reasons: x.reasons })),
		...m.filter((x) => x.id !== null).map((x) => ({ kind: 'mechanism' as const, id: x.id!, version: x.version, name: `${x.name}${x.document ? `：${x.document}` : ''}`, counted: x.counted, reasons: x.reasons })),
		...t.map((x) => ({ kind: 'team' as const, id: x.id, version: x.version, name: x.name, counted: x.counted, reasons: x.reasons })),
		...p.map((x) => ({ kind: 'project' as const, id: x.id, version: x.version, name: x.name, counted: x.counted, reasons: x.reasons })),
		...a.map((x) => ({ kind: 'activity' as const, id: x.id, version: x.version, name: `${x.date} ${x.title}`, counted: x.counted, reasons: x.reasons }))
	];
	return Promise.all(
		entries.map(async (e) => {
			const review = stateOf(verdicts, e.kind, e.id, e.version);
			const since = lastAt.get(`${e.kind}:${e.id}`);
			const changes = review.state === 'changed' && since ? await changesSince(pilot.id, e.kind, e.id, since) : [];
			return { ...e, review, changes };
		})
	);
}


/**
 * The items of a pilot whose return is in force, for its editors' home page: read from the
 * verdicts, so only returned items are looked up, never every item of the pilot.
 */
export async function returnedOf(pilotId: number): Promise<{ kind: ReviewedKind; id: number; name: string; reason: string | null }[]> {
	const verdicts = await verdictsOf([pilotId]);
	const wanted = new Map<ReviewedKind, number[]>();
	for (const [key, list] of verdicts) {
		if (!list.some((v) => v.verdict === 'returned')) continue;
		const [kind, id] = key.split(':') as [ReviewedKind, string];
		wanted.set(kind, [...(wanted.get(kind) ?? []), Number(id)]);
	}
	const found: { kind: ReviewedKind; id: number; name: string; reason: string | null }[] = [];
	for (const [kind, ids] of wanted) {
		for (const item of await namesOf(kind, pilotId, ids)) {
			const review = stateOf(verdicts, kind, item.id, item.version);
			if (review.state === 'returned') found.push({ kind, id: item.id, name: item.name, reason: review.returnReason });
		}
	}
	const order: ReviewedKind[] = ['station', 'mechanism', 'team', 'project', 'activity'];
	return found.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.id - b.id);
}

/** Items' versions and the names the review board gives them. */
async function namesOf(kind: ReviewedKind, pilotId: number, ids: number[]): Promise<{ id: number; version: number; name: string }[]> {
	switch (kind) {
		case 'activity': {
			const rows = await db.select({ id: activities.id, version: activities.version, date: activities.date, title: activities.title }).from(activities).where(and(eq(activities.pilotId, pilotId), inArray(activities.id, ids)));
			return rows.map((r) => ({ id: r.id, version: r.version, name: `${r.date} ${r.title}` }));
		}
		case 'mechanism': {
			const rows = await db.select({ id: mechanisms.id, version: mechanisms.version, key: mechanisms.key, document: mechanisms.document }).from(mechanisms).where(and(eq(mechanisms.pilotId, pilotId), inArray(mechanisms.id, ids)));
			return rows.map((r) => ({ id: r.id, version: r.version, name: `${MECHANISMS.find((m) => m.key === r.key)?.name ?? r.key}${r.document ? `：${r.document}` : ''}` }));
		}
		default: {
			const table = TABLES[kind];
			return db.select({ id: table.id, version: table.version, name: table.name }).from(table).where(and(eq(table.pilotId, pilotId), inArray(table.id, ids)));
		}
	}
}
