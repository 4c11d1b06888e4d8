import { describe, expect, it } from 'vitest';
import { canEditNomination, canReadNomination, canReadResults, homeOf, nominationScopeOf } from './policy';

const unit = (unitId: number) => nominationScopeOf({ role: 'nominating_unit' }, unitId);

describe('nominations policy', () => {
	it('gives each role its scope; a 推荐单位 without a unit and the pilot editors none', () => {
		expect(nominationScopeOf({ role: 'province_admin' }, null)).toEqual({ kind: 'province', manage: true });
		expect(nominationScopeOf({ role: 'province_staff' }, null)).toEqual({ kind: 'province', manage: false });
		expect(nominationScopeOf({ role: 'leader' }, null)).toEqual({ kind: 'leader' });
		expect(unit(3)).toEqual({ kind: 'unit', unitId: 3 });
		expect(nominationScopeOf({ role: 'nominating_unit' }, null)).toBeNull();
		expect(nominationScopeOf({ role: 'reviewer' }, null)).toEqual({ kind: 'reviewer' });
		expect(nominationScopeOf({ role: 'pilot_editor' }, null)).toBeNull();
		expect(nominationScopeOf(null, null)).toBeNull();
	});
	it('a unit reads and edits only its own nominations, and edits only while the call is open', () => {
		expect(canReadNomination(unit(3), { unitId: 3 }, null)).toBe(true);
		expect(canReadNomination(unit(3), { unitId: 4 }, null)).toBe(false);
		expect(canEditNomination(unit(3), { unitId: 3 }, 'open')).toBe(true);
		expect(canEditNomination(unit(3), { unitId: 3 }, 'review')).toBe(false);
		expect(canEditNomination(unit(3), { unitId: 4 }, 'open')).toBe(false);
		// the deadline ends a unit's edits as it ends its 报送
		expect(canEditNomination(unit(3), { unitId: 3 }, 'open', true)).toBe(false);
		expect(canEditNomination(nominationScopeOf({ role: 'province_admin' }, null), { unitId: 3 }, 'open', true)).toBe(true);
	});
	it('a reviewer reads only what is assigned and not conflicted, and edits nothing', () => {
		const r = nominationScopeOf({ role: 'reviewer' }, null);
		expect(canReadNomination(r, { unitId: 3 }, null)).toBe(false);
		expect(canReadNomination(r, { unitId: 3 }, { conflict: null })).toBe(true);
		expect(canReadNomination(r, { unitId: 3 }, { conflict: '曾共同工作' })).toBe(false);
		expect(canEditNomination(r, { unitId: 3 }, 'open')).toBe(false);
	});
	it('leaders read results only, once in 公示 or published; staff read but do not edit', () => {
		const leader = nominationScopeOf({ role: 'leader' }, null);
		expect(canReadNomination(leader, { unitId: 3 }, null)).toBe(false);
		expect(canReadResults(leader, 'review')).toBe(false);
		expect(canReadResults(leader, 'published')).toBe(true);
		const staff = nominationScopeOf({ role: 'province_staff' }, null);
		expect(canReadNomination(staff, { unitId: 3 }, null)).toBe(true);
		expect(canEditNomination(staff, { unitId: 3 }, 'open')).toBe(false);
		expect(canEditNomination(nominationScopeOf({ role: 'province_admin' }, null), { unitId: 3 }, 'publicity')).toBe(true);
	});
	it('both new roles start at /nominations', () => {
		expect(homeOf({ role: 'nominating_unit', pilotId: null, unitId: null })).toBe('/nominations');
		expect(homeOf({ role: 'reviewer', pilotId: null, unitId: null })).toBe('/nominations');
	});
});
