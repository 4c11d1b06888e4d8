/**
 * Shared by the pilot's pages: load the pilot for a reader, and run an editor's action as
 * guard → parse → write → answer. Every page and action still calls these itself.
 */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import type { z } from 'zod';
import { currentActor, requirePilotEdit, requirePilotRead } from '$lib/server/auth/guards';
import { canEditPilot, canExportPilot } from '$lib/server/auth/policy';
import { loadPilot } from '$lib/server/pilot-items';
import { today } from '$lib/server/clock';
import { failFrom } from '$lib/server/errors';
import { parseForm } from '$lib/forms';
import type { Actor } from '$lib/server/audit';

/** The pilot as counted for this request: its layout and its page share one count. */
const countedThisRequest = new WeakMap<App.Locals, Map<string, ReturnType<typeof loadPilot>>>();

function loadPilotOnce(pilotId: number, day: string) {
	const { locals, request } = getRequestEvent();
	// after a form action the page must show the action's change: count afresh
	if (request.method !== 'GET') return loadPilot(pilotId, day);
	const loaded = countedThisRequest.get(locals) ?? new Map<string, ReturnType<typeof loadPilot>>();
	countedThisRequest.set(locals, loaded);
	const key = `${pilotId}|${day}`;
	if (!loaded.has(key)) loaded.set(key, loadPilot(pilotId, day));
	return loaded.get(key)!;
}

export async function readPilot(params: { pilotId: string }) {
	const pilotId = Number(params.pilotId);
	const user = requirePilotRead(pilotId);
	const day = today();
	const pilot = await loadPilotOnce(pilotId, day);
	if (!pilot) error(404, '未找到该试点');
	return { pilot, today: day, canEdit: canEditPilot(user, pilotId) };
}

/** A pilot's exports: readable, then exportable (403 for a reader who may not take it away). */
export async function exportPilot(params: { pilotId: string }) {
	const pilotId = Number(params.pilotId);
	const user = requirePilotRead(pilotId);
	if (!canExportPilot(user, pilotId)) error(403, '您的账号没有导出权限');
	const day = today();
	const pilot = await loadPilot(pilotId, day);
	if (!pilot) error(404, '未找到该试点');
	return { pilot, today: day };
}

export interface EditContext<T> {
	pilotId: number;
	actor: Actor;
	data: T;
	form: FormData;
	/** the item id from the form's hidden `id` field, when editing */
	itemId: number | null;
}

/** One editor action: the guard comes first, so a refused caller learns nothing from validation. */
export async function editAction<S extends z.ZodType>(
	event: RequestEvent<{ pilotId: string }>,
	schema: S,
	run: (ctx: EditContext<z.output<S>>) => Promise<unknown>,
	options: { arrayKeys?: readonly string[]; message: string }
) {
	const pilotId = Number(event.params.pilotId);
	requirePilotEdit(pilotId);
	const form = await event.request.formData();
	const rawId = form.get('id');
	const itemId = typeof rawId === 'string' && /^[1-9]\d{0,9}$/.test(rawId) ? Number(rawId) : null;
	if (rawId !== null && itemId === null) return fail(404, { errors: { _form: '未找到该记录' } as Record<string, string>, values: {} as Record<string, unknown> });
	const parsed = parseForm(schema, form, options.arrayKeys);
	if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors, editing: itemId });
	try {
		await run({ pilotId, actor: currentActor(), data: parsed.data, form, itemId });
	} catch (e) {
		const failure = failFrom(e, parsed.values);
		return fail(failure.status, { ...failure.data, editing: itemId });
	}
	return { saved: options.message };
}

/** Deleting needs only the id; the write checks it belongs to this pilot. */
export async function deleteAction(event: RequestEvent<{ pilotId: string }>, remove: (actor: Actor, pilotId: number, id: number) => Promise<unknown>) {
	const pilotId = Number(event.params.pilotId);
	requirePilotEdit(pilotId);
	const raw = (await event.request.formData()).get('id');
	const id = typeof raw === 'string' && /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : null;
	if (id === null) return fail(404, { errors: { _form: '未找到该记录' } as Record<string, string>, values: {} as Record<string, unknown> });
	try {
		await remove(currentActor(), pilotId, id);
	} catch (e) {
		return failFrom(e);
	}
	return { saved: '已删除' };
}
