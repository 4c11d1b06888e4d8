import type { Actions, PageServerLoad } from './$types';
import { currentActor, requirePilotEdit } from '$lib/server/auth/guards';
import { readPilot } from '../pilot-page';
import * as activities from '$lib/server/pilots/activities';
import * as teams from '$lib/server/pilots/teams';
import * as rosters from '$lib/server/pilots/rosters';
import * as stagedUploads from '$lib/server/staged-uploads';
import type { CheckedFile } from '$lib/server/files';
import { formAction } from '$lib/server/form-actions';
import { z } from 'zod';
import { recordId } from '$lib/schemas/common';
import { FieldError } from '$lib/server/errors';
import { today } from '$lib/server/clock';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot } = await readPilot(params);
	requirePilotEdit(pilot.id);
	return { teams: (await teams.list(pilot)).map((t) => ({ id: t.id, name: t.name, members: t.members })) };
};

const REPORT_LIMIT = 500;

const teamId = recordId('请选择服务队');
// a staged name is checked where it is read: one that names no staged file is "not found"
const staged = z.string({ error: '请重新选择文件并校验' });
const XLSX = [{ name: 'file', kinds: ['xlsx' as const] }];

/** Step 1 for either sheet: read the file, report every problem, write nothing. */
async function checkStep(pilotId: number, file: CheckedFile | null, kind: 'roster' | 'activities', teamId: number | null = null) {
	if (!file) throw new FieldError('file', '请选择要导入的 Excel 文件（.xlsx）');
	const result = kind === 'roster' ? await rosters.check(file.bytes, teamId ? { pilotId, teamId } : undefined) : await activities.checkSheet(file.bytes, pilotId, await activities.contextOf(pilotId, today()));
	// kept only when there is something to confirm
	const staged = result.valid.length ? await stagedUploads.stage(pilotId, file.bytes) : null;
	return {
		kind,
		fileName: file.name,
		staged,
		total: result.total,
		validCount: result.valid.length,
		problemRows: new Set(result.problems.map((p) => p.row)).size,
		problems: result.problems.slice(0, REPORT_LIMIT),
		moreProblems: Math.max(0, result.problems.length - REPORT_LIMIT)
	};
}

/** What the page shows of a checked sheet. */
export type CheckReport = Awaited<ReturnType<typeof checkStep>> & { teamId: number | null };

const skippedText = (skipped: number, duplicates = 0) => (skipped ? `，跳过 ${skipped} 行有问题的数据${duplicates ? `（其中 ${duplicates} 行与前面的行为同一人）` : ''}` : '');

export const actions: Actions = {
	checkRoster: async ({ params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		return formAction({
			key: 'checkRoster',
			schema: z.object({ teamId }),
			files: XLSX,
			saved: '校验完成',
			run: async ({ data, files }) => ({ check: { ...(await checkStep(pilotId, files.file, 'roster', data.teamId)), teamId: data.teamId } })
		});
	},
	importRoster: async ({ params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		return formAction({
			key: 'importRoster',
			schema: z.object({ teamId, staged }),
			saved: (r) => `已导入花名册 ${r.imported} 人${skippedText(Number(r.skipped ?? 0), Number(r.duplicates ?? 0))}。与原花名册相比新增 ${r.added} 人、移除 ${r.removed} 人。`,
			run: ({ data }) => rosters.importRoster(currentActor(), pilotId, data.teamId, data.staged)
		});
	},
	checkActivities: async ({ params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		return formAction({
			key: 'checkActivities',
			schema: z.object({}),
			files: XLSX,
			saved: '校验完成',
			run: async ({ files }) => ({ check: { ...(await checkStep(pilotId, files.file, 'activities')), teamId: null } })
		});
	},
	/** Abandoning a checked file: its staged copy goes now rather than at the hourly sweep. */
	discardImport: async ({ params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		return formAction({
			key: 'discardImport',
			schema: z.object({ staged }),
			saved: '已放弃本次导入，上传的文件已删除。',
			run: async ({ data }) => {
				await stagedUploads.discard(pilotId, data.staged);
			}
		});
	},
	importActivities: async ({ params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		return formAction({
			key: 'importActivities',
			schema: z.object({ staged }),
			saved: (r) => `已导入活动 ${r.imported} 条${skippedText(Number(r.skipped ?? 0))}。`,
			run: async ({ data }) => activities.importSheet(currentActor(), pilotId, data.staged, await activities.contextOf(pilotId, today()))
		});
	}
};
