/** The 组织体系 view's filters, read from the URL (so a view can be shared as a link). */
import { isValidDate } from '$lib/domain/dates';
import { isOrgKind, type OrgKind } from '$lib/domain/organisation';

export const ORG_STATUS_FILTERS = { size: '人数未达标', cadence: '活动频次未达标', deadline: '报送逾期' } as const;
export type OrgStatusFilter = keyof typeof ORG_STATUS_FILTERS;

export interface OrgFilter {
	kind: OrgKind | null;
	city: string | null;
	status: OrgStatusFilter | null;
	/** figures as of this day (the tree as it was then); null is today */
	asOf: string | null;
}

export function readOrgFilter(params: URLSearchParams, today: string): OrgFilter {
	const kind = params.get('kind');
	const city = params.get('city');
	const status = params.get('status');
	const asOf = params.get('asOf');
	return {
		kind: isOrgKind(kind) ? kind : null,
		city: city && /^\d{6}$/.test(city) ? city : null,
		status: status && status in ORG_STATUS_FILTERS ? (status as OrgStatusFilter) : null,
		asOf: asOf && isValidDate(asOf) && asOf < today ? asOf : null
	};
}

export function matches(row: { kind: OrgKind; cityCode: string | null; size: { status: string }; cadenceState: { missed: boolean }; overdue: number }, f: OrgFilter): boolean {
	if (f.kind && row.kind !== f.kind) return false;
	if (f.city && row.cityCode !== f.city) return false;
	if (f.status === 'size' && row.size.status !== 'lagging') return false;
	if (f.status === 'cadence' && !row.cadenceState.missed) return false;
	if (f.status === 'deadline' && row.overdue === 0) return false;
	return true;
}

export function filterQuery(f: OrgFilter): string {
	const q = new URLSearchParams();
	if (f.kind) q.set('kind', f.kind);
	if (f.city) q.set('city', f.city);
	if (f.status) q.set('status', f.status);
	if (f.asOf) q.set('asOf', f.asOf);
	const s = q.toString();
	return s ? `?${s}` : '';
}
