/**
 * Turning a submitted form into validated data with one zod schema, shared by the browser,
 * form actions, imports and the API. Errors come back per field in Chinese, with what was
 * typed, so the form can show the message at its field and keep the input.
 */
import type { z } from 'zod';
import { afterTodayProblem, beforeTodayProblem, isValidDate } from './domain/dates';

export type FieldErrors = Record<string, string>;

export type ParsedForm<T> =
	| { ok: true; data: T; values: Record<string, unknown> }
	| { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/**
 * FormData → plain object. Keys listed in `arrayKeys` keep every value; any other key sent
 * more than once is an error rather than a silent pick. Files are left to the caller.
 */
export function formValues(form: FormData, arrayKeys: readonly string[] = []): { values: Record<string, unknown>; errors: FieldErrors } {
	const values: Record<string, unknown> = Object.create(null);
	const errors: FieldErrors = {};
	// one pass: `getAll` per name scans every entry, and a body of many names then took minutes
	const sent = new Map<string, string[]>();
	for (const [key, value] of form.entries()) {
		if (typeof value !== 'string') continue;
		const all = sent.get(key);
		if (all) all.push(value);
		else sent.set(key, [value]);
	}
	for (const [key, all] of sent) {
		if (key.startsWith('$') || key === FORM_KEY || key === CONFIRMED || key === CANCELLED || key === FORM_TOKEN || key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
		if (arrayKeys.includes(key)) values[key] = all;
		else if (all.length > 1) errors[key] = '该字段重复提交';
		else if (all.length === 1) values[key] = all[0];
	}
	// a group of checkboxes with none ticked sends nothing: that is an empty choice, not a missing field
	for (const key of arrayKeys) values[key] ??= [];
	return { values, errors };
}

export function firstErrors(error: z.ZodError): FieldErrors {
	const errors: FieldErrors = {};
	for (const issue of error.issues) {
		const key = String(issue.path[0] ?? '_form');
		errors[key] ??= issue.message;
	}
	return errors;
}

/** Checks across fields or against the page's context, run on what was typed whatever else failed. */
export type CrossCheck = (values: Record<string, unknown>) => FieldErrors;

/** A date field that may not be after `today`: the same check in the browser and on the server, beside the schema's. */
export function notAfterToday(field: string, label: string, today: string): CrossCheck {
	return (values) => {
		const value = values[field];
		const problem = typeof value === 'string' && isValidDate(value) ? afterTodayProblem(label, value, today) : null;
		return problem ? { [field]: problem } : {};
	};
}

/** The browser's and the server's check that a date typed at `field` is not before `today`. */
export function notBeforeToday(field: string, label: string, today: string): CrossCheck {
	return (values) => {
		const value = values[field];
		const problem = typeof value === 'string' && isValidDate(value) ? beforeTodayProblem(label, value, today) : null;
		return problem ? { [field]: problem } : {};
	};
}

/**
 * A chosen file whose name or type is not among a file input's `accept` list, in words: the
 * browser's picker lets anyone choose "all files", and the server would refuse it only after
 * the upload, alone.
 */
export function notAcceptedProblem(accept: string, file: { name: string; type: string }): string | null {
	const tokens = accept.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
	if (!tokens.length) return null;
	const name = file.name.toLowerCase();
	const type = file.type.toLowerCase();
	const fits = tokens.some((t) => (t.startsWith('.') ? name.endsWith(t) : t.endsWith('/*') ? type.startsWith(t.slice(0, -1)) : type === t));
	return fits ? null : '所选文件不是说明中所列的格式，请另选文件';
}

/**
 * Every problem of a submit at once: the schema's, the cross checks' and a key sent twice, each
 * at its field. The browser and the server run this same function, so both say the same.
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData, arrayKeys: readonly string[] = [], check?: CrossCheck): ParsedForm<z.output<S>> {
	const { values, errors } = formValues(form, arrayKeys);
	const result = schema.safeParse(values);
	const all = { ...(check ? check(values) : {}), ...(result.success ? {} : firstErrors(result.error)), ...errors };
	if (!result.success || Object.keys(all).length) return { ok: false, errors: withSummary(all), values: safeEcho(values) };
	return { ok: true, data: result.data, values: safeEcho(values) };
}

/**
 * A refusal always says something above the form too: an error can sit at a field the page does
 * not show (a hidden id or version, a key sent twice that no input has).
 */
export const FORM_SUMMARY = '提交的内容有误，请按标出的提示修改；如未看到提示，请刷新页面后重新填写';
/**
 * Why a submit the server did not answer with the form's own result was not saved: the server's
 * words for a refusal it explains (no permission, too large), or a failed connection or server
 * error with the error's id for the server log.
 */
export function notSent(status: number | undefined, error: unknown): string {
	const answered = error && typeof error === 'object' && !(error instanceof Error) ? (error as { message?: unknown; errorId?: unknown }) : null;
	const tail = '本次提交未保存，填写的内容仍在本页。';
	if (status && status < 500 && typeof answered?.message === 'string') return `${answered.message.replace(/[。.]$/, '')}。${tail}`;
	const id = typeof answered?.errorId === 'string' ? `（错误编号 ${answered.errorId}）` : '';
	const what = status ? `服务器处理时出错${id}` : '网络中断或服务器暂时无法连接';
	return `提交未成功：${what}。${tail}请稍后再次提交。`;
}

/** A form sent after its account was signed out (idle too long, or 退出 elsewhere): what was typed stays on the page. */
export const SIGNED_OUT = '登录已失效（长时间未操作或已在别处退出），本次提交未保存，填写的内容仍在本页。请在新标签页重新登录，再回到本页提交。';
function withSummary(errors: FieldErrors): FieldErrors {
	return { _form: FORM_SUMMARY, ...errors };
}

/** Passwords are never sent back to the page. */
function safeEcho(values: Record<string, unknown>): Record<string, unknown> {
	const echo: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(values)) if (!/password/i.test(k)) echo[k] = v;
	return echo;
}

/**
 * What an action answers, for every form in the product. `form` names the form it answers, so a
 * page with several forms shows values, errors and messages only in the one that was sent.
 */
export interface FormResult {
	form?: string;
	/** the success message */
	saved?: string;
	/** what was typed, after a refusal (never passwords) */
	values?: Record<string, unknown>;
	errors?: FieldErrors;
	/** a destructive action waits for this question to be answered (a page without scripts) */
	confirm?: string;
	/** the row a create made, so the form goes on showing what is stored */
	editing?: number | null;
	[extra: string]: unknown;
}

/** Hidden fields every form may carry. */
export const FORM_KEY = 'formKey';
export const CONFIRMED = 'confirmed';
/** 取消 of a question asked without scripts: the form comes back as typed, nothing done. */
export const CANCELLED = 'cancelled';
export const CANCELLED_NOTICE = '已取消，未作任何修改';
export const FORM_TOKEN = 'formToken';

/** A form's key as posted: a short name made of safe characters, or the fallback. */
export function formKeyOf(form: FormData, fallback: string): string {
	const key = form.get(FORM_KEY);
	return typeof key === 'string' && /^[a-z][a-zA-Z0-9:_-]{0,59}$/.test(key) ? key : fallback;
}

// ── file sizes: the same words from the server and, before anything is sent, from the browser ──
/** The largest file any form takes unless FILE_MAX_BYTES says otherwise. */
export const DEFAULT_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.floor(bytes / 1024 / 1024)} MB` : `${Math.floor(bytes / 1024)} KB`);
export const tooLargeMessage = (maxBytes: number) => `文件不能超过 ${sizeText(maxBytes)}`;

/** A nomination's photo, as 001's form asks: 1–3 MB. */
export const PHOTO_MIN_BYTES = 1024 * 1024;
export const PHOTO_MAX_BYTES = 3 * 1024 * 1024;
export function photoSizeProblem(name: string, size: number): string | null {
	if (size >= PHOTO_MIN_BYTES && size <= PHOTO_MAX_BYTES) return null;
	return `照片“${name}”须在 1–3 MB 之间（现为 ${(size / 1024 / 1024).toFixed(1)} MB）`;
}
