import { describe, expect, it } from 'vitest';
import {
	canBeChildOf,
	isOrgKind,
	ORG_KIND_LABELS,
	ORG_KINDS,
	sizeRequirement,
	unitMembers,
	type OrgKind,
	type OrgUnitInput
} from './organisation';

describe('kinds', () => {
	it('lists the seven kinds with Chinese labels', () => {
		expect(ORG_KINDS).toEqual([
			'corps',
			'city_detachment',
			'society_detachment',
			'university_detachment',
			'enterprise_detachment',
			'county_team',
			'squad'
		]);
		expect(ORG_KINDS.map((k) => ORG_KIND_LABELS[k])).toEqual([
			'总队',
			'市级支队',
			'学会支队',
			'高校支队',
			'企业（园区）支队',
			'县（市、区）队',
			'分队'
		]);
	});

	it('recognises kinds', () => {
		expect(isOrgKind('county_team')).toBe(true);
		expect(isOrgKind('county')).toBe(false);
		expect(isOrgKind(null)).toBe(false);
	});
});

describe('sizeRequirement', () => {
	it('has the first-batch defaults of 002, yearEnd equal to them', () => {
		const expected: Record<OrgKind, number> = {
			corps: 0,
			city_detachment: 300,
			society_detachment: 30,
			university_detachment: 100,
			enterprise_detachment: 0,
			county_team: 50,
			squad: 0
		};
		for (const k of ORG_KINDS) expect(sizeRequirement(k), k).toEqual({ firstBatch: expected[k], yearEnd: expected[k] });
	});

	it('lets a setting replace firstBatch, and yearEnd follows the replaced value', () => {
		expect(sizeRequirement('society_detachment', { society_detachment: { firstBatch: 20 } })).toEqual({ firstBatch: 20, yearEnd: 20 });
	});

	it('takes a setting’s yearEnd when given (004: 学会 20 → 50, 区县 100 → 500)', () => {
		const settings = {
			society_detachment: { firstBatch: 20, yearEnd: 50 },
			county_team: { firstBatch: 100, yearEnd: 500 }
		};
		expect(sizeRequirement('society_detachment', settings)).toEqual({ firstBatch: 20, yearEnd: 50 });
		expect(sizeRequirement('county_team', settings)).toEqual({ firstBatch: 100, yearEnd: 500 });
	});

	it('keeps the default firstBatch when a setting gives only yearEnd', () => {
		expect(sizeRequirement('city_detachment', { city_detachment: { yearEnd: 400 } })).toEqual({ firstBatch: 300, yearEnd: 400 });
	});

	it('uses only the setting of the asked kind', () => {
		const settings = { county_team: { firstBatch: 80, yearEnd: 120 } };
		expect(sizeRequirement('city_detachment', settings)).toEqual({ firstBatch: 300, yearEnd: 300 });
		expect(sizeRequirement('squad', settings)).toEqual({ firstBatch: 0, yearEnd: 0 });
		expect(sizeRequirement('squad', {})).toEqual({ firstBatch: 0, yearEnd: 0 });
	});

	it('accepts a setting of 0, which is not the same as missing', () => {
		expect(sizeRequirement('city_detachment', { city_detachment: { firstBatch: 0 } })).toEqual({ firstBatch: 0, yearEnd: 0 });
		expect(sizeRequirement('county_team', { county_team: { yearEnd: 0 } })).toEqual({ firstBatch: 50, yearEnd: 0 });
	});

	it('throws on an unknown kind or a size that is not a whole number ≥ 0', () => {
		expect(() => sizeRequirement('county' as OrgKind)).toThrow(/unknown organisation kind/);
		expect(() => sizeRequirement('county_team', { county_team: { firstBatch: -1 } })).toThrow(/whole number/);
		expect(() => sizeRequirement('county_team', { county_team: { yearEnd: 2.5 } })).toThrow(/whole number/);
		expect(() => sizeRequirement('county_team', { county_team: { firstBatch: Number.NaN } })).toThrow(/whole number/);
	});
});

