import type { Actions, PageServerLoad } from './$types';
import { deleteFileAction, readPilot } from '../pilot-page';
import { currentActor, requirePilotEdit } from '$lib/server/auth/guards';
import { formAction, refuseForm } from '$lib/server/form-actions';
import * as mechanisms from '$lib/server/pilots/mechanisms';
import { filesOf } from '$lib/server/files';
import { returnsOf } from '$lib/server/reviews';
import { EVIDENCE_KINDS } from '$lib/server/files';
import { mechanismSchema } from '$lib/schemas/items';
import { MECHANISM_KEYS, type MechanismKey } from '$lib/domain/labels';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot, canEdit } = await readPilot(params);
	const list = await mechanisms.list(pilot);
	const documents = await filesOf(pilot.id, 'mechanism', list.map((m) => m.id).filter((id): id is number => id !== null));
	return { mechanisms: list, documents, returns: await returnsOf(pilot.id, 'mechanism', list), actual: pilot.counted?.actual.mechanisms ?? 0, target: pilot.targets.mechanisms, canEdit };
};

export const actions: Actions = {
	save: async (event) => {
		const pilotId = Number(event.params.pilotId);
		requirePilotEdit(pilotId);
		const key = new URL(event.request.url).searchParams.get('key') ?? '';
		if (!(MECHANISM_KEYS as readonly string[]).includes(key)) return refuseForm('mechanisms', 404, '未找到该制度');
		return formAction({
			key: `mechanism:${key}`,
			schema: mechanismSchema,
			files: [{ name: 'documentFile', kinds: EVIDENCE_KINDS }],
			saved: '已保存',
			run: async ({ data, files }) => {
				await mechanisms.save(currentActor(), pilotId, key as MechanismKey, data, files.documentFile);
			}
		});
	},
	deleteFile: deleteFileAction
};
