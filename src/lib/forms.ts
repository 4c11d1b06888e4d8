/**
 * Turning a submitted form into validated data with one zod schema, shared by the browser,
 * form actions, imports and the API. Errors come back per field in Chinese, with what was
 * typed, so the form can show the message at its field and keep the input.
 */
import type { z } from 'zod';

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
	for (const key of new Set(form.keys())) {
		if (key.startsWith('$') || key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
		const all = form.getAll(key).filter((v): v is string => typeof v === 'string');
		if (arrayKeys.includes(key)) values[key] = all;
		else if (all.length > 1) errors[key] = '该字段重复提交';
		else if (all.length === 1) values[key] = all[0];
	}
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

export function parseForm<S extends z.ZodType>(schema: S, form: FormData, arrayKeys: readonly string[] = []): ParsedForm<z.output<S>> {
	const { values, errors } = formValues(form, arrayKeys);
	const result = schema.safeParse(values);
	if (!result.success) return { ok: false, errors: withSummary({ ...firstErrors(result.error), ...errors }), values: safeEcho(values) };
	if (Object.keys(errors).length) return { ok: false, errors: withSummary(errors), values: safeEcho(values) };
	return { ok: true, data: result.data, values: safeEcho(values) };
}

/**
 * A refusal always says something above the form too: an error can sit at a field the page does
 * not show (a hidden id or version, a key sent twice that no input has).
 */
export const FORM_SUMMARY = '提交的内容有误，请按标出的提示修改；如未看到提示，请刷新页面后重新填写';
function withSummary(errors: FieldErrors): FieldErrors {
	return { _form: FORM_SUMMARY, ...errors };
}

/** Passwords are never sent back to the page. */
function safeEcho(values: Record<string, unknown>): Record<string, unknown> {
	const echo: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(values)) if (!/password/i.test(k)) echo[k] = v;
	return echo;
}
