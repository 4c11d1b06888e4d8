/**
 * What a pilot table row sends to the browser: the figures it draws and nothing else
 * (no item lists, no internal ids beyond the pilot's own).
 */
import type { PilotSummary } from '../queries/pilots';
import { DIMENSIONS } from '../../domain/labels';
import type { Dimension } from '../../domain/progress';

export function toPilotRow(p: PilotSummary) {
	const progress = p.progress;
	return {
		id: p.id,
		name: p.name,
		level: p.level,
		cityName: p.cityName,
		cityCode: p.cityCode,
		divisionName: p.divisionName,
		divisionCode: p.divisionCode,
		lifecycle: p.lifecycle,
		startDate: p.cycle?.startDate ?? null,
		endDate: p.cycle?.endDate ?? null,
		daysLeft: progress ? Math.max(0, progress.cycleDays - Math.max(0, progress.elapsedDays)) : null,
		expected: progress && p.hasPace ? progress.expected : null,
		overall: progress?.overall ?? null,
		status: progress && p.hasPace ? progress.status : null,
		reasons: progress && p.hasPace ? progress.reasons : [],
		dimensions: DIMENSIONS.map((d: Dimension) => ({
			key: d,
			actual: p.counted?.actual[d] ?? 0,
			verified: p.verified?.[d] ?? 0,
			target: p.targets[d],
			ratio: progress?.ratios[d] ?? 0
		}))
	};
}

export type PilotRow = ReturnType<typeof toPilotRow>;
