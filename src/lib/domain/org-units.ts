/**
 * The volunteer organisation as the province reads it (issue 19): the tree as of a day, each
 * unit's size, cadence and obligations as a status in the dashboard's colours with reasons in
 * words. Builds on `organisation.ts` (`sizeRequirement`, `unitMembers`) and `cadence.ts`
 * (`evaluateCadence`). Pure: no clock, no I/O; `today` is passed in.
 *
 * Rules chosen where DOMAIN.md is silent (also in the README):
 * - A parent row holds from `validFrom` up to the day before `validTo` (null: still). The tree of
 *   day D takes, for each unit, the row with validFrom ≤ D < validTo; a unit with no such row did
 *   not exist (or was removed) on D.
 * - Size: below the first batch is 滞后 (red); at or above it but below the year-end figure is 预警
 *   (amber); at or above the year-end figure is 已完成 (green); a kind with no requirement is 正常.
 * - Cadence: a missed quarter makes it 滞后; once the period has ended a category still missing
 *   does too; while it runs a missing category is 预警; otherwise 正常, or 已完成 when every quarter so
 *   far is met and every category is held.
 * - An obligation is 已完成 when marked done (on any day), 逾期 once its due day has passed
 *   without it, else 待完成 (red from the day after the due day, amber in the last 14 days).
 */
import { daysBetween } from './dates';
import type { CadenceResult } from './cadence';
import type { OrgKind } from './organisation';
import type { PaceStatus } from './progress';

export type OfficerRole = 'head' | 'deputy' | 'secretary_general' | 'deputy_secretary';
export const OFFICER_ROLES: readonly OfficerRole[] = ['head', 'deputy', 'secretary_general', 'deputy_secretary'];

/** The officer's title for this kind of unit: 总队长 / 支队长 / 队长, their deputies, 秘书长, 副秘书长. */
export function officerRoleLabel(role: OfficerRole, kind: OrgKind): string {
	const head = kind === 'corps' ? '总队长' : kind === 'county_team' || kind === 'squad' ? '队长' : '支队长';
	switch (role) {
		case 'head':
			return head;
		case 'deputy':
			return `副${head}`;
		case 'secretary_general':
			return '秘书长';
		case 'deputy_secretary':
			return '副秘书长';
	}
}

/** At most one head per unit; any number of the others (`002`: 副支队长 3–5 名, 副秘书长若干名). */
export function officerRoleLimit(role: OfficerRole): number {
	return role === 'head' ? 1 : Infinity;
}

/** The seeds' naming: "洛阳市科技志愿者支队", "（学会名称）科技志愿者支队", "兰考县科技志愿者队". */
export function suggestedUnitName(kind: OrgKind, place: string): string {
	switch (kind) {
		case 'corps':
			return `${place}科技志愿者总队`;
		case 'county_team':
			return `${place}科技志愿者队`;
		case 'squad':
			return `${place}科技志愿者分队`;
		default:
			return `${place}科技志愿者支队`;
	}
}

export interface ParentRow {
	unitId: number;
	parentId: number | null;
	validFrom: string;
	validTo: string | null;
}

/** Each unit's parent on `day` (units absent that day are left out). */
export function treeAsOf(rows: readonly ParentRow[], day: string): Map<number, number | null> {
	const tree = new Map<number, number | null>();
	for (const r of rows) {
		if (r.validFrom <= day && (r.validTo === null || day < r.validTo)) tree.set(r.unitId, r.parentId);
	}
	return tree;
}

/** The unit's ancestors in a tree, nearest first (stops at a cycle or a unit not in the tree). */
export function ancestorsIn(tree: ReadonlyMap<number, number | null>, unitId: number): number[] {
	const out: number[] = [];
	const seen = new Set<number>([unitId]);
	for (let p = tree.get(unitId) ?? null; p !== null && !seen.has(p) && tree.has(p); p = tree.get(p) ?? null) {
		out.push(p);
		seen.add(p);
	}
	return out;
}

/** Every unit of the subtree under `unitId` (the unit itself included). */
export function subtreeIn(tree: ReadonlyMap<number, number | null>, unitId: number): Set<number> {
	const out = new Set<number>();
	if (!tree.has(unitId)) return out;
	for (const id of tree.keys()) if (id === unitId || ancestorsIn(tree, id).includes(unitId)) out.add(id);
	return out;
}

