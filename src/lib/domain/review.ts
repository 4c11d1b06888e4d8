/**
 * Review of what pilots claim (核实). Province staff give one verdict per requirement of an item —
 * each of a station's six 有, a mechanism's document, a team/project/activity as a whole — or
 * return the item with a reason. A verdict holds for the item's version it was given on: once the
 * pilot edits the item (resubmits), it needs looking at again.
 */
export const REVIEW_REQUIREMENTS = {
	station: ['venue', 'team', 'project', 'facilities', 'rules', 'signage'],
	mechanism: ['document'],
	team: ['item'],
	project: ['item'],
	activity: ['item']
} as const;

export type ReviewedKind = keyof typeof REVIEW_REQUIREMENTS;

export const REVIEWED_KIND_OF_DIMENSION = {
	teams: 'team',
	projects: 'project',
	activities: 'activity',
	stations: 'station',
	mechanisms: 'mechanism'
} as const;

export interface Verdict {
	requirement: string;
	verdict: 'verified' | 'returned';
	itemVersion: number;
	reason?: string | null;
	/** later verdicts win; any increasing number (id or time) */
	order: number;
}

export type ReviewState = 'unreviewed' | 'partly' | 'verified' | 'returned' | 'changed';

export interface ReviewResult {
	state: ReviewState;
	/** requirements verified on the current version */
	verified: string[];
	/** the reason of the return in force, if any */
	returnReason: string | null;
	/** the requirement that return concerns (a station's 'signage', or 'item' for the whole) */
	returnedRequirement?: string | null;
}

export function reviewState(kind: ReviewedKind, itemVersion: number, verdicts: readonly Verdict[]): ReviewResult {
	const required: readonly string[] = REVIEW_REQUIREMENTS[kind];
	const latest = new Map<string, Verdict>();
	for (const v of [...verdicts].sort((a, b) => a.order - b.order)) latest.set(v.requirement, v);
	const current = [...latest.values()].filter((v) => v.itemVersion === itemVersion);
	const returned = current.filter((v) => v.verdict === 'returned').sort((a, b) => b.order - a.order)[0];
	if (returned) return { state: 'returned', verified: [], returnReason: returned.reason ?? null, returnedRequirement: returned.requirement };
	const verified = required.filter((r) => current.some((v) => v.requirement === r && v.verdict === 'verified'));
	if (verified.length === required.length) return { state: 'verified', verified, returnReason: null };
	const stale = [...latest.values()].some((v) => v.itemVersion !== itemVersion);
	if (stale && verified.length === 0) return { state: 'changed', verified, returnReason: null };
	return { state: verified.length ? 'partly' : 'unreviewed', verified, returnReason: null };
}

export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
	unreviewed: '待核实',
	partly: '部分核实',
	verified: '已核实',
	returned: '已退回',
	changed: '已修改，待重新核实'
};
