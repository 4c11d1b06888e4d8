import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireCall } from '$lib/server/nominations/access';
import * as results from '$lib/server/nominations/results';
import { MIME } from '$lib/server/files';

/** The published list as Excel: everyone in the area once published (leaders read results only). */
export const GET: RequestHandler = async ({ params }) => {
	const { call } = await requireCall(Number(params.callId));
	if (call.stage !== 'published') error(404, '名单尚未发布');
	return new Response(new Uint8Array(await results.workbook(call)), {
		headers: {
			'content-type': MIME.xlsx,
			'content-disposition': `attachment; filename="results.xlsx"; filename*=UTF-8''${encodeURIComponent(`${call.name}入选名单.xlsx`)}`,
			'cache-control': 'private, no-store'
		}
	});
};
