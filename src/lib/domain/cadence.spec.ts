import { describe, expect, it } from 'vitest';
import { activityCategories, evaluateCadence, quartersOf, type CadenceActivity } from './cadence';

/** A plain activity that serves none of the four categories. */
const plain = (date: string, extra: Partial<CadenceActivity> = {}): CadenceActivity => ({
	date,
	keyDate: null,
	field: 'industry',
	kind: 'science_lecture',
	keyGroups: [],
	setting: 'community',
	...extra
});

const NONE = { keyEvent: false, concern: false, keyGroup: false, enterprise: false };
const ACROSS = { startDate: '2025-11-15', endDate: '2026-11-14' };
const YEAR_2026 = { startDate: '2026-01-01', endDate: '2026-12-31' };

describe('activityCategories', () => {
	it('classifies a plain activity as none', () => {
		expect(activityCategories(plain('2026-01-10'))).toEqual(NONE);
	});

	it('keyEvent: a key date that is set', () => {
		expect(activityCategories(plain('2026-05-30', { keyDate: 'sci_workers_day' }))).toEqual({ ...NONE, keyEvent: true });
		expect(activityCategories(plain('2026-05-30', { keyDate: '' })).keyEvent).toBe(false);
		expect(activityCategories(plain('2026-05-30', { keyDate: '   ' })).keyEvent).toBe(false);
		expect(activityCategories(plain('2026-05-30', { keyDate: null })).keyEvent).toBe(false);
	});

	it('concern: field health, kind medical_service or key group needy — each alone', () => {
		expect(activityCategories(plain('2026-01-10', { field: 'health' }))).toEqual({ ...NONE, concern: true });
		expect(activityCategories(plain('2026-01-10', { kind: 'medical_service' }))).toEqual({ ...NONE, concern: true });
		expect(activityCategories(plain('2026-01-10', { keyGroups: ['needy'] }))).toEqual({ ...NONE, concern: true });
		expect(activityCategories(plain('2026-01-10', { keyGroups: ['elderly'] }))).toEqual(NONE);
		expect(activityCategories(plain('2026-01-10', { field: 'science_education', kind: 'tech_consulting' }))).toEqual(NONE);
	});

	it('keyGroup: rural_women or youth', () => {
		expect(activityCategories(plain('2026-01-10', { keyGroups: ['rural_women'] }))).toEqual({ ...NONE, keyGroup: true });
		expect(activityCategories(plain('2026-01-10', { keyGroups: ['elderly', 'youth'] }))).toEqual({ ...NONE, keyGroup: true });
		expect(activityCategories(plain('2026-01-10', { kind: 'youth_education' })).keyGroup).toBe(false);
	});

	it('enterprise: setting enterprise_park only', () => {
		expect(activityCategories(plain('2026-01-10', { setting: 'enterprise_park' }))).toEqual({ ...NONE, enterprise: true });
		expect(activityCategories(plain('2026-01-10', { setting: null }))).toEqual(NONE);
		expect(activityCategories(plain('2026-01-10', { setting: 'venue' }))).toEqual(NONE);
	});

	it('may serve all four at once', () => {
		expect(
			activityCategories(
				plain('2026-09-20', { keyDate: 'sci_popularization_day', field: 'health', keyGroups: ['youth', 'needy'], setting: 'enterprise_park' })
			)
		).toEqual({ keyEvent: true, concern: true, keyGroup: true, enterprise: true });
	});
});

describe('quartersOf', () => {
	it('clips calendar quarters to a period across a year boundary', () => {
		expect(quartersOf(ACROSS)).toEqual([
			{ startDate: '2025-11-15', endDate: '2025-12-31' },
			{ startDate: '2026-01-01', endDate: '2026-03-31' },
			{ startDate: '2026-04-01', endDate: '2026-06-30' },
			{ startDate: '2026-07-01', endDate: '2026-09-30' },
			{ startDate: '2026-10-01', endDate: '2026-11-14' }
		]);
	});

	it('gives four whole quarters for a calendar year, with a leap February', () => {
		expect(quartersOf({ startDate: '2028-01-01', endDate: '2028-12-31' })).toEqual([
			{ startDate: '2028-01-01', endDate: '2028-03-31' },
			{ startDate: '2028-04-01', endDate: '2028-06-30' },
			{ startDate: '2028-07-01', endDate: '2028-09-30' },
			{ startDate: '2028-10-01', endDate: '2028-12-31' }
		]);
	});

	it('handles a period inside one quarter and a one-day period', () => {
		expect(quartersOf({ startDate: '2026-05-10', endDate: '2026-06-01' })).toEqual([{ startDate: '2026-05-10', endDate: '2026-06-01' }]);
		expect(quartersOf({ startDate: '2026-03-31', endDate: '2026-03-31' })).toEqual([{ startDate: '2026-03-31', endDate: '2026-03-31' }]);
		expect(quartersOf({ startDate: '2026-03-31', endDate: '2026-04-01' })).toEqual([
			{ startDate: '2026-03-31', endDate: '2026-03-31' },
			{ startDate: '2026-04-01', endDate: '2026-04-01' }
		]);
	});

	it('a pilot cycle starting 1 March has five quarters', () => {
		expect(quartersOf({ startDate: '2025-03-01', endDate: '2026-02-28' }).map((q) => `${q.startDate}..${q.endDate}`)).toEqual([
			'2025-03-01..2025-03-31',
			'2025-04-01..2025-06-30',
			'2025-07-01..2025-09-30',
			'2025-10-01..2025-12-31',
			'2026-01-01..2026-02-28'
		]);
	});
});

