import { describe, expect, it } from 'vitest';
import { allowedNext, lifecycleProblem } from './lifecycle';

const none = { approvalDate: null, closingSummary: null };

describe('pilot lifecycle', () => {
	it('moves forward stage by stage, and can be withdrawn until it is decided', () => {
		expect(allowedNext('applying')).toEqual(['approved', 'withdrawn']);
		expect(allowedNext('closing')).toContain('accepted');
		expect(allowedNext('accepted')).toEqual([]);
		expect(lifecycleProblem('applying', { to: 'closing' }, none)?.field).toBe('to');
		expect(lifecycleProblem('accepted', { to: 'withdrawn' }, none)?.field).toBe('to');
	});

	it('needs an approval date to approve and a summary to close', () => {
		expect(lifecycleProblem('applying', { to: 'approved' }, none)).toEqual({ field: 'approvalDate', message: expect.stringContaining('立项资助日期') });
		expect(lifecycleProblem('applying', { to: 'approved', approvalDate: '2026-03-01' }, none)).toBeNull();
		expect(lifecycleProblem('approved', { to: 'closing' }, { approvalDate: '2026-03-01', closingSummary: null })?.field).toBe('closingSummary');
		expect(lifecycleProblem('approved', { to: 'closing', closingSummary: '经验总结' }, none)).toBeNull();
		expect(lifecycleProblem('closing', { to: 'accepted' }, none)).toBeNull();
	});
});
