import { describe, expect, it } from 'vitest';
import {
	chooseHighlights,
	combineExtras,
	NO_EXTRAS,
	perPerson,
	STATISTICS_BLANKS,
	sumMonthlyExtras,
	tallyActivities,
	type MonthlyExtras,
	type TalliedActivity
} from './statistics';

const extras = (e: Partial<MonthlyExtras>): MonthlyExtras => ({ ...NO_EXTRAS, ...e });
const CYCLE = { startDate: '2025-10-15', endDate: '2026-10-14' };

describe('perPerson', () => {
	it('divides and rounds half up to one decimal', () => {
		expect(perPerson(10, 4)).toBe(2.5);
		expect(perPerson(10, 3)).toBe(3.3);
		expect(perPerson(20, 3)).toBe(6.7);
		expect(perPerson(1, 20)).toBe(0.1); // 0.05 exactly: half up
		expect(perPerson(1, 40)).toBe(0); // 0.025
		expect(perPerson(3, 40)).toBe(0.1); // 0.075
		expect(perPerson(0, 7)).toBe(0);
		expect(perPerson(100, 1)).toBe(100);
	});
	it('is 0 without officers, and refuses what is not a count', () => {
		expect(perPerson(15, 0)).toBe(0);
		expect(() => perPerson(-1, 2)).toThrow();
		expect(() => perPerson(1.5, 2)).toThrow();
		expect(() => perPerson(1, Number.NaN)).toThrow();
	});
});

describe('sumMonthlyExtras', () => {
	it('adds the flows of the months in the period', () => {
		const s = sumMonthlyExtras(
			[
				{ month: '2025-10', extras: extras({ mobileMuseumTours: 1, caravanTours: 2, ruralTrainings: 1, ruralTrainees: 40, farmerContest: 10, provincialContest: 3, infoOfficers: 5, articlesShared: 12 }) },
				{ month: '2025-11', extras: extras({ mobileMuseumTours: 2, ruralTrainings: 2, ruralTrainees: 60, farmerContest: 5, infoOfficers: 6, articlesShared: 18 }) }
			],
			CYCLE
		);
		expect(s).toMatchObject({ mobileMuseumTours: 3, caravanTours: 2, ruralTrainings: 3, ruralTrainees: 100, farmerContest: 15, provincialContest: 3, articlesShared: 30, months: 2 });
	});
	it('takes 信息员 from the latest month, whatever the order given', () => {
		const s = sumMonthlyExtras(
			[
				{ month: '2026-02', extras: extras({ infoOfficers: 9, articlesShared: 10 }) },
				{ month: '2025-12', extras: extras({ infoOfficers: 30, articlesShared: 5 }) },
				{ month: '2026-01', extras: extras({ infoOfficers: 8, articlesShared: 12 }) }
			],
			CYCLE
		);
		expect(s.infoOfficers).toBe(9);
		expect(s.articlesShared).toBe(27);
		expect(s.articlesPerOfficer).toBe(3);
	});
	it('covered when any month says so', () => {
		const s = sumMonthlyExtras(
			[
				{ month: '2025-11', extras: extras({ caravanCovered: true }) },
				{ month: '2025-12', extras: extras({}) }
			],
			CYCLE
		);
		expect(s.caravanCovered).toBe(true);
		expect(s.mobileMuseumCovered).toBe(false);
	});
	it('leaves out months outside the period and reports without figures', () => {
		const s = sumMonthlyExtras(
			[
				{ month: '2025-09', extras: extras({ mobileMuseumTours: 100, mobileMuseumCovered: true, infoOfficers: 99 }) },
				{ month: '2025-10', extras: null },
				{ month: '2026-10', extras: extras({ mobileMuseumTours: 1 }) },
				{ month: '2026-11', extras: extras({ mobileMuseumTours: 50, infoOfficers: 70 }) }
			],
			CYCLE
		);
		expect(s.mobileMuseumTours).toBe(1); // the partial first and last months count, the ones beyond do not
		expect(s.mobileMuseumCovered).toBe(false);
		expect(s.infoOfficers).toBe(0);
		expect(s.months).toBe(1);
	});
	it('is all zero and 否 with no reports', () => {
		expect(sumMonthlyExtras([], CYCLE)).toEqual({ ...NO_EXTRAS, articlesPerOfficer: 0, months: 0 });
	});
	it('a per-person figure of 0 when the latest month has no 信息员', () => {
		const s = sumMonthlyExtras(
			[
				{ month: '2025-11', extras: extras({ infoOfficers: 4, articlesShared: 8 }) },
				{ month: '2025-12', extras: extras({ infoOfficers: 0, articlesShared: 0 }) }
			],
			CYCLE
		);
		expect(s.articlesShared).toBe(8);
		expect(s.articlesPerOfficer).toBe(0);
	});
	it('refuses bad input', () => {
		expect(() => sumMonthlyExtras([{ month: '2025-13', extras: null }], CYCLE)).toThrow();
		expect(() => sumMonthlyExtras([{ month: '2025-11', extras: null }, { month: '2025-11', extras: null }], CYCLE)).toThrow(/two reports/);
		expect(() => sumMonthlyExtras([{ month: '2025-11', extras: extras({ ruralTrainees: -1 }) }], CYCLE)).toThrow();
		expect(() => sumMonthlyExtras([{ month: '2025-11', extras: extras({ farmerContest: 2.5 }) }], CYCLE)).toThrow();
		expect(() => sumMonthlyExtras([], { startDate: '2026-01-02', endDate: '2026-01-01' })).toThrow();
		expect(() => sumMonthlyExtras([], { startDate: '2026-02-30', endDate: '2026-03-01' })).toThrow();
	});
});

