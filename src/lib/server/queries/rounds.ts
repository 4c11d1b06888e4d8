import { desc } from 'drizzle-orm';
import { db } from '../db';
import { rounds } from '../db/schema';

/** Newest first: the dashboard opens on the latest round. */
export async function listRounds() {
	return db.select({ id: rounds.id, name: rounds.name, year: rounds.year }).from(rounds).orderBy(desc(rounds.year), desc(rounds.id));
}
