/** A pilot's projects (科技志愿服务项目): read with whether each counts, and the audited writes. */
import { asc, eq } from 'drizzle-orm';
import { db } from '../db';
import { projects } from '../db/schema';
import type { Actor } from '../audit';
import type { ProjectInput } from '../../schemas/items';
import { annotate, createItem, deleteItem, updateItem, type ItemKind } from './items';
import type { LoadedPilot } from './pilot';

const KIND: ItemKind = { table: projects, entityType: 'project' };

export async function list(pilot: LoadedPilot) {
	const rows = await db.select().from(projects).where(eq(projects.pilotId, pilot.id)).orderBy(asc(projects.id));
	return annotate(rows, pilot.counted?.items.projects);
}

/** `token`: the form's, so the same form sent twice makes one project. */
export function create(actor: Actor, pilotId: number, input: ProjectInput, token?: string | null) {
	const { version: _v, ...values } = input;
	return createItem(actor, KIND, pilotId, values, undefined, token);
}

export function update(actor: Actor, pilotId: number, id: number, input: ProjectInput) {
	const { version, ...change } = input;
	return updateItem(actor, KIND, pilotId, id, version, change);
}

/** Into the recycle bin; activities and stations linked to it keep their rows, unlinked. */
export const remove = (actor: Actor, pilotId: number, id: number) => deleteItem(actor, KIND, pilotId, id);
