/** A pilot's teams (科技志愿服务队): read with whether each counts, and the audited writes. */
import { asc, eq } from 'drizzle-orm';
import { db } from '../db';
import { teams } from '../db/schema';
import type { Actor } from '../audit';
import type { TeamInput } from '../../schemas/items';
import { annotate, createItem, deleteItem, updateItem, type ItemKind } from './items';
import type { LoadedPilot } from './pilot';

const KIND: ItemKind = { table: teams, entityType: 'team' };

export async function list(pilot: LoadedPilot) {
	const rows = await db.select().from(teams).where(eq(teams.pilotId, pilot.id)).orderBy(asc(teams.id));
	return annotate(
		rows.map((t) => ({ ...t, members: t.rosterSize ?? t.declaredMembers })),
		pilot.counted?.items.teams
	);
}

/** `token`: the form's, so the same form sent twice makes one team. */
export function create(actor: Actor, pilotId: number, input: TeamInput, token?: string | null) {
	const { version: _v, ...values } = input;
	return createItem(actor, KIND, pilotId, values, undefined, token);
}

export function update(actor: Actor, pilotId: number, id: number, input: TeamInput) {
	const { version, ...change } = input;
	return updateItem(actor, KIND, pilotId, id, version, change);
}

/** Into the recycle bin, with its roster and links. */
export const remove = (actor: Actor, pilotId: number, id: number) => deleteItem(actor, KIND, pilotId, id);
