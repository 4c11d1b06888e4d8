import { byUrgency } from '$lib/domain/urgency';
import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/guards';
import { listPilotSummaries } from '$lib/server/queries/pilots';
import { chosenRound, listRounds } from '$lib/server/queries/rounds';
import { partnerCoverage, rosterVolunteers } from '$lib/server/queries/summary';
import { sumFigures } from '$lib/domain/activity-figures';
import { today } from '$lib/server/clock';
import { toPilotRow } from '$lib/server/views/pilot-row';
import { packMapPilots } from '$lib/components/charts/henan-map';
import { summarize } from '../province/dashboard';
import { ACTIVITY_KINDS, DIMENSIONS, FIELDS, PACE_STATUSES, PARTNER_TYPES } from '$lib/domain/labels';
import { monthRange, paceNeededByMonth } from '$lib/domain/pace-by-month';
import { lastDayOf, monthOf } from '$lib/domain/reporting';
import * as publicity from '$lib/server/publicity';
import { planOf } from '$lib/server/rounds';

export const load: PageServerLoad = async ({ url }) => {
	requirePermission('summary.read');
	const day = today();
	const rounds = await listRounds();
	const round = chosenRound(rounds, Number(url.searchParams.get('round')));
	const figures = await summaryOf(round, day);
	return { today: day, rounds: rounds.map((r) => ({ id: r.id, name: r.name })), round: round ? { id: round.id, name: round.name } : null, ...figures };
};

async function summaryOf(round: { id: number } | null, day: string) {
	// each pilot's activity figures come with its tally: the round's are their sum, not a pass over its activities
	const progress = round ? await listPilotSummaries({ roundId: round.id }, day, { activityFigures: true }) : [];
	const rows = progress.map(toPilotRow);
	const ids = progress.map((p) => p.id);
	const activity = sumFigures(progress.map((p) => ('activityFigures' in p ? p.activityFigures : null)));
	const [partners, volunteers, publicityCounts, plan] = await Promise.all([partnerCoverage(ids), rosterVolunteers(ids), publicity.countsAcross(ids), round ? planOf(round.id, progress) : null]);

	const sumOf = (d: (typeof DIMENSIONS)[number]) => rows.reduce((s, p) => s + (p.dimensions.find((x) => x.key === d)?.actual ?? 0), 0);
	const kpi = {
		pilots: rows.length,
		cityPilots: rows.filter((p) => p.level === 'city').length,
		teams: sumOf('teams'),
		volunteers,
		activities: activity.activities,
		served: activity.served,
		serviceHours: Math.round(activity.serviceHours),
		stations: sumOf('stations'),
		mechanisms: sumOf('mechanisms'),
		// issue 21: media reports count once sent to the province
		mediaReported: publicityCounts.media.reported
	};

	// From the first approval to this month: what was held each month against the pace the targets need.
	const paced = progress.filter((p) => p.cycle && p.lifecycle !== 'withdrawn');
	const firstMonth = paced.map((p) => monthOf(p.cycle!.startDate)).sort()[0];
	const months = firstMonth ? monthRange(firstMonth, monthOf(day)) : [];
	// the month under way is compared through today on both sides: held so far against needed so far
	const needed = paceNeededByMonth(paced.map((p) => ({ cycle: p.cycle!, target: p.targets.activities })), months, day);
	const perMonth = months.map((month, i) => ({
		month,
		held: activity.months[month] ?? 0,
		needed: Math.round(needed[i] * 10) / 10,
		through: month === monthOf(day) && day < lastDayOf(month) ? day : null
	}));

	const cityMap = new Map<string, { code: string; name: string; counts: Record<string, number>; total: number }>();
	for (const p of rows) {
		const city = cityMap.get(p.cityCode) ?? { code: p.cityCode, name: p.cityName, counts: Object.fromEntries(PACE_STATUSES.map((s) => [s, 0])), total: 0 };
		if (p.status) city.counts[p.status]++;
		city.total++;
		cityMap.set(p.cityCode, city);
	}

	return {
		kpi,
		plan,
		...summarize(rows),
		map: packMapPilots(rows),
		perMonth,
		byKind: ACTIVITY_KINDS.map((kind) => ({ key: kind, n: activity.kinds[kind] ?? 0 })),
		byField: FIELDS.map((field) => ({ key: field, n: activity.fields[field] ?? 0 })),
		partners: PARTNER_TYPES.filter((t) => t !== 'other').map((t) => ({ key: t, pilots: partners[t] ?? 0 })),
		cities: [...cityMap.values()].sort((a, b) => a.code.localeCompare(b.code)),
		lagging: rows
			.filter((p) => p.status === 'overdue' || p.status === 'lagging')
			// the dashboard's order of urgency: overdue before lagging, then the furthest behind
			.sort(byUrgency)
			.map((p) => ({ id: p.id, name: p.name, status: p.status, reason: p.reasons[0] ?? '' }))
	};
}