describe('combineExtras', () => {
	it('adds pilots together, officers included, and recomputes the average', () => {
		const a = sumMonthlyExtras([{ month: '2025-11', extras: extras({ infoOfficers: 3, articlesShared: 10, caravanTours: 1 }) }], CYCLE);
		const b = sumMonthlyExtras([{ month: '2026-01', extras: extras({ infoOfficers: 1, articlesShared: 1, caravanCovered: true }) }], CYCLE);
		const c = combineExtras([a, b]);
		expect(c).toMatchObject({ infoOfficers: 4, articlesShared: 11, articlesPerOfficer: 2.8, caravanTours: 1, caravanCovered: true, months: 2 });
		expect(combineExtras([])).toEqual({ ...NO_EXTRAS, articlesPerOfficer: 0, months: 0 });
	});
});

describe('chooseHighlights', () => {
	const a = (id: number, date: string, highlight = true) => ({ id, date, highlight });
	it('takes the marked ones in the period, most recent first', () => {
		const r = chooseHighlights([a(1, '2025-11-01'), a(2, '2026-03-01', false), a(3, '2026-01-01')], CYCLE);
		expect(r.chosen.map((x) => x.id)).toEqual([3, 1]);
		expect(r).toMatchObject({ marked: 2, more: 0 });
	});
	it('at most two; says how many more', () => {
		const r = chooseHighlights([a(1, '2025-11-01'), a(2, '2026-03-01'), a(3, '2026-01-01'), a(4, '2025-12-01')], CYCLE);
		expect(r.chosen.map((x) => x.id)).toEqual([2, 3]);
		expect(r).toMatchObject({ marked: 4, more: 2 });
	});
	it('on the same day the later record first', () => {
		expect(chooseHighlights([a(5, '2026-01-01'), a(9, '2026-01-01'), a(7, '2026-01-01')], CYCLE).chosen.map((x) => x.id)).toEqual([9, 7]);
	});
	it('the period’s ends are inside it; days beyond are not', () => {
		const r = chooseHighlights([a(1, '2025-10-14'), a(2, '2025-10-15'), a(3, '2026-10-14'), a(4, '2026-10-15')], CYCLE);
		expect(r.chosen.map((x) => x.id)).toEqual([3, 2]);
		expect(r.marked).toBe(2);
	});
	it('none marked, none chosen; a bad date throws', () => {
		expect(chooseHighlights([a(1, '2026-01-01', false)], CYCLE)).toEqual({ chosen: [], marked: 0, more: 0 });
		expect(() => chooseHighlights([a(1, '2026-02-31')], CYCLE)).toThrow();
	});
});

describe('tallyActivities', () => {
	const act = (e: Partial<TalliedActivity> = {}): TalliedActivity => ({ date: '2026-01-10', keyDate: null, field: 'industry', kind: 'science_lecture', keyGroups: [], setting: null, experts: 0, served: 0, ...e });
	it('counts kinds and the three 其中 lines with the cadence classifier', () => {
		const t = tallyActivities([
			act({ keyDate: 'sci_day', experts: 2, served: 100 }),
			act({ kind: 'medical_service', experts: 1, served: 30 }), // concern by kind
			act({ keyGroups: ['needy'] }), // concern by group, not a key group
			act({ keyGroups: ['elderly'] }), // neither
			act({ keyGroups: ['youth'], field: 'health', kind: 'youth_education' }), // concern and key group
			act({ keyGroups: ['rural_women'], keyDate: '  ' }) // a blank key date is none
		]);
		expect(t).toMatchObject({ activities: 6, keyEvent: 1, concern: 3, keyGroup: 2, experts: 3, served: 130 });
		expect(t.byKind).toMatchObject({ science_lecture: 4, medical_service: 1, youth_education: 1, other: 0 });
		expect(Object.values(t.byKind).reduce((s, n) => s + n, 0)).toBe(6);
	});
	it('the enterprise setting is no 其中 line of the form', () => {
		const t = tallyActivities([act({ setting: 'enterprise_park' })]);
		expect(t).toMatchObject({ keyEvent: 0, concern: 0, keyGroup: 0 });
	});
	it('nothing, all zero; bad counts throw', () => {
		expect(tallyActivities([]).activities).toBe(0);
		expect(() => tallyActivities([act({ served: -2 })])).toThrow();
		expect(() => tallyActivities([act({ kind: 'party' as never })])).toThrow();
	});
});

describe('STATISTICS_BLANKS', () => {
	it('numbers the 31 blanks in order, labels unique', () => {
		expect(STATISTICS_BLANKS.map((b) => b.no)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
		expect(new Set(STATISTICS_BLANKS.map((b) => b.label)).size).toBe(31);
	});
});
