import { describe, expect, it } from 'vitest';
import {
	ancestorsIn,
	cadenceStatus,
	deadlineState,
	officerRoleLabel,
	periodSince,
	rollUpKeys,
	sizeStatus,
	subtreeIn,
	suggestedUnitName,
	treeAsOf,
	worstStatus,
	yearOf
} from './org-units';
import { evaluateCadence } from './cadence';

const rows = [
	{ unitId: 1, parentId: null, validFrom: '2025-01-01', validTo: null },
	{ unitId: 2, parentId: 1, validFrom: '2025-01-01', validTo: null },
	{ unitId: 3, parentId: 1, validFrom: '2025-01-01', validTo: null },
	{ unitId: 4, parentId: 2, validFrom: '2025-03-01', validTo: '2026-11-01' },
	{ unitId: 4, parentId: 3, validFrom: '2026-11-01', validTo: null },
	{ unitId: 5, parentId: 4, validFrom: '2025-06-01', validTo: '2026-12-01' }
];

describe('treeAsOf', () => {
	it('takes each unit’s row valid on the day: from validFrom up to the day before validTo', () => {
		expect(treeAsOf(rows, '2026-10-31').get(4)).toBe(2);
		expect(treeAsOf(rows, '2026-11-01').get(4)).toBe(3);
		expect(treeAsOf(rows, '2025-02-28').has(4)).toBe(false);
		expect(treeAsOf(rows, '2025-03-01').has(4)).toBe(true);
	});
	it('leaves out a unit on and after the day its last row closed (removed)', () => {
		expect(treeAsOf(rows, '2026-11-30').has(5)).toBe(true);
		expect(treeAsOf(rows, '2026-12-01').has(5)).toBe(false);
	});
});

describe('ancestors and subtrees', () => {
	const tree = treeAsOf(rows, '2026-11-15');
	it('lists ancestors nearest first', () => {
		expect(ancestorsIn(tree, 5)).toEqual([4, 3, 1]);
		expect(ancestorsIn(tree, 1)).toEqual([]);
	});
	it('stops at a cycle instead of looping', () => {
		const loop = new Map<number, number | null>([
			[1, 2],
			[2, 1]
		]);
		expect(ancestorsIn(loop, 1)).toEqual([2]);
	});
	it('gives a subtree with the unit itself, and nothing for a unit not in the tree', () => {
		expect([...subtreeIn(tree, 3)].sort()).toEqual([3, 4, 5]);
		expect(subtreeIn(tree, 99).size).toBe(0);
	});
	it('rolls keys up once per unit', () => {
		const sets = rollUpKeys(tree, new Map([[5, ['a', 'b']], [4, ['b', 'c']], [2, ['d']]]));
		expect([...sets.get(1)!].sort()).toEqual(['a', 'b', 'c', 'd']);
		expect([...sets.get(3)!].sort()).toEqual(['a', 'b', 'c']);
		expect([...sets.get(2)!]).toEqual(['d']);
	});
});

describe('sizeStatus', () => {
	it('is red below the first batch, with the figures in words', () => {
		expect(sizeStatus(42, { firstBatch: 50, yearEnd: 50 })).toEqual({ status: 'lagging', reason: '成员 42 人，首批应达 50 人' });
	});
	it('is amber between the first batch and the year end', () => {
		expect(sizeStatus(120, { firstBatch: 100, yearEnd: 500 })).toEqual({ status: 'at_risk', reason: '成员 120 人，已达首批 100 人，年底应达 500 人' });
	});
	it('is green at the requirement, exactly at the boundary too', () => {
		expect(sizeStatus(50, { firstBatch: 50, yearEnd: 50 }).status).toBe('complete');
		expect(sizeStatus(500, { firstBatch: 100, yearEnd: 500 }).reason).toBe('成员 500 人，已达年底要求 500 人');
	});
	it('is 正常 when the kind has no requirement', () => {
		expect(sizeStatus(0, { firstBatch: 0, yearEnd: 0 })).toEqual({ status: 'on_track', reason: '成员 0 人，无人数要求' });
	});
});

