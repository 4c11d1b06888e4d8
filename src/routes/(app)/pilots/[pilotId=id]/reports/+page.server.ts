import type { Actions, PageServerLoad } from './$types';
import { readPilot } from '../pilot-page';
import { currentActor, requirePilotEdit, requirePilotPermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { completenessOf, extrasFrom, extrasToStart, monthlyFigures, monthsToWrite, reportsOf, reviewReport, submitReport } from '$lib/server/reports';
import * as pilots from '$lib/server/pilots/pilot';
import { today } from '$lib/server/clock';
import { NotFoundError } from '$lib/server/errors';
import { formAction } from '$lib/server/form-actions';
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
		draft: month ? { month, figures: await monthlyFigures(pilot, month, day), returned: byMonth.get(month) ?? null, extras: byMonth.get(month)?.extras ?? (await extrasToStart(pilot.id, month)) } : null,
		canReview: can(locals.user, 'review')
	};
};

export const actions: Actions = {
	submit: async ({ params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		return formAction({
			key: 'submit',
			schema: reportSchema,
			saved: '月报已报送，等待省科协审核',
			run: async ({ data }) => {
				const day = today();
				const pilot = await pilots.get(pilotId, day);
				if (!pilot) throw new NotFoundError();
				await submitReport(currentActor(), pilot, { ...data, extras: extrasFrom(data) }, day);
			}
		});
	},
	review: async ({ params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotPermission(pilotId, 'review');
		return formAction({
			key: 'review',
			schema: reportReviewSchema,
			saved: (extra) => (extra.decision === 'accept' ? '月报已审核通过' : '月报已退回，填报单位会看到审核意见'),
			run: async ({ data }) => {
				await reviewReport(currentActor(), pilotId, data);
				return { decision: data.decision };
			}
		});
	}
};
