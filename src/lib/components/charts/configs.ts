/**
 * The charts that more than one page draws, built from the same figures the page's data table
 * shows, so chart and table never disagree. Colours follow the status chips.
 */
import type { ChartConfiguration } from 'chart.js';
import { DIMENSION_LABELS, PACE_STATUS_LABELS } from '$lib/domain/labels';
import type { Dimension, PaceStatus } from '$lib/domain/progress';

/** Most urgent first, as the dashboard sorts. */
export const STATUS_ORDER = ['overdue', 'lagging', 'at_risk', 'on_track', 'complete'] as const satisfies readonly PaceStatus[];

export const STATUS_COLOR: Record<PaceStatus, string> = {
	complete: '#1a7f37',
	on_track: '#1d5bbf',
	at_risk: '#d4a72c',
	lagging: '#c4320a',
	overdue: '#8b1a1a'
};

export const LEVEL_COLOR = { city: '#b3261e', county: '#1d5bbf' } as const;

export function statusChart(byStatus: Record<PaceStatus, number>): ChartConfiguration {
	return {
		type: 'doughnut',
		data: {
			labels: STATUS_ORDER.map((s) => PACE_STATUS_LABELS[s]),
			datasets: [{ data: STATUS_ORDER.map((s) => byStatus[s]), backgroundColor: STATUS_ORDER.map((s) => STATUS_COLOR[s]) }]
		},
		options: { plugins: { legend: { position: 'right' } } }
	};
}

export function completionChart(completion: { key: Dimension; city: number | null; county: number | null }[]): ChartConfiguration {
	const percent = (x: number | null) => Math.round((x ?? 0) * 100);
	return {
		type: 'bar',
		data: {
			labels: completion.map((c) => DIMENSION_LABELS[c.key]),
			datasets: [
				{ label: '市级试点', data: completion.map((c) => percent(c.city)), backgroundColor: LEVEL_COLOR.city },
				{ label: '县级试点', data: completion.map((c) => percent(c.county)), backgroundColor: LEVEL_COLOR.county }
			]
		},
		options: { scales: { y: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } } }, plugins: { legend: { position: 'bottom' } } }
	};
}

export { percent as percentText } from '$lib/format';
