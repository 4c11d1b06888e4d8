import type { RequestHandler } from './$types';
import { requirePilotEdit } from '$lib/server/auth/guards';
import { templateWorkbook, XLSX_MIME } from '$lib/server/workbook';
import { ACTIVITY_COLUMNS, ROSTER_COLUMNS } from '$lib/server/imports';

const TEMPLATES = {
	'roster.xlsx': { sheet: '花名册', file: '服务队花名册模板.xlsx', columns: ROSTER_COLUMNS },
	'activities.xlsx': { sheet: '活动', file: '活动批量导入模板.xlsx', columns: ACTIVITY_COLUMNS }
} as const;

export const GET: RequestHandler = async ({ params }) => {
	requirePilotEdit(Number(params.pilotId));
	const t = TEMPLATES[params.template as keyof typeof TEMPLATES];
	const bytes = await templateWorkbook(t.sheet, [...t.columns]);
	return new Response(bytes as unknown as BodyInit, {
		headers: {
			'content-type': XLSX_MIME,
			'content-disposition': `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent(t.file)}`,
			'x-content-type-options': 'nosniff'
		}
	});
};
