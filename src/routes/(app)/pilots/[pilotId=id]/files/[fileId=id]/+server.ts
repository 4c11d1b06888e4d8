import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requirePilotRead } from '$lib/server/auth/guards';
import { fileOf, readStoredBytes } from '$lib/server/files';

/**
 * Evidence files, only for people allowed to see the pilot, with the type checked at upload.
 * Never rendered as a page: photos display inline, everything else downloads, and a sandbox
 * CSP plus nosniff keep even a disguised file inert.
 */
export const GET: RequestHandler = async ({ params }) => {
	const pilotId = Number(params.pilotId);
	requirePilotRead(pilotId);
	const file = await fileOf(pilotId, Number(params.fileId));
	if (!file) error(404, '未找到该文件');
	const bytes = await readStoredBytes(file.sha256);
	if (!bytes) error(404, '文件已不存在');
	const disposition = file.mime.startsWith('image/') ? 'inline' : 'attachment';
	return new Response(bytes, {
		headers: {
			'content-type': file.mime,
			'content-length': String(bytes.length),
			'content-disposition': `${disposition}; filename="file"; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
			'x-content-type-options': 'nosniff',
			'content-security-policy': "sandbox; default-src 'none'",
			'cache-control': 'private, no-store'
		}
	});
};
