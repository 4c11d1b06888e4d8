import { describe, expect, it } from 'vitest';
import {
	isValidMonth,
	lastDayOf,
	monthLabel,
	monthState,
	nextMonth,
	reportDueDate,
	reportableMonths,
	reportingCompleteness,
	sumCompleteness,
	monthsToWrite,
	owesReports,
	canSubmitReports
} from './reporting';

const cycle = { startDate: '2026-03-20', endDate: '2027-03-19' };

describe('months and due dates', () => {
	it('steps over the year end', () => {
		expect(nextMonth('2026-12')).toBe('2027-01');
		expect(nextMonth('2026-09')).toBe('2026-10');
		expect(nextMonth('2026-08')).toBe('2026-09');
		expect(nextMonth('2026-10')).toBe('2026-11');
		expect(nextMonth('2026-01')).toBe('2026-02');
	});
	it('walks every month of a decade in order', () => {
		let m = '2020-01';
		for (let i = 0; i < 120; i++) {
			const next = nextMonth(m);
			expect(isValidMonth(next)).toBe(true);
			expect(next > m).toBe(true);
			expect(lastDayOf(m) < `${next}-01`).toBe(true);
			m = next;
		}
		expect(m).toBe('2030-01');
	});
	it('knows the last day, leap years included', () => {
		expect(lastDayOf('2028-02')).toBe('2028-02-29');
		expect(lastDayOf('2026-02')).toBe('2026-02-28');
		expect(lastDayOf('2026-04')).toBe('2026-04-30');
	});
	it('is due on the fifth of the next month', () => {
		expect(reportDueDate('2026-03')).toBe('2026-04-05');
		expect(reportDueDate('2026-12')).toBe('2027-01-05');
	});
	it('labels in Chinese', () => {
		expect(monthLabel('2026-03')).toBe('2026年3月');
		expect(monthLabel('2026-11')).toBe('2026年11月');
	});
	it('rejects what is not a month', () => {
		expect(() => nextMonth('2026-13')).toThrow(/not a month/);
		expect(() => reportDueDate('2026-3')).toThrow(/not a month/);
		for (const bad of ['2026-00', '2026-13', '2026-1 ', '2026/03', '２０２６-03', '2026-03\n', '2026-03-01', 3]) expect(isValidMonth(bad)).toBe(false);
		for (const good of ['2026-01', '2026-12', '1999-10']) expect(isValidMonth(good)).toBe(true);
	});
});

describe('reportableMonths', () => {
	it('starts with the partial month of approval and lists only ended months', () => {
		expect(reportableMonths(cycle, '2026-03-31')).toEqual([]);
		expect(reportableMonths(cycle, '2026-04-01')).toEqual(['2026-03']);
		expect(reportableMonths(cycle, '2026-06-15')).toEqual(['2026-03', '2026-04', '2026-05']);
	});
	it('ends with the month the cycle ends in, however late today is', () => {
		const all = reportableMonths(cycle, '2030-01-01');
		expect(all).toHaveLength(13);
		expect(all[0]).toBe('2026-03');
		expect(all.at(-1)).toBe('2027-03');
	});
	it('lists nothing before the cycle starts', () => {
		expect(reportableMonths(cycle, '2026-01-10')).toEqual([]);
	});
});

describe('monthState', () => {
	it('judges by the first submission against the due day', () => {
		expect(monthState('2026-03', { month: '2026-03', firstSubmittedOn: '2026-04-05' }, '2026-06-01')).toBe('on_time');
		expect(monthState('2026-03', { month: '2026-03', firstSubmittedOn: '2026-04-06' }, '2026-06-01')).toBe('late');
	});
	it('is open until the due day has passed, missing after', () => {
		expect(monthState('2026-03', undefined, '2026-04-05')).toBe('open');
		expect(monthState('2026-03', undefined, '2026-04-06')).toBe('missing');
	});
});

