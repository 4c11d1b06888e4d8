import { describe, expect, it } from 'vitest';
import { fractionFromPercent, percentText } from './percent';

describe('percentages for fractions', () => {
	it('reads what a person types', () => {
		expect(fractionFromPercent('15')).toBe(0.15);
		expect(fractionFromPercent(' 15% ')).toBe(0.15);
		expect(fractionFromPercent('15.5')).toBe(0.155);
		expect(fractionFromPercent('100')).toBe(1);
		expect(fractionFromPercent('0')).toBe(0);
	});
	it('refuses what is not a percentage from 0 to 100 in tenths', () => {
		for (const bad of ['', '101', '-5', '15.55', 'abc', '1e1', '0x10']) expect(fractionFromPercent(bad)).toBeNull();
	});
	it('shows a stored fraction without float noise, and round-trips', () => {
		expect(percentText(0.15)).toBe('15');
		expect(percentText(0.3)).toBe('30');
		expect(percentText(0.155)).toBe('15.5');
		for (const typed of ['0', '7', '15', '15.5', '33.3', '99.9', '100']) expect(percentText(fractionFromPercent(typed)!)).toBe(typed);
	});
});
