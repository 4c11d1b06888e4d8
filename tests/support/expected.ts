/**
 * What the domain functions say about every pilot, recomputed straight from the database rows
 * (no app code but src/lib/domain), to check the pages and the API against.
 */
import { createClient } from '@libsql/client';
import { countItems } from '../../src/lib/domain/counting';
import { cycleOf, evaluateProgress, type Targets } from '../../src/lib/domain/progress';

export async function expectedFromDatabase(databaseUrl: string, today: string) {
	const db = createClient({ url: databaseUrl });
	const q = async (sql: string, args: (string | number)[] = []) => (await db.execute({ sql, args })).rows;
	const result = new Map<string, { id: number; status: string; targets: Targets; actual: Record<string, number>; progress: ReturnType<typeof evaluateProgress> }>();
	for (const p of await q('select p.id, p.name, p.level, p.approval_date, r.city_targets, r.county_targets from pilots p join rounds r on r.id = p.round_id')) {
		const targets = JSON.parse(String(p.level === 'city' ? p.city_targets : p.county_targets)) as Targets;
		for (const o of await q('select target_key, value from target_overrides where pilot_id = ? order by created_at, id', [Number(p.id)])) {
			targets[o.target_key as keyof Targets] = Number(o.value);
		}
		const id = Number(p.id);
		const counted = countItems(
			{
				teams: (await q('select id, coalesce(roster_size, declared_members) m, registered from teams where pilot_id = ?', [id])).map((t) => ({ id: String(t.id), members: Number(t.m), registered: Number(t.registered) === 1 })),
				projects: (await q('select id from projects where pilot_id = ?', [id])).map((r) => ({ id: String(r.id) })),
				activities: (await q('select id, date, project_id from activities where pilot_id = ?', [id])).map((a) => ({ id: String(a.id), date: String(a.date), projectId: a.project_id == null ? null : String(a.project_id) })),
				stations: (await q('select * from stations where pilot_id = ?', [id])).map((s) => ({
					id: String(s.id),
					venue: Number(s.venue) === 1,
					facilities: Number(s.facilities) === 1,
					rules: Number(s.rules) === 1,
					signage: Number(s.signage) === 1,
					teamId: s.team_id == null ? null : String(s.team_id),
					projectId: s.project_id == null ? null : String(s.project_id)
				})),
				mechanisms: (await q('select key, status, document from mechanisms where pilot_id = ?', [id])).map((m) => ({ key: String(m.key), status: m.status as 'established', document: m.document as string | null }))
			},
			targets,
			cycleOf(String(p.approval_date)),
			today
		);
		const progress = evaluateProgress({ startDate: String(p.approval_date), targets, actual: counted.actual }, today);
		result.set(String(p.name), { id, status: progress.status, targets, actual: counted.actual, progress });
	}
	db.close();
	return result;
}

