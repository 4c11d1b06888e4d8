import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { readPilot } from '../../pilot-page';
import * as certificates from '$lib/server/certificates';
import { NotFoundError } from '$lib/server/errors';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot } = await readPilot(params);
	try {
		return { certificate: await certificates.get(pilot.id, Number(params.certificateId)), listed: certificates.LISTED_RECORDS };
	} catch (e) {
		if (e instanceof NotFoundError) error(404, '未找到该证明');
		throw e;
	}
};
