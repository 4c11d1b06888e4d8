/**
 * The dashboard's view of the pilots: filters and sort order read from the URL (so a view can be
 * shared as a link), applied on the server so the page works without JavaScript.
 */
import { urgencyKey } from '$lib/domain/urgency';
import type { PilotRow } from '$lib/server/views/pilot-row';
import {
	ACTIVITY_KIND_LABELS,
	ACTIVITY_KINDS,
	DIMENSIONS,
	FIELD_LABELS,
	FIELDS,
	LEVEL_LABELS,
	PACE_STATUS_LABELS,
	PACE_STATUSES,
	PARTNER_TYPE_LABELS,
	PARTNER_TYPES,
	type ActivityKind,
	type Field,
	type PartnerType
} from '$lib/domain/labels';
import { isValidMonth, monthLabel } from '$lib/domain/reporting';
import type { PaceStatus } from '$lib/domain/progress';
import { compareChinese } from '$lib/domain/text';

export const SORTS = ['attention', 'name', 'city', 'approval', 'daysLeft', 'overall'] as const;
export type Sort = (typeof SORTS)[number];

export interface DashboardFilter {
	round: number | null;
	level: 'city' | 'county' | null;
	city: string | null;
	status: PaceStatus | null;
	q: string;
	sort: Sort;
	desc: boolean;
	/** the pilots behind one figure of the summary: an activity of this kind, field or month, a partner type */
	kind: ActivityKind | null;
	field: Field | null;
	month: string | null;
	partner: PartnerType | null;
}

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | null => ((list as readonly string[]).includes(value ?? '') ? (value as T) : null);

export function readFilter(params: URLSearchParams): DashboardFilter {
	const level = params.get('level');
	const status = params.get('status');
	const city = params.get('city');
	const sort = params.get('sort');
	return {
		round: Number(params.get('round')) || null,
		level: level === 'city' || level === 'county' ? level : null,
		city: city && /^\d{6}$/.test(city) ? city : null,
		status: (PACE_STATUSES as readonly string[]).includes(status ?? '') ? (status as PaceStatus) : null,
		q: (params.get('q') ?? '').trim().slice(0, 40),
		sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : 'attention',
		desc: params.get('dir') === 'desc',
		kind: oneOf(ACTIVITY_KINDS, params.get('kind')),
		field: oneOf(FIELDS, params.get('field')),
		month: isValidMonth(params.get('month')) ? params.get('month') : null,
		partner: oneOf(PARTNER_TYPES, params.get('partner'))
	};
}

/** The filter in words, for the export's description, the print stamp and the page's filter chips. */
export function describeFilter(f: DashboardFilter, cityName?: string | null): { key: keyof DashboardFilter; label: string }[] {
	const parts: { key: keyof DashboardFilter; label: string }[] = [];
	if (f.level) parts.push({ key: 'level', label: `级别：${LEVEL_LABELS[f.level]}` });
	if (f.city) parts.push({ key: 'city', label: `所在市：${cityName ?? f.city}` });
	if (f.status) parts.push({ key: 'status', label: `状态：${PACE_STATUS_LABELS[f.status]}` });
	if (f.q) parts.push({ key: 'q', label: `搜索：${f.q}` });
	if (f.kind) parts.push({ key: 'kind', label: `开展过${ACTIVITY_KIND_LABELS[f.kind]}` });
	if (f.field) parts.push({ key: 'field', label: `开展过${FIELD_LABELS[f.field]}领域活动` });
	if (f.month) parts.push({ key: 'month', label: `${monthLabel(f.month)}开展过活动` });
	if (f.partner) parts.push({ key: 'partner', label: `有依托${PARTNER_TYPE_LABELS[f.partner]}的服务队` });
	return parts;
}


/** `behind`: the ids of the pilots behind a summary figure, when the filter names one. */
export function applyFilter(rows: PilotRow[], f: DashboardFilter, behind?: ReadonlySet<number>): PilotRow[] {
	const q = f.q.toLowerCase();
	const kept = rows.filter(
		(p) =>
			(!behind || behind.has(p.id)) &&
			(!f.level || p.level === f.level) &&
			(!f.city || p.cityCode === f.city) &&
			(!f.status || p.status === f.status) &&
			(!q || `${p.name}${p.cityName}${p.divisionName}${p.divisionCode}`.toLowerCase().includes(q))
	);
	const key: Record<Sort, (p: PilotRow) => string | number> = {
		// most urgent first, in the one order every list of pilots uses
		attention: urgencyKey,
		name: (p) => p.name,
		city: (p) => p.cityCode + p.divisionCode,
		approval: (p) => p.startDate ?? '9999',
		daysLeft: (p) => p.daysLeft ?? Number.MAX_SAFE_INTEGER,
		overall: (p) => p.overall ?? -1
	};
	const k = key[f.sort];
	const sorted = [...kept].sort((a, b) => {
		const x = k(a);
		const y = k(b);
		return typeof x === 'number' && typeof y === 'number' ? x - y : compareChinese(String(x), String(y));
	});
	return f.desc ? sorted.reverse() : sorted;
}

/** Counts per status, and each dimension's mean completion for city and for county pilots. */
export function summarize(rows: PilotRow[]) {
	const byStatus = Object.fromEntries(PACE_STATUSES.map((s) => [s, rows.filter((p) => p.status === s).length])) as Record<PaceStatus, number>;
	const mean = (level: 'city' | 'county', d: (typeof DIMENSIONS)[number]) => {
		const list = rows.filter((p) => p.level === level && p.status !== null);
		return list.length ? list.reduce((sum, p) => sum + (p.dimensions.find((x) => x.key === d)?.ratio ?? 0), 0) / list.length : null;
	};
	const completion = DIMENSIONS.map((d) => ({ key: d, city: mean('city', d), county: mean('county', d) }));
	return { byStatus, completion };
}
