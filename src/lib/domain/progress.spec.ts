import { describe, expect, it } from 'vitest';
import { cycleOf, DEFAULT_PACE_SETTINGS, evaluateProgress, mergeSettings, ratioOf, type Dimension, type Targets } from './progress';

const CITY: Targets = { teams: 10, membersPerTeam: 50, projects: 5, activities: 20, stations: 10, mechanisms: 8 };
const COUNTY: Targets = { teams: 2, membersPerTeam: 20, projects: 2, activities: 10, stations: 2, mechanisms: 8 };
const START = '2025-03-01'; // cycle 2025-03-01 → 2026-02-28, 365 days
const actual = (teams: number, projects: number, activities: number, stations: number, mechanisms: number): Record<Dimension, number> => ({
	teams,
	projects,
	activities,
	stations,
	mechanisms
});
const ZERO = actual(0, 0, 0, 0, 0);
const CITY_MET = actual(10, 5, 20, 10, 8);
const city = (a: Record<Dimension, number>, today: string, settings?: Parameters<typeof evaluateProgress>[2]) =>
	evaluateProgress({ startDate: START, targets: CITY, actual: a }, today, settings);

describe('cycleOf', () => {
	it('ends the day before the same date one year later', () => {
		expect(cycleOf('2025-03-01')).toEqual({ startDate: '2025-03-01', endDate: '2026-02-28', cycleDays: 365 });
		expect(cycleOf('2025-01-31')).toEqual({ startDate: '2025-01-31', endDate: '2026-01-30', cycleDays: 365 });
		expect(cycleOf('2025-12-31')).toEqual({ startDate: '2025-12-31', endDate: '2026-12-30', cycleDays: 365 });
		expect(cycleOf('2025-01-01')).toEqual({ startDate: '2025-01-01', endDate: '2025-12-31', cycleDays: 365 });
	});

	it('ends a 29 February start on 28 February (the next 29 February does not exist)', () => {
		expect(cycleOf('2024-02-29')).toEqual({ startDate: '2024-02-29', endDate: '2025-02-28', cycleDays: 366 });
		expect(cycleOf('2028-02-29')).toEqual({ startDate: '2028-02-29', endDate: '2029-02-28', cycleDays: 366 });
	});

	it('counts 366 days for a cycle across a leap day, 365 otherwise', () => {
		expect(cycleOf('2027-06-01')).toEqual({ startDate: '2027-06-01', endDate: '2028-05-31', cycleDays: 366 });
		expect(cycleOf('2023-03-01')).toEqual({ startDate: '2023-03-01', endDate: '2024-02-29', cycleDays: 366 });
		expect(cycleOf('2024-01-01')).toEqual({ startDate: '2024-01-01', endDate: '2024-12-31', cycleDays: 366 });
		expect(cycleOf('2024-03-01')).toEqual({ startDate: '2024-03-01', endDate: '2025-02-28', cycleDays: 365 });
		expect(cycleOf('2028-03-01').cycleDays).toBe(365);
	});

	it('still computes an end past 2100 for a start in 2100 (2100 is not a leap year)', () => {
		expect(cycleOf('2100-06-01')).toEqual({ startDate: '2100-06-01', endDate: '2101-05-31', cycleDays: 365 });
	});

	it('rejects dates that do not exist or are malformed', () => {
		expect(() => cycleOf('2025-02-29')).toThrow(/not a valid date/);
		expect(() => cycleOf('2025-3-1')).toThrow(/not a valid date/);
		expect(() => cycleOf('')).toThrow(/not a valid date/);
	});
});

