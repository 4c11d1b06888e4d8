import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { readPilot } from '../pilot-page';
import { currentActor, requirePilotEdit, requirePilotPermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { completenessOf, monthlyFigures, monthsToWrite, reportsOf, reviewReport, submitReport } from '$lib/server/reports';
import { loadPilot } from '$lib/server/pilot-items';
import { today } from '$lib/server/clock';
import { failFrom } from '$lib/server/errors';
import { parseForm } from '$lib/forms';
import { reportReviewSchema, reportSchema } from '$lib/schemas/reports';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const { pilot, today: day, canEdit } = await readPilot(params);
	const reports = await reportsOf(pilot.id);
	const completeness = (await completenessOf([pilot], day)).get(pilot.id) ?? null;
	const byMonth = new Map(reports.map((r) => [r.month, r]));
	const writable = monthsToWrite(pilot, reports, day).map((w) => w.month);
	const asked = url.searchParams.get('month');
	const month = canEdit && writable.length ? (writable.includes(asked ?? '') ? asked! : writable[0]) : null;
	return {
		today: day,
		reports,
		completeness,
		writable: canEdit ? writable : [],
		draft: month ? { month, figures: await monthlyFigures(pilot, month, day), returned: byMonth.get(month) ?? null } : null,
		canReview: can(locals.user, 'review')
	};
};

export const actions: Actions = {
	submit: async ({ request, params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		const parsed = parseForm(reportSchema, await request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const day = today();
		try {
			const pilot = await loadPilot(pilotId, day);
			if (!pilot) return fail(404, { values: parsed.values, errors: { _form: '未找到该试点' } as Record<string, string> });
			await submitReport(currentActor(), pilot, parsed.data, day);
		} catch (e) {
			return failFrom(e, parsed.values);
		}
		return { saved: '月报已报送，等待省科协审核' };
	},
	review: async ({ request, params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotPermission(pilotId, 'review');
		const parsed = parseForm(reportReviewSchema, await request.formData());
		const raw = parsed.values.reportId;
		const reportId = typeof raw === 'string' && /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : null;
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors, reportId });
		try {
			await reviewReport(currentActor(), pilotId, parsed.data);
		} catch (e) {
			const f = failFrom(e, parsed.values);
			return fail(f.status, { ...f.data, reportId });
		}
		return { saved: parsed.data.decision === 'accept' ? '月报已审核通过' : '月报已退回，填报单位会看到审核意见', reportId };
	}
};
