import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	allocateQuotas,
	evaluateEligibility,
	NOMINATION_CATEGORIES,
	NOMINATION_CATEGORY_LABELS,
	type Candidate,
	type CallRules,
	type NominationCategory
} from './nominations';

const RULES: CallRules = { cutoffDate: '2026-03-01' };
const GOOD: Candidate = { registered: true, cleanRecord: true, selectedBefore: false };
const OK = { eligible: true, reasons: [] };
const no = (...reasons: string[]) => ({ eligible: false, reasons });

describe('labels', () => {
	it('names the four categories', () => {
		expect(NOMINATION_CATEGORIES.map((c) => NOMINATION_CATEGORY_LABELS[c])).toEqual([
			'科技志愿者',
			'科技志愿服务队',
			'科技志愿服务项目',
			'科技志愿服务点（社区或村）'
		]);
	});
});

describe('evaluateEligibility — conditions of every category', () => {
	const full: Record<NominationCategory, Candidate> = {
		volunteer: GOOD,
		team: { ...GOOD, registeredVolunteers: 20 },
		project: { ...GOOD, registeredVolunteers: 20, startDate: '2025-03-01' },
		station: { ...GOOD, registeredVolunteers: 100, residents: 1000, activityKinds: 3, teams: 3 }
	};

	it('a candidate meeting every condition is eligible', () => {
		for (const cat of NOMINATION_CATEGORIES) expect(evaluateEligibility(cat, full[cat], RULES), cat).toEqual(OK);
	});

	it('each common condition alone fails every category', () => {
		for (const cat of NOMINATION_CATEGORIES) {
			expect(evaluateEligibility(cat, { ...full[cat], registered: false }, RULES), cat).toEqual(no('未在科技志愿服务信息平台注册'));
			expect(evaluateEligibility(cat, { ...full[cat], cleanRecord: false }, RULES), cat).toEqual(no('未确认无不良记录或违法违纪行为'));
			expect(evaluateEligibility(cat, { ...full[cat], selectedBefore: true }, RULES), cat).toEqual(no('已入选往届典型，不再参加'));
		}
	});

	it('lists all common reasons in order', () => {
		expect(evaluateEligibility('volunteer', { registered: false, cleanRecord: false, selectedBefore: true }, RULES)).toEqual(
			no('未在科技志愿服务信息平台注册', '未确认无不良记录或违法违纪行为', '已入选往届典型，不再参加')
		);
	});

	it('a volunteer needs nothing else', () => {
		expect(evaluateEligibility('volunteer', { ...GOOD, registeredVolunteers: 0, residents: 0 }, RULES)).toEqual(OK);
	});
});

