import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { readPilot } from '../pilot-page';
import { currentActor, requirePilotEdit } from '$lib/server/auth/guards';
import { formAction } from '$lib/server/form-actions';
import * as recycleBin from '$lib/server/recycle-bin';
import { FieldError } from '$lib/server/errors';
import { recordId } from '$lib/schemas/common';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot } = await readPilot(params);
	requirePilotEdit(pilot.id);
	return { entries: await recycleBin.list(pilot.id), keepDays: recycleBin.KEEP_DAYS };
};

const restoreSchema = z.object({ binId: recordId('未找到该记录') });

export const actions: Actions = {
	restore: async ({ params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		return formAction({
			key: 'restore',
			schema: restoreSchema,
			saved: (r) => `已恢复${recycleBin.BIN_KIND_LABELS[r.kind as recycleBin.BinKind] ?? ''}“${String(r.label ?? '')}”，计数已更新。`,
			run: async ({ data }) => {
				try {
					return await recycleBin.restore(currentActor(), pilotId, data.binId);
				} catch (e) {
					if (e instanceof recycleBin.RestoreError) throw new FieldError('_form', e.message);
					throw e;
				}
			}
		});
	}
};
