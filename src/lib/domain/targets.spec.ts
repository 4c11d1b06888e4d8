import { describe, expect, it } from 'vitest';
import { applyOverrides, DEFAULT_PACE_SETTINGS, DEFAULT_TARGETS } from './targets';

describe('targets', () => {
	it('has the scheme defaults per level', () => {
		expect(DEFAULT_TARGETS.city).toEqual({ teams: 10, membersPerTeam: 50, projects: 5, activities: 20, stations: 10, mechanisms: 8 });
		expect(DEFAULT_TARGETS.county).toEqual({ teams: 2, membersPerTeam: 20, projects: 2, activities: 10, stations: 2, mechanisms: 8 });
		expect(DEFAULT_PACE_SETTINGS.lagOverall).toBe(0.15);
	});

	it('applies overrides in order, the newest winning, without touching the defaults', () => {
		const t = applyOverrides(DEFAULT_TARGETS.county, [
			{ targetKey: 'stations', value: 3 },
			{ targetKey: 'activities', value: 12 },
			{ targetKey: 'stations', value: 1 }
		]);
		expect(t).toEqual({ teams: 2, membersPerTeam: 20, projects: 2, activities: 12, stations: 1, mechanisms: 8 });
		expect(DEFAULT_TARGETS.county.stations).toBe(2);
	});
});
