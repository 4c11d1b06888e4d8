import { describeAuditRows } from '$lib/server/audit-entries';
import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { readPilotFigures } from './pilot-page';
import { currentActor, requirePilotPermission, requirePilotRead } from '$lib/server/auth/guards';
import { can, canExportPilot, canReplyToReminder, type Permission } from '$lib/server/auth/policy';
import { z } from 'zod';
import { closeReminder, remindersOf, replyToReminder, sendReminder } from '$lib/server/reminders';
import { toPilotRow } from '$lib/server/views/pilot-row';
import * as reviews from '$lib/server/reviews';
import { today } from '$lib/server/clock';
import { formAction, type FormRun, type FormSpec } from '$lib/server/form-actions';
import { notBeforeToday } from '$lib/forms';
import { applicationUpdateSchema, lifecycleSchema, reminderSchema, replySchema, targetChangeSchema } from '$lib/schemas/items';
import { acceptanceRecordOf, applicationOf, changeLifecycle, changeTarget, targetHistoryOf, updateApplication } from '$lib/server/programme';
import * as publicity from '$lib/server/publicity';
import * as culture from '$lib/server/culture';
import { allowedNext } from '$lib/domain/lifecycle';
import { snapshotsOf } from '$lib/server/snapshots';
import { monthsToWrite, reportsOf } from '$lib/server/reports';
import { recentOf } from '$lib/server/audit';
import * as activities from '$lib/server/pilots/activities';
import { keyDateWindowsOf } from '$lib/server/rounds';
import * as orgCadence from '$lib/server/organisation/cadence';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { pilot, today: day, canEdit } = await readPilotFigures(params);
	return {
		today: day,
		pilot: toPilotRow(pilot),
		targets: pilot.targets as unknown as Record<string, number>,
		monthlyNeed: pilot.progress && pilot.hasPace ? pilot.progress.monthlyNeed : {},
		roundName: pilot.roundName,
		canEdit,
		reminders: await remindersOf(pilot.id, day),
		// the pilot's editors see what the province returned first, to fix and resubmit
		returned: canEdit ? await reviews.returnedOf(pilot.id) : [],
		reportsToWrite: canEdit ? monthsToWrite(pilot, await reportsOf(pilot.id), day) : [],
		canRemind: can(locals.user, 'reminders.send'),
		canManage: can(locals.user, 'programme.manage'),
		canExport: canExportPilot(locals.user, pilot.id),
		targetHistory: await targetHistoryOf(pilot.id),
		nextStages: allowedNext(pilot.lifecycle),
		application: await applicationOf(pilot.id),
		snapshots: (await snapshotsOf(pilot.id)).map((x) => ({ date: x.date, overall: x.overall })),
		calendar: {
			activities: await activities.calendar(pilot.id),
			keyDates: await keyDateWindowsOf(pilot.roundId)
		},
		// issue 21: 总结验收 on verified counts, and the scheme's publicity and station culture
		acceptance: ['closing', 'accepted', 'not_accepted'].includes(pilot.lifecycle) ? await acceptanceRecordOf(pilot.id, day) : null,
		canReview: can(locals.user, 'review'),
		scheme: { publicity: (await publicity.countsOf([pilot.id])).get(pilot.id)!, culture: await culture.countsOf(pilot.id) },
		// activity cadence over the cycle (issue 19)
		cadence: pilot.cycle ? await orgCadence.ofPilot(pilot.id, pilot.cycle, day) : null,
		history: (await describeAuditRows(await recentOf(pilot.id))).map((r) => ({ id: r.id, at: r.at, person: r.person, action: r.action, entityType: r.entityType, itemName: r.itemName }))
	};
};

const reminderIdSchema = z.object({ reminderId: replySchema.shape.reminderId });

/** A province decision on this pilot: the permission first, then the form, then one write. */
function provinceAction<S extends z.ZodType>(
	event: { params: { pilotId: string } },
	permission: Permission,
	spec: Omit<FormSpec<S>, 'run'> & { run: (pilotId: number, ctx: FormRun<z.output<S>>) => Promise<unknown> }
) {
	const pilotId = Number(event.params.pilotId);
	requirePilotPermission(pilotId, permission);
	return formAction({
		...spec,
		run: async (ctx) => {
			await spec.run(pilotId, ctx);
		}
	});
}

const STAGE_QUESTIONS: Partial<Record<string, string>> = {
	withdrawn: '确定撤销该试点吗？撤销后试点不再计入进度。',
	not_accepted: '确定将该试点标记为“未通过”验收吗？'
};

export const actions: Actions = {
	remind: (event) =>
		provinceAction(event, 'reminders.send', {
			key: 'remind',
			schema: reminderSchema,
			check: notBeforeToday('dueDate', '办理期限', today()),
			saved: '督办已发送',
			run: (id, { data }) => sendReminder(currentActor(), id, data, today())
		}),
	reply: async ({ params }) => {
		const pilotId = Number(params.pilotId);
		const user = requirePilotRead(pilotId);
		if (!canReplyToReminder(user, pilotId)) error(403, '您的账号不能回复督办');
		return formAction({
			key: 'reply',
			schema: replySchema,
			saved: '回复已提交',
			run: async ({ data }) => {
				await replyToReminder(currentActor(), pilotId, data.reminderId, data.message);
			}
		});
	},
	close: (event) =>
		provinceAction(event, 'reminders.send', {
			key: 'close',
			schema: reminderIdSchema,
			confirm: () => '确定办结这项督办吗？',
			saved: '督办已办结',
			run: (id, { data }) => closeReminder(currentActor(), id, data.reminderId)
		}),
	target: (event) =>
		provinceAction(event, 'programme.manage', {
			key: 'target',
			schema: targetChangeSchema,
			saved: '任务目标已调整',
			run: (id, { data }) => changeTarget(currentActor(), id, data)
		}),
	lifecycle: (event) =>
		provinceAction(event, 'programme.manage', {
			key: 'lifecycle',
			schema: lifecycleSchema,
			files: [{ name: 'closingFile', kinds: ['pdf', 'docx'] }],
			confirm: (data) => STAGE_QUESTIONS[data.to] ?? null,
			saved: '试点阶段已更新',
			run: (id, { data, files }) => changeLifecycle(currentActor(), id, data, files.closingFile)
		}),
	application: (event) =>
		provinceAction(event, 'programme.manage', {
			key: 'application',
			schema: applicationUpdateSchema,
			saved: '申报信息已保存',
			run: (id, { data }) => updateApplication(currentActor(), id, data)
		})
};
