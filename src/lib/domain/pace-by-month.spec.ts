import { describe, expect, it } from 'vitest';
import { daysInCycle, monthRange, monthsOfCycles, paceNeededByMonth } from './pace-by-month';

// 2026-03-20 → 2027-03-19: 365 days
const cycle = { startDate: '2026-03-20', endDate: '2027-03-19' };

describe('daysInCycle', () => {
	it('counts the partial first and last months and whole ones between', () => {
		expect(daysInCycle('2026-03', cycle)).toBe(12); // 20–31 March
		expect(daysInCycle('2026-04', cycle)).toBe(30);
		expect(daysInCycle('2027-03', cycle)).toBe(19); // 1–19 March
	});
	it('is 0 outside the cycle', () => {
		expect(daysInCycle('2026-02', cycle)).toBe(0);
		expect(daysInCycle('2027-04', cycle)).toBe(0);
	});
});

describe('months', () => {
	it('spans the year end', () => {
		expect(monthRange('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
	});
	it('covers every cycle given', () => {
		const months = monthsOfCycles([cycle, { startDate: '2025-12-01', endDate: '2026-11-30' }]);
		expect(months[0]).toBe('2025-12');
		expect(months.at(-1)).toBe('2027-03');
		expect(months).toHaveLength(16);
		expect(monthsOfCycles([])).toEqual([]);
	});
});

describe('paceNeededByMonth', () => {
	it('spreads a target over the cycle by days', () => {
		const [mar, apr] = paceNeededByMonth([{ cycle, target: 365 }], ['2026-03', '2026-04']);
		expect(mar).toBeCloseTo(12);
		expect(apr).toBeCloseTo(30);
	});
	it('adds up to the whole target over the cycle', () => {
		const months = monthsOfCycles([cycle]);
		const total = paceNeededByMonth([{ cycle, target: 20 }], months).reduce((a, b) => a + b, 0);
		expect(total).toBeCloseTo(20);
	});
	it('sums pilots whose cycles overlap the month', () => {
		const other = { startDate: '2026-04-01', endDate: '2027-03-31' }; // 365 days
		const [apr] = paceNeededByMonth([{ cycle, target: 365 }, { cycle: other, target: 730 }], ['2026-04']);
		expect(apr).toBeCloseTo(30 + 60);
	});
	it('needs nothing from a target of 0 or outside every cycle', () => {
		expect(paceNeededByMonth([{ cycle, target: 0 }], ['2026-05'])).toEqual([0]);
		expect(paceNeededByMonth([{ cycle, target: 10 }], ['2030-01'])).toEqual([0]);
	});
	it('counts the month under way only through the given day', () => {
		// cycle 2026-03-20 … 2027-03-19, 365 days, one activity a day
		expect(paceNeededByMonth([{ cycle, target: 365 }], ['2026-03', '2026-04', '2026-05'], '2026-04-03')).toEqual([
			expect.closeTo(12),
			expect.closeTo(3),
			0
		]);
		// a day before the cycle starts needs nothing; one after it ends changes nothing
		expect(paceNeededByMonth([{ cycle, target: 365 }], ['2026-03'], '2026-03-19')).toEqual([0]);
		expect(paceNeededByMonth([{ cycle, target: 365 }], ['2027-03'], '2027-06-01')).toEqual([expect.closeTo(19)]);
		expect(paceNeededByMonth([{ cycle, target: 365 }], ['2026-03'], '2026-03-20')).toEqual([expect.closeTo(1)]);
	});
	it('refuses a negative or missing target', () => {
		expect(() => paceNeededByMonth([{ cycle, target: -1 }], ['2026-05'])).toThrow(/non-negative/);
		expect(() => paceNeededByMonth([{ cycle, target: Number.NaN }], ['2026-05'])).toThrow(/non-negative/);
	});
});
