import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/guards';
import { today } from '$lib/server/clock';
import { applyFilter, describeFilter, readFilter, summarize } from './dashboard';
import { dashboardRows } from './rows.server';
import { openReminders } from '$lib/server/reminders';
import { reportingOverview } from '$lib/server/reports';
import { packMapPilots } from '$lib/components/charts/henan-map';
import * as publicity from '$lib/server/publicity';

/** Rows per page of the pilots table; the counts, charts and panels cover the whole round. */
const PAGE_SIZE = 25;
/** The 需关注 panel and the reporting table list the most urgent; the table below has them all. */
const ATTENTION_SHOWN = 10;
const REPORTING_SHOWN = 20;

export const load: PageServerLoad = async ({ url }) => {
	requirePermission('pilots.read_all');
	const day = today();
	const filter = readFilter(url.searchParams);
	const { rounds, round, all, rows } = await dashboardRows(filter, day);
	// The round's panels: they do not depend on the filter.
	const attention = applyFilter(all, { ...filter, level: null, city: null, status: null, q: '', sort: 'attention', desc: false, kind: null, field: null, month: null, partner: null }).filter(
		(p) => p.status === 'overdue' || p.status === 'lagging' || p.status === 'at_risk'
	);
	const running = all.filter((p) => p.expected !== null && p.expected < 1);
	const inRound = new Set(all.map((p) => p.id));
	const [reporting, reminders] = await Promise.all([reportingOverview(all, day), openReminders(day)]);
	const overview = {
		cities: [...new Map(all.map((p) => [p.cityCode, p.cityName])).entries()].sort().map(([code, name]) => ({ code, name })),
		attention: attention.slice(0, ATTENTION_SHOWN),
		attentionTotal: attention.length,
		summary: summarize(all),
		map: packMapPilots(all),
		reminders: reminders.filter((r) => inRound.has(r.pilotId)),
		reporting: { ...reporting, pilots: reporting.pilots.slice(0, REPORTING_SHOWN), pilotsTotal: reporting.pilots.length },
		meanExpected: running.length ? running.reduce((s, p) => s + (p.expected ?? 0), 0) / running.length : null
	};
	const pageCount = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
	const pageNumber = Math.min(pageCount, Math.max(1, Number(url.searchParams.get('page')) || 1));
	const shown = rows.slice((pageNumber - 1) * PAGE_SIZE, pageNumber * PAGE_SIZE);
	// issue 21: media reports sent to the province, for the table's column
	const media = await publicity.countsOf(shown.map((p) => p.id));
	return {
		today: day,
		mediaReported: Object.fromEntries([...media].map(([id, c]) => [id, c.media.reported])),
		rounds,
		round,
		filter: { ...filter, round: round?.id ?? null },
		pilots: shown,
		matching: rows.length,
		page: { number: pageNumber, count: pageCount, size: PAGE_SIZE },
		filterWords: describeFilter(filter, overview.cities.find((c) => c.code === filter.city)?.name),
		total: all.length,
		...overview
	};
};