describe('evaluateEligibility — team', () => {
	it('needs 20 registered volunteers', () => {
		expect(evaluateEligibility('team', { ...GOOD, registeredVolunteers: 20 }, RULES)).toEqual(OK);
		expect(evaluateEligibility('team', { ...GOOD, registeredVolunteers: 19 }, RULES)).toEqual(no('注册志愿者 19 人，少于 20 人'));
		expect(evaluateEligibility('team', { ...GOOD, registeredVolunteers: 16 }, RULES)).toEqual(no('注册志愿者 16 人，少于 20 人'));
	});

	it('needs only 10 when outstanding', () => {
		expect(evaluateEligibility('team', { ...GOOD, registeredVolunteers: 10, outstanding: true }, RULES)).toEqual(OK);
		expect(evaluateEligibility('team', { ...GOOD, registeredVolunteers: 9, outstanding: true }, RULES)).toEqual(no('注册志愿者 9 人，少于 10 人'));
		expect(evaluateEligibility('team', { ...GOOD, registeredVolunteers: 10, outstanding: false }, RULES)).toEqual(
			no('注册志愿者 10 人，少于 20 人')
		);
	});

	it('counts a missing number as 0', () => {
		expect(evaluateEligibility('team', GOOD, RULES)).toEqual(no('注册志愿者 0 人，少于 20 人'));
		expect(evaluateEligibility('team', { ...GOOD, outstanding: true }, RULES)).toEqual(no('注册志愿者 0 人，少于 10 人'));
	});

	it('uses the call’s own minimums', () => {
		const rules = { ...RULES, teamMinVolunteers: 30, teamMinVolunteersOutstanding: 15 };
		expect(evaluateEligibility('team', { ...GOOD, registeredVolunteers: 25 }, rules)).toEqual(no('注册志愿者 25 人，少于 30 人'));
		expect(evaluateEligibility('team', { ...GOOD, registeredVolunteers: 14, outstanding: true }, rules)).toEqual(
			no('注册志愿者 14 人，少于 15 人')
		);
		expect(evaluateEligibility('team', { ...GOOD, registeredVolunteers: 30 }, rules)).toEqual(OK);
	});

	it('lets an outstanding team meet either minimum, should a call set the relaxed one higher', () => {
		const rules = { ...RULES, teamMinVolunteersOutstanding: 30 };
		expect(evaluateEligibility('team', { ...GOOD, registeredVolunteers: 25, outstanding: true }, rules)).toEqual(OK);
		expect(evaluateEligibility('team', { ...GOOD, registeredVolunteers: 19, outstanding: true }, rules)).toEqual(no('注册志愿者 19 人，少于 20 人'));
	});

	it('combines common and team reasons', () => {
		expect(evaluateEligibility('team', { ...GOOD, registered: false, registeredVolunteers: 5 }, RULES)).toEqual(
			no('未在科技志愿服务信息平台注册', '注册志愿者 5 人，少于 20 人')
		);
	});
});

describe('evaluateEligibility — project', () => {
	const project = (startDate: string | null | undefined, registeredVolunteers = 20): Candidate => ({
		...GOOD,
		startDate,
		registeredVolunteers
	});

	it('needs a full year before the cut-off: start + 1 year ≤ cut-off', () => {
		expect(evaluateEligibility('project', project('2025-03-01'), { cutoffDate: '2026-03-01' })).toEqual(OK);
		expect(evaluateEligibility('project', project('2025-03-01'), { cutoffDate: '2026-02-28' })).toEqual(
			no('项目 2025-03-01 开始，至 2026-02-28 不满 1 年')
		);
		expect(evaluateEligibility('project', project('2025-03-02'), { cutoffDate: '2026-03-01' })).toEqual(
			no('项目 2025-03-02 开始，至 2026-03-01 不满 1 年')
		);
	});

	it('a 29 February start is one year old on 28 February', () => {
		expect(evaluateEligibility('project', project('2024-02-29'), { cutoffDate: '2025-02-28' })).toEqual(OK);
		expect(evaluateEligibility('project', project('2024-02-29'), { cutoffDate: '2025-02-27' })).toEqual(
			no('项目 2024-02-29 开始，至 2025-02-27 不满 1 年')
		);
		// four years later there is a 29 February again
		const four = { cutoffDate: '2028-02-28', projectMinYears: 4 };
		expect(evaluateEligibility('project', project('2024-02-29'), four).eligible).toBe(false);
		expect(evaluateEligibility('project', project('2024-02-29'), { ...four, cutoffDate: '2028-02-29' })).toEqual(OK);
	});

	it('a start after the cut-off fails', () => {
		expect(evaluateEligibility('project', project('2026-05-01'), RULES)).toEqual(no('项目 2026-05-01 开始，至 2026-03-01 不满 1 年'));
	});

	it('uses projectMinYears', () => {
		expect(evaluateEligibility('project', project('2024-03-01'), { ...RULES, projectMinYears: 2 })).toEqual(OK);
		expect(evaluateEligibility('project', project('2024-03-02'), { ...RULES, projectMinYears: 2 })).toEqual(
			no('项目 2024-03-02 开始，至 2026-03-01 不满 2 年')
		);
		expect(evaluateEligibility('project', project('2026-03-01'), { ...RULES, projectMinYears: 0 })).toEqual(OK);
	});

	it('needs a start date', () => {
		expect(evaluateEligibility('project', project(null), RULES)).toEqual(no('未填写项目开始日期'));
		expect(evaluateEligibility('project', project(undefined), RULES)).toEqual(no('未填写项目开始日期'));
		expect(evaluateEligibility('project', project(''), RULES)).toEqual(no('未填写项目开始日期'));
	});

	it('needs 20 registered volunteers, alone and with the date', () => {
		expect(evaluateEligibility('project', project('2025-01-01', 19), RULES)).toEqual(no('注册志愿者 19 人，少于 20 人'));
		expect(evaluateEligibility('project', { ...GOOD, startDate: '2025-01-01' }, RULES)).toEqual(no('注册志愿者 0 人，少于 20 人'));
		expect(evaluateEligibility('project', project('2025-01-01', 24), { ...RULES, projectMinVolunteers: 25 })).toEqual(
			no('注册志愿者 24 人，少于 25 人')
		);
		expect(evaluateEligibility('project', project(null, 3), RULES)).toEqual(no('未填写项目开始日期', '注册志愿者 3 人，少于 20 人'));
	});

	it('throws on an invalid start date', () => {
		expect(() => evaluateEligibility('project', project('2025-02-29'), RULES)).toThrow(/startDate/);
		expect(() => evaluateEligibility('project', project('2025/01/01'), RULES)).toThrow(/startDate/);
	});
});

