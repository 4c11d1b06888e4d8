import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireNomination } from '$lib/server/nominations/access';
import * as entries from '$lib/server/nominations/entries';
import { readStoredBytes } from '$lib/server/files';

/** A nomination's photo or scan, only for those who may read the nomination; never rendered as a page. */
export const GET: RequestHandler = async ({ params }) => {
	const { nomination } = await requireNomination(Number(params.callId), Number(params.nominationId));
	const file = await entries.fileOf(nomination.id, Number(params.fileId));
	if (!file) error(404, '未找到该文件');
	const bytes = await readStoredBytes(file.sha256);
	if (!bytes) error(404, '文件已不存在');
	return new Response(bytes, {
		headers: {
			'content-type': file.mime,
			'content-length': String(bytes.length),
			'content-disposition': `${file.mime.startsWith('image/') ? 'inline' : 'attachment'}; filename="file"; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
			'x-content-type-options': 'nosniff',
			'content-security-policy': "sandbox; default-src 'none'",
			'cache-control': 'private, no-store'
		}
	});
};
