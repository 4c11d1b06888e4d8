/**
 * Key dates (关键时间节点) the scheme names. Each round keeps its own windows per year; these are
 * the defaults a new round starts from.
 */
import { daysBetween } from './dates';

export const KEY_DATES = [
	{ key: 'three_to_countryside', name: '文化科技卫生“三下乡”', start: '01-01', end: '02-28' },
	{ key: 'lei_feng', name: '学雷锋纪念日', start: '03-01', end: '03-10' },
	{ key: 'sci_week', name: '科技活动周', start: '05-15', end: '05-24' },
	{ key: 'sci_workers_day', name: '全国科技工作者日', start: '05-25', end: '05-31' },
	{ key: 'sci_popularization_day', name: '全国科普日', start: '09-15', end: '09-25' },
	{ key: 'volunteer_day', name: '国际志愿者日', start: '12-01', end: '12-10' }
] as const;

export type KeyDateKey = (typeof KEY_DATES)[number]['key'];

export interface KeyDateWindowInput {
	key: string;
	name: string;
	startDate: string;
	endDate: string;
}

export function defaultKeyDateWindows(year: number): KeyDateWindowInput[] {
	return KEY_DATES.map((k) => ({ key: k.key, name: k.name, startDate: `${year}-${k.start}`, endDate: `${year}-${k.end}` }));
}

/** The key date whose window holds `date`; where windows overlap, the narrowest wins. */
export function suggestKeyDate(date: string, windows: readonly KeyDateWindowInput[]): string | null {
	let best: KeyDateWindowInput | null = null;
	for (const w of windows) {
		if (date < w.startDate || date > w.endDate) continue;
		if (!best || daysBetween(w.startDate, w.endDate) < daysBetween(best.startDate, best.endDate)) best = w;
	}
	return best?.key ?? null;
}

export function keyDateName(key: string | null | undefined, windows: readonly { key: string; name: string }[] = defaultKeyDateWindows(2000)): string | null {
	if (!key) return null;
	return windows.find((w) => w.key === key)?.name ?? null;
}