describe('evaluateEligibility — station', () => {
	const station = (over: Partial<Candidate>): Candidate => ({
		...GOOD,
		registeredVolunteers: 100,
		residents: 1000,
		activityKinds: 3,
		teams: 3,
		...over
	});

	it('needs volunteers to be at least 10% of residents', () => {
		expect(evaluateEligibility('station', station({}), RULES)).toEqual(OK);
		expect(evaluateEligibility('station', station({ registeredVolunteers: 3, residents: 30 }), RULES)).toEqual(OK);
		expect(evaluateEligibility('station', station({ registeredVolunteers: 99 }), RULES)).toEqual(
			no('注册志愿者 99 人，占常住人口 1000 人的 9.9%，低于 10%')
		);
		expect(evaluateEligibility('station', station({ registeredVolunteers: 50 }), RULES)).toEqual(
			no('注册志愿者 50 人，占常住人口 1000 人的 5%，低于 10%')
		);
	});

	it('shows a share just under the minimum rounded down, never as the minimum', () => {
		expect(evaluateEligibility('station', station({ registeredVolunteers: 999, residents: 10000 }), RULES)).toEqual(
			no('注册志愿者 999 人，占常住人口 10000 人的 9.9%，低于 10%')
		);
	});

	it('needs residents', () => {
		expect(evaluateEligibility('station', station({ residents: 0 }), RULES)).toEqual(no('常住人口未填写'));
		expect(evaluateEligibility('station', station({ residents: null }), RULES)).toEqual(no('常住人口未填写'));
		expect(evaluateEligibility('station', station({ residents: undefined }), RULES)).toEqual(no('常住人口未填写'));
	});

	it('needs 3 kinds of activity and 3 teams, each alone', () => {
		expect(evaluateEligibility('station', station({ activityKinds: 2 }), RULES)).toEqual(no('服务活动 2 类，少于 3 类'));
		expect(evaluateEligibility('station', station({ teams: 2 }), RULES)).toEqual(no('服务队 2 支，少于 3 支'));
		expect(evaluateEligibility('station', station({ activityKinds: undefined }), RULES)).toEqual(no('服务活动 0 类，少于 3 类'));
		expect(evaluateEligibility('station', station({ teams: undefined }), RULES)).toEqual(no('服务队 0 支，少于 3 支'));
	});

	it('uses the call’s own station rules', () => {
		const rules = { ...RULES, stationMinShare: 0.05, stationMinKinds: 2, stationMinTeams: 1 };
		expect(evaluateEligibility('station', station({ registeredVolunteers: 50, activityKinds: 2, teams: 1 }), rules)).toEqual(OK);
		expect(evaluateEligibility('station', station({ registeredVolunteers: 49 }), rules)).toEqual(
			no('注册志愿者 49 人，占常住人口 1000 人的 4.9%，低于 5%')
		);
		expect(evaluateEligibility('station', station({ registeredVolunteers: 10 }), { ...RULES, stationMinShare: 0.125 })).toEqual(
			no('注册志愿者 10 人，占常住人口 1000 人的 1%，低于 12.5%')
		);
	});

	it('lists every unmet condition, in order', () => {
		expect(evaluateEligibility('station', { registered: false, cleanRecord: true, selectedBefore: true }, RULES)).toEqual(
			no('未在科技志愿服务信息平台注册', '已入选往届典型，不再参加', '常住人口未填写', '服务活动 0 类，少于 3 类', '服务队 0 支，少于 3 支')
		);
	});
});

