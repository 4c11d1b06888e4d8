import { describe, expect, it } from 'vitest';
import {
	categoriesOfUnit,
	categoryChoiceProblems,
	isWorkingDay,
	publicityEndDate,
	rankNominations,
	reviewerFlags,
	weightedScore,
	workingDaysBetween
} from './nomination-process';

const ALL = ['volunteer', 'team', 'project', 'station'];

describe('categoryChoiceProblems', () => {
	it('a city nominates in any of the call categories', () => {
		expect(categoryChoiceProblems('city', ALL, ALL)).toEqual([]);
		expect(categoryChoiceProblems('city', ['station'], ALL)).toEqual([]);
	});
	it('a society or department chooses exactly two of volunteer, team, project', () => {
		expect(categoryChoiceProblems('society', ['volunteer', 'team'], ALL)).toEqual([]);
		expect(categoryChoiceProblems('department', ['team', 'project'], ALL)).toEqual([]);
		expect(categoryChoiceProblems('society', ['volunteer'], ALL)).toEqual(['须选择 2 个类别，已选 1 个']);
		expect(categoryChoiceProblems('society', ['volunteer', 'team', 'project'], ALL)).toEqual(['须选择 2 个类别，已选 3 个']);
		expect(categoryChoiceProblems('department', ['volunteer', 'station'], ALL)).toEqual(['学会和省直单位只能在科技志愿者、服务队、项目中选择']);
	});
	it('refuses duplicates and categories outside the call', () => {
		expect(categoryChoiceProblems('society', ['team', 'team'], ALL)).toContain('类别重复');
		expect(categoryChoiceProblems('society', ['volunteer', 'project'], ['volunteer', 'team'])).toContain('本次征集不含该类别：project');
	});
	it('categoriesOfUnit: a city all, others their choice within the call', () => {
		expect(categoriesOfUnit('city', null, ALL)).toEqual(ALL);
		expect(categoriesOfUnit('society', null, ALL)).toEqual([]);
		expect(categoriesOfUnit('society', ['team', 'project'], ['volunteer', 'team'])).toEqual(['team']);
	});
});

describe('publicity in working days', () => {
	it('knows weekends', () => {
		expect(isWorkingDay('2026-12-04')).toBe(true); // Friday
		expect(isWorkingDay('2026-12-05')).toBe(false);
		expect(isWorkingDay('2026-12-06')).toBe(false);
		expect(isWorkingDay('2026-12-07')).toBe(true);
	});
	it('five working days from a Monday end on the Friday', () => {
		expect(publicityEndDate('2026-12-07')).toBe('2026-12-11');
	});
	it('from a Wednesday they run over the weekend', () => {
		expect(publicityEndDate('2026-12-02')).toBe('2026-12-08');
	});
	it('a weekend start begins on Monday', () => {
		expect(publicityEndDate('2026-12-05')).toBe('2026-12-11');
		expect(publicityEndDate('2026-12-06')).toBe('2026-12-11');
	});
	it('over a year end and a leap day', () => {
		expect(publicityEndDate('2026-12-30')).toBe('2027-01-05');
		expect(publicityEndDate('2028-02-28')).toBe('2028-03-03');
	});
	it('other lengths', () => {
		expect(publicityEndDate('2026-12-07', 1)).toBe('2026-12-07');
		expect(publicityEndDate('2026-12-07', 7)).toBe('2026-12-15');
		expect(() => publicityEndDate('2026-12-07', 0)).toThrow();
		expect(() => publicityEndDate('2026-02-30')).toThrow();
	});
	it('workingDaysBetween agrees with the end date', () => {
		for (const start of ['2026-12-01', '2026-12-03', '2026-12-05', '2027-02-26']) {
			expect(workingDaysBetween(start, publicityEndDate(start))).toBe(5);
		}
		expect(workingDaysBetween('2026-12-08', '2026-12-07')).toBe(0);
	});
});

describe('weighted scores and ranks', () => {
	const criteria = [
		{ name: '事迹突出', weight: 40 },
		{ name: '服务成效', weight: 40 },
		{ name: '示范带动', weight: 20 }
	];
	it('weightedScore is the weighted mean', () => {
		expect(weightedScore([90, 80, 70], criteria)).toBe(82);
		expect(weightedScore([100, 100, 100], criteria)).toBe(100);
		expect(weightedScore([50, 50, 0], [{ name: 'a', weight: 1 }, { name: 'b', weight: 1 }, { name: 'c', weight: 0 }])).toBe(50);
	});
	it('refuses scores out of range, the wrong count and zero weights', () => {
		expect(() => weightedScore([101, 0, 0], criteria)).toThrow();
		expect(() => weightedScore([-1, 0, 0], criteria)).toThrow();
		expect(() => weightedScore([1, 2], criteria)).toThrow();
		expect(() => weightedScore([1], [{ name: 'a', weight: 0 }])).toThrow();
	});
	it('ranks within each category; ties share a rank; unscored last', () => {
		const ranked = rankNominations(
			[
				{ id: 1, category: 'team', scores: [[80, 80, 80]] },
				{ id: 2, category: 'team', scores: [[90, 90, 90], [70, 70, 70]] },
				{ id: 3, category: 'team', scores: [[100, 100, 100]] },
				{ id: 4, category: 'team', scores: [] },
				{ id: 5, category: 'volunteer', scores: [[60, 60, 60]] }
			],
			criteria
		);
		const team = ranked.filter((r) => r.category === 'team').map((r) => [r.id, r.score, r.rank]);
		expect(team).toEqual([
			[3, 100, 1],
			[1, 80, 2],
			[2, 80, 2],
			[4, null, null]
		]);
		expect(ranked.find((r) => r.id === 5)).toMatchObject({ rank: 1, score: 60, reviewers: 1 });
	});
});

describe('reviewerFlags', () => {
	it('flags the same city (county codes count for their city) and the same unit', () => {
		expect(reviewerFlags({ divisionCode: '410300', unitId: null }, { divisionCode: '410322', unitId: 7 })).toEqual(['专家与被推荐对象同属一市']);
		expect(reviewerFlags({ divisionCode: '410700', unitId: 7 }, { divisionCode: '410300', unitId: 7 })).toEqual(['专家来自推荐单位']);
		expect(reviewerFlags({ divisionCode: '410700', unitId: 2 }, { divisionCode: '410300', unitId: 7 })).toEqual([]);
		expect(reviewerFlags({ divisionCode: null, unitId: null }, { divisionCode: null, unitId: 7 })).toEqual([]);
	});
});
