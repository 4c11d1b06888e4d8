import type { RequestHandler } from './$types';
import { error } from '@sveltejs/kit';
import { requirePilotRead } from '$lib/server/auth/guards';
import { acceptanceRecordOf } from '$lib/server/programme';
import { acceptancePdf } from '$lib/server/acceptance-pdf';
import { today } from '$lib/server/clock';
import { attachmentName, PDF_MIME, PdfBusyError } from '$lib/server/pdf';

/** The acceptance record as a PDF for signing and filing: everyone who may read the pilot. */
export const GET: RequestHandler = async ({ params }) => {
	const pilotId = Number(params.pilotId);
	requirePilotRead(pilotId);
	const day = today();
	const record = await acceptanceRecordOf(pilotId, day);
	if (!record) error(404, '未找到该试点');
	try {
		const bytes = await acceptancePdf(record);
		return new Response(bytes as unknown as BodyInit, {
			headers: {
				'content-type': PDF_MIME,
				'content-disposition': attachmentName(`${record.pilot.name}-验收记录-${day}.pdf`),
				'cache-control': 'private, no-store',
				'x-content-type-options': 'nosniff'
			}
		});
	} catch (e) {
		if (e instanceof PdfBusyError) error(503, e.message);
		throw e;
	}
};
