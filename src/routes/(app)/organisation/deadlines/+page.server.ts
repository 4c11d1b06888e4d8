import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentActor, requireUser } from '$lib/server/auth/guards';
import { canSetOrgDeadlines } from '$lib/server/auth/policy';
import * as deadlines from '$lib/server/organisation/deadlines';
import { formAction, refuseForm } from '$lib/server/form-actions';
import { today } from '$lib/server/clock';
import { ID_PATTERN } from '$lib/ids';
import { DEADLINE_ARRAY_FIELDS, deadlineSchema, idSchema } from '$lib/schemas/organisation';

function requireDeadlineAdmin() {
	const user = requireUser();
	if (!canSetOrgDeadlines(user)) error(403, '您的账号没有此项权限');
	return user;
}

export const load: PageServerLoad = async () => {
	requireDeadlineAdmin();
	const day = today();
	const list = await deadlines.list();
	return { today: day, deadlines: list, suggestion: deadlines.nextSuggestion(list, Number(day.slice(0, 4))) };
};

export const actions: Actions = {
	save: async ({ request }) => {
		requireDeadlineAdmin();
		const body = await request.formData();
		const raw = body.get('id');
		const id = raw === null || raw === '' ? null : typeof raw === 'string' && ID_PATTERN.test(raw) ? Number(raw) : 'bad';
		if (id === 'bad') return refuseForm('save', 404, '未找到该记录');
		return formAction(
			{
				key: 'save',
				schema: deadlineSchema,
				arrayKeys: DEADLINE_ARRAY_FIELDS,
				extra: { editing: id },
				saved: '报送任务已保存',
				run: async ({ data, token }) => {
					const made = await deadlines.save(currentActor(), id, data, token);
					return id === null ? { editing: made } : {};
				}
			},
			body
		);
	},
	delete: async () => {
		requireDeadlineAdmin();
		return formAction({
			key: 'delete',
			schema: idSchema,
			confirm: async ({ id }) => {
				const d = (await deadlines.list()).find((x) => x.id === id);
				return d ? `确定删除报送任务“${d.title}”吗？删除后 30 天内可在回收站恢复。` : null;
			},
			saved: (extra) => `已删除报送任务“${String(extra.name ?? '')}”（连同各单位的完成登记），30 天内可在组织体系回收站恢复`,
			run: async ({ data }) => deadlines.remove(currentActor(), data.id)
		});
	}
};
