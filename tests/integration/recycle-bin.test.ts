/**
 * 回收站: a delete takes the item out of every count and list, a restore puts back the same rows
 * under the same ids with their links, and entries past their days are purged. Form tokens make
 * a create sent twice one row.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { activities, activityTeams, auditLog, files, recycleBin, rosterImports, stations, teamMembers, teams, users } from '$lib/server/db/schema';
import type { Actor } from '$lib/server/audit';
import { listPilotSummaries } from '$lib/server/queries/pilots';
import * as teamsOfPilot from '$lib/server/pilots/teams';
import * as activitiesOfPilot from '$lib/server/pilots/activities';
import * as stationsOfPilot from '$lib/server/pilots/stations';
import * as recycle from '$lib/server/recycle-bin';
import { NotFoundError } from '$lib/server/errors';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';

let admin: Actor;

beforeAll(async () => {
	await loadDemoDatabase({ accounts: true });
	const [row] = await db.select().from(users).where(eq(users.username, 'admin'));
	admin = { userId: row.id, username: row.username, role: row.role, ip: null };
});

const countsOf = async (pilotId: number) => (await listPilotSummaries({ pilotIds: [pilotId] }, DEMO_TODAY))[0].counted!.actual;

/** A counted team with members on an activity's organising list and at a station. */
async function linkedTeam() {
	const [link] = await db
		.select({ teamId: activityTeams.teamId, activityId: activityTeams.activityId, pilotId: teams.pilotId })
		.from(activityTeams)
		.innerJoin(teams, eq(teams.id, activityTeams.teamId))
		.innerJoin(stations, eq(stations.teamId, teams.id))
		.limit(1);
	return link;
}