describe('evaluateProgress — DOMAIN.md worked examples (city, 2025-03-01)', () => {
	it('2025-09-01, 6/3/9/4/4: at_risk on activities, stations, mechanisms by projection', () => {
		const r = city(actual(6, 3, 9, 4, 4), '2025-09-01');
		expect(r.endDate).toBe('2026-02-28');
		expect(r.cycleDays).toBe(365);
		expect(r.elapsedDays).toBe(184);
		expect(r.expected).toBeCloseTo(0.504109589, 8); // 184 / 365
		expect(r.ratios).toEqual({ teams: 0.6, projects: 0.6, activities: 0.45, stations: 0.4, mechanisms: 0.5 });
		expect(r.overall).toBeCloseTo(0.51, 10);
		expect(r.status).toBe('at_risk');
		expect(r.behind).toEqual(['activities', 'stations', 'mechanisms']);
		// projections 9/0.5041 = 17.85, 4/0.5041 = 7.93, 4/0.5041 = 7.93, shown rounded down
		expect(r.reasons).toEqual([
			'活动 9/20，按当前进度期末约 17.8，低于目标 20',
			'站点 4/10，按当前进度期末约 7.9，低于目标 10',
			'制度机制 4/8，按当前进度期末约 7.9，低于目标 8'
		]);
		// 181 days remain → 7 months: ceil(4/7), ceil(2/7), ceil(11/7), ceil(6/7), ceil(4/7)
		expect(r.monthlyNeed).toEqual({ teams: 1, projects: 1, activities: 2, stations: 1, mechanisms: 1 });
	});

	it('2025-09-01, 2/1/3/1/2: lagging, every dimension named', () => {
		const r = city(actual(2, 1, 3, 1, 2), '2025-09-01');
		expect(r.ratios).toEqual({ teams: 0.2, projects: 0.2, activities: 0.15, stations: 0.1, mechanisms: 0.25 });
		expect(r.overall).toBeCloseTo(0.18, 10);
		expect(r.status).toBe('lagging');
		expect(r.behind).toEqual(['teams', 'projects', 'activities', 'stations', 'mechanisms']);
		// 应达 = round(0.5041 × target): 5.04 → 5, 2.52 → 3, 10.08 → 10, 5.04 → 5, 4.03 → 4
		expect(r.reasons).toEqual([
			'总体完成 18%，按进度应达 50%',
			'服务队 2/10，按进度应达 5',
			'项目 1/5，按进度应达 3',
			'活动 3/20，按进度应达 10',
			'站点 1/10，按进度应达 5',
			'制度机制 2/8，按进度应达 4'
		]);
	});

	it('2026-03-05 with stations 9 and the rest met: overdue', () => {
		const r = city({ ...CITY_MET, stations: 9 }, '2026-03-05');
		expect(r.elapsedDays).toBe(369);
		expect(r.expected).toBe(1);
		expect(r.overall).toBeCloseTo(0.98, 10);
		expect(r.status).toBe('overdue');
		expect(r.behind).toEqual(['stations']);
		expect(r.reasons).toEqual(['试点周期已于 2026-02-28 结束', '站点 9/10，未完成']);
		expect(r.monthlyNeed).toEqual({});
	});
});

