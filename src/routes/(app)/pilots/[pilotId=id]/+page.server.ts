import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { readPilot } from './pilot-page';
import { currentActor, requirePilotPermission, requirePilotRead } from '$lib/server/auth/guards';
import { can, canEditPilot, canExportPilot, type Permission } from '$lib/server/auth/policy';
import type { z } from 'zod';
import { closeReminder, remindersOf, replyToReminder, sendReminder } from '$lib/server/reminders';
import { toPilotRow } from '$lib/server/views/pilot-row';
import { reviewBoardOf } from '$lib/server/pilot-items';
import { today } from '$lib/server/clock';
import { failFrom } from '$lib/server/errors';
import { parseForm } from '$lib/forms';
import { applicationUpdateSchema, lifecycleSchema, reminderSchema, replySchema, targetChangeSchema } from '$lib/schemas/items';
import { changeLifecycle, changeTarget, targetHistoryOf, updateApplication } from '$lib/server/programme';
import { pilots } from '$lib/server/db/schema';
import { checkUpload } from '$lib/server/files';
import { allowedNext } from '$lib/domain/lifecycle';
import { snapshotsOf } from '$lib/server/snapshots';
import { monthsToWrite, reportsOf } from '$lib/server/reports';
import { listAudit } from '$lib/server/audit';
import { keyDateWindowsOf } from '$lib/server/pilot-items';
import { db } from '$lib/server/db';
import { activities } from '$lib/server/db/schema';
import { asc, eq } from 'drizzle-orm';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { pilot, today: day, canEdit } = await readPilot(params);
	return {
		today: day,
		pilot: toPilotRow(pilot),
		monthlyNeed: pilot.progress && pilot.hasPace ? pilot.progress.monthlyNeed : {},
		roundName: pilot.roundName,
		canEdit,
		reminders: await remindersOf(pilot.id, day),
		// the pilot's editors see what the province returned first, to fix and resubmit
		returned: canEdit
			? (await reviewBoardOf(pilot)).filter((b) => b.review.state === 'returned').map((b) => ({ kind: b.kind, id: b.id, name: b.name, reason: b.review.returnReason }))
			: [],
		reportsToWrite: canEdit ? monthsToWrite(pilot, await reportsOf(pilot.id), day) : [],
		canRemind: can(locals.user, 'reminders.send'),
		canManage: can(locals.user, 'programme.manage'),
		canExport: canExportPilot(locals.user, pilot.id),
		targetHistory: await targetHistoryOf(pilot.id),
		nextStages: allowedNext(pilot.lifecycle),
		application: (
			await db
				.select({ conditionLeadership: pilots.conditionLeadership, conditionFoundation: pilots.conditionFoundation, conditionWillingness: pilots.conditionWillingness, contactName: pilots.contactName, contactPhone: pilots.contactPhone, version: pilots.version, closingSummary: pilots.closingSummary, closingSummaryFileId: pilots.closingSummaryFileId })
				.from(pilots)
				.where(eq(pilots.id, pilot.id))
		)[0],
		snapshots: (await snapshotsOf(pilot.id)).map((x) => ({ date: x.date, overall: x.overall })),
		calendar: {
			activities: await db.select({ date: activities.date, title: activities.title }).from(activities).where(eq(activities.pilotId, pilot.id)).orderBy(asc(activities.date)),
			keyDates: await keyDateWindowsOf(pilot.roundId)
		},
		history: (await listAudit({ pilotId: pilot.id })).rows.slice(0, 12).map((r) => ({ id: r.id, at: r.at, username: r.username, action: r.action, entityType: r.entityType, entityId: r.entityId }))
	};
};

function idFrom(form: FormData): number {
	const raw = form.get('reminderId');
	if (typeof raw !== 'string' || !/^[1-9]\d{0,9}$/.test(raw)) error(404, '未找到该督办事项');
	return Number(raw);
}

/**
 * A province decision on this pilot: the permission first, then the form, then one write. The
 * flag tells the page which of its forms the answer belongs to.
 */
async function provinceAction<S extends z.ZodType>(
	event: { request: Request; params: { pilotId: string } },
	permission: Permission,
	flag: 'remind' | 'target' | 'lifecycle' | 'application',
	schema: S,
	run: (pilotId: number, data: z.output<S>, form: FormData) => Promise<unknown>,
	message: string
) {
	const pilotId = Number(event.params.pilotId);
	requirePilotPermission(pilotId, permission);
	const form = await event.request.formData();
	const parsed = parseForm(schema, form);
	if (!parsed.ok) return fail(400, { [flag]: true, values: parsed.values, errors: parsed.errors });
	try {
		await run(pilotId, parsed.data, form);
	} catch (e) {
		const f = failFrom(e, parsed.values);
		return fail(f.status, { ...f.data, [flag]: true });
	}
	return { saved: message };
}

export const actions: Actions = {
	remind: (event) => provinceAction(event, 'reminders.send', 'remind', reminderSchema, (id, data) => sendReminder(currentActor(), id, data, today()), '督办已发送'),
	reply: async ({ request, params }) => {
		const pilotId = Number(params.pilotId);
		const user = requirePilotRead(pilotId);
		if (!canEditPilot(user, pilotId) && !can(user, 'reminders.send')) error(403, '您的账号不能回复督办');
		const parsed = parseForm(replySchema, await request.formData());
		if (!parsed.ok) return fail(400, { replyTo: Number(parsed.values.reminderId) || null, values: parsed.values, errors: parsed.errors });
		try {
			await replyToReminder(currentActor(), pilotId, parsed.data.reminderId, parsed.data.message);
		} catch (e) {
			return failFrom(e, parsed.values);
		}
		return { saved: '回复已提交' };
	},
	close: async ({ request, params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotPermission(pilotId, 'reminders.send');
		try {
			await closeReminder(currentActor(), pilotId, idFrom(await request.formData()));
		} catch (e) {
			return failFrom(e);
		}
		return { saved: '督办已办结' };
	},
	target: (event) => provinceAction(event, 'programme.manage', 'target', targetChangeSchema, (id, data) => changeTarget(currentActor(), id, data), '任务目标已调整'),
	lifecycle: (event) =>
		provinceAction(
			event,
			'programme.manage',
			'lifecycle',
			lifecycleSchema,
			async (id, data, form) => changeLifecycle(currentActor(), id, data, await checkUpload('closingFile', form.get('closingFile'), ['pdf', 'docx'])),
			'试点阶段已更新'
		),
	application: (event) => provinceAction(event, 'programme.manage', 'application', applicationUpdateSchema, (id, data) => updateApplication(currentActor(), id, data), '申报信息已保存')
};
