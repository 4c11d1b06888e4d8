/** Default targets of the pilot scheme and how a pilot's own targets are derived from them. */
import type { PilotLevel } from './labels';
import type { Targets } from './progress';
export { DEFAULT_PACE_SETTINGS } from './progress';

export const DEFAULT_TARGETS: Record<PilotLevel, Targets> = {
	city: { teams: 10, membersPerTeam: 50, projects: 5, activities: 20, stations: 10, mechanisms: 8 },
	county: { teams: 2, membersPerTeam: 20, projects: 2, activities: 10, stations: 2, mechanisms: 8 }
};

export const TARGET_KEYS = ['teams', 'membersPerTeam', 'projects', 'activities', 'stations', 'mechanisms'] as const;
export type TargetKey = (typeof TARGET_KEYS)[number];

export const TARGET_LABELS: Record<TargetKey, string> = {
	teams: '服务队（个）',
	membersPerTeam: '每队人数',
	projects: '项目（个）',
	activities: '活动（次）',
	stations: '站点（个）',
	mechanisms: '制度机制（项）'
};

/**
 * A pilot's targets: the round's defaults for its level, then the province's changes in the
 * order they were made (the newest change of a key wins).
 */
export function applyOverrides(defaults: Targets, overrides: readonly { targetKey: TargetKey; value: number }[]): Targets {
	const targets = { ...defaults };
	for (const o of overrides) targets[o.targetKey] = o.value;
	return targets;
}
