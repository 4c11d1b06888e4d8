import { describe, expect, it } from 'vitest';
import { allowedNext, lifecycleProblem, shortfallText, verifiedShortfalls } from './lifecycle';

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
		// a date typed beside another stage would move the whole cycle; the date already held may come along
		expect(lifecycleProblem('approved', { to: 'closing', approvalDate: '2030-01-01', closingSummary: '经验总结' }, { approvalDate: '2025-11-03', closingSummary: null })).toEqual({ field: 'approvalDate', message: '立项资助日期只在转为“已立项”时填写；转到其他阶段请留空' });
		expect(lifecycleProblem('approved', { to: 'closing', approvalDate: '2025-11-03', closingSummary: '经验总结' }, { approvalDate: '2025-11-03', closingSummary: null })).toBeNull();
		expect(lifecycleProblem('approved', { to: 'withdrawn', approvalDate: '2026-01-01' }, { approvalDate: null, closingSummary: null })?.field).toBe('approvalDate');
		// an approval is not dated after today
		expect(lifecycleProblem('applying', { to: 'approved', approvalDate: '2026-12-04' }, { ...none, today: '2026-12-03' })).toEqual({ field: 'approvalDate', message: '立项资助日期不能晚于今天（2026-12-03）' });
		expect(lifecycleProblem('applying', { to: 'approved', approvalDate: '2026-12-03' }, { ...none, today: '2026-12-03' })).toBeNull();
		expect(lifecycleProblem('approved', { to: 'closing' }, { approvalDate: '2026-03-01', closingSummary: null })?.field).toBe('closingSummary');
		expect(lifecycleProblem('approved', { to: 'closing', closingSummary: '经验总结' }, none)).toBeNull();
		expect(lifecycleProblem('closing', { to: 'accepted' }, none)).toBeNull();
	});
});

describe('acceptance on verified counts', () => {
	const targets = { teams: 2, projects: 2, activities: 10, stations: 2, mechanisms: 8 };
	const claimed = { teams: 2, projects: 3, activities: 12, stations: 2, mechanisms: 8 };

	it('lists the targets verified counts fall short of, claimed counts aside', () => {
		const verified = { teams: 2, projects: 2, activities: 8, stations: 1, mechanisms: 8 };
		expect(verifiedShortfalls(targets, claimed, verified)).toEqual([
			{ dimension: 'activities', target: 10, claimed: 12, verified: 8 },
			{ dimension: 'stations', target: 2, claimed: 2, verified: 1 }
		]);
		expect(shortfallText({ dimension: 'activities', target: 10, claimed: 12, verified: 8 })).toBe('活动 已核实 8/10（填报 12）');
	});

	it('treats a target of 0 as met and more than the target as met', () => {
		expect(verifiedShortfalls({ ...targets, stations: 0 }, claimed, { teams: 3, projects: 2, activities: 10, stations: 0, mechanisms: 8 })).toEqual([]);
	});

	it('needs a reason to accept with a shortfall, and only then', () => {
		const shortfalls = verifiedShortfalls(targets, claimed, { teams: 2, projects: 2, activities: 8, stations: 2, mechanisms: 8 });
		const current = { approvalDate: '2025-03-01', closingSummary: '总结', shortfalls };
		expect(lifecycleProblem('closing', { to: 'accepted' }, current)).toEqual({ field: 'acceptanceReason', message: '按已核实数量仍有目标未完成（活动 已核实 8/10（填报 12）），通过验收须写明理由' });
		expect(lifecycleProblem('closing', { to: 'accepted', acceptanceReason: '   ' }, current)?.field).toBe('acceptanceReason');
		expect(lifecycleProblem('closing', { to: 'accepted', acceptanceReason: '两次活动材料在途，经现场核查属实' }, current)).toBeNull();
		// 未通过 and withdrawal need no reason of this kind
		expect(lifecycleProblem('closing', { to: 'not_accepted' }, current)).toBeNull();
		expect(lifecycleProblem('closing', { to: 'accepted' }, { ...current, shortfalls: [] })).toBeNull();
	});
});