describe('evaluateProgress — the calendar', () => {
	it('on the start day: elapsed 0, expected 0, on_track with nothing done', () => {
		const r = city(ZERO, START);
		expect(r.elapsedDays).toBe(0);
		expect(r.expected).toBe(0);
		expect(r.overall).toBe(0);
		expect(r.status).toBe('on_track');
		expect(r.behind).toEqual([]);
		expect(r.reasons).toEqual(['进度正常']);
		// 365 days remain → 13 months: ceil(10/13), ceil(5/13), ceil(20/13), ceil(10/13), ceil(8/13)
		expect(r.monthlyNeed).toEqual({ teams: 1, projects: 1, activities: 2, stations: 1, mechanisms: 1 });
	});

	it('before the start: elapsed is negative, expected 0, the whole cycle remains', () => {
		const r = city(ZERO, '2025-02-20');
		expect(r.elapsedDays).toBe(-9);
		expect(r.expected).toBe(0);
		expect(r.status).toBe('on_track');
		expect(r.monthlyNeed.activities).toBe(2);
	});

	it('before the start the remaining months are those of the whole cycle, not more', () => {
		// 2025-01-31 is 29 days early. Whole cycle: 365 days → 13 months → ceil(14/13) = 2.
		// (Counting the 29 days too would give 394 days → 14 months → 1.)
		const r = evaluateProgress({ startDate: START, targets: { ...CITY, activities: 14 }, actual: ZERO }, '2025-01-31');
		expect(r.elapsedDays).toBe(-29);
		expect(r.monthlyNeed.activities).toBe(2);
	});

	it('on the last day the cycle still runs: lagging, not overdue', () => {
		const r = city({ ...CITY_MET, stations: 5 }, '2026-02-28');
		expect(r.elapsedDays).toBe(364);
		expect(r.expected).toBeCloseTo(364 / 365, 12);
		expect(r.status).toBe('lagging');
		expect(r.behind).toEqual(['stations']);
		expect(r.reasons).toEqual(['站点 5/10，按进度应达 10']);
		expect(r.monthlyNeed).toEqual({ stations: 5 }); // one day left → one month
	});

	it('the day after the end: overdue when unmet, complete when met', () => {
		const unmet = city({ ...CITY_MET, mechanisms: 7 }, '2026-03-01');
		expect(unmet.elapsedDays).toBe(365);
		expect(unmet.expected).toBe(1);
		expect(unmet.status).toBe('overdue');
		expect(unmet.behind).toEqual(['mechanisms']);
		expect(unmet.reasons).toEqual(['试点周期已于 2026-02-28 结束', '制度机制 7/8，未完成']);
		expect(unmet.monthlyNeed).toEqual({});

		const met = city({ ...CITY_MET, activities: 25 }, '2026-03-01');
		expect(met.status).toBe('complete');
		expect(met.behind).toEqual([]);
		expect(met.reasons).toEqual(['各项任务均已完成']);
		expect(met.monthlyNeed).toEqual({});
	});

	it('overdue names every unmet dimension in order', () => {
		const r = city({ ...CITY_MET, teams: 9, activities: 12 }, '2026-06-30');
		expect(r.status).toBe('overdue');
		expect(r.behind).toEqual(['teams', 'activities']);
		expect(r.reasons).toEqual(['试点周期已于 2026-02-28 结束', '服务队 9/10，未完成', '活动 12/20，未完成']);
	});

	it('long after the end elapsed keeps counting while expected stays 1', () => {
		const r = city(CITY_MET, '2027-03-01');
		expect(r.elapsedDays).toBe(730);
		expect(r.expected).toBe(1);
		expect(r.status).toBe('complete');
	});

	it('a 29 February start runs to 28 February and is overdue on 1 March', () => {
		const input = { startDate: '2024-02-29', targets: COUNTY, actual: actual(2, 2, 10, 1, 8) };
		const last = evaluateProgress(input, '2025-02-28');
		expect(last.endDate).toBe('2025-02-28');
		expect(last.cycleDays).toBe(366);
		expect(last.elapsedDays).toBe(365);
		expect(last.expected).toBeCloseTo(365 / 366, 12);
		expect(last.status).toBe('lagging'); // stations 0.5 is 0.497 behind
		expect(last.monthlyNeed).toEqual({ stations: 1 });
		const after = evaluateProgress(input, '2025-03-01');
		expect(after.status).toBe('overdue');
		expect(after.reasons).toEqual(['试点周期已于 2025-02-28 结束', '站点 1/2，未完成']);
	});

	it('a cycle across a leap day paces over 366 days', () => {
		// 2027-06-01 → 2028-05-31; 2027-12-01 is 183 days in → expected exactly 0.5
		const input = (activities: number) => ({ startDate: '2027-06-01', targets: CITY, actual: { ...CITY_MET, activities } });
		const exact = evaluateProgress(input(10), '2027-12-01');
		expect(exact.endDate).toBe('2028-05-31');
		expect(exact.cycleDays).toBe(366);
		expect(exact.elapsedDays).toBe(183);
		expect(exact.expected).toBe(0.5);
		// projection 10/0.5 = 20 reaches the target exactly, so it is not short
		expect(exact.status).toBe('on_track');
		// 183 days remain → 7 months → ceil(10/7) = 2
		expect(exact.monthlyNeed).toEqual({ activities: 2 });

		const short = evaluateProgress(input(9), '2027-12-01');
		expect(short.status).toBe('at_risk');
		expect(short.behind).toEqual(['activities']);
		expect(short.reasons).toEqual(['活动 9/20，按当前进度期末约 18，低于目标 20']);
	});

	it('rejects invalid dates with a clear message', () => {
		expect(() => city(ZERO, '2025-9-1')).toThrow(/today is not a valid date/);
		expect(() => city(ZERO, '2025-02-29')).toThrow(/today is not a valid date/);
		expect(() => evaluateProgress({ startDate: '2025-13-01', targets: CITY, actual: ZERO }, '2025-09-01')).toThrow(/startDate is not a valid date/);
	});

	it('rejects counts that are not numbers', () => {
		expect(() => city({ ...ZERO, teams: Number.NaN }, '2025-09-01')).toThrow(/actual\.teams must be a finite number/);
		expect(() => city({ ...ZERO, stations: -1 }, '2025-09-01')).toThrow(/actual\.stations must not be negative/);
		expect(() => evaluateProgress({ startDate: START, targets: { ...CITY, projects: Infinity }, actual: ZERO }, '2025-09-01')).toThrow(
			/targets\.projects must be a finite number/
		);
	});
});

