import { describe, expect, it } from 'vitest';
import { addGroups, emptyActivityFigures, sumFigures, type ActivityGroup } from './activity-figures';

const g = (month: string, kind: string, field: string, activities: number, served = 0, serviceHours = 0): ActivityGroup => ({ month, kind, field, activities, served, serviceHours });

describe('activity figures', () => {
	it('start empty', () => {
		expect(emptyActivityFigures()).toEqual({ months: {}, kinds: {}, fields: {}, activities: 0, served: 0, serviceHours: 0 });
	});

	it('count each group under its month, kind and field', () => {
		const f = addGroups(emptyActivityFigures(), [g('2026-01', 'lecture', 'health', 2, 100, 6), g('2026-01', 'training', 'health', 1, 20, 1.5), g('2026-02', 'lecture', 'farming', 3, 30, 3)]);
		expect(f.months).toEqual({ '2026-01': 3, '2026-02': 3 });
		expect(f.kinds).toEqual({ lecture: 5, training: 1 });
		expect(f.fields).toEqual({ health: 3, farming: 3 });
		expect(f.activities).toBe(6);
		expect(f.served).toBe(150);
		expect(f.serviceHours).toBe(10.5);
	});

	it('keep every margin summing to the total', () => {
		const groups = Array.from({ length: 40 }, (_, i) => g(`2026-0${(i % 9) + 1}`, `k${i % 4}`, `f${i % 7}`, (i % 5) + 1, i, i / 2));
		const f = addGroups(emptyActivityFigures(), groups);
		const sum = (r: Record<string, number>) => Object.values(r).reduce((s, n) => s + n, 0);
		expect(sum(f.months)).toBe(f.activities);
		expect(sum(f.kinds)).toBe(f.activities);
		expect(sum(f.fields)).toBe(f.activities);
		expect(f.activities).toBe(groups.reduce((s, x) => s + x.activities, 0));
	});

	it('add up pilots as the groups of all of them would', () => {
		const a = [g('2026-01', 'lecture', 'health', 2, 10, 1)];
		const b = [g('2026-01', 'lecture', 'farming', 1, 5, 2), g('2026-03', 'visit', 'health', 4, 40, 8)];
		expect(sumFigures([addGroups(emptyActivityFigures(), a), addGroups(emptyActivityFigures(), b)])).toEqual(addGroups(emptyActivityFigures(), [...a, ...b]));
	});

	it('skip pilots without figures and give zeros for none', () => {
		expect(sumFigures([null, undefined])).toEqual(emptyActivityFigures());
		const one = addGroups(emptyActivityFigures(), [g('2026-05', 'lecture', 'health', 1)]);
		expect(sumFigures([null, one])).toEqual(one);
	});

	it('do not change the figures they add up', () => {
		const one = addGroups(emptyActivityFigures(), [g('2026-05', 'lecture', 'health', 1)]);
		const copy = structuredClone(one);
		sumFigures([one, one]);
		expect(one).toEqual(copy);
	});
});
