/**
 * 回收站. Deleting a team, project, activity, station or evidence file moves its row, and the rows
 * that pointed at it, into one bin entry; the live tables no longer hold it, so no count, list,
 * export or tally can include it. Restoring puts the same rows back under the same ids (ids are
 * never reused) and re-links what still exists. Entries are purged 30 days after deletion.
 */
import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { db, type Transaction } from './db';
import { activities, activityParticipants, activityTeams, files, mechanisms, orgUnits, projects, publicity, recycleBin, rosterImports, stations, stationWorks, teamMembers, teams, users } from './db/schema';
import { write, SYSTEM_ACTOR, type Actor, type Recorder } from './audit';
import { now } from './clock';
import { NotFoundError } from './errors';

export const KEEP_DAYS = 30;
const DAY = 86_400_000;

export type BinKind = 'team' | 'project' | 'activity' | 'station' | 'file' | 'publicity' | 'culture';

export const BIN_KIND_LABELS: Record<BinKind, string> = {
	team: '服务队',
	project: '项目',
	activity: '活动',
	station: '站点',
	file: '证明材料',
	publicity: '宣传材料',
	culture: '站点文化作品'
};

interface Payload {
	row: Record<string, unknown>;
	members?: Record<string, unknown>[];
	/** a team's roster imports (who each added and removed) */
	rosterImports?: Record<string, unknown>[];
	activityTeams?: { activityId: number; teamId: number }[];
	/** rows whose link to this item the delete cleared */
	stationIds?: number[];
	activityIds?: number[];
	files?: Record<string, unknown>[];
	/** an activity's recorded participants (they go and come back with it) */
	participants?: Record<string, unknown>[];
	/** a station's culture works (they go and come back with it) */
	works?: Record<string, unknown>[];
}

const TABLES = { team: teams, project: projects, activity: activities, station: stations, file: files, publicity, culture: stationWorks } as const;

/** What an evidence file can belong to. */
const OWNERS: Record<string, typeof stations | typeof mechanisms | typeof activities | typeof publicity | typeof stationWorks | undefined> = { station: stations, mechanism: mechanisms, activity: activities, publicity, culture: stationWorks };

function labelOf(kind: BinKind, row: Record<string, unknown>): string {
	return String(kind === 'activity' || kind === 'publicity' || kind === 'culture' ? row.title : kind === 'file' ? row.originalName : row.name);
}

const filesOf = (tx: Transaction, pilotId: number, entityType: string, id: number) =>
	tx.select().from(files).where(and(eq(files.pilotId, pilotId), eq(files.entityType, entityType), eq(files.entityId, id)));

/**
 * Moves one item of a pilot into the bin, inside the caller's write. Returns the row as it was.
 * Throws NotFoundError when the pilot has no such item.
 */
export async function moveToBin(tx: Transaction, actor: Actor, kind: BinKind, pilotId: number, id: number, record: Recorder) {
	const table = TABLES[kind];
	const row = await ownedRow(tx, kind, pilotId, id);
	const payload: Payload = { row };
	if (kind === 'team') {
		payload.members = await tx.select().from(teamMembers).where(eq(teamMembers.teamId, id));
		payload.rosterImports = await tx.select().from(rosterImports).where(eq(rosterImports.teamId, id));
		payload.activityTeams = await tx.select().from(activityTeams).where(eq(activityTeams.teamId, id));
		payload.stationIds = (await tx.select({ id: stations.id }).from(stations).where(eq(stations.teamId, id))).map((r) => r.id);
	} else if (kind === 'project') {
		payload.activityIds = (await tx.select({ id: activities.id }).from(activities).where(eq(activities.projectId, id))).map((r) => r.id);
		payload.stationIds = (await tx.select({ id: stations.id }).from(stations).where(eq(stations.projectId, id))).map((r) => r.id);
	} else if (kind === 'activity') {
		payload.activityTeams = await tx.select().from(activityTeams).where(eq(activityTeams.activityId, id));
		payload.participants = await tx.select().from(activityParticipants).where(eq(activityParticipants.activityId, id));
	} else if (kind === 'station') {
		// its culture works go with it (cascade), and so do their files
		payload.works = await tx.select().from(stationWorks).where(eq(stationWorks.stationId, id));
	}
	if (kind !== 'file') {
		payload.files = await filesOf(tx, pilotId, kind, id);
		for (const w of payload.works ?? []) payload.files.push(...(await filesOf(tx, pilotId, 'culture', Number(w.id))));
		if (payload.files.length) await tx.delete(files).where(inArray(files.id, payload.files.map((f) => Number(f.id))));
	}
	// members, activity links and the links of stations and activities go with the row (cascade / set null)
	await tx.delete(table).where(eq(table.id, id));
	const at = now();
	await tx.insert(recycleBin).values({ pilotId, entityType: kind, entityId: id, label: labelOf(kind, row), payload: payload as unknown as Record<string, unknown>, deletedBy: actor.userId, deletedAt: at, purgeAfter: at + KEEP_DAYS * DAY });
	await record({ action: `${kind}.delete`, entityType: kind, entityId: id, pilotId, before: row });
	return row;
}

/** An uploaded photo or document into the bin (its item keeps counting on what it claims). */
export function removeFile(actor: Actor, pilotId: number, fileId: number) {
	return write(actor, (tx, record) => moveToBin(tx, actor, 'file', pilotId, fileId, record));
}

/** The name of a pilot's item, for the question before deleting it; NotFoundError when the pilot has none. */
export async function labelOfItem(kind: BinKind, pilotId: number, id: number): Promise<string> {
	return labelOf(kind, await ownedRow(db, kind, pilotId, id));
}

