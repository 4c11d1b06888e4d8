import { describe, expect, it } from 'vitest';
import { countItems, missingSixYou, type CountInput } from './counting';
import { evaluateProgress, type Targets } from './progress';

const CITY: Targets = { teams: 10, membersPerTeam: 50, projects: 5, activities: 20, stations: 10, mechanisms: 8 };
const COUNTY: Targets = { teams: 2, membersPerTeam: 20, projects: 2, activities: 10, stations: 2, mechanisms: 8 };
const CYCLE = { startDate: '2025-03-01', endDate: '2026-02-28' };
const TODAY = '2025-09-01';
const empty: CountInput = { teams: [], projects: [], activities: [], stations: [], mechanisms: [] };
const fullStation = { venue: true, facilities: true, rules: true, signage: true, teamId: 't1', projectId: 'p1' };
const reasonsById = (list: { id: string; reasons: string[] }[]) => Object.fromEntries(list.map((x) => [x.id, x.reasons]));

describe('countItems — teams', () => {
	it('counts registered teams with enough members and says why others do not', () => {
		const r = countItems(
			{
				...empty,
				teams: [
					{ id: 'a', members: 20, registered: true },
					{ id: 'b', members: 19, registered: true },
					{ id: 'c', members: 25, registered: false },
					{ id: 'd', members: 5, registered: false },
					{ id: 'e', members: 80, registered: true }
				]
			},
			COUNTY,
			CYCLE,
			TODAY
		);
		expect(r.actual.teams).toBe(2);
		expect(r.items.teams).toEqual([
			{ id: 'a', counted: true, reasons: [] },
			{ id: 'b', counted: false, reasons: ['队员 19/20'] },
			{ id: 'c', counted: false, reasons: ['未在大美志愿注册'] },
			{ id: 'd', counted: false, reasons: ['队员 5/20', '未在大美志愿注册'] },
			{ id: 'e', counted: true, reasons: [] }
		]);
	});

	it('uses the per-team minimum of the targets (city: 38/50)', () => {
		const r = countItems(
			{ ...empty, teams: [{ id: 'x', members: 38, registered: true }, { id: 'y', members: 50, registered: true }] },
			CITY,
			CYCLE,
			TODAY
		);
		expect(r.items.teams[0]).toEqual({ id: 'x', counted: false, reasons: ['队员 38/50'] });
		expect(r.items.teams[1]).toEqual({ id: 'y', counted: true, reasons: [] });
		expect(r.actual.teams).toBe(1);
	});
});

describe('countItems — activities', () => {
	const activities = [
		{ id: 'first-day', date: '2025-03-01' },
		{ id: 'today', date: '2025-09-01' },
		{ id: 'day-before-start', date: '2025-02-28' },
		{ id: 'tomorrow', date: '2025-09-02' },
		{ id: 'last-day', date: '2026-02-28' },
		{ id: 'day-after-end', date: '2026-03-01' },
		{ id: 'year-before', date: '2024-09-01' }
	];

	it('counts activities held inside the cycle up to today', () => {
		const r = countItems({ ...empty, activities }, COUNTY, CYCLE, TODAY);
		expect(r.actual.activities).toBe(2);
		expect(reasonsById(r.items.activities)).toEqual({
			'first-day': [],
			today: [],
			'day-before-start': ['不在试点周期内'],
			tomorrow: ['计划中，尚未开展'],
			'last-day': ['计划中，尚未开展'],
			'day-after-end': ['不在试点周期内'],
			'year-before': ['不在试点周期内']
		});
	});

	it('counts the last day of the cycle once that day has come, and never the day after', () => {
		const onLastDay = countItems({ ...empty, activities }, COUNTY, CYCLE, '2026-02-28');
		expect(reasonsById(onLastDay.items.activities)['last-day']).toEqual([]);
		expect(onLastDay.actual.activities).toBe(4); // first-day, today, tomorrow, last-day
		const later = countItems({ ...empty, activities }, COUNTY, CYCLE, '2026-06-01');
		expect(later.actual.activities).toBe(4);
		expect(reasonsById(later.items.activities)['day-after-end']).toEqual(['不在试点周期内']);
	});

	it('on the start day only that day counts', () => {
		const r = countItems({ ...empty, activities }, COUNTY, CYCLE, '2025-03-01');
		expect(r.actual.activities).toBe(1);
		expect(reasonsById(r.items.activities)['today']).toEqual(['计划中，尚未开展']);
	});

	it('rejects a malformed activity date instead of miscounting it', () => {
		expect(() => countItems({ ...empty, activities: [{ id: 'bad', date: '2025-9-1' }] }, COUNTY, CYCLE, TODAY)).toThrow(
			/date of activity bad is not a valid date/
		);
	});
});

