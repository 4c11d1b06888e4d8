import { describe, expect, it } from 'vitest';
import { applyFilter, describeFilter, readFilter, summarize } from './dashboard';
import type { PilotRow } from '$lib/server/views/pilot-row';

const row = (over: Partial<PilotRow>): PilotRow =>
	({
		id: 1,
		name: '洛阳市科协',
		level: 'city',
		cityName: '洛阳市',
		cityCode: '410300',
		divisionName: '洛阳市',
		divisionCode: '410300',
		lifecycle: 'approved',
		startDate: '2026-01-01',
		endDate: '2026-12-31',
		daysLeft: 100,
		expected: 0.5,
		overall: 0.5,
		status: 'on_track',
		reasons: [],
		dimensions: (['teams', 'projects', 'activities', 'stations', 'mechanisms'] as const).map((key) => ({ key, actual: 1, target: 2, ratio: 0.5 })),
		...over
	}) as PilotRow;

const ROWS = [
	row({ id: 1, name: '洛阳市科协', status: 'on_track', overall: 0.55 }),
	row({ id: 2, name: '栾川县科协', level: 'county', divisionCode: '410324', status: 'lagging', overall: 0.2, startDate: '2025-12-01' }),
	row({ id: 3, name: '兰考县科协', level: 'county', cityCode: '410200', cityName: '开封市', divisionCode: '410225', status: 'overdue', overall: 0.9 }),
	row({ id: 4, name: '许昌市科协', cityCode: '411000', cityName: '许昌市', divisionCode: '411000', status: 'complete', overall: 1 })
];

describe('dashboard filters', () => {
	it('read the summary figure a leader clicked, and only known values', () => {
		const f = readFilter(new URLSearchParams('kind=science_lecture&field=health&month=2026-03&partner=university'));
		expect(f).toMatchObject({ kind: 'science_lecture', field: 'health', month: '2026-03', partner: 'university' });
		const junk = readFilter(new URLSearchParams('kind=party&field=x&month=2026-13&partner=<script>'));
		expect(junk).toMatchObject({ kind: null, field: null, month: null, partner: null });
	});

	it('keep only the pilots behind the figure when given their ids', () => {
		const base = readFilter(new URLSearchParams());
		expect(applyFilter(ROWS, base, new Set([2, 4])).map((p) => p.id).sort()).toEqual([2, 4]);
		expect(applyFilter(ROWS, { ...base, level: 'county' }, new Set([2, 4])).map((p) => p.id)).toEqual([2]);
		expect(applyFilter(ROWS, base, new Set())).toEqual([]);
	});

	it('say in Chinese what is filtered', () => {
		const f = readFilter(new URLSearchParams('level=county&city=410300&kind=science_lecture&month=2026-03&partner=medical'));
		expect(describeFilter(f, '洛阳市').map((d) => d.label)).toEqual(['级别：县级', '所在市：洛阳市', '开展过科普报告', '2026年3月开展过活动', '有依托医疗卫生机构的服务队']);
		expect(describeFilter(readFilter(new URLSearchParams()))).toEqual([]);
	});

	it('read only values they know from the URL', () => {
		const f = readFilter(new URLSearchParams('level=county&status=lagging&city=410300&q= 栾川 &sort=overall&dir=desc&round=2'));
		expect(f).toEqual({ round: 2, level: 'county', city: '410300', status: 'lagging', q: '栾川', sort: 'overall', desc: true, kind: null, field: null, month: null, partner: null });
		const junk = readFilter(new URLSearchParams('level=town&status=bad&city=x&sort=drop table&round=abc'));
		expect(junk).toMatchObject({ round: null, level: null, city: null, status: null, sort: 'attention', desc: false });
	});

	it('filter by level, city, status and text', () => {
		const base = readFilter(new URLSearchParams());
		expect(applyFilter(ROWS, { ...base, level: 'county' }).map((p) => p.id)).toEqual([3, 2]);
		expect(applyFilter(ROWS, { ...base, city: '410300' }).map((p) => p.id).sort()).toEqual([1, 2]);
		expect(applyFilter(ROWS, { ...base, status: 'lagging', level: 'county' }).map((p) => p.id)).toEqual([2]);
		expect(applyFilter(ROWS, { ...base, q: '410225' }).map((p) => p.id)).toEqual([3]);
		expect(applyFilter(ROWS, { ...base, q: '开封' }).map((p) => p.id)).toEqual([3]);
	});

	it('sort most urgent first by default, or by a column either way', () => {
		const base = readFilter(new URLSearchParams());
		expect(applyFilter(ROWS, base).map((p) => p.status)).toEqual(['overdue', 'lagging', 'on_track', 'complete']);
		expect(applyFilter(ROWS, { ...base, sort: 'overall' }).map((p) => p.id)).toEqual([2, 1, 3, 4]);
		expect(applyFilter(ROWS, { ...base, sort: 'overall', desc: true }).map((p) => p.id)).toEqual([4, 3, 1, 2]);
		expect(applyFilter(ROWS, { ...base, sort: 'approval' }).map((p) => p.id)[0]).toBe(2);
	});

	it('count statuses and average each dimension per level', () => {
		const s = summarize([...ROWS, row({ id: 5, level: 'county', status: null })]);
		expect(s.byStatus).toEqual({ complete: 1, overdue: 1, lagging: 1, at_risk: 0, on_track: 1 });
		expect(s.completion[0]).toEqual({ key: 'teams', city: 0.5, county: 0.5 });
	});
});