describe('cadenceStatus', () => {
	const period = { startDate: '2026-01-01', endDate: '2026-12-31' };
	const a = (date: string, extra = {}) => ({ date, keyDate: null, field: 'x', kind: 'y', keyGroups: [], setting: null, ...extra });
	it('is 滞后 with a missed quarter', () => {
		const c = evaluateCadence([a('2026-05-01')], period, '2026-05-10');
		expect(cadenceStatus(c, period.endDate, '2026-05-10')).toMatchObject({ status: 'lagging', missed: true });
	});
	it('is 预警 while categories are missing and no quarter is missed', () => {
		const c = evaluateCadence([a('2026-02-01')], period, '2026-03-10');
		expect(cadenceStatus(c, period.endDate, '2026-03-10')).toMatchObject({ status: 'at_risk', missed: false });
	});
	it('counts a missing category as missed once the period has ended', () => {
		const all = ['02-01', '05-01', '08-01', '11-01'].map((d) => a(`2026-${d}`));
		const c = evaluateCadence(all, period, '2027-01-05');
		expect(cadenceStatus(c, period.endDate, '2027-01-05')).toMatchObject({ status: 'lagging', missed: true });
	});
	it('is 已完成 when every quarter so far is met and every category held', () => {
		const acts = [a('2026-02-01', { keyDate: 'k', field: 'health', keyGroups: ['youth'], setting: 'enterprise_park' })];
		const c = evaluateCadence(acts, period, '2026-03-01');
		expect(cadenceStatus(c, period.endDate, '2026-03-01').status).toBe('complete');
	});
});

describe('deadlineState', () => {
	const d = { title: '平台注册', dueDate: '2026-04-20', doneOn: null };
	it('is overdue from the day after the due day', () => {
		expect(deadlineState(d, '2026-04-20').state).toBe('due_soon');
		expect(deadlineState(d, '2026-04-21')).toEqual({ state: 'overdue', reason: '平台注册应于 2026-04-20 前完成，已逾期 1 天' });
	});
	it('is due soon in the last 14 days and pending before', () => {
		expect(deadlineState(d, '2026-04-06').state).toBe('due_soon');
		expect(deadlineState(d, '2026-04-05').state).toBe('pending');
	});
	it('is done once marked, even late', () => {
		expect(deadlineState({ ...d, doneOn: '2026-05-01' }, '2026-06-01')).toEqual({ state: 'done', reason: '平台注册已于 2026-05-01 完成' });
	});
});

describe('names and titles', () => {
	it('follows the seeds’ naming', () => {
		expect(suggestedUnitName('city_detachment', '洛阳市')).toBe('洛阳市科技志愿者支队');
		expect(suggestedUnitName('county_team', '兰考县')).toBe('兰考县科技志愿者队');
		expect(suggestedUnitName('society_detachment', '河南省农学会')).toBe('河南省农学会科技志愿者支队');
	});
	it('titles officers by the kind of unit', () => {
		expect(officerRoleLabel('head', 'city_detachment')).toBe('支队长');
		expect(officerRoleLabel('deputy', 'county_team')).toBe('副队长');
		expect(officerRoleLabel('head', 'corps')).toBe('总队长');
		expect(officerRoleLabel('deputy_secretary', 'squad')).toBe('副秘书长');
	});
	it('takes the worst status and the calendar year', () => {
		expect(worstStatus(['complete', 'at_risk', 'lagging'])).toBe('lagging');
		expect(worstStatus(['complete', 'overdue'])).toBe('overdue');
		expect(worstStatus([])).toBe('complete');
		expect(yearOf('2026-11-23')).toEqual({ startDate: '2026-01-01', endDate: '2026-12-31' });
	});
});

describe('periodSince', () => {
	const year = { startDate: '2026-01-01', endDate: '2026-12-31' };
	it('starts a unit founded in the year on its founding day', () => {
		expect(periodSince(year, '2026-10-10')).toEqual({ startDate: '2026-10-10', endDate: '2026-12-31' });
		expect(periodSince(year, '2026-01-01')).toEqual(year);
	});
	it('keeps the whole year for a unit founded before it, or of unknown founding', () => {
		expect(periodSince(year, '2019-05-04')).toEqual(year);
		expect(periodSince(year, null)).toEqual(year);
	});
	it('leaves only the last day for a founding after the year', () => {
		expect(periodSince(year, '2027-03-01')).toEqual({ startDate: '2026-12-31', endDate: '2026-12-31' });
	});
});
