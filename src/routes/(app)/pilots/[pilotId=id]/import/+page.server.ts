import type { Actions, PageServerLoad } from './$types';
import { currentActor, requirePilotEdit } from '$lib/server/auth/guards';
import { readPilot } from '../pilot-page';
import { activityContextOf, teamsOf } from '$lib/server/pilot-items';
import { checkActivities, checkRoster, discardStaged, importActivities, importRoster, stageUpload } from '$lib/server/imports';
import { checkUpload } from '$lib/server/files';
import { failFrom, FieldError } from '$lib/server/errors';
import { today } from '$lib/server/clock';

export const load: PageServerLoad = async ({ params }) => {
	const { pilot } = await readPilot(params);
	requirePilotEdit(pilot.id);
	return { teams: (await teamsOf(pilot)).map((t) => ({ id: t.id, name: t.name, members: t.members })) };
};

const REPORT_LIMIT = 500;

function teamIdOf(form: FormData): number {
	const raw = form.get('teamId');
	if (typeof raw !== 'string' || !/^[1-9]\d{0,9}$/.test(raw)) throw new FieldError('teamId', '请选择服务队');
	return Number(raw);
}

/** Step 1 for either sheet: read the file, report every problem, write nothing. */
async function checkStep(pilotId: number, form: FormData, kind: 'roster' | 'activities') {
	const file = await checkUpload('file', form.get('file'), ['xlsx']);
	if (!file) throw new FieldError('file', '请选择要导入的 Excel 文件（.xlsx）');
	const result = kind === 'roster' ? await checkRoster(file.bytes) : await checkActivities(file.bytes, pilotId, await activityContextOf(pilotId, today()));
	// kept only when there is something to confirm
	const staged = result.valid.length ? await stageUpload(pilotId, file.bytes) : null;
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

export const actions: Actions = {
	checkRoster: async ({ request, params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		const form = await request.formData();
		try {
			const teamId = teamIdOf(form);
			return { check: { ...(await checkStep(pilotId, form, 'roster')), teamId } };
		} catch (e) {
			return failFrom(e);
		}
	},
	importRoster: async ({ request, params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		const form = await request.formData();
		try {
			const result = await importRoster(currentActor(), pilotId, teamIdOf(form), String(form.get('staged') ?? ''));
			return { done: `已导入花名册 ${result.imported} 人${result.skipped ? `，跳过 ${result.skipped} 行有问题的数据` : ''}。` };
		} catch (e) {
			return failFrom(e);
		}
	},
	checkActivities: async ({ request, params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		try {
			return { check: { ...(await checkStep(pilotId, await request.formData(), 'activities')), teamId: null } };
		} catch (e) {
			return failFrom(e);
		}
	},
	/** Abandoning a checked file: its staged copy goes now rather than at the hourly sweep. */
	discardImport: async ({ request, params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		const form = await request.formData();
		try {
			await discardStaged(pilotId, String(form.get('staged') ?? ''));
			return { done: '已放弃本次导入，上传的文件已删除。' };
		} catch (e) {
			return failFrom(e);
		}
	},
	importActivities: async ({ request, params }) => {
		const pilotId = Number(params.pilotId);
		requirePilotEdit(pilotId);
		const form = await request.formData();
		try {
			const result = await importActivities(currentActor(), pilotId, String(form.get('staged') ?? ''), await activityContextOf(pilotId, today()));
			return { done: `已导入活动 ${result.imported} 条${result.skipped ? `，跳过 ${result.skipped} 行有问题的数据` : ''}。` };
		} catch (e) {
			return failFrom(e);
		}
	}
};
