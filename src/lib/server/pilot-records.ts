/**
 * What a pilot records — teams, projects, activities, stations, mechanisms — with the rules that
 * cross fields or tables: links must stay inside the pilot, an activity's date must fit the
 * cycle, a station's 有 needs its evidence. Each verb is one audited write (see items.ts).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Transaction } from './db';
import { activities, activityTeams, files, mechanisms, projects, stations, teams } from './db/schema';
import type { Actor } from './audit';
import { write } from './audit';
import { createItem, deleteItem, updateItem, type ItemKind } from './items';
import { ConflictError, VersionMissingError, FieldError } from './errors';
import { attachFile, storeBytes, type CheckedFile } from './files';
import { now } from './clock';
import { activityDateProblem, type ActivityWindow } from '../domain/activity-checks';
import { suggestKeyDate } from '../domain/key-dates';
import type { ActivityInput, MechanismInput, ProjectInput, StationInput, TeamInput } from '../schemas/items';
import type { MechanismKey } from '../domain/labels';

export const TEAM: ItemKind = { table: teams, entityType: 'team' };
export const PROJECT: ItemKind = { table: projects, entityType: 'project' };
export const ACTIVITY: ItemKind = { table: activities, entityType: 'activity' };
export const STATION: ItemKind = { table: stations, entityType: 'station' };

async function assertOwned(tx: Transaction, table: typeof teams | typeof projects, pilotId: number, ids: number[], field: string, label: string) {
	if (!ids.length) return;
	const rows = await tx.select({ id: table.id }).from(table).where(and(eq(table.pilotId, pilotId), inArray(table.id, ids)));
	if (rows.length !== new Set(ids).size) throw new FieldError(field, `所选${label}不属于本试点`);
}

// ── teams ────────────────────────────────────────────────────────────────────
export function createTeam(actor: Actor, pilotId: number, input: TeamInput, token?: string | null) {
	const { version: _v, ...values } = input;
	return createItem(actor, TEAM, pilotId, values, undefined, token);
}
export function updateTeam(actor: Actor, pilotId: number, id: number, input: TeamInput) {
	const { version, ...change } = input;
	return updateItem(actor, TEAM, pilotId, id, version, change);
}
export const deleteTeam = (actor: Actor, pilotId: number, id: number) => deleteItem(actor, TEAM, pilotId, id);

// ── projects ─────────────────────────────────────────────────────────────────
export function createProject(actor: Actor, pilotId: number, input: ProjectInput, token?: string | null) {
	const { version: _v, ...values } = input;
	return createItem(actor, PROJECT, pilotId, values, undefined, token);
}
export function updateProject(actor: Actor, pilotId: number, id: number, input: ProjectInput) {
	const { version, ...change } = input;
	return updateItem(actor, PROJECT, pilotId, id, version, change);
}
export const deleteProject = (actor: Actor, pilotId: number, id: number) => deleteItem(actor, PROJECT, pilotId, id);

// ── activities ───────────────────────────────────────────────────────────────
export interface PilotContext extends ActivityWindow {
	keyDateWindows: { key: string; name: string; startDate: string; endDate: string }[];
}

function activityValues(input: ActivityInput, ctx: PilotContext) {
	const { version: _v, teamIds: _t, ...values } = input;
	const problem = activityDateProblem(input.date, ctx);
	if (problem) throw new FieldError('date', problem);
	const known = new Set(ctx.keyDateWindows.map((w) => w.key));
	if (values.keyDate && !known.has(values.keyDate)) throw new FieldError('keyDate', '关键时间节点无效');
	return { ...values, keyDate: values.keyDate ?? suggestKeyDate(input.date, ctx.keyDateWindows) };
}

async function linkTeams(tx: Transaction, pilotId: number, activityId: number, teamIds: number[], replacing: boolean) {
	await assertOwned(tx, teams, pilotId, teamIds, 'teamIds', '服务队');
	if (replacing) await tx.delete(activityTeams).where(eq(activityTeams.activityId, activityId));
	if (teamIds.length) await tx.insert(activityTeams).values([...new Set(teamIds)].map((teamId) => ({ activityId, teamId })));
}

export function createActivity(actor: Actor, pilotId: number, input: ActivityInput, ctx: PilotContext, token?: string | null) {
	const values = activityValues(input, ctx);
	return createItem(
		actor,
		ACTIVITY,
		pilotId,
		{ ...values },
		async (tx, id) => {
			await assertOwned(tx, projects, pilotId, values.projectId ? [values.projectId] : [], 'projectId', '项目');
			await linkTeams(tx, pilotId, id, input.teamIds, false);
		},
		token
	);
}
export function updateActivity(actor: Actor, pilotId: number, id: number, input: ActivityInput, ctx: PilotContext) {
	const values = activityValues(input, ctx);
	return updateItem(actor, ACTIVITY, pilotId, id, input.version, { ...values }, async (tx) => {
		await assertOwned(tx, projects, pilotId, values.projectId ? [values.projectId] : [], 'projectId', '项目');
		await linkTeams(tx, pilotId, id, input.teamIds, true);
	});
}
export const deleteActivity = (actor: Actor, pilotId: number, id: number) => deleteItem(actor, ACTIVITY, pilotId, id);

// ── stations ─────────────────────────────────────────────────────────────────
export const EVIDENCED_YOU = ['venue', 'facilities', 'rules', 'signage'] as const;
export type EvidencedYou = (typeof EVIDENCED_YOU)[number];
export type StationPhotos = Partial<Record<EvidencedYou, CheckedFile>>;

/** Every 有 the station claims must be shown by a note, a new photo or one already on file. */
async function stationEvidence(tx: Transaction, pilotId: number, stationId: number | null, input: StationInput, photos: StationPhotos) {
	await assertOwned(tx, teams, pilotId, input.teamId ? [input.teamId] : [], 'teamId', '服务队');
	await assertOwned(tx, projects, pilotId, input.projectId ? [input.projectId] : [], 'projectId', '项目');
	const onFile = new Set(
		stationId === null
			? []
			: (
					await tx
						.select({ purpose: files.purpose })
						.from(files)
						.where(and(eq(files.pilotId, pilotId), eq(files.entityType, 'station'), eq(files.entityId, stationId)))
				).map((f) => f.purpose)
	);
	for (const y of EVIDENCED_YOU) {
		if (input[y] && !input[`${y}Note`] && !photos[y] && !onFile.has(y)) {
			throw new FieldError(`${y}Note`, '勾选后请填写说明或上传照片作为依据');
		}
	}
}