describe('evaluateCadence — quarters', () => {
	it('marks quarters met, missed, open and future around today', () => {
		const r = evaluateCadence([plain('2025-12-01'), plain('2026-02-10'), plain('2026-02-11')], ACROSS, '2026-08-15');
		expect(r.quarters).toEqual([
			{ startDate: '2025-11-15', endDate: '2025-12-31', held: 1, status: 'met' },
			{ startDate: '2026-01-01', endDate: '2026-03-31', held: 2, status: 'met' },
			{ startDate: '2026-04-01', endDate: '2026-06-30', held: 0, status: 'missed' },
			{ startDate: '2026-07-01', endDate: '2026-09-30', held: 0, status: 'open' },
			{ startDate: '2026-10-01', endDate: '2026-11-14', held: 0, status: 'future' }
		]);
		expect(r.reasons[0]).toBe('2026年第二季度（04-01至06-30）未开展活动');
	});

	it('counts an activity on the first and on the last day of the period', () => {
		const r = evaluateCadence([plain('2025-11-15'), plain('2026-11-14')], ACROSS, '2027-01-01');
		expect(r.quarters.map((q) => q.held)).toEqual([1, 0, 0, 0, 1]);
		expect(r.quarters.map((q) => q.status)).toEqual(['met', 'missed', 'missed', 'missed', 'met']);
	});

	it('does not count the days just outside the period', () => {
		const r = evaluateCadence([plain('2025-11-14'), plain('2026-11-15'), plain('2025-10-01')], ACROSS, '2027-01-01');
		expect(r.quarters.every((q) => q.held === 0)).toBe(true);
		expect(r.quarters.map((q) => q.status)).toEqual(['missed', 'missed', 'missed', 'missed', 'missed']);
	});

	it('does not count activities after today, even inside the period', () => {
		const r = evaluateCadence([plain('2026-08-16'), plain('2026-10-01', { field: 'health' })], ACROSS, '2026-08-15');
		expect(r.quarters[3]).toEqual({ startDate: '2026-07-01', endDate: '2026-09-30', held: 0, status: 'open' });
		expect(r.quarters[4]).toEqual({ startDate: '2026-10-01', endDate: '2026-11-14', held: 0, status: 'future' });
		expect(r.categories.concern).toBe(0);
	});

	it('counts an activity held today', () => {
		const r = evaluateCadence([plain('2026-08-15')], ACROSS, '2026-08-15');
		expect(r.quarters[3]).toMatchObject({ held: 1, status: 'met' });
	});

	it('a quarter is open on its first and its last day, missed the day after', () => {
		expect(evaluateCadence([], YEAR_2026, '2026-04-01').quarters[1].status).toBe('open');
		expect(evaluateCadence([], YEAR_2026, '2026-06-30').quarters[1].status).toBe('open');
		expect(evaluateCadence([], YEAR_2026, '2026-07-01').quarters[1].status).toBe('missed');
		expect(evaluateCadence([], YEAR_2026, '2026-03-31').quarters[1].status).toBe('future');
	});

	it('uses the clipped dates: the clipped last quarter is missed once its clipped end has passed', () => {
		const r = evaluateCadence([], ACROSS, '2026-11-15');
		expect(r.quarters[4].status).toBe('missed');
		expect(r.reasons).toContain('2026年第四季度（10-01至11-14）未开展活动');
		expect(evaluateCadence([], ACROSS, '2025-11-14').quarters[0].status).toBe('future');
		expect(evaluateCadence([], ACROSS, '2025-11-15').quarters[0].status).toBe('open');
	});

	it('before the period every quarter is future and nothing is held', () => {
		const r = evaluateCadence([plain('2025-11-20')], ACROSS, '2025-11-01');
		expect(r.quarters.map((q) => q.status)).toEqual(['future', 'future', 'future', 'future', 'future']);
		expect(r.quarters.map((q) => q.held)).toEqual([0, 0, 0, 0, 0]);
	});

	it('after the period a met quarter stays met and the others are missed', () => {
		const r = evaluateCadence([plain('2026-01-05'), plain('2026-07-05')], YEAR_2026, '2027-03-01');
		expect(r.quarters.map((q) => q.status)).toEqual(['met', 'missed', 'met', 'missed']);
		expect(r.reasons.slice(0, 2)).toEqual(['2026年第二季度（04-01至06-30）未开展活动', '2026年第四季度（10-01至12-31）未开展活动']);
	});

	it('names the clipped first quarter with its year', () => {
		const r = evaluateCadence([], ACROSS, '2026-01-05');
		expect(r.reasons[0]).toBe('2025年第四季度（11-15至12-31）未开展活动');
		expect(r.quarters.map((q) => q.status)).toEqual(['missed', 'open', 'future', 'future', 'future']);
	});
});

