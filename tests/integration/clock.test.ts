import { describe, expect, it } from 'vitest';
import { today, todayIn } from '$lib/server/clock';

describe('clock', () => {
	it('reads today in Asia/Shanghai whatever the server time zone', () => {
		// 16:30 UTC on 31 August is already 1 September in Beijing.
		expect(todayIn(new Date('2025-08-31T16:30:00Z'))).toBe('2025-09-01');
		expect(todayIn(new Date('2025-08-31T15:59:59Z'))).toBe('2025-08-31');
	});

	it('can be pinned, and refuses a pin that is not a date', () => {
		expect(today({ SHIDIANTONG_TODAY: '2025-09-01' })).toBe('2025-09-01');
		expect(() => today({ SHIDIANTONG_TODAY: '2025-02-30' })).toThrow(/SHIDIANTONG_TODAY/);
		expect(today({})).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	});
});