async function attachPhotos(tx: Transaction, pilotId: number, stationId: number, photos: StationPhotos, stored: Partial<Record<EvidencedYou, string>>, userId: number | null) {
	for (const y of EVIDENCED_YOU) {
		const file = photos[y];
		if (file) await attachFile(tx, { pilotId, entityType: 'station', entityId: stationId, purpose: y, file, sha256: stored[y]!, userId });
	}
}

/** Photos are written to disk before the transaction (so no I/O waits inside it). */
async function storePhotos(photos: StationPhotos) {
	const stored: Partial<Record<EvidencedYou, string>> = {};
	for (const y of EVIDENCED_YOU) if (photos[y]) stored[y] = await storeBytes(photos[y]!.bytes);
	return stored;
}

export async function createStation(actor: Actor, pilotId: number, input: StationInput, photos: StationPhotos = {}, token?: string | null) {
	const { version: _v, ...values } = input;
	const stored = await storePhotos(photos);
	return createItem(
		actor,
		STATION,
		pilotId,
		values,
		async (tx, id) => {
			await stationEvidence(tx, pilotId, null, input, photos);
			await attachPhotos(tx, pilotId, id, photos, stored, actor.userId);
		},
		token
	);
}
export async function updateStation(actor: Actor, pilotId: number, id: number, input: StationInput, photos: StationPhotos = {}) {
	const { version, ...change } = input;
	const stored = await storePhotos(photos);
	return updateItem(actor, STATION, pilotId, id, version, change, async (tx) => {
		await stationEvidence(tx, pilotId, id, input, photos);
		await attachPhotos(tx, pilotId, id, photos, stored, actor.userId);
	});
}
export const deleteStation = (actor: Actor, pilotId: number, id: number) => deleteItem(actor, STATION, pilotId, id);

// ── mechanisms ───────────────────────────────────────────────────────────────
/** The eight rows are fixed per pilot: saving one creates it the first time. */
export async function saveMechanism(actor: Actor, pilotId: number, key: MechanismKey, input: MechanismInput, document?: CheckedFile | null) {
	const sha256 = document ? await storeBytes(document.bytes) : null;
	return write(actor, async (tx, record) => {
		const [before] = await tx.select().from(mechanisms).where(and(eq(mechanisms.pilotId, pilotId), eq(mechanisms.key, key)));
		// the first save of a mechanism creates it (no version yet); every later one names its version
		if (before && input.version === undefined) throw new VersionMissingError();
		const expected = input.version ?? 0;
		if ((before?.version ?? 0) !== expected) throw new ConflictError();
		const change = { status: input.status, document: input.document, note: input.note };
		let id: number;
		if (before) {
			await tx.update(mechanisms).set({ ...change, updatedAt: now(), version: before.version + 1 }).where(eq(mechanisms.id, before.id));
			id = before.id;
		} else {
			const [row] = await tx.insert(mechanisms).values({ ...change, pilotId, key, updatedAt: now() }).returning({ id: mechanisms.id });
			id = row.id;
		}
		if (document && sha256) await attachFile(tx, { pilotId, entityType: 'mechanism', entityId: id, purpose: 'document', file: document, sha256, userId: actor.userId });
		await record({
			action: 'mechanism.update',
			entityType: 'mechanism',
			entityId: id,
			pilotId,
			before: before ? { status: before.status, document: before.document, note: before.note } : null,
			after: { ...change, file: document?.name ?? undefined }
		});
	});
}
