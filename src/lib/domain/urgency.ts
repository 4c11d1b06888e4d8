/**
 * One order of urgency for every list of pilots (the dashboard's 需关注 and default sort, the
 * leader's 滞后与逾期): overdue, lagging, at risk, on track, complete, then pilots without a pace
 * status; within a status the furthest behind its expected pace first.
 */
export const URGENCY: Record<string, number> = { overdue: 0, lagging: 1, at_risk: 2, on_track: 3, complete: 4 };

export interface Urgent {
	status: string | null;
	overall: number | null;
	expected: number | null;
}

/** A sort key: smaller is more urgent. */
export function urgencyKey(p: Urgent): number {
	return (URGENCY[p.status ?? ''] ?? 5) * 10 + (p.overall ?? 0) - (p.expected ?? 0);
}

export function byUrgency(a: Urgent, b: Urgent): number {
	return urgencyKey(a) - urgencyKey(b);
}