describe('reportingCompleteness', () => {
	it('counts due, on time, late, missing and open', () => {
		// today 2026-07-03: March–June have ended; June's report is due on 5 July, so it is open.
		const c = reportingCompleteness(
			cycle,
			[
				{ month: '2026-03', firstSubmittedOn: '2026-04-02' },
				{ month: '2026-04', firstSubmittedOn: '2026-05-20' }
			],
			'2026-07-03'
		);
		expect(c).toMatchObject({ due: 3, onTime: 1, late: 1, missing: 1, open: 1 });
		expect(c.rate).toBeCloseTo(2 / 3);
		expect(c.onTimeRate).toBeCloseTo(1 / 3);
		expect(c.months.map((m) => m.state)).toEqual(['on_time', 'late', 'missing', 'open']);
	});
	it('counts a report sent early inside its window as due and on time', () => {
		const c = reportingCompleteness(cycle, [{ month: '2026-03', firstSubmittedOn: '2026-04-01' }], '2026-04-02');
		expect(c).toMatchObject({ due: 1, onTime: 1, open: 0, rate: 1 });
	});
	it('has no rate while nothing is due', () => {
		const c = reportingCompleteness(cycle, [], '2026-04-03');
		expect(c).toMatchObject({ due: 0, open: 1, rate: null, onTimeRate: null });
	});
	it('ignores reports for months outside the cycle', () => {
		const c = reportingCompleteness(cycle, [{ month: '2025-12', firstSubmittedOn: '2026-01-02' }], '2026-04-10');
		expect(c).toMatchObject({ due: 1, missing: 1, onTime: 0 });
	});
	it('sums pilots by their counts, not by averaging rates', () => {
		const a = reportingCompleteness(cycle, [{ month: '2026-03', firstSubmittedOn: '2026-04-01' }], '2026-04-10');
		const b = reportingCompleteness({ startDate: '2026-01-10', endDate: '2027-01-09' }, [], '2026-04-10');
		const total = sumCompleteness([a, b]);
		expect(total).toMatchObject({ due: 4, onTime: 1, missing: 3, late: 0 });
		expect(total.rate).toBeCloseTo(1 / 4);
	});
});

describe('who writes which month', () => {
	const cycle = { startDate: '2026-03-10', endDate: '2027-03-09' };
	it('owes reports while running and for the months an ended pilot ran, not before approval or once withdrawn', () => {
		expect(['applying', 'approved', 'closing', 'accepted', 'not_accepted', 'withdrawn'].filter((l) => owesReports(l as never))).toEqual(['approved', 'closing', 'accepted', 'not_accepted']);
		expect(['applying', 'approved', 'closing', 'accepted', 'not_accepted', 'withdrawn'].filter((l) => canSubmitReports(l as never))).toEqual(['approved', 'closing']);
	});
	it('lists the ended months not sent or returned, oldest first, with their due dates', () => {
		const months = monthsToWrite({ cycle, lifecycle: 'approved' }, [{ month: '2026-04', status: 'accepted' }, { month: '2026-05', status: 'returned' }], '2026-06-07');
		expect(months).toEqual([
			{ month: '2026-03', dueDate: '2026-04-05', returned: false, overdue: true },
			{ month: '2026-05', dueDate: '2026-06-05', returned: true, overdue: true }
		]);
		// June is written once it has ended; on its due day it is not yet overdue
		expect(monthsToWrite({ cycle, lifecycle: 'closing' }, [], '2026-07-05').at(-1)).toEqual({ month: '2026-06', dueDate: '2026-07-05', returned: false, overdue: false });
	});
	it('offers nothing to a pilot that may not submit, or has no cycle', () => {
		expect(monthsToWrite({ cycle, lifecycle: 'accepted' }, [], '2026-06-07')).toEqual([]);
		expect(monthsToWrite({ cycle: null, lifecycle: 'approved' }, [], '2026-06-07')).toEqual([]);
	});
});