/** The pilot's row of that kind and id, read in a write or outside one; NotFoundError when there is none. */
async function ownedRow(reader: Transaction | typeof db, kind: BinKind, pilotId: number, id: number): Promise<Record<string, unknown>> {
	const table = TABLES[kind];
	const [row] = (await reader
		.select()
		.from(table)
		.where(and(eq(table.id, id), eq(table.pilotId, pilotId)))) as Record<string, unknown>[];
	if (!row) throw new NotFoundError();
	return row;
}

/** One pilot's bin, newest first; every pilot's when `pilotId` is null (province administrators). */
export async function list(pilotId: number | null) {
	return db
		.select({
			id: recycleBin.id,
			pilotId: recycleBin.pilotId,
			entityType: recycleBin.entityType,
			entityId: recycleBin.entityId,
			label: recycleBin.label,
			deletedAt: recycleBin.deletedAt,
			purgeAfter: recycleBin.purgeAfter,
			deletedBy: users.displayName
		})
		.from(recycleBin)
		.leftJoin(users, eq(users.id, recycleBin.deletedBy))
		.where(pilotId === null ? undefined : eq(recycleBin.pilotId, pilotId))
		.orderBy(desc(recycleBin.deletedAt), desc(recycleBin.id))
		.limit(500);
}

export class RestoreError extends Error {}

async function existing(tx: Transaction, table: typeof activities | typeof stations | typeof teams, ids: number[]): Promise<number[]> {
	if (!ids.length) return [];
	return (await tx.select({ id: table.id }).from(table).where(inArray(table.id, ids))).map((r) => r.id);
}

/** Puts one bin entry of this pilot back, with the links that can still be made. */
export async function restore(actor: Actor, pilotId: number, binId: number) {
	return write(actor, async (tx, record) => {
		const [entry] = await tx
			.select()
			.from(recycleBin)
			.where(and(eq(recycleBin.id, binId), eq(recycleBin.pilotId, pilotId)));
		if (!entry) throw new NotFoundError();
		const kind = entry.entityType as BinKind;
		const payload = entry.payload as unknown as Payload;
		const row = payload.row;
		if (kind === 'file') {
			const owner = OWNERS[String(row.entityType)];
			const [found] = owner ? await tx.select({ id: owner.id }).from(owner).where(eq(owner.id, Number(row.entityId))) : [];
			if (!found) throw new RestoreError('该材料所属的记录已删除，请先恢复那条记录');
		}
		if (kind === 'culture' && !(await existing(tx, stations, [Number(row.stationId)])).length) throw new RestoreError('该作品所属的站点已删除，请先恢复站点');
		if (kind === 'activity' && row.projectId != null && !(await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, Number(row.projectId)))).length) {
			row.projectId = null;
		}
		// a team comes back unattached when its organisation unit was removed meanwhile: attached to
		// it, no unit page would list it and nobody could detach it
		if (kind === 'team' && row.unitId != null) {
			const [unit] = await tx.select({ removedOn: orgUnits.removedOn }).from(orgUnits).where(eq(orgUnits.id, Number(row.unitId)));
			if (!unit || unit.removedOn) row.unitId = null;
		}
		if (kind === 'station') {
			if (row.teamId != null && !(await existing(tx, teams, [Number(row.teamId)])).length) row.teamId = null;
			if (row.projectId != null && !(await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, Number(row.projectId)))).length) row.projectId = null;
		}
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		await tx.insert(TABLES[kind] as any).values(row);
		if (payload.members?.length) await tx.insert(teamMembers).values(payload.members as (typeof teamMembers.$inferInsert)[]);
		if (payload.rosterImports?.length) await tx.insert(rosterImports).values(payload.rosterImports as (typeof rosterImports.$inferInsert)[]);
		if (payload.activityTeams?.length) {
			const other = kind === 'team' ? 'activityId' : 'teamId';
			const alive = new Set(await existing(tx, kind === 'team' ? activities : teams, payload.activityTeams.map((l) => l[other])));
			const links = payload.activityTeams.filter((l) => alive.has(l[other]));
			if (links.length) await tx.insert(activityTeams).values(links);
		}
		const column = kind === 'team' ? 'teamId' : 'projectId';
		if (payload.stationIds?.length) await tx.update(stations).set({ [column]: entry.entityId }).where(and(inArray(stations.id, payload.stationIds), isNull(stations[column])));
		if (payload.activityIds?.length) await tx.update(activities).set({ projectId: entry.entityId }).where(and(inArray(activities.id, payload.activityIds), isNull(activities.projectId)));
		if (payload.works?.length) await tx.insert(stationWorks).values(payload.works as (typeof stationWorks.$inferInsert)[]);
		if (payload.files?.length) await tx.insert(files).values(payload.files as (typeof files.$inferInsert)[]);
		if (payload.participants?.length) await tx.insert(activityParticipants).values(payload.participants as (typeof activityParticipants.$inferInsert)[]);
		await tx.delete(recycleBin).where(eq(recycleBin.id, binId));
		await record({ action: `${kind}.restore`, entityType: kind, entityId: entry.entityId, pilotId, after: row });
		return { kind, label: entry.label };
	});
}

/** Entries past their 30 days go for good (the hourly upkeep calls this). */
export async function purgeExpired(at = now()) {
	const due = await db.select({ id: recycleBin.id, pilotId: recycleBin.pilotId, entityType: recycleBin.entityType, entityId: recycleBin.entityId }).from(recycleBin).where(lt(recycleBin.purgeAfter, at)).limit(500);
	if (!due.length) return 0;
	await write(SYSTEM_ACTOR, async (tx, record) => {
		await tx.delete(recycleBin).where(inArray(recycleBin.id, due.map((d) => d.id)));
		for (const d of due) await record({ action: 'recycle.purge', entityType: d.entityType, entityId: d.entityId, pilotId: d.pilotId });
	});
	return due.length;
}

