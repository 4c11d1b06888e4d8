/**
 * Calendar dates as 'YYYY-MM-DD' strings, computed in UTC so the server's time zone never
 * shifts a day. No clock: every "today" is passed in.
 */
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** A real calendar date in strict YYYY-MM-DD form between 1900 and 2100. */
export function isValidDate(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	const m = DATE_RE.exec(value);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return false;
	return d <= daysInMonth(y, mo);
}

export function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
	return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function toUtc(date: string): number {
	if (!isValidDate(date)) throw new Error(`not a valid date (YYYY-MM-DD): ${String(date)}`);
	return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtc(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
	return fromUtc(toUtc(date) + days * DAY_MS);
}

/** b − a in whole days (negative when b is before a). */
export function daysBetween(a: string, b: string): number {
	return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/**
 * The same calendar date `years` later; a 29 February that does not exist in the target year
 * becomes 1 March, so "the day before" it is 28 February.
 */
export function sameDateYearsLater(date: string, years: number): string {
	const y = Number(date.slice(0, 4)) + years;
	const m = Number(date.slice(5, 7));
	const d = Number(date.slice(8, 10));
	if (m === 2 && d === 29 && !isLeapYear(y)) return `${y}-03-01`;
	return `${y}-${date.slice(5)}`;
}

export function compareDates(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
