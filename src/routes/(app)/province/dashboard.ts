/**
 * The dashboard's view of the pilots: filters and sort order read from the URL (so a view can be
 * shared as a link), applied on the server so the page works without JavaScript.
 */
import type { PilotRow } from '$lib/server/views/pilot-row';
import { DIMENSIONS, PACE_STATUSES } from '$lib/domain/labels';
import type { PaceStatus } from '$lib/domain/progress';

export const SORTS = ['attention', 'name', 'city', 'approval', 'daysLeft', 'overall'] as const;
export type Sort = (typeof SORTS)[number];

export interface DashboardFilter {
	round: number | null;
	level: 'city' | 'county' | null;
	city: string | null;
	status: PaceStatus | null;
	q: string;
	sort: Sort;
	desc: boolean;
}

export function readFilter(params: URLSearchParams): DashboardFilter {
	const level = params.get('level');
	const status = params.get('status');
	const city = params.get('city');
	const sort = params.get('sort');
	return {
		round: Number(params.get('round')) || null,
		level: level === 'city' || level === 'county' ? level : null,
		city: city && /^\d{6}$/.test(city) ? city : null,
		status: (PACE_STATUSES as readonly string[]).includes(status ?? '') ? (status as PaceStatus) : null,
		q: (params.get('q') ?? '').trim().slice(0, 40),
		sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : 'attention',
		desc: params.get('dir') === 'desc'
	};
}

/** Most urgent first: overdue, lagging, at risk, on track, complete; then the furthest behind. */
const URGENCY: Record<string, number> = { overdue: 0, lagging: 1, at_risk: 2, on_track: 3, complete: 4 };

export function applyFilter(rows: PilotRow[], f: DashboardFilter): PilotRow[] {
	const q = f.q.toLowerCase();
	const kept = rows.filter(
		(p) =>
			(!f.level || p.level === f.level) &&
			(!f.city || p.cityCode === f.city) &&
			(!f.status || p.status === f.status) &&
			(!q || `${p.name}${p.cityName}${p.divisionName}${p.divisionCode}`.toLowerCase().includes(q))
	);
	const key: Record<Sort, (p: PilotRow) => string | number> = {
		attention: (p) => (URGENCY[p.status ?? ''] ?? 5) * 10 + (p.overall ?? 0) - (p.expected ?? 0),
		name: (p) => p.name,
		city: (p) => p.cityCode + p.divisionCode,
		approval: (p) => p.startDate ?? '9999',
		daysLeft: (p) => p.daysLeft ?? Number.MAX_SAFE_INTEGER,
		overall: (p) => p.overall ?? -1
	};
	const k = key[f.sort];
	const sorted = [...kept].sort((a, b) => {
		const x = k(a);
		const y = k(b);
		return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
	});
	return f.desc ? sorted.reverse() : sorted;
}

/** Counts per status, and each dimension's mean completion for city and for county pilots. */
export function summarize(rows: PilotRow[]) {
	const byStatus = Object.fromEntries(PACE_STATUSES.map((s) => [s, rows.filter((p) => p.status === s).length])) as Record<PaceStatus, number>;
	const mean = (level: 'city' | 'county', d: (typeof DIMENSIONS)[number]) => {
		const list = rows.filter((p) => p.level === level && p.status !== null);
		return list.length ? list.reduce((sum, p) => sum + (p.dimensions.find((x) => x.key === d)?.ratio ?? 0), 0) / list.length : null;
	};
	const completion = DIMENSIONS.map((d) => ({ key: d, city: mean('city', d), county: mean('county', d) }));
	return { byStatus, completion };
}
