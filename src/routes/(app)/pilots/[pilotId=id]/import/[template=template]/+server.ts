import type { RequestHandler } from './$types';
import { requirePilotEdit } from '$lib/server/auth/guards';
import { templateWorkbook, XLSX_MIME } from '$lib/server/workbook';
import * as activities from '$lib/server/pilots/activities';
import * as rosterForms from '$lib/server/pilots/roster-forms';

const ROSTER_TEMPLATES = { 'roster.xlsx': 'product', 'roster-004.xlsx': '004', 'roster-002.xlsx': '002' } as const;

export const GET: RequestHandler = async ({ params }) => {
	requirePilotEdit(Number(params.pilotId));
	const form = ROSTER_TEMPLATES[params.template as keyof typeof ROSTER_TEMPLATES];
	const bytes = form ? await rosterForms.templateWorkbook(form) : await templateWorkbook('活动', [...activities.SHEET_COLUMNS]);
	const file = form ? rosterForms.TEMPLATE_FILES[form] : '活动批量导入模板.xlsx';
	return new Response(bytes as unknown as BodyInit, {
		headers: {
			'content-type': XLSX_MIME,
			'content-disposition': `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent(file)}`,
			'x-content-type-options': 'nosniff'
		}
	});
};
