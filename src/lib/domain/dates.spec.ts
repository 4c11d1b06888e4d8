import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isValidDate, sameDateYearsLater } from './dates';

describe('dates', () => {
	it('accepts only real calendar dates in strict form', () => {
		expect(isValidDate('2024-02-29')).toBe(true);
		expect(isValidDate('2023-02-29')).toBe(false);
		expect(isValidDate('2024-02-30')).toBe(false);
		expect(isValidDate('2024-13-01')).toBe(false);
		expect(isValidDate('2024-1-01')).toBe(false);
		expect(isValidDate('0000-01-01')).toBe(false);
		expect(isValidDate('9999-12-31')).toBe(false);
		expect(isValidDate('2025-09-01T00:00:00+08:00')).toBe(false);
		expect(isValidDate(45000)).toBe(false);
		expect(isValidDate('2100-12-31')).toBe(true);
	});

	it('adds and subtracts days across month, year and leap boundaries', () => {
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
		expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
		expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
		expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
		expect(daysBetween('2025-03-01', '2025-09-01')).toBe(184);
		expect(daysBetween('2025-09-01', '2025-03-01')).toBe(-184);
	});

	it('moves a 29 February to 1 March in a common year', () => {
		expect(sameDateYearsLater('2024-02-29', 1)).toBe('2025-03-01');
		expect(sameDateYearsLater('2024-02-29', 4)).toBe('2028-02-29');
		expect(sameDateYearsLater('2025-06-15', 1)).toBe('2026-06-15');
	});
});