describe('evaluateProgress — ratios and targets', () => {
	it('complete wins even mid-cycle', () => {
		const r = city(CITY_MET, '2025-04-01');
		expect(r.status).toBe('complete');
		expect(r.overall).toBe(1);
		expect(r.reasons).toEqual(['各项任务均已完成']);
		expect(r.monthlyNeed).toEqual({});
	});

	it('a target of 0 counts as met', () => {
		const targets = { ...COUNTY, stations: 0 };
		const r = evaluateProgress({ startDate: START, targets, actual: actual(2, 2, 10, 0, 8) }, '2025-09-01');
		expect(r.ratios.stations).toBe(1);
		expect(r.status).toBe('complete');
	});

	it('a target of 0 is never behind or needed while others are', () => {
		const targets = { ...COUNTY, stations: 0 };
		const r = evaluateProgress({ startDate: START, targets, actual: ZERO }, '2025-09-01');
		expect(r.ratios).toEqual({ teams: 0, projects: 0, activities: 0, stations: 1, mechanisms: 0 });
		expect(r.overall).toBeCloseTo(0.2, 12);
		expect(r.status).toBe('lagging');
		expect(r.behind).toEqual(['teams', 'projects', 'activities', 'mechanisms']);
		// 7 months remain: ceil(2/7), ceil(2/7), ceil(10/7), ceil(8/7)
		expect(r.monthlyNeed).toEqual({ teams: 1, projects: 1, activities: 2, mechanisms: 2 });
	});

	it('a negative target also counts as met', () => {
		expect(ratioOf(0, -3)).toBe(1);
		expect(ratioOf(0, 0)).toBe(1);
		expect(ratioOf(3, 4)).toBe(0.75);
	});

	it('overshooting a target caps the ratio at 1', () => {
		const r = evaluateProgress({ startDate: START, targets: COUNTY, actual: actual(5, 1, 3, 0, 0) }, '2025-04-15');
		expect(r.ratios.teams).toBe(1);
		expect(r.ratios.projects).toBe(0.5);
	});
});

describe('evaluateProgress — pace rules', () => {
	it('the projection waits until a twelfth of the cycle has passed', () => {
		// day 30 of 365 (< 30.42): no projection, and the gap 30/365 = 0.08 is under 0.15
		const early = evaluateProgress({ startDate: START, targets: COUNTY, actual: ZERO }, '2025-03-31');
		expect(early.elapsedDays).toBe(30);
		expect(early.status).toBe('on_track');
		expect(early.reasons).toEqual(['进度正常']);
		// day 31: the projection of 0 falls short everywhere
		const later = evaluateProgress({ startDate: START, targets: COUNTY, actual: ZERO }, '2025-04-01');
		expect(later.elapsedDays).toBe(31);
		expect(later.status).toBe('at_risk');
		expect(later.behind).toEqual(['teams', 'projects', 'activities', 'stations', 'mechanisms']);
		expect(later.reasons[0]).toBe('服务队 0/2，按当前进度期末约 0，低于目标 2');
	});

	it('a dimension more than 0.30 behind lags even when the overall is fine', () => {
		// expected 0.504; stations 1/10 is 0.404 behind; overall (1+1+1+0.1+1)/5 = 0.82
		const r = city({ ...CITY_MET, stations: 1 }, '2025-09-01');
		expect(r.overall).toBeCloseTo(0.82, 12);
		expect(r.status).toBe('lagging');
		expect(r.behind).toEqual(['stations']);
		expect(r.reasons).toEqual(['站点 1/10，按进度应达 5']);
	});

	it('a dimension 0.15–0.30 behind is at_risk with a pace reason', () => {
		// stations 3/10: 0.204 behind; overall 0.86
		const r = city({ ...CITY_MET, stations: 3 }, '2025-09-01');
		expect(r.status).toBe('at_risk');
		expect(r.behind).toEqual(['stations']);
		expect(r.reasons).toEqual(['站点 3/10，按进度应达 5']);
	});

	it('on pace with a projection that meets every target is on_track', () => {
		// 2025-09-01: 6/3/11/6/5 project to 11.9, 5.95, 21.8, 11.9, 9.9
		const r = city(actual(6, 3, 11, 6, 5), '2025-09-01');
		expect(r.status).toBe('on_track');
		expect(r.behind).toEqual([]);
		expect(r.reasons).toEqual(['进度正常']);
		expect(r.monthlyNeed).toEqual({ teams: 1, projects: 1, activities: 2, stations: 1, mechanisms: 1 });
	});

	it('a met dimension is never at risk by projection', () => {
		const r = city({ ...actual(6, 3, 11, 6, 5), mechanisms: 8 }, '2025-09-01');
		expect(r.status).toBe('on_track');
		expect(r.monthlyNeed.mechanisms).toBeUndefined();
	});
});

