import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/guards';
import { today } from '$lib/server/clock';
import { applyFilter, describeFilter, readFilter, summarize } from './dashboard';
import { dashboardRows } from './rows.server';
import { openReminders } from '$lib/server/reminders';
import { reportingOverview } from '$lib/server/reports';

export const load: PageServerLoad = async ({ url }) => {
	requirePermission('pilots.read_all');
	const day = today();
	const filter = readFilter(url.searchParams);
	const { rounds, round, all, rows } = await dashboardRows(filter, day);
	const cities = [...new Map(all.map((p) => [p.cityCode, p.cityName])).entries()].sort().map(([code, name]) => ({ code, name }));
	const attention = applyFilter(all, { ...filter, level: null, city: null, status: null, q: '', sort: 'attention', desc: false, kind: null, field: null, month: null, partner: null }).filter(
		(p) => p.status === 'overdue' || p.status === 'lagging' || p.status === 'at_risk'
	);
	const running = all.filter((p) => p.expected !== null && p.expected < 1);
	return {
		today: day,
		rounds,
		round,
		filter: { ...filter, round: round?.id ?? null },
		pilots: rows,
		filterWords: describeFilter(filter, cities.find((c) => c.code === filter.city)?.name),
		total: all.length,
		attention,
		cities,
		summary: summarize(all),
		reminders: (await openReminders(day)).filter((r) => all.some((p) => p.id === r.pilotId)),
		reporting: await reportingOverview(all, day),
		meanExpected: running.length ? running.reduce((s, p) => s + (p.expected ?? 0), 0) / running.length : null
	};
};