describe('countItems — projects', () => {
	it('counts a project once one of its activities counts', () => {
		const r = countItems(
			{
				...empty,
				projects: [{ id: 'p1' }, { id: 'p2' }, { id: 'p3' }, { id: 'p4' }],
				activities: [
					{ id: 'a1', date: '2025-05-10', projectId: 'p1' },
					{ id: 'a2', date: '2025-06-10', projectId: 'p1' },
					{ id: 'a3', date: '2025-10-01', projectId: 'p2' }, // planned
					{ id: 'a4', date: '2025-02-01', projectId: 'p3' }, // before the cycle
					{ id: 'a5', date: '2025-07-01', projectId: null },
					{ id: 'a6', date: '2025-07-02' }
				]
			},
			COUNTY,
			CYCLE,
			TODAY
		);
		expect(r.actual.projects).toBe(1);
		expect(r.actual.activities).toBe(4);
		expect(r.items.projects).toEqual([
			{ id: 'p1', counted: true, reasons: [] },
			{ id: 'p2', counted: false, reasons: ['暂无已开展的活动'] },
			{ id: 'p3', counted: false, reasons: ['暂无已开展的活动'] },
			{ id: 'p4', counted: false, reasons: ['暂无已开展的活动'] }
		]);
	});

	it('an activity of an unknown project counts as an activity but counts no project', () => {
		const r = countItems(
			{ ...empty, projects: [{ id: 'p1' }], activities: [{ id: 'a', date: '2025-05-10', projectId: 'elsewhere' }] },
			COUNTY,
			CYCLE,
			TODAY
		);
		expect(r.actual).toEqual({ teams: 0, projects: 0, activities: 1, stations: 0, mechanisms: 0 });
	});
});

describe('countItems — stations and the six 有', () => {
	const base = { ...empty, teams: [{ id: 't1', members: 30, registered: true }], projects: [{ id: 'p1' }] };

	it('counts a station that meets all six', () => {
		const r = countItems({ ...base, stations: [{ id: 's', ...fullStation }] }, COUNTY, CYCLE, TODAY);
		expect(r.actual.stations).toBe(1);
		expect(r.items.stations).toEqual([{ id: 's', counted: true, reasons: [] }]);
	});

	it('lists every missing 有 in the scheme order, in one sentence', () => {
		const r = countItems(
			{
				...base,
				stations: [
					{ id: 'sign', ...fullStation, signage: false },
					{ id: 'venue-sign', ...fullStation, venue: false, signage: false },
					{ id: 'many', ...fullStation, venue: false, teamId: null, rules: false, signage: false },
					{ id: 'facilities', ...fullStation, facilities: false },
					{ id: 'no-project', ...fullStation, projectId: undefined },
					{ id: 'none', venue: false, facilities: false, rules: false, signage: false }
				]
			},
			COUNTY,
			CYCLE,
			TODAY
		);
		expect(r.actual.stations).toBe(0);
		expect(reasonsById(r.items.stations)).toEqual({
			sign: ['缺：有标识'],
			'venue-sign': ['缺：有场所、有标识'],
			many: ['缺：有场所、有队伍、有制度、有标识'],
			facilities: ['缺：有设施'],
			'no-project': ['缺：有项目'],
			none: ['缺：有场所、有队伍、有项目、有设施、有制度、有标识']
		});
	});

	it('lacks 有队伍 / 有项目 when linked to a team or project of another pilot', () => {
		const r = countItems(
			{
				...base,
				stations: [
					{ id: 'foreign-team', ...fullStation, teamId: 'other-pilot-team' },
					{ id: 'foreign-both', ...fullStation, teamId: 'other-pilot-team', projectId: 'other-pilot-project' }
				]
			},
			COUNTY,
			CYCLE,
			TODAY
		);
		expect(r.actual.stations).toBe(0);
		expect(r.items.stations[0].reasons).toEqual(['缺：有队伍']);
		expect(r.items.stations[1].reasons).toEqual(['缺：有队伍、有项目']);
	});

	it('does not need the linked team or project to count itself', () => {
		const r = countItems(
			{ ...base, teams: [{ id: 't1', members: 3, registered: false }], stations: [{ id: 's', ...fullStation }] },
			COUNTY,
			CYCLE,
			TODAY
		);
		expect(r.actual.teams).toBe(0);
		expect(r.actual.projects).toBe(0); // p1 has no activity
		expect(r.actual.stations).toBe(1);
	});

	it('missingSixYou reports the keys in scheme order', () => {
		const teams = new Set(['t1']);
		const projects = new Set(['p1']);
		expect(missingSixYou({ id: 's', ...fullStation }, teams, projects)).toEqual([]);
		expect(missingSixYou({ id: 's', ...fullStation, signage: false, teamId: 'tX', venue: false }, teams, projects)).toEqual([
			'venue',
			'team',
			'signage'
		]);
		expect(missingSixYou({ id: 's', ...fullStation }, new Set(), new Set())).toEqual(['team', 'project']);
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
					{ key: 'recognition', status: 'established' },
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
			{ id: 'recognition', counted: false, reasons: ['已建立，但缺少制度文件'] },
			{ id: 'supervision', counted: false, reasons: ['起草中'] },
			{ id: 'incentives', counted: false, reasons: ['未开始'] }
		]);
	});

	it('counts all eight when all are established with documents', () => {
		const keys = ['work_norms', 'dynamic_management', 'recruit_train_exit', 'supervision', 'rights', 'records', 'recognition', 'incentives'];
		const r = countItems(
			{ ...empty, mechanisms: keys.map((key) => ({ key, status: 'established' as const, document: `${key}.pdf` })) },
			COUNTY,
			CYCLE,
			TODAY
		);
		expect(r.actual.mechanisms).toBe(8);
		expect(r.items.mechanisms.map((m) => m.id)).toEqual(keys);
	});
});

