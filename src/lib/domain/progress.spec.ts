import { describe, expect, it } from 'vitest';
import { cycleOf, evaluateProgress, type Dimension, type Targets } from './progress';

const CITY: Targets = { teams: 10, membersPerTeam: 50, projects: 5, activities: 20, stations: 10, mechanisms: 8 };
const COUNTY: Targets = { teams: 2, membersPerTeam: 20, projects: 2, activities: 10, stations: 2, mechanisms: 8 };
const START = '2025-03-01';
const actual = (teams: number, projects: number, activities: number, stations: number, mechanisms: number): Record<Dimension, number> => ({
	teams,
	projects,
	activities,
	stations,
	mechanisms
});
const MET = actual(10, 5, 20, 10, 8);

describe('cycleOf', () => {
	it('ends the day before the same date one year later', () => {
		expect(cycleOf('2025-03-01')).toEqual({ startDate: '2025-03-01', endDate: '2026-02-28', cycleDays: 365 });
	});
	it('ends a 29 February start on 28 February', () => {
		expect(cycleOf('2024-02-29')).toEqual({ startDate: '2024-02-29', endDate: '2025-02-28', cycleDays: 366 });
	});
	it('counts 366 days for a cycle across a leap day', () => {
		expect(cycleOf('2027-06-01')).toEqual({ startDate: '2027-06-01', endDate: '2028-05-31', cycleDays: 366 });
		expect(cycleOf('2023-03-01')).toEqual({ startDate: '2023-03-01', endDate: '2024-02-29', cycleDays: 366 });
		expect(cycleOf('2028-03-01').cycleDays).toBe(365);
	});
	it('rejects dates that do not exist', () => {
		expect(() => cycleOf('2025-02-29')).toThrow(/not a valid date/);
	});
});

describe('evaluateProgress — DOMAIN.md worked examples', () => {
	it('2025-09-01, 6/3/9/4/4: at_risk on activities, stations, mechanisms by projection', () => {
		const r = evaluateProgress({ startDate: START, targets: CITY, actual: actual(6, 3, 9, 4, 4) }, '2025-09-01');
		expect(r.elapsedDays).toBe(184);
		expect(r.cycleDays).toBe(365);
		expect(r.expected).toBeCloseTo(184 / 365, 10);
		expect(r.ratios).toEqual({ teams: 0.6, projects: 0.6, activities: 0.45, stations: 0.4, mechanisms: 0.5 });
		expect(r.overall).toBeCloseTo(0.51, 10);
		expect(r.status).toBe('at_risk');
		expect(r.behind).toEqual(['activities', 'stations', 'mechanisms']);
		expect(r.reasons).toHaveLength(3);
		expect(r.reasons[0]).toBe('活动 9/20，按当前进度期末约 17.8，低于目标 20');
		expect(r.reasons[1]).toContain('站点 4/10');
		expect(r.reasons[2]).toContain('制度机制 4/8');
	});

	it('2025-09-01, 2/1/3/1/2: lagging', () => {
		const r = evaluateProgress({ startDate: START, targets: CITY, actual: actual(2, 1, 3, 1, 2) }, '2025-09-01');
		expect(r.overall).toBeCloseTo(0.18, 10);
		expect(r.status).toBe('lagging');
		expect(r.behind).toEqual(['teams', 'projects', 'activities', 'stations', 'mechanisms']);
		expect(r.reasons[0]).toBe('总体完成 18%，按进度应达 50%');
		expect(r.reasons).toContain('活动 3/20，按进度应达 10');
	});

	it('2026-03-05 with stations 9 and the rest met: overdue', () => {
		const r = evaluateProgress({ startDate: START, targets: CITY, actual: { ...MET, stations: 9 } }, '2026-03-05');
		expect(r.status).toBe('overdue');
		expect(r.behind).toEqual(['stations']);
		expect(r.reasons).toEqual(['试点周期已于 2026-02-28 结束', '站点 9/10，未完成']);
		expect(r.monthlyNeed).toEqual({});
		expect(r.expected).toBe(1);
	});
});