describe('evaluateEligibility — bad input', () => {
	it('throws on an invalid cut-off, bad counts, bad rules or an unknown category', () => {
		expect(() => evaluateEligibility('volunteer', GOOD, { cutoffDate: '2026-02-30' })).toThrow(/cutoffDate/);
		expect(() => evaluateEligibility('team', { ...GOOD, registeredVolunteers: -1 }, RULES)).toThrow(/registeredVolunteers/);
		expect(() => evaluateEligibility('team', { ...GOOD, registeredVolunteers: Number.NaN }, RULES)).toThrow(/registeredVolunteers/);
		expect(() => evaluateEligibility('station', { ...GOOD, residents: -5 }, RULES)).toThrow(/residents/);
		expect(() => evaluateEligibility('project', { ...GOOD, startDate: '2025-01-01' }, { ...RULES, projectMinYears: 1.5 })).toThrow(
			/projectMinYears/
		);
		expect(() => evaluateEligibility('team', GOOD, { ...RULES, teamMinVolunteers: -3 })).toThrow(/teamMinVolunteers/);
		expect(() => evaluateEligibility('group' as NominationCategory, GOOD, RULES)).toThrow(/unknown nomination category/);
	});
});

describe('allocateQuotas — worked examples', () => {
	it('shares exactly when the shares are whole', () => {
		expect(allocateQuotas([{ code: 'A', basis: 5 }, { code: 'B', basis: 3 }, { code: 'C', basis: 2 }], 10)).toEqual({ A: 5, B: 3, C: 2 });
	});

	it('gives the seats left to the largest remainders', () => {
		// 10 × (100, 10, 1) / 111 = 9.009, 0.901, 0.090 → floors 9, 0, 0; one left → B (remainder 100)
		expect(allocateQuotas([{ code: 'A', basis: 100 }, { code: 'B', basis: 10 }, { code: 'C', basis: 1 }], 10)).toEqual({ A: 9, B: 1, C: 0 });
		// 7 × (6, 3, 1) / 10 = 4.2, 2.1, 0.7 → 4, 2, 0; one left → C
		expect(allocateQuotas([{ code: 'A', basis: 6 }, { code: 'B', basis: 3 }, { code: 'C', basis: 1 }], 7)).toEqual({ A: 4, B: 2, C: 1 });
	});

	it('breaks a remainder tie by the larger basis', () => {
		// 2 × (1, 3) / 4 = 0.5, 1.5: equal remainders 2 and 2 → B, the larger basis, although A sorts first
		expect(allocateQuotas([{ code: 'A', basis: 1 }, { code: 'B', basis: 3 }], 2)).toEqual({ A: 0, B: 2 });
	});

	it('breaks a tie of remainder and basis by the smaller code, as strings', () => {
		expect(allocateQuotas([{ code: 'C', basis: 1 }, { code: 'B', basis: 1 }, { code: 'A', basis: 1 }], 10)).toEqual({ A: 4, B: 3, C: 3 });
		// '10' < '9' as strings
		expect(allocateQuotas([{ code: '9', basis: 1 }, { code: '10', basis: 1 }], 1)).toEqual({ '9': 0, '10': 1 });
		expect(allocateQuotas([{ code: '410100', basis: 2 }, { code: '4101', basis: 2 }, { code: '41', basis: 2 }], 2)).toEqual({
			'41': 1,
			'4101': 1,
			'410100': 0
		});
	});

	it('gives 0 to zero and negative bases and still shares all of total', () => {
		expect(allocateQuotas([{ code: 'A', basis: 0 }, { code: 'B', basis: -5 }, { code: 'C', basis: 10 }], 7)).toEqual({ A: 0, B: 0, C: 7 });
	});

	it('gives every unit 0 when no basis is positive', () => {
		expect(allocateQuotas([{ code: 'A', basis: 0 }, { code: 'B', basis: -1 }], 10)).toEqual({ A: 0, B: 0 });
		expect(allocateQuotas([{ code: 'A', basis: 0 }], 10, 2)).toEqual({ A: 0 });
		expect(allocateQuotas([], 10)).toEqual({});
	});

	it('gives everyone 0 of a total of 0', () => {
		expect(allocateQuotas([{ code: 'A', basis: 5 }, { code: 'B', basis: 1 }], 0)).toEqual({ A: 0, B: 0 });
	});
});

