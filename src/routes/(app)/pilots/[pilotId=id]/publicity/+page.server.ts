import type { Actions, PageServerLoad } from './$types';
import { z } from 'zod';
import { deleteAction, deleteFileAction, editAction, readPilot } from '../pilot-page';
import * as publicity from '$lib/server/publicity';
import { EVIDENCE_KINDS } from '$lib/server/files';
import { acknowledgeSchema, publicitySchema } from '$lib/schemas/scheme';
import { publicityChecks } from '$lib/domain/publicity';
import { recordId } from '$lib/schemas/common';
import { currentActor, requirePilotEdit, requirePilotPermission } from '$lib/server/auth/guards';
import { canAcknowledgePublicity } from '$lib/server/auth/policy';
import { formAction } from '$lib/server/form-actions';
import { today } from '$lib/server/clock';
import { reportQuestion } from './questions';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { pilot, canEdit, today: day } = await readPilot(params);
	return { items: await publicity.list(pilot.id), today: day, canEdit, canAcknowledge: canAcknowledgePublicity(locals.user, pilot.id) };
};

const reportSchema = z.object({ id: recordId('未找到该记录') });

export const actions: Actions = {
	save: (event) =>
		editAction(
			event,
			publicitySchema,
			({ actor, pilotId, data, itemId, token, files }) =>
				itemId ? publicity.update(actor, pilotId, itemId, data, files.file ?? null) : publicity.create(actor, pilotId, data, files.file ?? null, token),
			{ message: '宣传材料已保存', check: (values) => publicityChecks(values, today()), files: [{ name: 'file', kinds: EVIDENCE_KINDS }] }
		),
	delete: (event) => deleteAction(event, 'publicity', publicity.remove),
	deleteFile: deleteFileAction,
	/** 报送: the pilot sends one item to the province. */
	report: ({ params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		return formAction({
			key: 'report',
			schema: reportSchema,
			// sent, it is the province's record: no edit, no delete
			confirm: async ({ id }) => reportQuestion((await publicity.get(pilotId, id)).title),
			saved: (extra) => `已报送“${String(extra.title ?? '')}”`,
			run: async ({ data }) => ({ title: await publicity.setStatus(currentActor(), pilotId, data.id, 'reported') })
		});
	},
	/** 已收到 / 已采用: the province acknowledges a sent item. */
	acknowledge: ({ params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotPermission(pilotId, 'review');
		return formAction({
			key: 'acknowledge',
			schema: acknowledgeSchema,
			saved: (extra) => `已确认“${String(extra.title ?? '')}”`,
			run: async ({ data }) => ({ title: await publicity.setStatus(currentActor(), pilotId, data.id, data.to) })
		});
	}
};
