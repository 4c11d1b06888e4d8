import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireNomination } from '$lib/server/nominations/access';
import * as entries from '$lib/server/nominations/entries';
import { docxOf } from '$lib/server/nominations/forms';
import { MIME } from '$lib/server/files';

/** The filled recommendation form as Word, for the nominating unit and the province. */
export const GET: RequestHandler = async ({ params }) => {
	const { scope, nomination, unitName } = await requireNomination(Number(params.callId), Number(params.nominationId));
	if (scope.kind !== 'province' && scope.kind !== 'unit') error(403, '您的账号没有此项权限');
	const photos = (await entries.filesOf(nomination.id)).filter((f) => f.purpose === 'photo').length;
	const bytes = await docxOf(nomination, unitName, photos);
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': MIME.docx,
			'content-disposition': `attachment; filename="form.docx"; filename*=UTF-8''${encodeURIComponent(`${nomination.candidateName}推荐表.docx`)}`,
			'cache-control': 'private, no-store'
		}
	});
};
