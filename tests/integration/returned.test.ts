/**
 * The editors' list of returned items is read from the verdicts alone; it must say exactly what
 * the full review board says of the same pilot, whatever kinds were returned, fixed or verified.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { activities, mechanisms, reviews as reviewsTable, stations, teams, users } from '$lib/server/db/schema';
import type { Actor } from '$lib/server/audit';
import * as reviews from '$lib/server/reviews';
import * as pilotOf from '$lib/server/pilots/pilot';
import * as teamsOfPilot from '$lib/server/pilots/teams';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';

let staff: Actor;
beforeAll(async () => {
	await loadDemoDatabase({ accounts: true });
	const [row] = await db.select().from(users).where(eq(users.username, 'staff'));
	staff = { userId: row.id, username: row.username, role: row.role, ip: null };
});

const fromBoard = async (pilotId: number) =>
	(await reviews.boardOf((await pilotOf.get(pilotId, DEMO_TODAY))!)).filter((b) => b.review.state === 'returned').map((b) => ({ kind: b.kind, id: b.id, name: b.name, reason: b.review.returnReason }));

describe('returned items', () => {
	it('match the review board for every kind, and drop out once fixed or verified', async () => {
		const [station] = await db.select().from(stations).limit(1);
		const pilotId = station.pilotId;
		const [team] = await db.select().from(teams).where(eq(teams.pilotId, pilotId)).limit(1);
		const [activity] = await db.select().from(activities).where(eq(activities.pilotId, pilotId)).limit(1);
		const [mechanism] = await db.select().from(mechanisms).where(eq(mechanisms.pilotId, pilotId)).limit(1);
		expect(await reviews.returnedOf(pilotId)).toEqual(await fromBoard(pilotId));

		await reviews.recordVerdict(staff, pilotId, { kind: 'station', id: station.id, verdict: 'returned', requirements: ['signage'], reason: '标识照片看不清' });
		await reviews.recordVerdict(staff, pilotId, { kind: 'team', id: team.id, verdict: 'returned', requirements: [], reason: '花名册缺页' });
		await reviews.recordVerdict(staff, pilotId, { kind: 'activity', id: activity.id, verdict: 'returned', requirements: [], reason: '缺签到表' });
		await reviews.recordVerdict(staff, pilotId, { kind: 'mechanism', id: mechanism.id, verdict: 'returned', requirements: ['document'], reason: '文号不全' });
		const returned = await reviews.returnedOf(pilotId);
		expect(returned.map((r) => r.kind).sort()).toEqual(['activity', 'mechanism', 'station', 'team']);
		expect(returned).toEqual(await fromBoard(pilotId));

		// the team fixed (a new version) and the activity verified: both leave the list
		const { id: _id, pilotId: _p, createdAt: _c, updatedAt: _u, rosterSize: _r, ...fields } = team;
		await teamsOfPilot.update(staff, pilotId, team.id, { ...fields, declaredMembers: team.declaredMembers + 1 });
		await reviews.recordVerdict(staff, pilotId, { kind: 'activity', id: activity.id, verdict: 'verified', requirements: ['item'], reason: null });
		const after = await reviews.returnedOf(pilotId);
		expect(after.map((r) => r.kind).sort()).toEqual(['mechanism', 'station']);
		expect(after).toEqual(await fromBoard(pilotId));
	});

	it('refuses to verify a mechanism not yet established: it claims no document', async () => {
		const [m] = await db.select().from(mechanisms).where(eq(mechanisms.status, 'not_started')).limit(1);
		const before = await db.select().from(reviewsTable).where(eq(reviewsTable.entityId, m.id));
		await expect(reviews.recordVerdict(staff, m.pilotId, { kind: 'mechanism', id: m.id, verdict: 'verified', requirements: ['document'], reason: null })).rejects.toThrow('该制度尚未建立');
		expect(await db.select().from(reviewsTable).where(eq(reviewsTable.entityId, m.id))).toEqual(before);
		const entry = (await reviews.boardOf((await pilotOf.get(m.pilotId, DEMO_TODAY))!)).find((b) => b.kind === 'mechanism' && b.id === m.id)!;
		expect(entry.pending, 'nothing waits for a verdict').toEqual([]);
		expect(entry.evidence.every((e) => !e.claimed)).toBe(true);
	});
});