describe('allocateQuotas — minimum', () => {
	const units = [
		{ code: 'A', basis: 100 },
		{ code: 'B', basis: 10 },
		{ code: 'C', basis: 1 }
	];

	it('gives each positive unit the minimum first, then shares the rest', () => {
		// 2 each, rest 4: 4 × (100, 10, 1) / 111 = 3.60, 0.36, 0.04 → 3, 0, 0; one left → A
		expect(allocateQuotas(units, 10, 2)).toEqual({ A: 6, B: 2, C: 2 });
	});

	it('gives exactly the minimums when they use up the total', () => {
		expect(allocateQuotas(units, 6, 2)).toEqual({ A: 2, B: 2, C: 2 });
	});

	it('gives no minimum when the minimums do not fit', () => {
		// 3 × 2 = 6 > 5: 5 × (100, 10, 1) / 111 = 4.50, 0.45, 0.05 → 4, 0, 0; one left → A (remainder 56 > 50)
		expect(allocateQuotas(units, 5, 2)).toEqual({ A: 5, B: 0, C: 0 });
	});

	it('counts only units with a positive basis for the minimum', () => {
		expect(allocateQuotas([{ code: 'A', basis: 5 }, { code: 'B', basis: 0 }, { code: 'C', basis: 1 }], 4, 2)).toEqual({ A: 2, B: 0, C: 2 });
		// with B counted, 3 × 2 = 6 > 4 would give no minimum: A 3, C 1
		expect(allocateQuotas([{ code: 'A', basis: 5 }, { code: 'B', basis: 1 }, { code: 'C', basis: 1 }], 4, 2)).toEqual({ A: 3, B: 1, C: 0 });
	});
});

