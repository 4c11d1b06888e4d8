/**
 * A pilot's lifecycle: 申报中 → 已立项 (cycle running) → 总结验收 (summary submitted) → 已验收 / 未通过;
 * 已撤销 from any stage but the final ones. Each move needs what DOMAIN.md names.
 */
import { DIMENSIONS, DIMENSION_LABELS, type PilotLifecycle } from './labels';
import { afterTodayProblem } from './dates';

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
	/** 验收 with a target unmet on verified counts: why it is accepted all the same */
	acceptanceReason?: string | null;
}

type Dim = (typeof DIMENSIONS)[number];

/** One target the verified counts fall short of (验收 relies on verified counts, DOMAIN.md). */
export interface Shortfall {
	dimension: Dim;
	target: number;
	claimed: number;
	verified: number;
}

/**
 * The targets not met on verified counts, in the dimensions' order. A target of 0 is met (as in
 * progress); claimed counts are carried for the record, they never meet a target here.
 */
export function verifiedShortfalls(targets: Record<Dim, number>, claimed: Record<Dim, number>, verified: Record<Dim, number>): Shortfall[] {
	return DIMENSIONS.filter((d) => targets[d] > 0 && verified[d] < targets[d]).map((d) => ({ dimension: d, target: targets[d], claimed: claimed[d], verified: verified[d] }));
}

/** "活动 已核实 8/10（填报 12）" */
export function shortfallText(s: Shortfall): string {
	return `${DIMENSION_LABELS[s.dimension]} 已核实 ${s.verified}/${s.target}（填报 ${s.claimed}）`;
}

/** The Chinese problem with a requested move, keyed by the field it concerns; null when it may go ahead. */
export function lifecycleProblem(
	from: PilotLifecycle,
	change: LifecycleChange,
	current: { approvalDate: string | null; closingSummary: string | null; shortfalls?: readonly Shortfall[]; today?: string }
): { field: string; message: string } | null {
	if (change.to === from) return { field: 'to', message: '试点已处于该阶段' };
	if (!NEXT[from].includes(change.to)) return { field: 'to', message: '当前阶段不能转到所选阶段' };
	// the cycle runs from the approval date: typed beside another stage it moved a whole cycle unseen
	if (change.to !== 'approved' && change.approvalDate && change.approvalDate !== current.approvalDate) {
		return { field: 'approvalDate', message: '立项资助日期只在转为“已立项”时填写；转到其他阶段请留空' };
	}
	if (change.to === 'approved' && change.approvalDate && current.today) {
		const ahead = afterTodayProblem('立项资助日期', change.approvalDate, current.today);
		if (ahead) return { field: 'approvalDate', message: ahead };
	}
	if (change.to === 'approved' && !(change.approvalDate ?? current.approvalDate)) {
		return { field: 'approvalDate', message: '立项须填写立项资助日期（试点周期从这天算起）' };
	}
	if (change.to === 'closing' && !(change.closingSummary ?? current.closingSummary)) {
		return { field: 'closingSummary', message: '进入总结验收须提交经验总结' };
	}
	if (change.to === 'accepted' && current.shortfalls?.length && !change.acceptanceReason?.trim()) {
		return { field: 'acceptanceReason', message: `按已核实数量仍有目标未完成（${current.shortfalls.map(shortfallText).join('；')}），通过验收须写明理由` };
	}
	return null;
}
