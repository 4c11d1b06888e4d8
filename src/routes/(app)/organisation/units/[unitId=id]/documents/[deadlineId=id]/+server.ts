import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUnitRead } from '$lib/server/auth/guards';
import * as units from '$lib/server/organisation/units';
import * as deadlines from '$lib/server/organisation/deadlines';
import { readStoredBytes } from '$lib/server/files';
import { today } from '$lib/server/clock';

/** A unit's filed document for an obligation: only for those who may read the unit; never rendered. */
export const GET: RequestHandler = async ({ params }) => {
	const unitId = Number(params.unitId);
	requireUnitRead(await units.scopeOf(unitId, today()));
	const doc = await deadlines.documentOf(unitId, Number(params.deadlineId));
	if (!doc) error(404, '未找到该文件');
	const bytes = await readStoredBytes(doc.sha256!);
	if (!bytes) error(404, '文件已不存在');
	return new Response(bytes, {
		headers: {
			'content-type': doc.mime ?? 'application/octet-stream',
			'content-length': String(bytes.length),
			'content-disposition': `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(doc.name ?? 'file')}`,
			'x-content-type-options': 'nosniff',
			'content-security-policy': "sandbox; default-src 'none'",
			'cache-control': 'private, no-store'
		}
	});
};
