/**
 * Plan against reality (issue 21): a round plans so many pilots per level at a subsidy each
 * (the real call: 4 city pilots × ¥100,000, 15 county pilots × ¥40,000); beside it stand the
 * pilots approved and the money committed.
 *
 * Rules chosen where DOMAIN.md is silent: a pilot is "approved" once it was approved and funded
 * (立项资助) — 已立项, 总结验收, 已验收 and 未通过 all were; 申报中 is not yet, and 已撤销 is left
 * out (its subsidy is taken as not committed). Committed money = approved pilots × their level's
 * subsidy.
 */
import type { PilotLevel, PilotLifecycle } from './labels';

const FUNDED: readonly PilotLifecycle[] = ['approved', 'closing', 'accepted', 'not_accepted'];

export function isFunded(lifecycle: PilotLifecycle): boolean {
	return FUNDED.includes(lifecycle);
}

export interface PlanLine {
	level: PilotLevel;
	planned: number;
	subsidy: number;
	/** planned × subsidy */
	budget: number;
	approved: number;
	applying: number;
	/** approved × subsidy */
	committed: number;
}

export function planAgainstReality(
	round: { plannedCityPilots: number; plannedCountyPilots: number; citySubsidy: number; countySubsidy: number },
	pilots: { level: PilotLevel; lifecycle: PilotLifecycle }[]
): { lines: PlanLine[]; total: Omit<PlanLine, 'level' | 'subsidy'> } {
	const line = (level: PilotLevel, planned: number, subsidy: number): PlanLine => {
		const mine = pilots.filter((p) => p.level === level);
		const approved = mine.filter((p) => isFunded(p.lifecycle)).length;
		return { level, planned, subsidy, budget: planned * subsidy, approved, applying: mine.filter((p) => p.lifecycle === 'applying').length, committed: approved * subsidy };
	};
	const lines = [line('city', round.plannedCityPilots, round.citySubsidy), line('county', round.plannedCountyPilots, round.countySubsidy)];
	const sum = (k: 'planned' | 'budget' | 'approved' | 'applying' | 'committed') => lines.reduce((s, l) => s + l[k], 0);
	return { lines, total: { planned: sum('planned'), budget: sum('budget'), approved: sum('approved'), applying: sum('applying'), committed: sum('committed') } };
}

/** ¥ with thousands separators and 万元 for round tens of thousands: "40 万元", "¥12,500". */
export function yuan(n: number): string {
	if (n !== 0 && n % 10_000 === 0) return `${(n / 10_000).toLocaleString('zh-CN')} 万元`;
	return `¥${n.toLocaleString('zh-CN')}`;
}