describe('evaluateProgress — edges', () => {
	it('on the start day nothing is expected yet', () => {
		const r = evaluateProgress({ startDate: START, targets: CITY, actual: actual(0, 0, 0, 0, 0) }, START);
		expect(r.elapsedDays).toBe(0);
		expect(r.expected).toBe(0);
		expect(r.status).toBe('on_track');
		expect(r.behind).toEqual([]);
		// the whole cycle remains: ceil(365 / 30) = 13 months
		expect(r.monthlyNeed).toEqual({ teams: 1, projects: 1, activities: 2, stations: 1, mechanisms: 1 });
	});

	it('before the start: elapsed is negative, expected 0, the whole cycle remains', () => {
		const r = evaluateProgress({ startDate: START, targets: CITY, actual: actual(0, 0, 0, 0, 0) }, '2025-02-20');
		expect(r.elapsedDays).toBe(-9);
		expect(r.expected).toBe(0);
		expect(r.status).toBe('on_track');
		expect(r.monthlyNeed.activities).toBe(2);
	});

	it('on the last day the cycle still runs: lagging, not overdue', () => {
		const r = evaluateProgress({ startDate: START, targets: CITY, actual: { ...MET, stations: 5 } }, '2026-02-28');
		expect(r.elapsedDays).toBe(364);
		expect(r.expected).toBeCloseTo(364 / 365, 10);
		expect(r.status).toBe('lagging');
		expect(r.behind).toEqual(['stations']);
		expect(r.monthlyNeed).toEqual({ stations: 5 }); // one day left → one month
	});

	it('the day after the end: overdue when unmet, complete when met', () => {
		const unmet = evaluateProgress({ startDate: START, targets: CITY, actual: { ...MET, mechanisms: 7 } }, '2026-03-01');
		expect(unmet.status).toBe('overdue');
		expect(unmet.behind).toEqual(['mechanisms']);
		const met = evaluateProgress({ startDate: START, targets: CITY, actual: { ...MET, activities: 25 } }, '2026-03-01');
		expect(met.status).toBe('complete');
		expect(met.behind).toEqual([]);
		expect(met.reasons).toEqual(['各项任务均已完成']);
	});

	it('complete wins even mid-cycle', () => {
		const r = evaluateProgress({ startDate: START, targets: CITY, actual: MET }, '2025-04-01');
		expect(r.status).toBe('complete');
		expect(r.overall).toBe(1);
		expect(r.monthlyNeed).toEqual({});
	});

	it('a target of 0 counts as met', () => {
		const targets = { ...COUNTY, stations: 0 };
		const r = evaluateProgress({ startDate: START, targets, actual: actual(2, 2, 10, 0, 8) }, '2025-09-01');
		expect(r.ratios.stations).toBe(1);
		expect(r.status).toBe('complete');
	});

	it('overshooting a target caps the ratio at 1', () => {
		const r = evaluateProgress({ startDate: START, targets: COUNTY, actual: actual(5, 1, 3, 0, 0) }, '2025-04-15');
		expect(r.ratios.teams).toBe(1);
	});

	it('projection is not used in the first twelfth of the cycle', () => {
		// day 30 of 365 (< 1/12): 0 activities would project 0 but the status stays on_track
		const early = evaluateProgress({ startDate: START, targets: COUNTY, actual: actual(0, 0, 0, 0, 0) }, '2025-03-31');
		expect(early.elapsedDays).toBe(30);
		expect(early.status).toBe('on_track');
		// day 31 (≥ 365/12 = 30.4): the projection applies
		const later = evaluateProgress({ startDate: START, targets: COUNTY, actual: actual(0, 0, 0, 0, 0) }, '2025-04-01');
		expect(later.status).toBe('at_risk');
		expect(later.behind).toEqual(['teams', 'projects', 'activities', 'stations', 'mechanisms']);
	});

	it('a dimension more than 0.30 behind lags even when the overall is fine', () => {
		// expected ≈ 0.504; stations 1/10 → 0.404 behind, overall (1+1+1+0.1+1)/5 = 0.82
		const r = evaluateProgress({ startDate: START, targets: CITY, actual: { ...MET, stations: 1 } }, '2025-09-01');
		expect(r.status).toBe('lagging');
		expect(r.behind).toEqual(['stations']);
		expect(r.reasons).toEqual(['站点 1/10，按进度应达 5']);
	});

	it('monthly need uses the remaining days including today', () => {
		// 2025-09-01: 365 − 184 = 181 days → ceil(181/30) = 7 months
		const r = evaluateProgress({ startDate: START, targets: CITY, actual: actual(6, 3, 9, 4, 4) }, '2025-09-01');
		expect(r.monthlyNeed).toEqual({ teams: 1, projects: 1, activities: 2, stations: 1, mechanisms: 1 });
	});
});