describe('evaluateCadence — categories', () => {
	const TODAY = '2026-12-31';
	it('nothing held: all four missing, in order, with reasons (the last day still leaves Q4 open)', () => {
		const r = evaluateCadence([], YEAR_2026, TODAY);
		expect(r.categories).toEqual({ keyEvent: 0, concern: 0, keyGroup: 0, enterprise: 0 });
		expect(r.missing).toEqual(['keyEvent', 'concern', 'keyGroup', 'enterprise']);
		expect(r.quarters[3].status).toBe('open');
		expect(r.reasons).toEqual([
			'2026年第一季度（01-01至03-31）未开展活动',
			'2026年第二季度（04-01至06-30）未开展活动',
			'2026年第三季度（07-01至09-30）未开展活动',
			'全年尚无重点事件活动',
			'全年尚无群众关切活动',
			'全年尚无重点人群活动',
			'全年尚无助力企业创新活动'
		]);
	});

	it('each category alone', () => {
		const cases: [Partial<CadenceActivity>, string][] = [
			[{ keyDate: 'volunteer_day' }, 'keyEvent'],
			[{ field: 'health' }, 'concern'],
			[{ kind: 'medical_service' }, 'concern'],
			[{ keyGroups: ['needy'] }, 'concern'],
			[{ keyGroups: ['rural_women'] }, 'keyGroup'],
			[{ keyGroups: ['youth'] }, 'keyGroup'],
			[{ setting: 'enterprise_park' }, 'enterprise']
		];
		for (const [extra, category] of cases) {
			const r = evaluateCadence([plain('2026-06-01', extra)], YEAR_2026, TODAY);
			const counts = { keyEvent: 0, concern: 0, keyGroup: 0, enterprise: 0, [category]: 1 };
			expect(r.categories, category).toEqual(counts);
			expect(r.missing, category).toEqual(['keyEvent', 'concern', 'keyGroup', 'enterprise'].filter((k) => k !== category));
		}
	});

	it('an empty key date does not make a key event', () => {
		const r = evaluateCadence([plain('2026-06-01', { keyDate: '' })], YEAR_2026, TODAY);
		expect(r.categories.keyEvent).toBe(0);
		expect(r.missing[0]).toBe('keyEvent');
	});

	it('counts activities per category, an activity in several categories in each', () => {
		const r = evaluateCadence(
			[
				plain('2026-03-05', { keyDate: 'lei_feng', keyGroups: ['youth'] }),
				plain('2026-05-30', { keyDate: 'sci_workers_day', setting: 'enterprise_park' }),
				plain('2026-07-01', { field: 'health', keyGroups: ['needy', 'rural_women'] }),
				plain('2026-11-02', { kind: 'medical_service' }),
				plain('2027-01-02', { setting: 'enterprise_park' }) // after the period
			],
			YEAR_2026,
			'2027-02-01'
		);
		expect(r.categories).toEqual({ keyEvent: 2, concern: 2, keyGroup: 2, enterprise: 1 });
		expect(r.missing).toEqual([]);
		expect(r.quarters.map((q) => q.status)).toEqual(['met', 'met', 'met', 'met']);
		expect(r.reasons).toEqual([]);
	});

	it('does not count a category held only after today', () => {
		const r = evaluateCadence([plain('2026-06-01'), plain('2026-09-20', { keyDate: 'sci_popularization_day' })], YEAR_2026, '2026-09-19');
		expect(r.categories.keyEvent).toBe(0);
		expect(r.reasons).toContain('全年尚无重点事件活动');
	});

	it('has no quarter reason for open or future quarters, only for missed ones', () => {
		const r = evaluateCadence(
			[plain('2026-02-01', { keyDate: 'x', field: 'health', keyGroups: ['youth'], setting: 'enterprise_park' })],
			YEAR_2026,
			'2026-05-01'
		);
		expect(r.reasons).toEqual([]);
		expect(r.quarters.map((q) => q.status)).toEqual(['met', 'open', 'future', 'future']);
	});
});

describe('evaluateCadence — bad input', () => {
	it('throws on invalid dates and on a period that ends before it starts', () => {
		expect(() => evaluateCadence([], { startDate: '2026-02-30', endDate: '2026-12-31' }, '2026-05-01')).toThrow(/period.startDate/);
		expect(() => evaluateCadence([], { startDate: '2026-01-01', endDate: '2026-13-01' }, '2026-05-01')).toThrow(/period.endDate/);
		expect(() => evaluateCadence([], YEAR_2026, '2026/05/01')).toThrow(/today/);
		expect(() => evaluateCadence([plain('2026-6-1')], YEAR_2026, '2026-05-01')).toThrow(/date of activity 1/);
		expect(() => evaluateCadence([], { startDate: '2026-12-31', endDate: '2026-01-01' }, '2026-05-01')).toThrow(/before it starts/);
	});
});
