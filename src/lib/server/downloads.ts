/** An Excel file as a download: attachment with a Chinese file name, never cached. */
import { XLSX_MIME } from './workbook';

export function xlsxResponse(bytes: Uint8Array, fileName: string): Response {
	return new Response(bytes as unknown as BodyInit, {
		headers: {
			'content-type': XLSX_MIME,
			'content-disposition': `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'no-store'
		}
	});
}
