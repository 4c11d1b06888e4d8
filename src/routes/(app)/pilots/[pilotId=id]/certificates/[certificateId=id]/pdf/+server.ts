import type { RequestHandler } from './$types';
import { error } from '@sveltejs/kit';
import { requirePilotRead } from '$lib/server/auth/guards';
import * as certificates from '$lib/server/certificates';
import { NotFoundError } from '$lib/server/errors';
import { attachmentName, PDF_MIME, PdfBusyError } from '$lib/server/pdf';

/** The certificate as a PDF, drawn on the server from what the register froze at issue. */
export const GET: RequestHandler = async ({ params }) => {
	const pilotId = Number(params.pilotId);
	requirePilotRead(pilotId);
	let certificate;
	try {
		certificate = await certificates.get(pilotId, Number(params.certificateId));
	} catch (e) {
		if (e instanceof NotFoundError) error(404, '未找到该证明');
		throw e;
	}
	try {
		const bytes = await certificates.pdf(certificate);
		return new Response(bytes as unknown as BodyInit, {
			headers: {
				'content-type': PDF_MIME,
				'content-disposition': attachmentName(`志愿服务记录证明-${certificate.number}-${certificate.name}.pdf`),
				'cache-control': 'private, no-store',
				'x-content-type-options': 'nosniff'
			}
		});
	} catch (e) {
		if (e instanceof PdfBusyError) error(503, e.message);
		throw e;
	}
};