describe('evaluateProgress — monthly need', () => {
	// 2026-01-29 is day 334: 31 days remain → 2 months; 2026-01-30 is day 335: 30 days → 1 month
	it('counts remaining days with today included, 30 days a month, rounding up', () => {
		const a = { ...CITY_MET, activities: 12 };
		const twoMonths = city(a, '2026-01-29');
		expect(twoMonths.elapsedDays).toBe(334);
		expect(twoMonths.monthlyNeed).toEqual({ activities: 4 }); // ceil(8/2)
		const oneMonth = city(a, '2026-01-30');
		expect(oneMonth.elapsedDays).toBe(335);
		expect(oneMonth.monthlyNeed).toEqual({ activities: 8 }); // ceil(8/1)
	});

	it('rounds the per-month figure up', () => {
		// 2025-09-01: 7 months remain; 20 − 6 = 14 → 2; 8 − 0 = 8 → ceil(8/7) = 2
		const r = city(actual(10, 5, 6, 10, 0), '2025-09-01');
		expect(r.monthlyNeed).toEqual({ activities: 2, mechanisms: 2 });
	});
});

describe('evaluateProgress — settings', () => {
	const example = actual(6, 3, 9, 4, 4);

	it('has the documented defaults', () => {
		expect(DEFAULT_PACE_SETTINGS).toEqual({
			lagOverall: 0.15,
			lagDimension: 0.3,
			riskDimension: 0.15,
			weights: { teams: 1, projects: 1, activities: 1, stations: 1, mechanisms: 1 }
		});
		expect(mergeSettings(undefined)).toEqual(DEFAULT_PACE_SETTINGS);
		expect(mergeSettings({ lagOverall: 0.2 }).lagDimension).toBe(0.3);
	});

	it('a stricter risk threshold names dimensions by their gap', () => {
		const r = city(example, '2025-09-01', { riskDimension: 0.05 });
		expect(r.status).toBe('at_risk');
		// activities 0.054 and stations 0.104 behind exceed 0.05; mechanisms (0.004) only by projection
		expect(r.behind).toEqual(['activities', 'stations', 'mechanisms']);
		expect(r.reasons).toEqual(['活动 9/20，按进度应达 10', '站点 4/10，按进度应达 5', '制度机制 4/8，按当前进度期末约 7.9，低于目标 8']);
	});

	it('a stricter risk threshold turns an early on_track into at_risk', () => {
		// 2025-03-21: day 20, expected 0.0548 — before the projection applies
		expect(evaluateProgress({ startDate: START, targets: COUNTY, actual: ZERO }, '2025-03-21').status).toBe('on_track');
		const strict = evaluateProgress({ startDate: START, targets: COUNTY, actual: ZERO }, '2025-03-21', { riskDimension: 0.05 });
		expect(strict.status).toBe('at_risk');
		expect(strict.behind).toEqual(['teams', 'projects', 'activities', 'stations', 'mechanisms']);
		expect(strict.reasons[2]).toBe('活动 0/10，按进度应达 1'); // round(0.548)
	});

	it('a lower overall threshold turns at_risk into lagging', () => {
		// 5/2/8/4/4: overall (0.5+0.4+0.4+0.4+0.5)/5 = 0.44, 0.064 behind 0.504
		const a = actual(5, 2, 8, 4, 4);
		expect(city(a, '2025-09-01').status).toBe('at_risk');
		const r = city(a, '2025-09-01', { lagOverall: 0.05 });
		expect(r.status).toBe('lagging');
		expect(r.behind).toEqual(['teams', 'projects', 'activities', 'stations', 'mechanisms']);
		expect(r.reasons[0]).toBe('总体完成 44%，按进度应达 50%');
	});

	it('a looser dimension threshold keeps it at_risk instead of lagging', () => {
		const r = city({ ...CITY_MET, stations: 1 }, '2025-09-01', { lagDimension: 0.5 });
		expect(r.status).toBe('at_risk');
		expect(r.behind).toEqual(['stations']);
		expect(r.reasons).toEqual(['站点 1/10，按进度应达 5']);
	});

	it('weights change the overall mean', () => {
		const r = city(example, '2025-09-01', { weights: { teams: 1, projects: 1, activities: 2, stations: 0, mechanisms: 0 } });
		expect(r.overall).toBeCloseTo((0.6 + 0.6 + 2 * 0.45) / 4, 12); // 0.525
	});

	it('weights drive the overall-lag rule but not the per-dimension rules', () => {
		// equal weights: overall 0.82, at_risk on stations only
		const a = { ...CITY_MET, stations: 1 };
		const equal = city(a, '2025-09-01', { lagDimension: 0.9 });
		expect(equal.status).toBe('at_risk');
		// stations weighted 5 of 6: overall (1 + 5×0.1)/6 = 0.25, 0.254 behind → lagging
		const heavy = city(a, '2025-09-01', { lagDimension: 0.9, weights: { teams: 0, projects: 0, activities: 1, stations: 5, mechanisms: 0 } });
		expect(heavy.overall).toBeCloseTo(0.25, 12);
		expect(heavy.status).toBe('lagging');
		expect(heavy.reasons).toEqual(['总体完成 25%，按进度应达 50%', '站点 1/10，按进度应达 5']);
		// stations weighted 0: overall 1, yet stations is still 0.404 behind → lagging by dimension
		const none = city(a, '2025-09-01', { weights: { teams: 1, projects: 1, activities: 1, stations: 0, mechanisms: 1 } });
		expect(none.overall).toBe(1);
		expect(none.status).toBe('lagging');
		expect(none.reasons).toEqual(['站点 1/10，按进度应达 5']);
	});

	it('partial weights keep the defaults for the rest; all-zero weights fall back to equal', () => {
		const partial = city(example, '2025-09-01', { weights: { activities: 3 } as Record<Dimension, number> });
		expect(partial.overall).toBeCloseTo((0.6 + 0.6 + 3 * 0.45 + 0.4 + 0.5) / 7, 12);
		const zero = city(example, '2025-09-01', { weights: { teams: 0, projects: 0, activities: 0, stations: 0, mechanisms: 0 } });
		expect(zero.overall).toBeCloseTo(0.51, 12);
	});

	it('rejects negative or non-numeric settings', () => {
		expect(() => city(example, '2025-09-01', { lagOverall: -0.1 })).toThrow(/lagOverall must not be negative/);
		expect(() => city(example, '2025-09-01', { riskDimension: Number.NaN })).toThrow(/riskDimension must be a finite number/);
		expect(() => city(example, '2025-09-01', { weights: { ...DEFAULT_PACE_SETTINGS.weights, teams: -1 } })).toThrow(/weights\.teams/);
	});

	it('floating-point noise does not cross a threshold', () => {
		// 2025-07-25 is day 146: expected 146/365 = 0.4; teams 1/4 = 0.25; 0.4 − 0.25 computes as
		// 0.15000000000000002, which must not count as "more than 0.15"
		const input = { startDate: START, targets: { ...CITY, teams: 4 }, actual: { ...CITY_MET, teams: 1 } };
		const r = evaluateProgress(input, '2025-07-25', { lagDimension: 0.15 });
		expect(r.elapsedDays).toBe(146);
		expect(r.expected).toBe(0.4);
		expect(r.status).toBe('at_risk'); // not lagging; flagged only by the projection 1/0.4 = 2.5
		expect(r.reasons).toEqual(['服务队 1/4，按当前进度期末约 2.5，低于目标 4']);
	});
});
