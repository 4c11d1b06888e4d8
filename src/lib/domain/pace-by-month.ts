/**
 * The pace the programme needs month by month: each pilot's target spread evenly over the days
 * of its cycle, so a month holds the share of the target that its days inside the cycle carry.
 * Summed over pilots it is the line a leader compares the activities actually held against.
 */
import { daysBetween } from './dates';
import type { CycleRange } from './counting';
import { firstDayOf, lastDayOf, monthOf, nextMonth } from './reporting';

export interface PacedTarget {
	cycle: CycleRange;
	target: number;
}

/** Days of `month` that fall inside `cycle` (0 when they do not meet). */
export function daysInCycle(month: string, cycle: CycleRange): number {
	const first = firstDayOf(month);
	const last = lastDayOf(month);
	const from = first > cycle.startDate ? first : cycle.startDate;
	const to = last < cycle.endDate ? last : cycle.endDate;
	return from > to ? 0 : daysBetween(from, to) + 1;
}

/** Every month from the first to the last, inclusive. */
export function monthRange(first: string, last: string): string[] {
	const months: string[] = [];
	for (let m = first; m <= last; m = nextMonth(m)) months.push(m);
	return months;
}

/** The months any of the cycles touch, oldest first. */
export function monthsOfCycles(cycles: readonly CycleRange[]): string[] {
	if (!cycles.length) return [];
	const first = cycles.map((c) => monthOf(c.startDate)).sort()[0];
	const last = cycles.map((c) => monthOf(c.endDate)).sort().at(-1)!;
	return monthRange(first, last);
}

/**
 * For each month, Σ target × (days of the month in the cycle) / (days of the cycle). Given `through`
 * (today), days after it carry nothing: the month under way is measured against its days so far,
 * as the activities held in it are.
 */
export function paceNeededByMonth(pilots: readonly PacedTarget[], months: readonly string[], through?: string): number[] {
	if (!months.length) return [];
	const cycleDays = pilots.map((p) => {
		if (!(p.target >= 0)) throw new Error(`target must be a non-negative number: ${p.target}`);
		return daysBetween(p.cycle.startDate, p.cycle.endDate) + 1;
	});
	const sofar = pilots.map((p) => (through !== undefined && through < p.cycle.endDate ? { startDate: p.cycle.startDate, endDate: through } : p.cycle));
	return months.map((month) => pilots.reduce((sum, p, i) => sum + (p.target * daysInCycle(month, sofar[i])) / cycleDays[i], 0));
}
