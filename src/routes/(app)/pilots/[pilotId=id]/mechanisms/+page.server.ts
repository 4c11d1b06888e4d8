import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { editAction, readPilot } from '../pilot-page';
import { requirePilotEdit } from '$lib/server/auth/guards';
import { filesOf, mechanismsOf } from '$lib/server/pilot-items';
import { saveMechanism } from '$lib/server/pilot-records';
import { checkUpload, EVIDENCE_KINDS } from '$lib/server/files';
import { mechanismSchema } from '$lib/schemas/items';
import { MECHANISM_KEYS, type MechanismKey } from '$lib/domain/labels';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot, canEdit } = await readPilot(params);
	const mechanisms = await mechanismsOf(pilot);
	const documents = await filesOf(pilot.id, 'mechanism', mechanisms.map((m) => m.id).filter((id): id is number => id !== null));
	return { mechanisms, documents, actual: pilot.counted?.actual.mechanisms ?? 0, target: pilot.targets.mechanisms, canEdit };
};

export const actions: Actions = {
	save: async (event) => {
		requirePilotEdit(Number(event.params.pilotId));
		const key = new URL(event.request.url).searchParams.get('key') ?? '';
		if (!(MECHANISM_KEYS as readonly string[]).includes(key)) return fail(404, { errors: { _form: '未找到该制度' } as Record<string, string>, key: null });
		const result = await editAction(
			event,
			mechanismSchema,
			async ({ actor, pilotId, data, form }) => {
				const document = await checkUpload('documentFile', form.get('documentFile'), EVIDENCE_KINDS);
				await saveMechanism(actor, pilotId, key as MechanismKey, data, document);
			},
			{ message: '已保存' }
		);
		return result && 'status' in result ? fail(result.status, { ...result.data, key }) : { ...result, key };
	}
};
