import { describe, expect, it } from 'vitest';
import { isFunded, planAgainstReality, yuan } from './plan';
import { PILOT_LIFECYCLES } from './labels';

const REAL_CALL = { plannedCityPilots: 4, plannedCountyPilots: 15, citySubsidy: 100_000, countySubsidy: 40_000 };

describe('planAgainstReality', () => {
	it('puts the real call beside the pilots approved and the money committed', () => {
		const pilots = [
			...Array.from({ length: 4 }, () => ({ level: 'city' as const, lifecycle: 'approved' as const })),
			...Array.from({ length: 12 }, () => ({ level: 'county' as const, lifecycle: 'approved' as const })),
			{ level: 'county' as const, lifecycle: 'closing' as const },
			{ level: 'county' as const, lifecycle: 'applying' as const },
			{ level: 'county' as const, lifecycle: 'withdrawn' as const }
		];
		const plan = planAgainstReality(REAL_CALL, pilots);
		expect(plan.lines).toEqual([
			{ level: 'city', planned: 4, subsidy: 100_000, budget: 400_000, approved: 4, applying: 0, committed: 400_000 },
			{ level: 'county', planned: 15, subsidy: 40_000, budget: 600_000, approved: 13, applying: 1, committed: 520_000 }
		]);
		expect(plan.total).toEqual({ planned: 19, budget: 1_000_000, approved: 17, applying: 1, committed: 920_000 });
	});

	it('counts approved, closing, accepted and rejected pilots as funded, not applying or withdrawn ones', () => {
		expect(PILOT_LIFECYCLES.filter(isFunded)).toEqual(['approved', 'closing', 'accepted', 'not_accepted']);
	});

	it('is all zero for a round with no pilots', () => {
		expect(planAgainstReality(REAL_CALL, []).total).toEqual({ planned: 19, budget: 1_000_000, approved: 0, applying: 0, committed: 0 });
	});

	it('can show more approved than planned', () => {
		const plan = planAgainstReality({ ...REAL_CALL, plannedCityPilots: 1 }, [{ level: 'city', lifecycle: 'accepted' }, { level: 'city', lifecycle: 'not_accepted' }]);
		expect(plan.lines[0]).toMatchObject({ planned: 1, approved: 2, committed: 200_000 });
	});
});

describe('yuan', () => {
	it('writes tens of thousands as 万元 and other sums in yuan', () => {
		expect(yuan(100_000)).toBe('10 万元');
		expect(yuan(1_000_000)).toBe('100 万元');
		expect(yuan(12_500)).toBe('¥12,500');
		expect(yuan(0)).toBe('¥0');
	});
});
