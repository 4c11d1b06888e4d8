/**
 * Progress, pace and lag (DOMAIN.md): how far a pilot has got against its targets, where the
 * linear pace of its one-year cycle says it should be today, and the resulting status with
 * reasons a person reads. Pure: `today` is always passed in; bad input throws.
 *
 * Rules chosen where DOMAIN.md is silent (also in the README):
 * - A target of 0 or less is met from the start (ratio 1).
 * - Weights only shape `overall`; the per-dimension lag and risk rules look at every dimension,
 *   whatever its weight. Weights may be given partially (the rest stay 1); all-zero weights fall
 *   back to equal weights, since a mean over nothing is undefined.
 * - Threshold comparisons allow 1e-9 of floating-point noise: a gap of exactly the threshold is
 *   not "more than" it.
 * - The pace projection (`actual / expected`) is shown rounded down to one decimal ("约 17.8"), so it
 *   never reads as reaching a target it falls short of, nor hides that 1.8 is nearly 2.
 * - Before the start day the whole cycle remains for the monthly need.
 */
import type { CycleRange } from './counting';
import { daysBetween, oneYearFrom, assertDate } from './dates';
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

/** A pilot's cycle: its range of dates (the one range type, CycleRange) and its length in days. */
export interface Cycle extends CycleRange {
	cycleDays: number;
}

export interface ProgressInput {
	startDate: string;
	targets: Targets;
	actual: Record<Dimension, number>;
}

export interface ProgressResult {
	endDate: string;
	cycleDays: number;
	elapsedDays: number;
	expected: number;
	overall: number;
	ratios: Record<Dimension, number>;
	status: PaceStatus;
	/** the dimensions named in the status's reasons, in DIMENSIONS order */
	behind: Dimension[];
	/** Chinese sentences, e.g. "活动 6/20，按进度应达 12" */
	reasons: string[];
	/** unmet dimensions of a running cycle: still needed per remaining month */
	monthlyNeed: Partial<Record<Dimension, number>>;
}

/** Floating-point noise must not push a gap over a threshold (0.65 − 0.5 is 0.15000000000000002). */
const EPSILON = 1e-9;
const exceeds = (gap: number, threshold: number) => gap > threshold + EPSILON;

/** One decimal, rounded down: "约 7.9" for a projection of 7.93 against a target of 8. */
function projectionText(x: number): string {
	return String(Math.floor(x * 10 + EPSILON) / 10);
}

/** A month for the monthly need; 30 days keeps the figure simple to explain. */
const DAYS_PER_MONTH = 30;

/**
 * The projection needs some history: in the first twelfth of the cycle (about a month) one
 * item more or less would swing it wildly.
 */
const PROJECTION_FROM = 1 / 12;

/** The cycle runs one year from the approval date: 2025-03-01 → 2026-02-28 (365 days). */
export function cycleOf(startDate: string): Cycle {
	const { endDate, days } = oneYearFrom(startDate);
	return { startDate, endDate, cycleDays: days };
}

function assertFiniteNumber(value: unknown, what: string): asserts value is number {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		throw new Error(`${what} must be a finite number: ${typeof value === 'number' ? value : JSON.stringify(value)}`);
	}
}

function assertNonNegative(value: unknown, what: string): asserts value is number {
	assertFiniteNumber(value, what);
	if (value < 0) throw new Error(`${what} must not be negative: ${value}`);
}

/** The round's settings over the defaults; a weight not given stays 1. */
export function mergeSettings(settings?: Partial<PaceSettings>): PaceSettings {
	const merged: PaceSettings = {
		lagOverall: settings?.lagOverall ?? DEFAULT_PACE_SETTINGS.lagOverall,
		lagDimension: settings?.lagDimension ?? DEFAULT_PACE_SETTINGS.lagDimension,
		riskDimension: settings?.riskDimension ?? DEFAULT_PACE_SETTINGS.riskDimension,
		weights: { ...DEFAULT_PACE_SETTINGS.weights, ...definedEntries(settings?.weights) }
	};
	assertNonNegative(merged.lagOverall, 'lagOverall');
	assertNonNegative(merged.lagDimension, 'lagDimension');
	assertNonNegative(merged.riskDimension, 'riskDimension');
	for (const d of DIMENSIONS) assertNonNegative(merged.weights[d], `weights.${d}`);
	if (totalWeight(merged.weights) === 0) merged.weights = { ...DEFAULT_PACE_SETTINGS.weights };
	return merged;
}

/** A weight left undefined keeps its default instead of erasing it. */
function definedEntries(weights: Partial<Record<Dimension, number>> | undefined): Partial<Record<Dimension, number>> {
	return Object.fromEntries(Object.entries(weights ?? {}).filter(([, w]) => w !== undefined));
}

function totalWeight(weights: Record<Dimension, number>): number {
	return DIMENSIONS.reduce((sum, d) => sum + weights[d], 0);
}