describe('canBeChildOf', () => {
	it('puts the corps at the top and 支队 under it', () => {
		expect(canBeChildOf('corps', null)).toBe(true);
		expect(canBeChildOf('corps', 'corps')).toBe(false);
		for (const k of ['city_detachment', 'society_detachment', 'university_detachment', 'enterprise_detachment'] as const) {
			expect(canBeChildOf(k, 'corps'), k).toBe(true);
			expect(canBeChildOf(k, null), k).toBe(false);
			expect(canBeChildOf(k, 'city_detachment'), k).toBe(false);
		}
	});

	it('puts a county team under a city 支队 and a squad under anything but a squad', () => {
		expect(canBeChildOf('county_team', 'city_detachment')).toBe(true);
		expect(canBeChildOf('county_team', 'corps')).toBe(false);
		expect(canBeChildOf('county_team', 'university_detachment')).toBe(false);
		for (const k of ORG_KINDS) expect(canBeChildOf('squad', k), k).toBe(k !== 'squad');
		expect(canBeChildOf('squad', null)).toBe(false);
	});
});

describe('unitMembers', () => {
	// 总队 ─ 洛阳支队 ─ 栾川县队 ─ 分队A
	//      │          └ 嵩县队
	//      └ 学会支队 ─ 分队B
	const tree: OrgUnitInput[] = [
		{ id: 'corps', parentId: null, memberKeys: ['p:boss'] },
		{ id: 'luoyang', parentId: 'corps', memberKeys: ['p:1', 'p:2'] },
		{ id: 'luanchuan', parentId: 'luoyang', memberKeys: ['p:2', 'p:3', 'p:4'] },
		{ id: 'squadA', parentId: 'luanchuan', memberKeys: ['p:4', 'p:5', 'p:5'] },
		{ id: 'songxian', parentId: 'luoyang', memberKeys: ['p:3', 'p:6'] },
		{ id: 'society', parentId: 'corps', memberKeys: ['p:1', 'p:7'] },
		{ id: 'squadB', parentId: 'society', memberKeys: [] }
	];

	it('counts each person once across a unit and everything below it', () => {
		expect(unitMembers(tree)).toEqual({
			corps: 8, // boss, 1–7
			luoyang: 6, // 1–6
			luanchuan: 4, // 2, 3, 4, 5
			squadA: 2, // 4, 5 (5 twice on its own roster)
			songxian: 2,
			society: 2, // 1 and 7
			squadB: 0
		});
	});

	it('does not depend on the order of the units', () => {
		expect(unitMembers([...tree].reverse())).toEqual(unitMembers(tree));
		expect(unitMembers([...tree].reverse()).luoyang).toBe(6);
	});

	it('treats a unit whose parent is not given as a top unit', () => {
		const part = tree.filter((u) => ['luoyang', 'luanchuan', 'songxian'].includes(u.id));
		expect(unitMembers(part)).toEqual({ luoyang: 5, luanchuan: 3, songxian: 2 });
	});

	it('ignores empty keys and handles no units', () => {
		expect(unitMembers([{ id: 'x', parentId: null, memberKeys: ['', 'a', ''] }])).toEqual({ x: 1 });
		expect(unitMembers([])).toEqual({});
	});

	it('throws on duplicate ids and on cycles', () => {
		expect(() =>
			unitMembers([
				{ id: 'a', parentId: null, memberKeys: [] },
				{ id: 'a', parentId: null, memberKeys: [] }
			])
		).toThrow(/duplicate/);
		expect(() =>
			unitMembers([
				{ id: 'a', parentId: 'b', memberKeys: ['x'] },
				{ id: 'b', parentId: 'a', memberKeys: [] }
			])
		).toThrow(/cycle/);
		expect(() => unitMembers([{ id: 'a', parentId: 'a', memberKeys: [] }])).toThrow(/cycle/);
	});

	it('handles a deep chain', () => {
		const chain: OrgUnitInput[] = Array.from({ length: 50 }, (_, i) => ({
			id: `u${i}`,
			parentId: i === 0 ? null : `u${i - 1}`,
			memberKeys: [`p${i}`, 'shared']
		}));
		const r = unitMembers(chain);
		expect(r.u0).toBe(51);
		expect(r.u49).toBe(2);
		expect(r.u25).toBe(26);
	});
});
