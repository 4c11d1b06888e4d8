/**
 * Calendar dates as 'YYYY-MM-DD' strings, computed in UTC so the server's time zone never
 * shifts a day. No clock: every "today" is passed in.
 *
 * Valid ISO dates compare correctly as strings, so callers may use `<`/`>` once a date is valid.
 */
const DAY_MS = 86_400_000;

/** Outside this range a date is far more likely a typo (0025, 20255) than a real plan. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/**
 * The number written by the ASCII digits `text[from..to)`, or -1 when any is not a digit. Dates
 * are read character by character, not by regular expression: lists of hundreds of pilots
 * read thousands of them per page (issue 17).
 */
export function digitsAt(text: string, from: number, to: number): number {
	let n = 0;
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i) - 48;
		if (c < 0 || c > 9) return -1;
		n = n * 10 + c;
	}
	return n;
}

const DASH = 45;

/** A real calendar date in strict YYYY-MM-DD form between 1900 and 2100. */
export function isValidDate(value: unknown): value is string {
	if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH) return false;
	const y = digitsAt(value, 0, 4);
	const mo = digitsAt(value, 5, 7);
	const d = digitsAt(value, 8, 10);
	if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return false;
	return d <= daysInMonth(y, mo);
}

/** Throws a readable Error naming the argument, so bad data fails loudly instead of miscounting. */
export function assertDate(value: unknown, what = 'date'): asserts value is string {
	if (!isValidDate(value)) {
		throw new Error(`${what} is not a valid date (YYYY-MM-DD, ${MIN_YEAR}–${MAX_YEAR}): ${JSON.stringify(value)}`);
	}
}

export function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
	return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

/** Midnight UTC of a validated date, in milliseconds. */
export function toUtcMs(date: string, what = 'date'): number {
	assertDate(date, what);
	return Date.UTC(digitsAt(date, 0, 4), digitsAt(date, 5, 7) - 1, digitsAt(date, 8, 10));
}

/** Formats without the range check: derived dates (a cycle ending in 2101) are still real dates. */
function fromUtcMs(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

function assertWhole(n: number, what: string): void {
	if (!Number.isInteger(n)) throw new Error(`${what} must be a whole number: ${n}`);
}

export function addDays(date: string, days: number): string {
	assertWhole(days, 'days');
	return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** b − a in whole days (negative when b is before a). */
export function daysBetween(a: string, b: string): number {
	// Both are UTC midnights, so the difference is an exact multiple of a day; round only guards floats.
	return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);
}

/**
 * The same calendar date `years` later. A 29 February that does not exist in the target year
 * becomes 1 March (Date.UTC rolls it over), so "the day before" it is 28 February — the rule
 * the cycle end needs.
 */
export function sameDateYearsLater(date: string, years: number): string {
	assertWhole(years, 'years');
	toUtcMs(date);
	const ms = Date.UTC(Number(date.slice(0, 4)) + years, Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
	return fromUtcMs(ms);
}

/**
 * The same calendar date `years` later, or the last day of that month when it has no such day:
 * a 29 February plus one year is 28 February (not 1 March as in `sameDateYearsLater`). This is
 * "at least N full years have passed" — nominations count a project started on 2024-02-29 as one
 * year old on 2025-02-28.
 */
export function addYearsClamped(date: string, years: number): string {
	assertWhole(years, 'years');
	assertDate(date);
	const y = Number(date.slice(0, 4)) + years;
	const m = Number(date.slice(5, 7));
	const d = Math.min(Number(date.slice(8, 10)), daysInMonth(y, m));
	return `${String(y).padStart(4, '0')}-${date.slice(5, 7)}-${String(d).padStart(2, '0')}`;
}

/**
 * One year from `start`: it ends the day before the same calendar date one year later
 * (2025-03-01 → 2026-02-28; 2024-02-29 → 2025-02-28, because 29 February 2025 does not exist and
 * 1 March stands in for it). `days` counts both ends, so it is 365 or 366.
 * Computed in milliseconds so an end date past 2100 is still produced rather than rejected.
 */
export function oneYearFrom(start: string): { endDate: string; days: number } {
	const startMs = toUtcMs(start, 'start date');
	const sameDateNextYear = Date.UTC(Number(start.slice(0, 4)) + 1, Number(start.slice(5, 7)) - 1, Number(start.slice(8, 10)));
	return { endDate: fromUtcMs(sameDateNextYear - DAY_MS), days: Math.round((sameDateNextYear - startMs) / DAY_MS) };
}

export function compareDates(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Something the person says has already happened (a founding, a completion) is not dated after today. */
export function afterTodayProblem(label: string, date: string, today: string): string | null {
	return date > today ? `${label}不能晚于今天（${today}）` : null;
}

/** A deadline set for someone else's work (a 督办's 办理期限) is not already past. */
export function beforeTodayProblem(label: string, date: string, today: string): string | null {
	return date < today ? `${label}不能早于今天（${today}）` : null;
}