/** Each unit's own keys and every key below it, once (activities of a subtree). */
export function rollUpKeys(tree: ReadonlyMap<number, number | null>, own: ReadonlyMap<number, readonly string[]>): Map<number, Set<string>> {
	const sets = new Map<number, Set<string>>([...tree.keys()].map((id) => [id, new Set<string>()]));
	for (const [id, keys] of own) {
		if (!tree.has(id)) continue;
		const chain = [id, ...ancestorsIn(tree, id)];
		for (const k of keys) for (const c of chain) sets.get(c)!.add(k);
	}
	return sets;
}

export interface UnitStatus {
	status: PaceStatus;
	reason: string;
}

export function sizeStatus(members: number, req: { firstBatch: number; yearEnd: number }): UnitStatus {
	if (req.firstBatch === 0 && req.yearEnd === 0) return { status: 'on_track', reason: `成员 ${members} 人，无人数要求` };
	if (members < req.firstBatch) return { status: 'lagging', reason: `成员 ${members} 人，首批应达 ${req.firstBatch} 人` };
	if (members < req.yearEnd) return { status: 'at_risk', reason: `成员 ${members} 人，已达首批 ${req.firstBatch} 人，年底应达 ${req.yearEnd} 人` };
	return {
		status: 'complete',
		reason: req.yearEnd > req.firstBatch ? `成员 ${members} 人，已达年底要求 ${req.yearEnd} 人` : `成员 ${members} 人，已达首批要求 ${req.firstBatch} 人`
	};
}

/** The cadence as one status; `reasons` are evaluateCadence's own. */
export function cadenceStatus(c: CadenceResult, periodEnd: string, today: string): { status: PaceStatus; missed: boolean; reasons: string[] } {
	const missedQuarter = c.quarters.some((q) => q.status === 'missed');
	const ended = periodEnd < today;
	const missed = missedQuarter || (ended && c.missing.length > 0);
	const allMet = c.quarters.every((q) => q.status !== 'missed') && c.missing.length === 0;
	const status: PaceStatus = missed ? 'lagging' : c.missing.length ? 'at_risk' : allMet && c.quarters.some((q) => q.status === 'met') ? 'complete' : 'on_track';
	return { status, missed, reasons: c.reasons };
}

export type DeadlineState = 'done' | 'overdue' | 'due_soon' | 'pending';
export const DEADLINE_STATE_LABELS: Record<DeadlineState, string> = { done: '已完成', overdue: '逾期', due_soon: '即将到期', pending: '待完成' };

export function deadlineState(d: { title: string; dueDate: string; doneOn: string | null }, today: string): { state: DeadlineState; reason: string } {
	if (d.doneOn) return { state: 'done', reason: `${d.title}已于 ${d.doneOn} 完成` };
	const left = daysBetween(today, d.dueDate);
	if (left < 0) return { state: 'overdue', reason: `${d.title}应于 ${d.dueDate} 前完成，已逾期 ${-left} 天` };
	if (left <= 14) return { state: 'due_soon', reason: `${d.title}应于 ${d.dueDate} 前完成，还剩 ${left} 天` };
	return { state: 'pending', reason: `${d.title}应于 ${d.dueDate} 前完成` };
}

/** The worst of a unit's statuses, for the tree's one chip. */
const RANK: Record<PaceStatus, number> = { overdue: 0, lagging: 1, at_risk: 2, on_track: 3, complete: 4 };
export function worstStatus(statuses: readonly PaceStatus[]): PaceStatus {
	return statuses.reduce<PaceStatus>((w, s) => (RANK[s] < RANK[w] ? s : w), 'complete');
}

/** The calendar year of `day` as a period: cadence and obligations of units run by the year. */
export function yearOf(day: string): { startDate: string; endDate: string } {
	const y = day.slice(0, 4);
	return { startDate: `${y}-01-01`, endDate: `${y}-12-31` };
}

/**
 * The part of `year` a unit answers for: from its founding date, so a unit founded in October is not
 * 滞后 for the quarters and obligations before it existed. Without a founding date, the whole year. A
 * founding after the year leaves only its last day.
 */
export function periodSince(year: { startDate: string; endDate: string }, since: string | null): { startDate: string; endDate: string } {
	const start = since && since > year.startDate ? since : year.startDate;
	return { startDate: start > year.endDate ? year.endDate : start, endDate: year.endDate };
}
