import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireNomination } from '$lib/server/nominations/access';
import * as entries from '$lib/server/nominations/entries';
import { pdfOf } from '$lib/server/nominations/forms';
import { attachmentName, PDF_MIME, PdfBusyError } from '$lib/server/pdf';

/** The filled recommendation form as PDF (beside the Word one), for the nominating unit and the province. */
export const GET: RequestHandler = async ({ params }) => {
	const { scope, nomination, unitName } = await requireNomination(Number(params.callId), Number(params.nominationId));
	if (scope.kind !== 'province' && scope.kind !== 'unit') error(403, '您的账号没有此项权限');
	const photos = (await entries.filesOf(nomination.id)).filter((f) => f.purpose === 'photo').length;
	try {
		const bytes = await pdfOf(nomination, unitName, photos);
		return new Response(bytes as unknown as BodyInit, {
			headers: {
				'content-type': PDF_MIME,
				'content-disposition': attachmentName(`${nomination.candidateName}推荐表.pdf`),
				'cache-control': 'private, no-store',
				'x-content-type-options': 'nosniff'
			}
		});
	} catch (e) {
		if (e instanceof PdfBusyError) error(503, e.message);
		throw e;
	}
};
