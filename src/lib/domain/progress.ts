/**
 * Progress, pace and lag (DOMAIN.md): how far a pilot has got against its targets, where the
 * linear pace of its one-year cycle says it should be today, and the resulting status with
 * reasons a person reads. Pure: `today` is always passed in.
 */
import { addDays, daysBetween, sameDateYearsLater } from './dates';
import { DIMENSIONS, DIMENSION_LABELS } from './labels';

export type Dimension = 'teams' | 'projects' | 'activities' | 'stations' | 'mechanisms';
export type PaceStatus = 'complete' | 'overdue' | 'lagging' | 'at_risk' | 'on_track';

export interface Targets {
	teams: number;
	membersPerTeam: number;
	projects: number;
	activities: number;
	stations: number;
	mechanisms: number;
}

export interface PaceSettings {
	lagOverall: number;
	lagDimension: number;
	riskDimension: number;
	weights: Record<Dimension, number>;
}

export const DEFAULT_PACE_SETTINGS: PaceSettings = {
	lagOverall: 0.15,
	lagDimension: 0.3,
	riskDimension: 0.15,
	weights: { teams: 1, projects: 1, activities: 1, stations: 1, mechanisms: 1 }
};

/** Threshold comparisons ignore floating-point noise (0.65 − 0.5 must not exceed 0.15). */
const EPSILON = 1e-9;
const exceeds = (gap: number, threshold: number) => gap > threshold + EPSILON;

/** The cycle runs one year from the approval date: 2025-03-01 → 2026-02-28. */
export function cycleOf(startDate: string): { startDate: string; endDate: string; cycleDays: number } {
	const endDate = addDays(sameDateYearsLater(startDate, 1), -1);
	return { startDate, endDate, cycleDays: daysBetween(startDate, endDate) + 1 };
}

export function mergeSettings(settings?: Partial<PaceSettings>): PaceSettings {
	const weights = { ...DEFAULT_PACE_SETTINGS.weights, ...(settings?.weights ?? {}) };
	const total = DIMENSIONS.reduce((sum, d) => sum + Math.max(0, weights[d] ?? 0), 0);
	return {
		lagOverall: settings?.lagOverall ?? DEFAULT_PACE_SETTINGS.lagOverall,
		lagDimension: settings?.lagDimension ?? DEFAULT_PACE_SETTINGS.lagDimension,
		riskDimension: settings?.riskDimension ?? DEFAULT_PACE_SETTINGS.riskDimension,
		// All-zero weights would make the mean undefined; fall back to equal weights.
		weights: total > 0 ? weights : { ...DEFAULT_PACE_SETTINGS.weights }
	};
}

export function ratioOf(actual: number, target: number): number {
	if (target <= 0) return 1;
	return Math.min(Math.max(actual, 0) / target, 1);
}

export interface ProgressResult {
	endDate: string;
	cycleDays: number;
	elapsedDays: number;
	expected: number;
	overall: number;
	ratios: Record<Dimension, number>;
	status: PaceStatus;
	behind: Dimension[];
	reasons: string[];
	monthlyNeed: Partial<Record<Dimension, number>>;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
/** One decimal, rounded down, so "约 1.8" never reads as reaching a target of 2. */
const projectionText = (x: number) => String(Math.floor(x * 10 + EPSILON) / 10);

export function evaluateProgress(
	input: { startDate: string; targets: Targets; actual: Record<Dimension, number> },
	today: string,
	settings?: Partial<PaceSettings>
): ProgressResult {
	const s = mergeSettings(settings);
	const { startDate, targets, actual } = input;
	const { endDate, cycleDays } = cycleOf(startDate);
	const elapsedDays = daysBetween(startDate, today);
	const expected = Math.min(Math.max(elapsedDays / cycleDays, 0), 1);

	const ratios = {} as Record<Dimension, number>;
	for (const d of DIMENSIONS) ratios[d] = ratioOf(actual[d], targets[d]);
	const totalWeight = DIMENSIONS.reduce((sum, d) => sum + Math.max(0, s.weights[d]), 0);
	const overall = DIMENSIONS.reduce((sum, d) => sum + Math.max(0, s.weights[d]) * ratios[d], 0) / totalWeight;

	const unmet = DIMENSIONS.filter((d) => actual[d] < targets[d]);
	const ended = daysBetween(endDate, today) > 0;
	const label = (d: Dimension) => DIMENSION_LABELS[d];
	const figure = (d: Dimension) => `${label(d)} ${actual[d]}/${targets[d]}`;
	const paceReason = (d: Dimension) => `${figure(d)}，按进度应达 ${Math.round(expected * targets[d])}`;

	// Before the start the whole cycle remains; after the end nothing does.
	const remainingDays = cycleDays - Math.max(0, elapsedDays);
	const remainingMonths = Math.max(1, Math.ceil(remainingDays / 30));
	const monthlyNeed: Partial<Record<Dimension, number>> = {};
	if (!ended) {
		for (const d of unmet) monthlyNeed[d] = Math.ceil((targets[d] - actual[d]) / remainingMonths);
	}

	const result = (status: PaceStatus, behind: Dimension[], reasons: string[]): ProgressResult => ({
		endDate,
		cycleDays,
		elapsedDays,
		expected,
		overall,
		ratios,
		status,
		behind,
		reasons,
		monthlyNeed
	});

	if (unmet.length === 0) return result('complete', [], ['各项任务均已完成']);

	if (ended) {
		return result('overdue', unmet, [`试点周期已于 ${endDate} 结束`, ...unmet.map((d) => `${figure(d)}，未完成`)]);
	}

	const overallLag = exceeds(expected - overall, s.lagOverall);
	const dimensionLag = DIMENSIONS.some((d) => exceeds(expected - ratios[d], s.lagDimension));
	if (overallLag || dimensionLag) {
		const behind = DIMENSIONS.filter((d) => ratios[d] < expected);
		const reasons = overallLag ? [`总体完成 ${pct(overall)}，按进度应达 ${pct(expected)}`] : [];
		reasons.push(...behind.map(paceReason));
		return result('lagging', behind, reasons);
	}

	// The projection is meaningless in the first weeks, when one item more or less swings it wildly.
	const projectionApplies = elapsedDays / cycleDays >= 1 / 12 - EPSILON && expected > 0;
	const reasons: string[] = [];
	const behind = DIMENSIONS.filter((d) => {
		if (exceeds(expected - ratios[d], s.riskDimension)) {
			reasons.push(paceReason(d));
			return true;
		}
		if (projectionApplies && actual[d] < targets[d] && actual[d] / expected < targets[d] - EPSILON) {
			reasons.push(`${figure(d)}，按当前进度期末约 ${projectionText(actual[d] / expected)}，低于目标 ${targets[d]}`);
			return true;
		}
		return false;
	});
	if (behind.length) return result('at_risk', behind, reasons);

	return result('on_track', [], ['进度正常']);
}
