/**
 * A pilot's lifecycle: 申报中 → 已立项 (cycle running) → 总结验收 (summary submitted) → 已验收 / 未通过;
 * 已撤销 from any stage but the final ones. Each move needs what DOMAIN.md names.
 */
import type { PilotLifecycle } from './labels';

const NEXT: Record<PilotLifecycle, readonly PilotLifecycle[]> = {
	applying: ['approved', 'withdrawn'],
	approved: ['closing', 'withdrawn'],
	closing: ['accepted', 'not_accepted', 'approved', 'withdrawn'],
	accepted: [],
	not_accepted: [],
	withdrawn: []
};

export function allowedNext(from: PilotLifecycle): readonly PilotLifecycle[] {
	return NEXT[from];
}

export interface LifecycleChange {
	to: PilotLifecycle;
	approvalDate?: string | null;
	closingSummary?: string | null;
}

/** The Chinese problem with a requested move, keyed by the field it concerns; null when it may go ahead. */
export function lifecycleProblem(
	from: PilotLifecycle,
	change: LifecycleChange,
	current: { approvalDate: string | null; closingSummary: string | null }
): { field: string; message: string } | null {
	if (change.to === from) return { field: 'to', message: '试点已处于该阶段' };
	if (!NEXT[from].includes(change.to)) return { field: 'to', message: '当前阶段不能转到所选阶段' };
	if (change.to === 'approved' && !(change.approvalDate ?? current.approvalDate)) {
		return { field: 'approvalDate', message: '立项须填写立项资助日期（试点周期从这天算起）' };
	}
	if (change.to === 'closing' && !(change.closingSummary ?? current.closingSummary)) {
		return { field: 'closingSummary', message: '进入总结验收须提交经验总结' };
	}
	return null;
}
