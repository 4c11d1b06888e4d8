import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { canExportOrganisation } from '$lib/server/auth/policy';
import * as tree from '$lib/server/organisation/tree';
import * as orgExport from '$lib/server/organisation/export';
import { xlsxResponse } from '$lib/server/downloads';
import { today } from '$lib/server/clock';
import { ORG_KIND_LABELS } from '$lib/domain/organisation';
import { matches, ORG_STATUS_FILTERS, readOrgFilter } from '../filter';
import { visibleRows } from '../scope.server';

/** The tree as on the page, with the same filters; a unit officer gets their own subtree. */
export const GET: RequestHandler = async ({ url }) => {
	const user = requireUser();
	if (!canExportOrganisation(user)) error(403, '您的账号没有导出权限');
	const day = today();
	const filter = readOrgFilter(url.searchParams, day);
	const rows = visibleRows(user, await tree.rollUp(filter.asOf ?? day)).filter((r) => matches(r, filter));
	const description = [
		`数据日期 ${filter.asOf ?? day}`,
		filter.kind ? `单位类型：${ORG_KIND_LABELS[filter.kind]}` : '',
		filter.city ? `所在市：${filter.city}` : '',
		filter.status ? `状态：${ORG_STATUS_FILTERS[filter.status]}` : ''
	]
		.filter(Boolean)
		.join('；');
	return xlsxResponse(await orgExport.workbook(rows, description), `组织体系_${filter.asOf ?? day}.xlsx`);
};
