/**
 * Shared by the pilot's pages: load the pilot for a reader, and run an editor's action as
 * guard → parse → write → answer. Every page and action still calls these itself.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { z } from 'zod';
import { ID_PATTERN } from '$lib/ids';
import { recordId } from '$lib/schemas/common';
import { currentActor, requirePilotEdit, requirePilotRead } from '$lib/server/auth/guards';
import { canEditPilot, canExportPilot } from '$lib/server/auth/policy';
import * as pilots from '$lib/server/pilots/pilot';
import { today } from '$lib/server/clock';
import { formAction, refuseForm, type FormRun, type FormSpec } from '$lib/server/form-actions';
import { BIN_KIND_LABELS, KEEP_DAYS, labelOfItem, removeFile, type BinKind } from '$lib/server/recycle-bin';
import type { Actor } from '$lib/server/audit';

type Read = 'full' | 'figures';
const loaders = { full: pilots.get, figures: pilots.summary } as const;

/**
 * The pilot as read for this request: the layout and the page below it run their loads at once
 * and share one read, so a stale tally is recounted once, not twice. Nothing outlives the request.
 */
const readThisRequest = new WeakMap<App.Locals, Map<string, Promise<unknown>>>();

function loadPilotOnce<R extends Read>(read: R, pilotId: number, day: string): ReturnType<(typeof loaders)[R]> {
	const { locals, request } = getRequestEvent();
	const load = () => loaders[read](pilotId, day) as ReturnType<(typeof loaders)[R]>;
	// after a form action the page must show the action's change: read afresh
	if (request.method !== 'GET') return load();
	const loaded = readThisRequest.get(locals) ?? new Map<string, Promise<unknown>>();
	readThisRequest.set(locals, loaded);
	const key = `${read}|${pilotId}|${day}`;
	if (!loaded.has(key)) loaded.set(key, load());
	return loaded.get(key) as ReturnType<(typeof loaders)[R]>;
}

async function readAs<R extends Read>(read: R, params: { pilotId: string }) {
	const pilotId = Number(params.pilotId);
	const user = requirePilotRead(pilotId);
	const day = today();
	const pilot = (await loadPilotOnce(read, pilotId, day)) as NonNullable<Awaited<ReturnType<(typeof loaders)[R]>>> | null;
	if (!pilot) error(404, '未找到该试点');
	return { pilot, today: day, canEdit: canEditPilot(user, pilotId) };
}

/** The pilot with its items counted: for the pages that list or check its items. */
export const readPilot = (params: { pilotId: string }) => readAs('full', params);

/** The pilot's figures and progress without its items: its header and its overview page. */
export const readPilotFigures = (params: { pilotId: string }) => readAs('figures', params);

/** A pilot's exports: readable, then exportable (403 for a reader who may not take it away). */
export async function exportPilot(params: { pilotId: string }) {
	const pilotId = Number(params.pilotId);
	const user = requirePilotRead(pilotId);
	if (!canExportPilot(user, pilotId)) error(403, '您的账号没有导出权限');
	const day = today();
	const pilot = await pilots.get(pilotId, day);
	if (!pilot) error(404, '未找到该试点');
	return { pilot, today: day };
}

export interface EditContext<T> extends FormRun<T> {
	pilotId: number;
	actor: Actor;
	/** the item id from the form's hidden `id` field, when editing */
	itemId: number | null;
}

/**
 * One editor action on a pilot's item: the guard comes first, so a refused caller learns nothing
 * from validation. A create answers with the new row's id, so the form goes on showing the row
 * as stored (and a second save updates it instead of making another).
 */
export async function editAction<S extends z.ZodType>(
	event: RequestEvent<{ pilotId: string }>,
	schema: S,
	run: (ctx: EditContext<z.output<S>>) => Promise<unknown>,
	options: Pick<FormSpec<S>, 'arrayKeys' | 'check' | 'files'> & { message: string; key?: string }
) {
	const pilotId = Number(event.params.pilotId);
	requirePilotEdit(pilotId);
	const body = await event.request.formData();
	const rawId = body.get('id');
	const itemId = typeof rawId === 'string' && ID_PATTERN.test(rawId) ? Number(rawId) : null;
	const key = options.key ?? 'save';
	if (rawId !== null && itemId === null) return refuseForm(key, 404, '未找到该记录');
	return formAction({
		key,
		schema,
		arrayKeys: options.arrayKeys,
		check: options.check,
		files: options.files,
		extra: { editing: itemId },
		saved: options.message,
		run: async (ctx) => {
			const made = await run({ ...ctx, pilotId, actor: currentActor(), itemId });
			return itemId === null && typeof made === 'number' ? { editing: made } : {};
		}
	}, body);
}

const deleteSchema = z.object({ id: recordId('未找到该记录') });

/**
 * Deleting moves the item into the recycle bin; it still asks first (the page's delete form asks
 * in the browser, and without scripts the action answers with the question).
 */
export async function deleteAction(event: RequestEvent<{ pilotId: string }>, kind: BinKind, remove: (actor: Actor, pilotId: number, id: number) => Promise<Record<string, unknown>>) {
	const pilotId = Number(event.params.pilotId);
	requirePilotEdit(pilotId);
	return formAction({
		key: 'delete',
		schema: deleteSchema,
		confirm: async ({ id }) => `确定删除${BIN_KIND_LABELS[kind]}“${await labelOfItem(kind, pilotId, id)}”吗？删除后 ${KEEP_DAYS} 天内可在回收站恢复。`,
		saved: (extra) => `已删除“${String(extra.label ?? '')}”，30 天内可在回收站恢复。`,
		run: async ({ data }) => {
			const row = await remove(currentActor(), pilotId, data.id);
			return { label: row.name ?? row.title ?? '', undoHref: `/pilots/${pilotId}/bin`, deleted: true };
		}
	});
}

/** An uploaded photo or document of this pilot into the recycle bin, after the same question. */
export async function deleteFileAction(event: RequestEvent<{ pilotId: string }>) {
	const pilotId = Number(event.params.pilotId);
	requirePilotEdit(pilotId);
	return formAction({
		key: 'deleteFile',
		schema: deleteSchema,
		confirm: async ({ id }) => `确定删除证明材料“${await labelOfItem('file', pilotId, id)}”吗？删除后 ${KEEP_DAYS} 天内可在回收站恢复。`,
		saved: (extra) => `已删除“${String(extra.label ?? '')}”，30 天内可在回收站恢复。`,
		run: async ({ data }) => {
			const row = await removeFile(currentActor(), pilotId, data.id);
			return { label: row.originalName ?? '', undoHref: `/pilots/${pilotId}/bin`, deleted: true };
		}
	});
}
