import { describe, expect, it } from 'vitest';
import { defaultHoursEach, formatHours, MAX_HOURS_PER_ACTIVITY, parseHours, sumHours, totalsOf, typicalHours, withinPeriod } from './service-hours';
import { starLevel } from './roster';

describe('parseHours', () => {
	it.each([
		['3', 3],
		['2.5', 2.5],
		[' 4 ', 4],
		['０.５', 0.5],
		['0', 0],
		['168', 168],
		['007', 7]
	])('reads %j as %d', (text, hours) => expect(parseHours(text)).toBe(hours));

	it.each(['', ' ', '-1', '1.25', '1,5', '1e2', 'abc', '3小时', '168.1', '1000', '.5', '5.', null, undefined])('refuses %j', (text) => {
		expect(parseHours(text as string)).toBeNull();
	});
});

describe('sumHours', () => {
	it('is exact to the tenth where floating point is not', () => {
		expect(0.1 + 0.2).not.toBe(0.3);
		expect(sumHours([0.1, 0.2])).toBe(0.3);
		expect(sumHours(Array(10).fill(0.1))).toBe(1);
	});
	it('sums nothing to 0 and keeps whole hours whole', () => {
		expect(sumHours([])).toBe(0);
		expect(sumHours([3, 4, 2.5])).toBe(9.5);
	});
	it('throws on negative, NaN or infinite hours', () => {
		expect(() => sumHours([1, -1])).toThrow();
		expect(() => sumHours([Number.NaN])).toThrow();
		expect(() => sumHours([Number.POSITIVE_INFINITY])).toThrow();
	});
	it('reaches the star thresholds exactly', () => {
		// 33 activities of 3 h and one of 1 h: 100 h, not 99.99999
		const hours = sumHours([...Array(33).fill(3), 1]);
		expect(hours).toBe(100);
		expect(starLevel(hours)).toBe(1);
		expect(starLevel(sumHours([...Array(33).fill(3), 0.9]))).toBe(0);
	});
});

describe('defaultHoursEach', () => {
	it('shares the activity hours among its volunteers', () => {
		expect(defaultHoursEach(60, 20)).toBe(3);
		expect(defaultHoursEach(10, 4)).toBe(2.5);
		expect(defaultHoursEach(10, 3)).toBe(3.3);
		expect(defaultHoursEach(20, 3)).toBe(6.7);
	});
	it('takes the hours as they are when no volunteers are named', () => {
		expect(defaultHoursEach(4, 0)).toBe(4);
		expect(defaultHoursEach(0, 0)).toBe(0);
		expect(defaultHoursEach(0, 12)).toBe(0);
	});
	it('never exceeds the per-activity maximum', () => {
		expect(defaultHoursEach(5000, 1)).toBe(MAX_HOURS_PER_ACTIVITY);
		expect(defaultHoursEach(5000, 0)).toBe(MAX_HOURS_PER_ACTIVITY);
	});
});

describe('withinPeriod and totalsOf', () => {
	const rows = [
		{ date: '2026-01-05', hours: 3 },
		{ date: '2026-03-31', hours: 2.5 },
		{ date: '2026-04-01', hours: 4 },
		{ date: '2026-12-31', hours: 1.5 }
	];
	it('keeps both ends of the period', () => {
		expect(withinPeriod(rows, '2026-03-31', '2026-04-01').map((r) => r.hours)).toEqual([2.5, 4]);
	});
	it('leaves an open end open', () => {
		expect(withinPeriod(rows, null, '2026-03-31')).toHaveLength(2);
		expect(withinPeriod(rows, '2026-04-01', null)).toHaveLength(2);
		expect(withinPeriod(rows, null, null)).toHaveLength(4);
	});
	it('throws on a period that ends before it starts', () => {
		expect(() => withinPeriod(rows, '2026-05-01', '2026-04-30')).toThrow();
	});
	it('totals hours and activities', () => {
		expect(totalsOf(rows)).toEqual({ hours: 11, activities: 4 });
		expect(totalsOf([])).toEqual({ hours: 0, activities: 0 });
		expect(totalsOf(withinPeriod(rows, '2026-02-01', '2026-06-30'))).toEqual({ hours: 6.5, activities: 2 });
	});
});

describe('formatHours', () => {
	it.each([
		[12, '12'],
		[12.5, '12.5'],
		[0, '0'],
		[0.1 + 0.2, '0.3']
	])('%d → %s', (h, text) => expect(formatHours(h)).toBe(text));
});

describe('typicalHours', () => {
	it('is the hours most people got', () => {
		expect(typicalHours([10, 4, 4, 4, 3])).toBe(4);
		expect(typicalHours([2.5])).toBe(2.5);
	});
	it('takes the smaller on a tie and compares to the tenth', () => {
		expect(typicalHours([3, 4, 4, 3])).toBe(3);
		expect(typicalHours([0.1 + 0.2, 0.3, 1])).toBe(0.3);
	});
	it('is null for nobody', () => {
		expect(typicalHours([])).toBeNull();
	});
});