describe('evaluateProgress — settings', () => {
	const input = { startDate: START, targets: CITY, actual: actual(6, 3, 9, 4, 4) };

	it('stricter risk threshold turns on_track-by-gap dimensions into reasons', () => {
		const r = evaluateProgress(input, '2025-09-01', { riskDimension: 0.05 });
		expect(r.status).toBe('at_risk');
		// activities gap 0.054 and stations gap 0.104 exceed 0.05; mechanisms by projection
		expect(r.behind).toEqual(['activities', 'stations', 'mechanisms']);
	});

	it('a lower overall threshold makes the same pilot lagging', () => {
		const r = evaluateProgress({ ...input, actual: actual(5, 2, 8, 4, 4) }, '2025-09-01', { lagOverall: 0.05 });
		// overall (0.5+0.4+0.4+0.4+0.5)/5 = 0.44; expected 0.504 → gap 0.064 > 0.05
		expect(r.status).toBe('lagging');
	});

	it('a looser dimension threshold keeps it at_risk instead of lagging', () => {
		const r = evaluateProgress({ ...input, actual: { ...MET, stations: 1 } }, '2025-09-01', { lagDimension: 0.5 });
		expect(r.status).toBe('at_risk');
		expect(r.behind).toEqual(['stations']);
	});

	it('weights change the overall mean', () => {
		const weights = { teams: 1, projects: 1, activities: 2, stations: 0, mechanisms: 0 };
		const r = evaluateProgress(input, '2025-09-01', { weights });
		expect(r.overall).toBeCloseTo((0.6 + 0.6 + 2 * 0.45) / 4, 10);
	});

	it('weights drive the overall-lag rule', () => {
		// overall with equal weights 0.66 (on pace); weighting stations heavily drags it to 0.255
		const a = actual(10, 5, 20, 1, 8);
		const equal = evaluateProgress({ startDate: START, targets: CITY, actual: a }, '2025-09-01', { lagDimension: 0.9 });
		expect(equal.status).toBe('at_risk');
		const heavy = evaluateProgress({ startDate: START, targets: CITY, actual: a }, '2025-09-01', {
			lagDimension: 0.9,
			weights: { teams: 0, projects: 0, activities: 1, stations: 5, mechanisms: 0 }
		});
		expect(heavy.overall).toBeCloseTo((1 + 5 * 0.1) / 6, 10);
		expect(heavy.status).toBe('lagging');
	});

	it('partial weights keep the defaults for the rest; all-zero weights fall back to equal', () => {
		const partial = evaluateProgress(input, '2025-09-01', { weights: { activities: 3 } as never });
		expect(partial.overall).toBeCloseTo((0.6 + 0.6 + 3 * 0.45 + 0.4 + 0.5) / 7, 10);
		const zero = evaluateProgress(input, '2025-09-01', { weights: { teams: 0, projects: 0, activities: 0, stations: 0, mechanisms: 0 } });
		expect(zero.overall).toBeCloseTo(0.51, 10);
	});

	it('floating-point noise does not cross a threshold', () => {
		// 2025-03-01 + 146 days: expected = 146/365 = 0.4; ratio 0.25 → gap exactly 0.15, not more
		const r = evaluateProgress({ startDate: START, targets: { ...CITY, teams: 4 }, actual: actual(1, 5, 20, 10, 8) }, '2025-07-25');
		expect(r.expected).toBeCloseTo(0.4, 12);
		// projection 1/0.4 = 2.5 < 4 still flags teams, but not by the gap rule
		expect(r.reasons[0]).toBe('服务队 1/4，按当前进度期末约 2.5，低于目标 4');
	});
});
