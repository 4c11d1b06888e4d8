import type { Actions, PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { readPilot } from '../../../pilot-page';
import { currentActor, requirePilotEdit } from '$lib/server/auth/guards';
import { formAction } from '$lib/server/form-actions';
import { FieldError, NotFoundError } from '$lib/server/errors';
import * as stagedUploads from '$lib/server/staged-uploads';
import * as participants from '$lib/server/participants';
import { hoursField, participantChecks, participantsSchema, PARTICIPANT_ARRAY_FIELDS, sheetCheckSchema, hoursText } from '$lib/schemas/participants';
import { parseHours, typicalHours } from '$lib/domain/service-hours';
import { participantsProblem } from '$lib/domain/activity-checks';
import { today } from '$lib/server/clock';

async function activityOf(pilotId: number, activityId: number) {
	try {
		return await participants.activityOf(pilotId, activityId);
	} catch (e) {
		if (e instanceof NotFoundError) error(404, '未找到该活动');
		throw e;
	}
}

export const load: PageServerLoad = async ({ params }) => {
	const { pilot, canEdit } = await readPilot(params);
	const activity = await activityOf(pilot.id, Number(params.activityId));
	const [recorded, candidates] = await Promise.all([participants.list(activity.id), canEdit ? participants.candidatesOf(pilot.id, activity.id) : null]);
	// once people are recorded, the default is what most of them got (the activity's hours now include everyone's)
	const defaultHours = typicalHours(recorded.map((p) => p.hours)) ?? activity.defaultHours;
	return { activity: { ...activity, defaultHours }, recorded, candidates, canEdit, planned: participantsProblem(activity.date, today()) };
};

const REPORT_LIMIT = 500;
const staged = z.string({ error: '请重新选择文件并校验' });

/** The refused caller learns nothing: the guard, then the activity, then the form. */
async function guard(params: { pilotId: string; activityId: string }) {
	const pilotId = Number(params.pilotId);
	requirePilotEdit(pilotId);
	const activity = await activityOf(pilotId, Number(params.activityId));
	return { pilotId, activity };
}

const removedQuestion = (names: string[]) =>
	`保存后将从参与名单中移除 ${names.length} 人（${names.slice(0, 5).join('、')}${names.length > 5 ? '等' : ''}），其服务时长随之减少。确定保存吗？`;

export const actions: Actions = {
	save: async ({ params }) => {
		const { pilotId, activity } = await guard(params);
		return formAction({
			key: 'participants',
			schema: participantsSchema,
			arrayKeys: PARTICIPANT_ARRAY_FIELDS,
			check: async (values) => participantChecks(values, new Set((await participants.list(activity.id)).map((p) => p.hash))),
			confirm: async (data) => {
				const removed = await participants.removedBy(activity.id, data.people);
				return removed.length ? removedQuestion(removed.map((p) => p.name)) : null;
			},
			saved: (r) => `已保存参与名单：${r.count} 人，合计 ${r.hours} 小时。活动的志愿者人次按签到名单计为 ${r.count}。`,
			run: async ({ data, form }) => {
				const picks = [...new Set(data.people)].map((hash) => {
					const typed = form.get(hoursField(hash));
					const own = typeof typed === 'string' && typed.trim() !== '' ? parseHours(typed) : null;
					return { hash, hours: own ?? data.defaultHours };
				});
				return participants.save(currentActor(), pilotId, activity.id, picks, today());
			}
		});
	},
	checkSheet: async ({ params }) => {
		const { pilotId, activity } = await guard(params);
		return formAction({
			key: 'checkSheet',
			schema: sheetCheckSchema,
			files: [{ name: 'file', kinds: ['xlsx'] }],
			saved: '校验完成',
			run: async ({ data, files }) => {
				if (!files.file) throw new FieldError('file', '请选择要导入的签到表（.xlsx）');
				const result = await participants.checkSheet(pilotId, activity.id, files.file.bytes, data.defaultHours);
				return {
					check: {
						fileName: files.file.name,
						staged: result.valid.length ? await stagedUploads.stage(pilotId, files.file.bytes) : null,
						defaultHours: data.defaultHours,
						total: result.total,
						validCount: result.valid.length,
						problemRows: new Set(result.problems.map((p) => p.row)).size,
						problems: result.problems.slice(0, REPORT_LIMIT),
						rows: result.valid.slice(0, REPORT_LIMIT).map(({ row, value }) => ({ row, name: value.name, team: value.team, hours: value.hours, recorded: value.recorded })),
						moreRows: Math.max(0, result.valid.length - REPORT_LIMIT)
					}
				};
			}
		});
	},
	importSheet: async ({ params }) => {
		const { pilotId, activity } = await guard(params);
		return formAction({
			key: 'importSheet',
			schema: z.object({ staged, defaultHours: hoursText('每人默认时长') }),
			saved: (r) =>
				`已导入签到表：新增 ${r.added} 人${r.updated ? `，更新 ${r.updated} 人的时长` : ''}${r.skipped ? `，跳过 ${r.skipped} 行${r.duplicates ? `（其中 ${r.duplicates} 行与前面的行为同一人）` : ''}` : ''}。`,
			run: ({ data }) => participants.importSheet(currentActor(), pilotId, activity.id, data.staged, data.defaultHours, today())
		});
	},
	discardSheet: async ({ params }) => {
		const { pilotId } = await guard(params);
		return formAction({
			key: 'discardSheet',
			schema: z.object({ staged }),
			saved: '已放弃本次导入，上传的文件已删除。',
			run: async ({ data }) => {
				await stagedUploads.discard(pilotId, data.staged);
			}
		});
	}
};
