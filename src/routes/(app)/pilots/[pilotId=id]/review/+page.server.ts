import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { readPilot } from '../pilot-page';
import { currentActor, requirePilotPermission } from '$lib/server/auth/guards';
import * as reviews from '$lib/server/reviews';
import { recordVerdict } from '$lib/server/reviews';
import { formAction } from '$lib/server/form-actions';
import { choice, optionalText, recordId } from '$lib/schemas/common';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot } = await readPilot(params);
	requirePilotPermission(pilot.id, 'review');
	return { board: await reviews.boardOf(pilot) };
};

const verdictSchema = z.object({
	kind: choice('材料类型', ['team', 'project', 'activity', 'station', 'mechanism']),
	id: recordId('未找到该记录'),
	requirements: z.array(z.string().max(20)).max(6).default([]),
	reason: optionalText('退回原因', 300, { multiline: true })
});

function verdictAction(verdict: 'verified' | 'returned') {
	return async ({ params }: { params: { pilotId: string } }) => {
		const pilotId = Number(params.pilotId);
		requirePilotPermission(pilotId, 'review');
		return formAction({
			key: verdict === 'verified' ? 'verify' : 'return',
			schema: verdictSchema,
			arrayKeys: ['requirements'],
			saved: verdict === 'verified' ? '已核实' : '已退回，填报单位会在首页看到',
			run: async ({ data }) => {
				await recordVerdict(currentActor(), pilotId, { ...data, verdict });
			}
		});
	};
}

export const actions: Actions = {
	verify: verdictAction('verified'),
	return: verdictAction('returned')
};