describe('recycle bin', () => {
	it('a deleted team leaves every count and comes back whole with its links', async () => {
		const { teamId, activityId, pilotId } = await linkedTeam();
		await db.insert(teamMembers).values({ teamId, name: '回收站测试队员', createdAt: 1 });
		await db.insert(rosterImports).values({ teamId, userId: null, total: 1, added: [{ name: '回收站测试队员', unit: null, maskedId: '' }], removed: [], createdAt: 1 });
		const imports = await db.select().from(rosterImports).where(eq(rosterImports.teamId, teamId));
		const [team] = await db.select().from(teams).where(eq(teams.id, teamId));
		const members = await db.select().from(teamMembers).where(eq(teamMembers.teamId, teamId));
		const stationIds = (await db.select({ id: stations.id }).from(stations).where(eq(stations.teamId, teamId))).map((s) => s.id);
		const links = await db.select().from(activityTeams).where(eq(activityTeams.teamId, teamId));
		const before = await countsOf(pilotId);

		await teamsOfPilot.remove(admin, pilotId, teamId);
		expect(await db.select().from(teams).where(eq(teams.id, teamId))).toEqual([]);
		expect(await db.select().from(teamMembers).where(eq(teamMembers.teamId, teamId))).toEqual([]);
		expect(await db.select().from(rosterImports).where(eq(rosterImports.teamId, teamId))).toEqual([]);
		expect((await db.select().from(stations).where(eq(stations.teamId, teamId))).length).toBe(0);
		const [entry] = await db.select().from(recycleBin).where(and(eq(recycleBin.entityType, 'team'), eq(recycleBin.entityId, teamId)));
		expect(entry.label).toBe(team.name);
		const during = await countsOf(pilotId);
		expect(during.teams).toBeLessThanOrEqual(before.teams);

		await recycle.restore(admin, pilotId, entry.id);
		expect(await db.select().from(teams).where(eq(teams.id, teamId))).toEqual([team]);
		expect(await db.select().from(teamMembers).where(eq(teamMembers.teamId, teamId))).toEqual(members);
		// the roster page's record of what each import added and removed comes back too
		expect(await db.select().from(rosterImports).where(eq(rosterImports.teamId, teamId))).toEqual(imports);
		expect((await db.select({ id: stations.id }).from(stations).where(eq(stations.teamId, teamId))).map((s) => s.id).sort()).toEqual(stationIds.sort());
		expect(await db.select().from(activityTeams).where(eq(activityTeams.teamId, teamId))).toEqual(expect.arrayContaining(links));
		expect(await countsOf(pilotId)).toEqual(before);
		expect(await db.select().from(recycleBin).where(eq(recycleBin.id, entry.id))).toEqual([]);
		const actions = (await db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, 'team'), eq(auditLog.entityId, String(teamId))))).map((a) => a.action);
		expect(actions).toEqual(expect.arrayContaining(['team.delete', 'team.restore']));
		expect(activityId).toBeGreaterThan(0);
	});

	it('a deleted activity is not counted until restored', async () => {
		const [activity] = await db.select().from(activities).where(eq(activities.date, DEMO_TODAY)).limit(1);
		const target = activity ?? (await db.select().from(activities).limit(1))[0];
		const before = await countsOf(target.pilotId);
		await activitiesOfPilot.remove(admin, target.pilotId, target.id);
		const during = await countsOf(target.pilotId);
		expect(during.activities + during.projects).toBeLessThanOrEqual(before.activities + before.projects);
		const [entry] = await db.select().from(recycleBin).where(and(eq(recycleBin.entityType, 'activity'), eq(recycleBin.entityId, target.id)));
		await recycle.restore(admin, target.pilotId, entry.id);
		expect(await countsOf(target.pilotId)).toEqual(before);
	});

	it('another pilot cannot delete or restore what is not its own', async () => {
		const [station] = await db.select().from(stations).limit(1);
		await expect(stationsOfPilot.remove(admin, station.pilotId + 100_000, station.id)).rejects.toBeInstanceOf(NotFoundError);
		await stationsOfPilot.remove(admin, station.pilotId, station.id);
		const [entry] = await db.select().from(recycleBin).where(and(eq(recycleBin.entityType, 'station'), eq(recycleBin.entityId, station.id)));
		await expect(recycle.restore(admin, station.pilotId + 1, entry.id)).rejects.toBeInstanceOf(NotFoundError);
		await recycle.restore(admin, station.pilotId, entry.id);
		expect((await db.select().from(stations).where(eq(stations.id, station.id))).length).toBe(1);
	});

	it('an uploaded file goes to the bin and back, and cannot come back while its item is gone', async () => {
		const [file] = await db.select().from(files).where(eq(files.entityType, 'station')).limit(1);
		await recycle.removeFile(admin, file.pilotId, file.id);
		expect(await db.select().from(files).where(eq(files.id, file.id))).toEqual([]);
		const [entry] = await db.select().from(recycleBin).where(and(eq(recycleBin.entityType, 'file'), eq(recycleBin.entityId, file.id)));
		expect(entry.label).toBe(file.originalName);
		// its station deleted meanwhile: the file waits until the station is back
		await stationsOfPilot.remove(admin, file.pilotId, file.entityId);
		await expect(recycle.restore(admin, file.pilotId, entry.id)).rejects.toBeInstanceOf(recycle.RestoreError);
		const [stationEntry] = await db.select().from(recycleBin).where(and(eq(recycleBin.entityType, 'station'), eq(recycleBin.entityId, file.entityId)));
		await recycle.restore(admin, file.pilotId, stationEntry.id);
		await recycle.restore(admin, file.pilotId, entry.id);
		expect(await db.select().from(files).where(eq(files.id, file.id))).toEqual([file]);
	});

	it('purges entries past their days and only those', async () => {
		const [a, b] = await db.select().from(activities).limit(2);
		await activitiesOfPilot.remove(admin, a.pilotId, a.id);
		await activitiesOfPilot.remove(admin, b.pilotId, b.id);
		const entries = await db.select().from(recycleBin);
		const old = entries.find((e) => e.entityId === a.id)!;
		await db.update(recycleBin).set({ purgeAfter: 1 }).where(eq(recycleBin.id, old.id));
		expect(await recycle.purgeExpired()).toBe(1);
		const left = await db.select({ entityId: recycleBin.entityId }).from(recycleBin);
		expect(left.map((e) => e.entityId)).toContain(b.id);
		expect(left.map((e) => e.entityId)).not.toContain(a.id);
	});
});

describe('form tokens', () => {
	it('a create sent twice, even at once, makes one row and gives both the same id', async () => {
		const [pilot] = await db.select({ id: teams.pilotId }).from(teams).limit(1);
		const input = { name: '令牌测试服务队', foundedOn: null, leaderName: null, leaderPhone: null, declaredMembers: 30, registered: false, registrationId: null, partnerType: 'university' as const, partnerName: null, version: undefined };
		const token = 'tok_0123456789abcdefABCDEF';
		const [first, second] = await Promise.all([teamsOfPilot.create(admin, pilot.id, input, token), teamsOfPilot.create(admin, pilot.id, input, token)]);
		expect(second).toBe(first);
		expect((await db.select().from(teams).where(eq(teams.name, '令牌测试服务队'))).length).toBe(1);
		const other = await teamsOfPilot.create(admin, pilot.id, input, 'tok_other_0123456789abcdef');
		expect(other).not.toBe(first);
	});
});
