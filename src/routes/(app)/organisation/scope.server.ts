/** What part of the tree a reader sees: each row as `canReadUnit` decides on its place in the tree. */
import type { SessionUser } from '$lib/server/auth/session';
import { canReadUnit } from '$lib/server/auth/policy';
import type { UnitRow } from '$lib/server/organisation/tree';

export function visibleRows(user: SessionUser, rows: UnitRow[]): UnitRow[] {
	const parentOf = new Map(rows.map((r) => [r.id, r.parentId]));
	const ancestors = (id: number) => {
		const out: number[] = [];
		for (let p = parentOf.get(id) ?? null; p !== null && !out.includes(p); p = parentOf.get(p) ?? null) out.push(p);
		return out;
	};
	return rows.filter((r) => canReadUnit(user, { id: r.id, ancestorIds: ancestors(r.id) }));
}