describe('allocateQuotas — exact arithmetic with large bases', () => {
	it('sees an exact remainder tie that floating point misses', () => {
		// A = 3(10^15 − 1), B = 10^15 − 1: shares 7.5 and 2.5 exactly, equal remainders → A, the larger basis
		expect(allocateQuotas([{ code: 'A', basis: 2999999999999997 }, { code: 'B', basis: 999999999999999 }], 10)).toEqual({ A: 8, B: 2 });
	});

	it('sees remainders that differ by one in 8·10^15', () => {
		// Σ = 8·10^15 − 3; A: 4(3·10^15 − 1) = 1·Σ + (4·10^15 − 1); B: 4(5·10^15 − 2) = 2·Σ + (4·10^15 − 2) → A
		expect(allocateQuotas([{ code: 'A', basis: 2999999999999999 }, { code: 'B', basis: 4999999999999998 }], 4)).toEqual({ A: 2, B: 2 });
	});

	it('is exact where the products pass 2^53', () => {
		// computed with exact integer arithmetic outside this code base
		expect(
			allocateQuotas(
				[
					{ code: 'A', basis: 5000000000000003 },
					{ code: 'B', basis: 2000000000000000 },
					{ code: 'C', basis: 1000000000000001 }
				],
				12
			)
		).toEqual({ A: 8, B: 3, C: 1 });
		expect(
			allocateQuotas(
				[
					{ code: 'A', basis: 999999999999998 },
					{ code: 'B', basis: 4000000000000003 },
					{ code: 'C', basis: 3999999999999998 },
					{ code: 'D', basis: 3000000000000001 }
				],
				8
			)
		).toEqual({ A: 0, B: 3, C: 3, D: 2 });
	});

	it('handles a big total with a minimum', () => {
		const r = allocateQuotas([{ code: 'A', basis: Number.MAX_SAFE_INTEGER }, { code: 'B', basis: 1 }], 1_000_000, 1);
		expect(r).toEqual({ A: 999_999, B: 1 });
	});
});

describe('allocateQuotas — properties', () => {
	const unitsArb = fc.uniqueArray(
		fc.record({ code: fc.string({ minLength: 1, maxLength: 4 }), basis: fc.integer({ min: -5, max: 1_000_000 }) }),
		{ selector: (u) => u.code, maxLength: 12 }
	);

	it('sums to total when a basis is positive; each quota is its minimum plus the floor or ceiling of its share', () => {
		fc.assert(
			fc.property(unitsArb, fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 10 }), (units, total, minimum) => {
				const r = allocateQuotas(units, total, minimum);
				expect(Object.keys(r).sort()).toEqual(units.map((u) => u.code).sort());
				const pos = units.filter((u) => u.basis > 0);
				for (const u of units) if (u.basis <= 0) expect(r[u.code]).toBe(0);
				if (pos.length === 0) return;
				expect(pos.reduce((s, u) => s + r[u.code], 0)).toBe(total);
				const base = minimum * pos.length <= total ? minimum : 0;
				const rest = BigInt(total - base * pos.length);
				const sum = pos.reduce((s, u) => s + BigInt(u.basis), 0n);
				for (const u of pos) {
					const floor = Number((rest * BigInt(u.basis)) / sum);
					expect(r[u.code] - base).toBeGreaterThanOrEqual(floor);
					expect(r[u.code] - base).toBeLessThanOrEqual(floor + 1);
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('does not depend on the order of the units', () => {
		fc.assert(
			fc.property(unitsArb, fc.integer({ min: 0, max: 200 }), (units, total) => {
				expect(allocateQuotas([...units].reverse(), total)).toEqual(allocateQuotas(units, total));
			}),
			{ numRuns: 200 }
		);
	});
});

describe('allocateQuotas — bad input', () => {
	it('throws on duplicate codes, fractional bases and bad totals or minimums', () => {
		expect(() => allocateQuotas([{ code: 'A', basis: 1 }, { code: 'A', basis: 2 }], 3)).toThrow(/duplicate/);
		expect(() => allocateQuotas([{ code: 'A', basis: 1.5 }], 3)).toThrow(/whole number/);
		expect(() => allocateQuotas([{ code: 'A', basis: Number.NaN }], 3)).toThrow(/whole number/);
		expect(() => allocateQuotas([{ code: 'A', basis: 1 }], -1)).toThrow(/total/);
		expect(() => allocateQuotas([{ code: 'A', basis: 1 }], 2.5)).toThrow(/total/);
		expect(() => allocateQuotas([{ code: 'A', basis: 1 }], 3, -1)).toThrow(/minimum/);
		expect(() => allocateQuotas([{ code: 'A', basis: 1 }], 3, 0.5)).toThrow(/minimum/);
	});
});