describe('countItems — whole pilot', () => {
	it('counts nothing for an empty pilot', () => {
		const r = countItems(empty, COUNTY, CYCLE, TODAY);
		expect(r.actual).toEqual({ teams: 0, projects: 0, activities: 0, stations: 0, mechanisms: 0 });
		expect(r.items).toEqual({ teams: [], projects: [], activities: [], stations: [], mechanisms: [] });
	});

	it('feeds evaluateProgress: a county pilot complete on the stations it counts', () => {
		const counted = countItems(
			{
				teams: [
					{ id: 't1', members: 20, registered: true },
					{ id: 't2', members: 24, registered: true }
				],
				projects: [{ id: 'p1' }, { id: 'p2' }],
				activities: Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, date: `2025-0${4 + (i % 5)}-1${i % 9}`, projectId: i % 2 ? 'p1' : 'p2' })),
				stations: [
					{ id: 's1', ...fullStation },
					{ id: 's2', ...fullStation, projectId: 'p2', teamId: 't2', signage: false }
				],
				mechanisms: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((key) => ({ key, status: 'established' as const, document: 'doc' }))
			},
			COUNTY,
			CYCLE,
			TODAY
		);
		expect(counted.actual).toEqual({ teams: 2, projects: 2, activities: 10, stations: 1, mechanisms: 8 });
		const progress = evaluateProgress({ startDate: CYCLE.startDate, targets: COUNTY, actual: counted.actual }, TODAY);
		// stations 1/2 = 0.5 ≈ expected 0.504: not behind by gap; projection 1/0.504 = 1.98 < 2
		expect(progress.status).toBe('at_risk');
		expect(progress.reasons).toEqual(['站点 1/2，按当前进度期末约 1.9，低于目标 2']);
		expect(progress.monthlyNeed).toEqual({ stations: 1 });
	});

	it('rejects an invalid today or cycle', () => {
		expect(() => countItems(empty, COUNTY, CYCLE, '2025-02-30')).toThrow(/today is not a valid date/);
		expect(() => countItems(empty, COUNTY, { startDate: '2025-03-01', endDate: '2026-2-28' }, TODAY)).toThrow(/cycle\.endDate/);
		expect(() => countItems(empty, COUNTY, { startDate: '2026-03-01', endDate: '2025-02-28' }, TODAY)).toThrow(/before it starts/);
	});
});
