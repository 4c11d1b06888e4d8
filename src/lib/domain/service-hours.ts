/**
 * Service hours (志愿服务时长) of the people who took part in activities: what one person's hours
 * may be, the hours each person gets by default, and the sums shown on a person's page and frozen
 * on a certificate. Pure: no clock, no I/O.
 *
 * Hours are kept to one decimal (the activity form's rule) and summed in tenths, so 0.1 + 0.2
 * is 0.3 and a total never shows a floating-point tail.
 */

/** The most one person may be credited for one activity (a week of day and night). */
export const MAX_HOURS_PER_ACTIVITY = 168;

const HOURS_RE = /^\d{1,3}(\.\d)?$/;

/** Hours typed by a person: "3", "2.5", "０.5" (NFKC), " 4 "; null for anything else or above the maximum. */
export function parseHours(text: string | null | undefined): number | null {
	const s = (text ?? '').normalize('NFKC').trim();
	if (!HOURS_RE.test(s)) return null;
	const n = Number(s);
	return n <= MAX_HOURS_PER_ACTIVITY ? n : null;
}

/** Tenths of an hour, rounded half away from zero (inputs carry at most one decimal). */
const tenths = (h: number) => {
	if (typeof h !== 'number' || !Number.isFinite(h) || h < 0) throw new Error(`service hours must be a number ≥ 0: ${String(h)}`);
	return Math.round(h * 10);
};

/** The sum of hours, exact to the tenth. Throws on a negative or non-finite value. */
export function sumHours(values: readonly number[]): number {
	let t = 0;
	for (const v of values) t += tenths(v);
	return t / 10;
}

/**
 * Each person's hours when none is typed: the activity's service hours shared among its
 * volunteers (the activity form records the hours of all its volunteers together), rounded to the
 * tenth and at most the per-activity maximum; the activity's hours as they are when it names no
 * volunteers.
 */
export function defaultHoursEach(serviceHours: number, volunteers: number): number {
	const total = tenths(serviceHours);
	const each = volunteers > 0 ? Math.round(total / volunteers) : total;
	return Math.min(MAX_HOURS_PER_ACTIVITY * 10, each) / 10;
}

export interface Participation {
	/** the activity's date, YYYY-MM-DD */
	date: string;
	hours: number;
}

/** Participations dated within [start, end] (inclusive, YYYY-MM-DD; either bound may be open). */
export function withinPeriod<P extends Participation>(rows: readonly P[], start: string | null, end: string | null): P[] {
	if (start && end && start > end) throw new Error(`a period cannot end (${end}) before it starts (${start})`);
	return rows.filter((r) => (!start || r.date >= start) && (!end || r.date <= end));
}

/** Cumulative hours and activity count of one person's participations. */
export function totalsOf(rows: readonly Participation[]): { hours: number; activities: number } {
	return { hours: sumHours(rows.map((r) => r.hours)), activities: rows.length };
}

/** Hours as shown: "12", "12.5" (never "12.0"). */
export function formatHours(hours: number): string {
	return String(tenths(hours) / 10);
}

/**
 * The hours most people of a list were credited (the smaller on a tie), for the participants
 * form's default once a list exists; null for an empty list.
 */
export function typicalHours(hours: readonly number[]): number | null {
	const counts = new Map<number, number>();
	for (const h of hours) counts.set(tenths(h), (counts.get(tenths(h)) ?? 0) + 1);
	let best: [number, number] | null = null;
	for (const [t, n] of counts) if (!best || n > best[1] || (n === best[1] && t < best[0])) best = [t, n];
	return best ? best[0] / 10 : null;
}
