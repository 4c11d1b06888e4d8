import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, addYearsClamped, assertDate, compareDates, daysBetween, daysInMonth, digitsAt, isLeapYear, isValidDate, oneYearFrom, sameDateYearsLater, toUtcMs, afterTodayProblem, beforeTodayProblem } from './dates';

describe('isValidDate', () => {
	it('accepts real calendar dates, leap days only in leap years', () => {
		expect(isValidDate('2024-02-29')).toBe(true);
		expect(isValidDate('2000-02-29')).toBe(true); // divisible by 400
		expect(isValidDate('2025-12-31')).toBe(true);
		expect(isValidDate('2025-04-30')).toBe(true);
	});

	it('rejects dates that do not exist', () => {
		expect(isValidDate('2023-02-29')).toBe(false);
		expect(isValidDate('2100-02-29')).toBe(false); // divisible by 100, not 400
		expect(isValidDate('2024-02-30')).toBe(false);
		expect(isValidDate('2025-04-31')).toBe(false);
		expect(isValidDate('2024-13-01')).toBe(false);
		expect(isValidDate('2024-00-10')).toBe(false);
		expect(isValidDate('2024-01-00')).toBe(false);
	});

	it('accepts only the strict YYYY-MM-DD form', () => {
		expect(isValidDate('2024-1-01')).toBe(false);
		expect(isValidDate('2024-01-1')).toBe(false);
		expect(isValidDate('2024/01/01')).toBe(false);
		expect(isValidDate(' 2024-01-01')).toBe(false);
		expect(isValidDate('2024-01-01 ')).toBe(false);
		expect(isValidDate('2025-09-01T00:00:00+08:00')).toBe(false);
		expect(isValidDate('')).toBe(false);
		expect(isValidDate(45000)).toBe(false);
		expect(isValidDate(null)).toBe(false);
		expect(isValidDate(undefined)).toBe(false);
	});

	it('accepts years 1900 to 2100 only', () => {
		expect(isValidDate('1899-12-31')).toBe(false);
		expect(isValidDate('1900-01-01')).toBe(true);
		expect(isValidDate('2100-12-31')).toBe(true);
		expect(isValidDate('2101-01-01')).toBe(false);
		expect(isValidDate('0000-01-01')).toBe(false);
		expect(isValidDate('9999-12-31')).toBe(false);
	});

	it('refuses digits that are not ASCII and a trailing line break', () => {
		expect(isValidDate('２０２４-01-01')).toBe(false);
		expect(isValidDate('2024-0١-01')).toBe(false);
		expect(isValidDate('2024-01-01\n')).toBe(false);
		expect(isValidDate('2024-01-0a')).toBe(false);
		expect(isValidDate('2024+01-01')).toBe(false);
	});

	it('agrees with the calendar on any string (read by characters, checked against a regular expression and Date)', () => {
		const reference = (v: string) => {
			const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
			if (!m) return false;
			const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
			if (y < 1900 || y > 2100) return false;
			const date = new Date(Date.UTC(y, mo - 1, d));
			return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
		};
		const nearDates = fc
			.tuple(fc.integer({ min: 1850, max: 2150 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
			.map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
		fc.assert(fc.property(fc.oneof(nearDates, fc.string({ maxLength: 12 }), fc.stringMatching(/^[0-9٠-٩０-９-]{10}$/)), (v) => {
			expect(isValidDate(v)).toBe(reference(v));
		}), { numRuns: 3000 });
		fc.assert(fc.property(nearDates.filter(reference), (v) => {
			expect(toUtcMs(v)).toBe(Date.parse(`${v}T00:00:00Z`));
		}), { numRuns: 500 });
	});

	it('digitsAt reads ASCII digits only', () => {
		expect(digitsAt('x2025y', 1, 5)).toBe(2025);
		expect(digitsAt('2025', 0, 4)).toBe(2025);
		expect(digitsAt('20 5', 0, 4)).toBe(-1);
		expect(digitsAt('２０', 0, 2)).toBe(-1);
	});

	it('assertDate throws an error naming the argument', () => {
		expect(() => assertDate('2023-02-29', 'today')).toThrow('today is not a valid date (YYYY-MM-DD, 1900–2100): "2023-02-29"');
		expect(() => assertDate('2024-02-29')).not.toThrow();
	});
});

describe('calendar helpers', () => {
	it('knows leap years and month lengths', () => {
		expect([1900, 2000, 2023, 2024, 2100].map(isLeapYear)).toEqual([false, true, false, true, false]);
		expect(daysInMonth(2024, 2)).toBe(29);
		expect(daysInMonth(2025, 2)).toBe(28);
		expect(daysInMonth(2025, 4)).toBe(30);
		expect(daysInMonth(2025, 12)).toBe(31);
	});

	it('compares dates', () => {
		expect(compareDates('2025-03-01', '2025-09-01')).toBe(-1);
		expect(compareDates('2025-09-01', '2025-09-01')).toBe(0);
		expect(compareDates('2026-01-01', '2025-12-31')).toBe(1);
	});
});

describe('addDays', () => {
	it('crosses month, year and leap boundaries', () => {
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
		expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
		expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
		expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
		expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
		expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
		expect(addDays('2025-03-01', 184)).toBe('2025-09-01');
		expect(addDays('2025-03-01', 364)).toBe('2026-02-28');
		expect(addDays('2025-09-01', 0)).toBe('2025-09-01');
	});

	it('rejects invalid dates and fractional days', () => {
		expect(() => addDays('2025-02-29', 1)).toThrow(/not a valid date/);
		expect(() => addDays('2025-03-01', 1.5)).toThrow(/days must be a whole number/);
	});
});

describe('daysBetween', () => {
	it('is b − a in days, negative when b is earlier', () => {
		expect(daysBetween('2025-03-01', '2025-09-01')).toBe(184);
		expect(daysBetween('2025-09-01', '2025-03-01')).toBe(-184);
		expect(daysBetween('2025-03-01', '2025-03-01')).toBe(0);
		expect(daysBetween('2025-03-01', '2025-01-31')).toBe(-29);
	});

	it('counts the leap day', () => {
		expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
		expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
		expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
		expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1);
	});

	it('rejects invalid dates', () => {
		expect(() => daysBetween('2025-03-01', 'tomorrow')).toThrow(/not a valid date/);
	});
});

describe('years', () => {
	it('moves a 29 February to 1 March in a common year', () => {
		expect(sameDateYearsLater('2024-02-29', 1)).toBe('2025-03-01');
		expect(sameDateYearsLater('2024-02-29', 4)).toBe('2028-02-29');
		expect(sameDateYearsLater('2025-06-15', 1)).toBe('2026-06-15');
		expect(sameDateYearsLater('2025-06-15', -1)).toBe('2024-06-15');
	});

	it('oneYearFrom ends the day before the same date a year later', () => {
		expect(oneYearFrom('2025-03-01')).toEqual({ endDate: '2026-02-28', days: 365 });
		expect(oneYearFrom('2024-02-29')).toEqual({ endDate: '2025-02-28', days: 366 });
		expect(oneYearFrom('2023-03-01')).toEqual({ endDate: '2024-02-29', days: 366 });
		expect(oneYearFrom('2027-06-01')).toEqual({ endDate: '2028-05-31', days: 366 });
		expect(oneYearFrom('2024-03-01')).toEqual({ endDate: '2025-02-28', days: 365 });
		expect(() => oneYearFrom('2025-02-29')).toThrow(/start date is not a valid date/);
	});

	it('addYearsClamped keeps the date or falls back to the month end', () => {
		expect(addYearsClamped('2024-02-29', 1)).toBe('2025-02-28');
		expect(addYearsClamped('2024-02-29', 4)).toBe('2028-02-29');
		expect(addYearsClamped('2024-02-29', 0)).toBe('2024-02-29');
		expect(addYearsClamped('2025-03-01', 1)).toBe('2026-03-01');
		expect(addYearsClamped('2025-12-31', 2)).toBe('2027-12-31');
		expect(addYearsClamped('2025-06-15', -1)).toBe('2024-06-15');
		expect(addYearsClamped('2100-02-28', 1)).toBe('2101-02-28');
		expect(() => addYearsClamped('2025-02-29', 1)).toThrow(/not a valid date/);
		expect(() => addYearsClamped('2025-03-01', 0.5)).toThrow(/years must be a whole number/);
	});
});

describe('afterTodayProblem', () => {
	it('names a date after today with the field, and takes today and before', () => {
		expect(afterTodayProblem('成立日期', '2026-12-04', '2026-12-03')).toBe('成立日期不能晚于今天（2026-12-03）');
		expect(afterTodayProblem('成立日期', '2026-12-03', '2026-12-03')).toBeNull();
		expect(afterTodayProblem('完成日期', '2025-01-01', '2026-12-03')).toBeNull();
	});
});

describe('beforeTodayProblem', () => {
	it('refuses a deadline already past and allows today and later', () => {
		expect(beforeTodayProblem('办理期限', '2026-12-02', '2026-12-03')).toBe('办理期限不能早于今天（2026-12-03）');
		expect(beforeTodayProblem('办理期限', '2026-12-03', '2026-12-03')).toBeNull();
		expect(beforeTodayProblem('办理期限', '2027-01-01', '2026-12-03')).toBeNull();
	});
});
