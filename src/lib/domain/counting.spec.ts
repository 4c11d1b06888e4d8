import { describe, expect, it } from 'vitest';
import { countItems, type CountInput } from './counting';
import type { Targets } from './progress';

const COUNTY: Targets = { teams: 2, membersPerTeam: 20, projects: 2, activities: 10, stations: 2, mechanisms: 8 };
const CYCLE = { startDate: '2025-03-01', endDate: '2026-02-28' };
const TODAY = '2025-09-01';
const empty: CountInput = { teams: [], projects: [], activities: [], stations: [], mechanisms: [] };
const fullStation = { venue: true, facilities: true, rules: true, signage: true, teamId: 't1', projectId: 'p1' };

describe('countItems — teams', () => {
	it('counts registered teams with enough members and says why others do not', () => {
		const r = countItems(
			{
				...empty,
				teams: [
					{ id: 'a', members: 20, registered: true },
					{ id: 'b', members: 19, registered: true },
					{ id: 'c', members: 25, registered: false },
					{ id: 'd', members: 5, registered: false }
				]
			},
			COUNTY,
			CYCLE,
			TODAY
		);
		expect(r.actual.teams).toBe(1);
		expect(r.items.teams).toEqual([
			{ id: 'a', counted: true, reasons: [] },
			{ id: 'b', counted: false, reasons: ['队员 19/20'] },
			{ id: 'c', counted: false, reasons: ['未在大美志愿注册'] },
			{ id: 'd', counted: false, reasons: ['队员 5/20', '未在大美志愿注册'] }
		]);
	});

	it('uses the per-team minimum of the targets (city: 38/50)', () => {
		const r = countItems({ ...empty, teams: [{ id: 'x', members: 38, registered: true }] }, { ...COUNTY, membersPerTeam: 50 }, CYCLE, TODAY);
		expect(r.items.teams[0].reasons).toEqual(['队员 38/50']);
	});
});

describe('countItems — activities and projects', () => {
	const activities = [
		{ id: 'first-day', date: '2025-03-01', projectId: 'p1' },
		{ id: 'today', date: '2025-09-01', projectId: null },
		{ id: 'before', date: '2025-02-28', projectId: 'p2' },
		{ id: 'planned', date: '2025-09-02', projectId: 'p2' },
		{ id: 'after-end', date: '2026-03-01' }
	];

	it('counts activities held inside the cycle up to today', () => {
		const r = countItems({ ...empty, activities }, COUNTY, CYCLE, TODAY);
		expect(r.actual.activities).toBe(2);
		expect(Object.fromEntries(r.items.activities.map((a) => [a.id, a.reasons]))).toEqual({
			'first-day': [],
			today: [],
			before: ['不在试点周期内'],
			planned: ['计划中，尚未开展'],
			'after-end': ['不在试点周期内']
		});
	});

	it('counts an activity on the last day of the cycle once that day has come', () => {
		const r = countItems({ ...empty, activities: [{ id: 'last', date: '2026-02-28' }] }, COUNTY, CYCLE, '2026-03-10');
		expect(r.actual.activities).toBe(1);
	});

	it('counts a project once one of its activities counts', () => {
		const r = countItems({ ...empty, projects: [{ id: 'p1' }, { id: 'p2' }, { id: 'p3' }], activities }, COUNTY, CYCLE, TODAY);
		expect(r.actual.projects).toBe(1);
		expect(r.items.projects).toEqual([
			{ id: 'p1', counted: true, reasons: [] },
			{ id: 'p2', counted: false, reasons: ['暂无已开展的活动'] },
			{ id: 'p3', counted: false, reasons: ['暂无已开展的活动'] }
		]);
	});
});

describe('countItems — stations and the six 有', () => {
	const base = { ...empty, teams: [{ id: 't1', members: 30, registered: true }], projects: [{ id: 'p1' }] };

	it('counts a station that meets all six', () => {
		const r = countItems({ ...base, stations: [{ id: 's', ...fullStation }] }, COUNTY, CYCLE, TODAY);
		expect(r.actual.stations).toBe(1);
	});

	it('lists every missing 有 in the scheme order', () => {
		const r = countItems(
			{
				...base,
				stations: [
					{ id: 'sign', ...fullStation, signage: false },
					{ id: 'many', ...fullStation, venue: false, teamId: null, rules: false, signage: false }
				]
			},
			COUNTY,
			CYCLE,
			TODAY
		);
		expect(r.actual.stations).toBe(0);
		expect(r.items.stations[0].reasons).toEqual(['缺：有标识']);
		expect(r.items.stations[1].reasons).toEqual(['缺：有场所、有队伍、有制度、有标识']);
	});

	it('needs the linked team and project to belong to this pilot', () => {
		const r = countItems(
			{ ...base, stations: [{ id: 'foreign', ...fullStation, teamId: 'other-pilot-team', projectId: 'other-pilot-project' }] },
			COUNTY,
			CYCLE,
			TODAY
		);
		expect(r.items.stations[0].reasons).toEqual(['缺：有队伍、有项目']);
	});

	it('does not need the linked team itself to count', () => {
		const r = countItems(
			{ ...base, teams: [{ id: 't1', members: 3, registered: false }], stations: [{ id: 's', ...fullStation }] },
			COUNTY,
			CYCLE,
			TODAY
		);
		expect(r.actual.stations).toBe(1);
	});
});

describe('countItems — mechanisms', () => {
	it('counts established mechanisms with a document, keyed by key', () => {
		const r = countItems(
			{
				...empty,
				mechanisms: [
					{ key: 'work_norms', status: 'established', document: '豫科协〔2025〕3号' },
					{ key: 'rights', status: 'established', document: '   ' },
					{ key: 'records', status: 'established', document: null },
					{ key: 'supervision', status: 'drafting', document: '草案' },
					{ key: 'incentives', status: 'not_started' }
				]
			},
			COUNTY,
			CYCLE,
			TODAY
		);
		expect(r.actual.mechanisms).toBe(1);
		expect(r.items.mechanisms).toEqual([
			{ id: 'work_norms', counted: true, reasons: [] },
			{ id: 'rights', counted: false, reasons: ['已建立，但缺少制度文件'] },
			{ id: 'records', counted: false, reasons: ['已建立，但缺少制度文件'] },
			{ id: 'supervision', counted: false, reasons: ['起草中'] },
			{ id: 'incentives', counted: false, reasons: ['未开始'] }
		]);
	});
});

describe('countItems — empty pilot', () => {
	it('counts nothing', () => {
		const r = countItems(empty, COUNTY, CYCLE, TODAY);
		expect(r.actual).toEqual({ teams: 0, projects: 0, activities: 0, stations: 0, mechanisms: 0 });
	});
});
