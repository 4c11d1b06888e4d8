import { describe, expect, it } from 'vitest';
import { defaultKeyDateWindows, KEY_DATES, keyDateName, suggestKeyDate } from './key-dates';

describe('defaultKeyDateWindows', () => {
	it('places every default window in the given year', () => {
		expect(defaultKeyDateWindows(2025)).toEqual([
			{ key: 'three_to_countryside', name: '文化科技卫生“三下乡”', startDate: '2025-01-01', endDate: '2025-02-28' },
			{ key: 'lei_feng', name: '学雷锋纪念日', startDate: '2025-03-01', endDate: '2025-03-10' },
			{ key: 'sci_week', name: '科技活动周', startDate: '2025-05-15', endDate: '2025-05-24' },
			{ key: 'sci_workers_day', name: '全国科技工作者日', startDate: '2025-05-25', endDate: '2025-05-31' },
			{ key: 'sci_popularization_day', name: '全国科普日', startDate: '2025-09-15', endDate: '2025-09-25' },
			{ key: 'volunteer_day', name: '国际志愿者日', startDate: '2025-12-01', endDate: '2025-12-10' }
		]);
	});

	it('runs 三下乡 to the end of February in a leap year', () => {
		const w = defaultKeyDateWindows(2024).find((x) => x.key === 'three_to_countryside');
		expect(w).toEqual({ key: 'three_to_countryside', name: '文化科技卫生“三下乡”', startDate: '2024-01-01', endDate: '2024-02-29' });
	});

	it('holds each named day inside its own window', () => {
		const windows = defaultKeyDateWindows(2026);
		expect(suggestKeyDate('2026-03-05', windows)).toBe('lei_feng'); // 学雷锋纪念日
		expect(suggestKeyDate('2026-05-30', windows)).toBe('sci_workers_day'); // 全国科技工作者日
		expect(suggestKeyDate('2026-12-05', windows)).toBe('volunteer_day'); // 国际志愿者日
	});

	it('has six keys, each once', () => {
		expect(new Set(KEY_DATES.map((k) => k.key)).size).toBe(6);
	});

	it('rejects a year outside the supported range', () => {
		expect(() => defaultKeyDateWindows(1800)).toThrow(/not a valid date/);
	});
});

describe('suggestKeyDate', () => {
	const windows = defaultKeyDateWindows(2025);

	it('suggests the key date whose window holds the date', () => {
		expect(suggestKeyDate('2025-02-01', windows)).toBe('three_to_countryside');
		expect(suggestKeyDate('2025-03-05', windows)).toBe('lei_feng');
		expect(suggestKeyDate('2025-05-20', windows)).toBe('sci_week');
		expect(suggestKeyDate('2025-05-30', windows)).toBe('sci_workers_day');
		expect(suggestKeyDate('2025-09-20', windows)).toBe('sci_popularization_day');
		expect(suggestKeyDate('2025-12-05', windows)).toBe('volunteer_day');
		expect(suggestKeyDate('2025-07-01', windows)).toBeNull();
	});

	it('includes both ends of a window', () => {
		expect(suggestKeyDate('2025-01-01', windows)).toBe('three_to_countryside');
		expect(suggestKeyDate('2025-02-28', windows)).toBe('three_to_countryside');
		expect(suggestKeyDate('2025-03-01', windows)).toBe('lei_feng');
		expect(suggestKeyDate('2025-03-10', windows)).toBe('lei_feng');
		expect(suggestKeyDate('2025-03-11', windows)).toBeNull();
		expect(suggestKeyDate('2025-05-14', windows)).toBeNull();
		expect(suggestKeyDate('2025-05-24', windows)).toBe('sci_week');
		expect(suggestKeyDate('2025-05-25', windows)).toBe('sci_workers_day');
		expect(suggestKeyDate('2025-12-11', windows)).toBeNull();
	});

	it('uses only the windows given (another year has none)', () => {
		expect(suggestKeyDate('2026-03-05', windows)).toBeNull();
		expect(suggestKeyDate('2024-02-29', defaultKeyDateWindows(2024))).toBe('three_to_countryside');
		expect(suggestKeyDate('2025-03-05', [])).toBeNull();
	});

	it('prefers the narrowest of overlapping windows; the first listed on a tie', () => {
		const custom = [
			{ key: 'three_to_countryside', name: '三下乡', startDate: '2025-01-01', endDate: '2025-03-31' },
			{ key: 'lei_feng', name: '学雷锋纪念日', startDate: '2025-03-05', endDate: '2025-03-05' },
			{ key: 'sci_week', name: '科技活动周', startDate: '2025-03-20', endDate: '2025-03-29' },
			{ key: 'sci_workers_day', name: '全国科技工作者日', startDate: '2025-03-25', endDate: '2025-04-03' }
		];
		expect(suggestKeyDate('2025-03-05', custom)).toBe('lei_feng');
		expect(suggestKeyDate('2025-03-06', custom)).toBe('three_to_countryside');
		expect(suggestKeyDate('2025-03-26', custom)).toBe('sci_week'); // both 10 days: first listed
		expect(suggestKeyDate('2025-04-01', custom)).toBe('sci_workers_day');
	});

	it('has no suggestion for a date that is not (yet) valid', () => {
		expect(suggestKeyDate('', windows)).toBeNull();
		expect(suggestKeyDate('0002-03-05', windows)).toBeNull();
		expect(suggestKeyDate('2025-02-30', windows)).toBeNull();
	});

	it('rejects a malformed window', () => {
		expect(() => suggestKeyDate('2025-03-05', [{ key: 'x', name: 'x', startDate: '2025-3-1', endDate: '2025-03-10' }])).toThrow(/not a valid date/);
	});
});

describe('keyDateName', () => {
	it('names a key from the windows or the defaults', () => {
		expect(keyDateName('sci_popularization_day')).toBe('全国科普日');
		expect(keyDateName('lei_feng', [{ key: 'lei_feng', name: '学雷锋日' }])).toBe('学雷锋日');
		expect(keyDateName('unknown')).toBeNull();
		expect(keyDateName(null)).toBeNull();
	});
});
