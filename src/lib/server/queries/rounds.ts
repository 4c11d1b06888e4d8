import { desc, sql } from 'drizzle-orm';
import { db } from '../db';
import { rounds } from '../db/schema';

/** Newest first, each with how many pilots it holds. */
export async function listRounds() {
	return db
		.select({ id: rounds.id, name: rounds.name, year: rounds.year, pilots: sql<number>`(select count(*) from pilots where pilots.round_id = rounds.id)` })
		.from(rounds)
		.orderBy(desc(rounds.year), desc(rounds.id));
}

/**
 * The round a page opens on when none is chosen: the newest that holds pilots. A round just
 * created, still without pilots, would otherwise greet staff and leaders with a page of zeros.
 */
export function defaultRound<R extends { pilots: number }>(list: readonly R[]): R | null {
	return list.find((r) => Number(r.pilots) > 0) ?? list[0] ?? null;
}

/** The round `?round=` names, else the default. */
export function chosenRound<R extends { id: number; pilots: number }>(list: readonly R[], id: number | null | undefined): R | null {
	return list.find((r) => r.id === id) ?? defaultRound(list);
}
