/**
 * The steps of a call for exemplary cases after eligibility (`nominations.ts`): which categories a
 * nominating unit may choose (`000`), the 公示 period in working days, reviewers' weighted scores
 * and the ranking per category, and the flags raised before an expert is assigned. Pure: no clock.
 *
 * Rules chosen (also in the README):
 * - A city 科协 nominates in every category of the call; a provincial 学会 or department chooses
 *   exactly two of 科技志愿者, 科技志愿服务队, 科技志愿服务项目 (`000` 三、名额分配), only among the
 *   call's categories.
 * - Working days are Monday to Friday; public holidays are not known to the product (the call's
 *   end date can be typed over). The start day counts when it is a working day; a start on a
 *   weekend begins on the next Monday.
 * - A reviewer's weighted score is Σ(score × weight) / Σ weight over the call's criteria (scores 0–100);
 *   a nomination's score is the mean over the reviewers who scored it; unscored nominations rank last.
 *   Equal scores share a rank (1, 1, 3) and are listed by id.
 */
import { addDays, assertDate, toUtcMs } from './dates';
import type { NominationCategory } from './nominations';

export type NominatingUnitKind = 'city' | 'society' | 'department';

export const NOMINATING_UNIT_KIND_LABELS: Record<NominatingUnitKind, string> = {
	city: '省辖市科协',
	society: '省级学会',
	department: '省直单位'
};

/** The categories a 学会 or department may choose from (`000`). */
export const CHOOSABLE_CATEGORIES: readonly NominationCategory[] = ['volunteer', 'team', 'project'];
export const CHOSEN_COUNT = 2;

/** Why a unit's categories are not allowed in a call; empty when they are. */
export function categoryChoiceProblems(kind: NominatingUnitKind, chosen: readonly string[], callCategories: readonly string[]): string[] {
	const problems: string[] = [];
	const unique = new Set(chosen);
	if (unique.size !== chosen.length) problems.push('类别重复');
	for (const c of unique) if (!callCategories.includes(c)) problems.push(`本次征集不含该类别：${c}`);
	if (kind === 'city') return problems;
	for (const c of unique) if (!(CHOOSABLE_CATEGORIES as readonly string[]).includes(c)) problems.push('学会和省直单位只能在科技志愿者、服务队、项目中选择');
	if (unique.size !== CHOSEN_COUNT) problems.push(`须选择 ${CHOSEN_COUNT} 个类别，已选 ${unique.size} 个`);
	return [...new Set(problems)];
}

/** The categories a unit nominates in: a city all of the call's, others what they chose (or none yet). */
export function categoriesOfUnit(kind: NominatingUnitKind, chosen: readonly string[] | null, callCategories: readonly string[]): string[] {
	if (kind === 'city') return [...callCategories];
	return (chosen ?? []).filter((c) => callCategories.includes(c));
}

function weekday(date: string): number {
	return new Date(toUtcMs(date)).getUTCDay();
}

export function isWorkingDay(date: string): boolean {
	assertDate(date);
	const d = weekday(date);
	return d !== 0 && d !== 6;
}

/** The last day of a 公示 of `days` working days starting on `start` (default 5). */
export function publicityEndDate(start: string, days = 5): string {
	assertDate(start, 'start');
	if (!Number.isInteger(days) || days < 1) throw new Error(`days must be a whole number ≥ 1: ${days}`);
	let date = start;
	while (!isWorkingDay(date)) date = addDays(date, 1);
	let left = days - 1;
	while (left > 0) {
		date = addDays(date, 1);
		if (isWorkingDay(date)) left--;
	}
	return date;
}

/** Working days from `start` to `end`, both included (0 when end is before start). */
export function workingDaysBetween(start: string, end: string): number {
	assertDate(start, 'start');
	assertDate(end, 'end');
	let n = 0;
	for (let d = start; d <= end; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
	return n;
}

export interface Criterion {
	name: string;
	weight: number;
}

/** One reviewer's score: the weighted mean of the criteria's scores. */
export function weightedScore(scores: readonly number[], criteria: readonly Criterion[]): number {
	if (scores.length !== criteria.length) throw new Error(`expected ${criteria.length} scores, got ${scores.length}`);
	let sum = 0;
	let weights = 0;
	criteria.forEach((c, i) => {
		const s = scores[i];
		if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > 100) throw new Error(`score must be 0–100: ${String(s)}`);
		if (!Number.isFinite(c.weight) || c.weight < 0) throw new Error(`weight must be ≥ 0: ${c.weight}`);
		sum += s * c.weight;
		weights += c.weight;
	});
	if (weights === 0) throw new Error('criteria weights sum to 0');
	return sum / weights;
}

export interface Ranked {
	id: number;
	category: string;
	/** mean of the reviewers' weighted scores, null when nobody scored */
	score: number | null;
	reviewers: number;
	/** 1-based within the category; equal scores share it; null when unscored */
	rank: number | null;
}

/** Every nomination's mean weighted score and its rank within its category. */
export function rankNominations(items: readonly { id: number; category: string; scores: readonly (readonly number[])[] }[], criteria: readonly Criterion[]): Ranked[] {
	const scored = items.map((n) => {
		const each = n.scores.map((s) => weightedScore(s, criteria));
		return { id: n.id, category: n.category, score: each.length ? each.reduce((a, b) => a + b, 0) / each.length : null, reviewers: each.length, rank: null as number | null };
	});
	const byCategory = new Map<string, typeof scored>();
	for (const s of scored) byCategory.set(s.category, [...(byCategory.get(s.category) ?? []), s]);
	const out: Ranked[] = [];
	for (const list of byCategory.values()) {
		list.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.id - b.id);
		list.forEach((s, i) => {
			if (s.score === null) return;
			const prev = list[i - 1];
			// equal within 1e-9 (the mean of the same figures in another order)
			s.rank = prev && prev.score !== null && Math.abs(prev.score - s.score) < 1e-9 ? prev.rank : i + 1;
		});
		out.push(...list);
	}
	return out;
}

/** Why an expert should not review a nomination: same city, same unit. Empty when neither. */
export function reviewerFlags(
	expert: { divisionCode: string | null; unitId: number | null },
	nomination: { divisionCode: string | null; unitId: number }
): string[] {
	const flags: string[] = [];
	const cityOf = (code: string | null) => (code && /^\d{6}$/.test(code) ? `${code.slice(0, 4)}00` : null);
	const a = cityOf(expert.divisionCode);
	if (a && a === cityOf(nomination.divisionCode)) flags.push('专家与被推荐对象同属一市');
	if (expert.unitId !== null && expert.unitId === nomination.unitId) flags.push('专家来自推荐单位');
	return flags;
}
