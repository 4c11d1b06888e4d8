import { removePhotoQuestion } from './questions';
import type { Actions, PageServerLoad } from './$types';
import { currentActor } from '$lib/server/auth/guards';
import { requireNomination, requireNominationEdit } from '$lib/server/nominations/access';
import * as entries from '$lib/server/nominations/entries';
import { formOf } from '$lib/server/nominations/forms';
import { formAction } from '$lib/server/form-actions';
import { today } from '$lib/server/clock';
import { fileIdSchema, nominationSchema } from '$lib/schemas/nominations';
import { z } from 'zod';
import { FieldError } from '$lib/server/errors';

export const load: PageServerLoad = async ({ params }) => {
	const ctx = await requireNomination(Number(params.callId), Number(params.nominationId));
	const n = ctx.nomination;
	const files = await entries.filesOf(n.id);
	const photos = files.filter((f) => f.purpose === 'photo');
	const hideUnit = ctx.scope.kind === 'reviewer' && ctx.call.hideUnitFromReviewers;
	const form = formOf(n, hideUnit ? '（评审时隐去）' : ctx.unitName, photos.length);
	return {
		call: { id: ctx.call.id, name: ctx.call.name, cutoffDate: ctx.call.cutoffDate, stage: ctx.call.stage },
		nomination: { id: n.id, category: n.category, name: n.candidateName, eligible: n.eligible, reasons: n.reasons, status: n.status, exceptionReason: n.exceptionReason, deeds: n.deeds },
		unitName: hideUnit ? null : ctx.unitName,
		form,
		files: files.map((f) => ({ id: f.id, purpose: f.purpose, name: f.originalName, size: f.size })),
		missing: entries.missingForSubmit(n, photos.length),
		canEdit: ctx.canEdit,
		canExport: ctx.scope.kind === 'province' || ctx.scope.kind === 'unit',
		values: { ...Object.fromEntries(Object.entries(n.details).map(([k, v]) => [k, v ?? ''])), deeds: n.deeds ?? '', exceptionReason: n.exceptionReason ?? '', version: n.version }
	};
};

const ids = (params: { callId: string; nominationId: string }) => [Number(params.callId), Number(params.nominationId)] as const;

export const actions: Actions = {
	save: async ({ params }) => {
		const { call, nomination } = await requireNominationEdit(...ids(params));
		return formAction({
			key: 'save',
			schema: nominationSchema,
			files: [{ name: 'photo', kinds: ['jpg', 'png'], problem: entries.photoProblem }],
			saved: '推荐材料已保存',
			run: async ({ data, files }) => void (await entries.update(currentActor(), call, nomination.id, data, files.photo ? [files.photo] : []))
		});
	},
	submit: async ({ params }) => {
		const { call, nomination, scope } = await requireNominationEdit(...ids(params));
		return formAction({ key: 'submit', schema: z.object({}), saved: '已报送', run: async () => void (await entries.submit(currentActor(), call, nomination.id, today(), scope.kind === 'province')) });
	},
	scan: async ({ params }) => {
		// the stamped scan is part of the material: its unit replaces it only while the call is open
		const { call, nomination } = await requireNominationEdit(...ids(params));
		return formAction({
			key: 'scan',
			schema: z.object({}),
			files: [{ name: 'scan', kinds: ['pdf', 'jpg'] }],
			saved: '盖章扫描件已上传',
			run: async ({ files }) => {
				if (!files.scan) throw new FieldError('scan', '请选择盖章扫描件（PDF 或 JPG）');
				await entries.attachScan(currentActor(), call.id, nomination.id, files.scan);
			}
		});
	},
	removePhoto: async ({ params }) => {
		const { call, nomination } = await requireNominationEdit(...ids(params));
		return formAction({
			key: 'removePhoto',
			schema: fileIdSchema,
			saved: '照片已删除',
			// a file not this nomination's is not found when it runs
			confirm: async ({ fileId }) => {
				const file = await entries.fileOf(nomination.id, fileId);
				return file ? removePhotoQuestion(file.originalName) : null;
			},
			run: async ({ data }) => void (await entries.removePhoto(currentActor(), call.id, nomination.id, data.fileId))
		});
	}
};
