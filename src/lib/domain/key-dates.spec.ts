import { describe, expect, it } from 'vitest';
import { defaultKeyDateWindows, suggestKeyDate } from './key-dates';

describe('key dates', () => {
	const windows = defaultKeyDateWindows(2025);

	it('suggests the key date whose window holds the date', () => {
		expect(suggestKeyDate('2025-03-05', windows)).toBe('lei_feng');
		expect(suggestKeyDate('2025-05-30', windows)).toBe('sci_workers_day');
		expect(suggestKeyDate('2025-05-20', windows)).toBe('sci_week');
		expect(suggestKeyDate('2025-09-20', windows)).toBe('sci_popularization_day');
		expect(suggestKeyDate('2025-12-05', windows)).toBe('volunteer_day');
		expect(suggestKeyDate('2025-02-01', windows)).toBe('three_to_countryside');
		expect(suggestKeyDate('2025-07-01', windows)).toBeNull();
	});

	it('prefers the narrowest of overlapping windows and uses the round’s own windows', () => {
		const custom = [
			{ key: 'three_to_countryside', name: '三下乡', startDate: '2025-01-01', endDate: '2025-03-31' },
			{ key: 'lei_feng', name: '学雷锋纪念日', startDate: '2025-03-05', endDate: '2025-03-05' }
		];
		expect(suggestKeyDate('2025-03-05', custom)).toBe('lei_feng');
		expect(suggestKeyDate('2025-03-06', custom)).toBe('three_to_countryside');
		expect(suggestKeyDate('2026-03-05', custom)).toBeNull();
	});
});