/** min(actual / target, 1); a target of 0 (or less) asks for nothing, so it is met. */
export function ratioOf(actual: number, target: number): number {
	if (target <= 0) return 1;
	return Math.min(Math.max(actual, 0) / target, 1);
}

/** Σ w·ratio / Σ w over the five dimensions. */
export function weightedOverall(ratios: Record<Dimension, number>, weights: Record<Dimension, number>): number {
	return DIMENSIONS.reduce((sum, d) => sum + weights[d] * ratios[d], 0) / totalWeight(weights);
}

/** The linear pace: the share of the cycle gone by today, clamped to [0, 1]. */
export function expectedShare(elapsedDays: number, cycleDays: number): number {
	return Math.min(Math.max(elapsedDays / cycleDays, 0), 1);
}

/**
 * What each unmet dimension still needs per remaining month, while the cycle runs.
 * remaining days = cycleDays − max(0, elapsedDays), today included. DOMAIN.md writes
 * `cycleDays − elapsedDays`; before the start day that would exceed the cycle itself, so the
 * elapsed days are floored at 0: before the start, the whole cycle remains.
 */
export function monthlyNeedOf(
	unmet: readonly Dimension[],
	targets: Targets,
	actual: Record<Dimension, number>,
	cycleDays: number,
	elapsedDays: number
): Partial<Record<Dimension, number>> {
	const remainingDays = cycleDays - Math.max(0, elapsedDays);
	const remainingMonths = Math.max(1, Math.ceil(remainingDays / DAYS_PER_MONTH));
	const need: Partial<Record<Dimension, number>> = {};
	for (const d of unmet) need[d] = Math.ceil((targets[d] - actual[d]) / remainingMonths);
	return need;
}

function validateInput(input: ProgressInput, today: string): void {
	assertDate(input.startDate, 'startDate');
	assertDate(today, 'today');
	for (const d of DIMENSIONS) {
		assertFiniteNumber(input.targets[d], `targets.${d}`);
		assertNonNegative(input.actual[d], `actual.${d}`);
	}
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const figure = (d: Dimension, actual: number, target: number) => `${DIMENSION_LABELS[d]} ${actual}/${target}`;

export function evaluateProgress(input: ProgressInput, today: string, settings?: Partial<PaceSettings>): ProgressResult {
	validateInput(input, today);
	const s = mergeSettings(settings);
	const { startDate, targets, actual } = input;
	const { endDate, cycleDays } = cycleOf(startDate);
	const elapsedDays = daysBetween(startDate, today);
	const expected = expectedShare(elapsedDays, cycleDays);

	const ratios = {} as Record<Dimension, number>;
	for (const d of DIMENSIONS) ratios[d] = ratioOf(actual[d], targets[d]);
	const overall = weightedOverall(ratios, s.weights);

	const unmet = DIMENSIONS.filter((d) => actual[d] < targets[d]);
	// Valid ISO dates order correctly as strings.
	const ended = today > endDate;
	const monthlyNeed = ended ? {} : monthlyNeedOf(unmet, targets, actual, cycleDays, elapsedDays);

	const fig = (d: Dimension) => figure(d, actual[d], targets[d]);
	const paceReason = (d: Dimension) => `${fig(d)}，按进度应达 ${Math.round(expected * targets[d])}`;
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
		return result('overdue', unmet, [`试点周期已于 ${endDate} 结束`, ...unmet.map((d) => `${fig(d)}，未完成`)]);
	}

	const overallLags = exceeds(expected - overall, s.lagOverall);
	const someDimensionLags = DIMENSIONS.some((d) => exceeds(expected - ratios[d], s.lagDimension));
	if (overallLags || someDimensionLags) {
		const behind = DIMENSIONS.filter((d) => exceeds(expected - ratios[d], 0));
		const reasons = overallLags ? [`总体完成 ${pct(overall)}，按进度应达 ${pct(expected)}`] : [];
		return result('lagging', behind, [...reasons, ...behind.map(paceReason)]);
	}

	const projectionApplies = elapsedDays / cycleDays >= PROJECTION_FROM - EPSILON;
	const behind: Dimension[] = [];
	const reasons: string[] = [];
	for (const d of DIMENSIONS) {
		if (exceeds(expected - ratios[d], s.riskDimension)) {
			behind.push(d);
			reasons.push(paceReason(d));
		} else if (projectionApplies && actual[d] < targets[d]) {
			const projection = actual[d] / expected;
			if (projection < targets[d] - EPSILON) {
				behind.push(d);
				reasons.push(`${fig(d)}，按当前进度期末约 ${projectionText(projection)}，低于目标 ${targets[d]}`);
			}
		}
	}
	if (behind.length) return result('at_risk', behind, reasons);

	return result('on_track', [], ['进度正常']);
}
