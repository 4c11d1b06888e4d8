/**
 * Key dates (关键时间节点) the scheme names. Each round keeps its own windows per year; these are
 * the defaults a new round starts from, in calendar order.
 *
 * Rules chosen where DOMAIN.md is silent:
 * - The "三下乡" window runs to the end of February, so it ends on 29 February in a leap year.
 * - Where windows overlap, the narrowest wins (a one-day 学雷锋纪念日 inside a long 三下乡).
 */
import { assertDate, daysBetween, isLeapYear, isValidDate } from './dates';

export const KEY_DATES = [
	{ key: 'three_to_countryside', name: '文化科技卫生“三下乡”', start: '01-01', end: '02-28' },
	{ key: 'lei_feng', name: '学雷锋纪念日', start: '03-01', end: '03-10' },
	{ key: 'sci_week', name: '科技活动周', start: '05-15', end: '05-24' },
	{ key: 'sci_workers_day', name: '全国科技工作者日', start: '05-25', end: '05-31' },
	{ key: 'sci_popularization_day', name: '全国科普日', start: '09-15', end: '09-25' },
	{ key: 'volunteer_day', name: '国际志愿者日', start: '12-01', end: '12-10' }
] as const;

export type KeyDateKey = (typeof KEY_DATES)[number]['key'];

/** One year's window of a key date, as a round keeps it: the one shape every module uses. */
export interface KeyDateWindow {
	key: string;
	name: string;
	startDate: string;
	endDate: string;
}

/** A default window that ends on 28 February means "the end of February". */
function defaultDay(year: number, monthDay: string): string {
	return monthDay === '02-28' && isLeapYear(year) ? `${year}-02-29` : `${year}-${monthDay}`;
}

export function defaultKeyDateWindows(year: number): KeyDateWindow[] {
	const windows = KEY_DATES.map((k) => ({
		key: k.key,
		name: k.name,
		startDate: defaultDay(year, k.start),
		endDate: defaultDay(year, k.end)
	}));
	for (const w of windows) assertDate(w.startDate, `key date window for ${year}`);
	return windows;
}

/**
 * The key date whose window holds `date`; where windows overlap, the narrowest wins (the first
 * listed on a tie). A date that is not (yet) a valid date — a form half typed — has no
 * suggestion rather than an error; the form validates the date itself. Malformed windows throw.
 */
export function suggestKeyDate(date: string, windows: readonly KeyDateWindow[]): string | null {
	if (!isValidDate(date)) return null;
	let best: { key: string; days: number } | null = null;
	for (const w of windows) {
		const days = daysBetween(w.startDate, w.endDate);
		if (date < w.startDate || date > w.endDate) continue;
		if (!best || days < best.days) best = { key: w.key, days };
	}
	return best?.key ?? null;
}

export function keyDateName(
	key: string | null | undefined,
	windows: readonly { key: string; name: string }[] = defaultKeyDateWindows(2000)
): string | null {
	if (!key) return null;
	return windows.find((w) => w.key === key)?.name ?? null;
}
