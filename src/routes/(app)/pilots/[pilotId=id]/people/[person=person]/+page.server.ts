import type { Actions, PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { readPilot } from '../../pilot-page';
import { currentActor, requirePilotEdit } from '$lib/server/auth/guards';
import { formAction } from '$lib/server/form-actions';
import * as people from '$lib/server/people';
import * as certificates from '$lib/server/certificates';
import { certificateChecks, certificateSchema } from '$lib/schemas/certificates';
import { today } from '$lib/server/clock';
import { starLevel } from '$lib/domain/roster';

/** The issuing organisation a certificate names unless changed: the pilot's unit. */
const defaultOrganisation = (pilotName: string) => pilotName;

export const load: PageServerLoad = async ({ params }) => {
	const { pilot, canEdit, today: day } = await readPilot(params);
	const person = await people.get(pilot.id, params.person, day);
	if (!person) error(404, '未找到该人员');
	const first = person.activityList.at(-1)?.date ?? pilot.cycle?.startDate ?? day;
	return {
		person,
		stars: starLevel(person.hours),
		canEdit,
		today: day,
		issueDefaults: {
			periodStart: first < day ? first : day,
			periodEnd: day,
			organisation: defaultOrganisation(pilot.name),
			principal: '',
			handler: ''
		}
	};
};

export const actions: Actions = {
	issue: async ({ params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		const day = today();
		const person = await people.get(pilotId, params.person, day);
		if (!person) error(404, '未找到该人员');
		return formAction({
			key: 'issue',
			schema: certificateSchema,
			check: (values) => certificateChecks(values, day),
			confirm: (data) => `确定为 ${person.name} 出具 ${data.periodStart} 至 ${data.periodEnd} 的志愿服务记录证明吗？证明出具后编号即登记，不能撤回。`,
			saved: (r) => `已出具志愿服务记录证明，编号 ${String(r.number)}。`,
			run: async ({ data, token }) => {
				const id = await certificates.issue(currentActor(), pilotId, params.person, data, day, token);
				const issued = await certificates.get(pilotId, id);
				return { certificateId: id, number: issued.number };
			}
		});
	}
};
