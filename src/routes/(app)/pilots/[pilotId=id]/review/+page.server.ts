import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { readPilot } from '../pilot-page';
import { currentActor, requirePilotPermission } from '$lib/server/auth/guards';
import * as reviews from '$lib/server/reviews';
import { recordVerdict, verifyAll } from '$lib/server/reviews';
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

/** Every pending requirement the board shows, as it shows them (the item's version included). */
async function pendingOf(params: { pilotId: string }) {
	const { pilot } = await readPilot(params);
	return (await reviews.boardOf(pilot)).filter((b) => b.pending.length).map((b) => ({ kind: b.kind, id: b.id, version: b.version, requirements: b.pending }));
}

export const actions: Actions = {
	verify: verdictAction('verified'),
	return: verdictAction('returned'),
	verifyAll: async ({ params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotPermission(pilotId, 'review');
		return formAction({
			key: 'verifyAll',
			schema: z.object({}),
			confirm: async () => {
				const items = await pendingOf(params);
				const n = items.reduce((k, i) => k + i.requirements.length, 0);
				return `确定将 ${items.length} 项材料的 ${n} 个待核实要求全部核实通过吗？请先确认已逐项看过依据。`;
			},
			saved: '待核实的要求已全部核实通过',
			run: async () => {
				await verifyAll(currentActor(), pilotId, await pendingOf(params));
			}
		});
	}
};
