/**
 * The one way an action answers a form (its page side is `Form.svelte`): read the body, check
 * everything at once, ask before a destructive change, write, and answer with the form's key —
 * `{ form, saved }` or `fail(status, { form, values, errors })` with what was typed. The caller
 * checks permission first, so a refused caller learns nothing from validation.
 */
import { fail } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { z } from 'zod';
import { CANCELLED, CANCELLED_NOTICE, CONFIRMED, FORM_SUMMARY, FORM_TOKEN, formKeyOf, formValues, parseForm, type FieldErrors, type FormResult } from '../forms';
import { db, writeTransaction } from './db';
import { stagedFiles } from './db/schema';
import { checkUpload, type CheckedFile, type FileKind } from './files';
import { makeRoom, removeOlderThan, storage } from './storage';
import { failFrom, FieldError } from './errors';
import { now } from './clock';
import { tokenUsed } from './audit';

export interface FileField {
	name: string;
	kinds: FileKind[];
	/** a rule of the file itself (a size the form asks for): its problem shows with every other field's */
	problem?: (file: CheckedFile) => string | null;
}

export interface FormRun<T> {
	data: T;
	form: FormData;
	key: string;
	/** the form's idempotency token, for a create */
	token: string | null;
	/** each file field's file: newly chosen, kept from a refused submit, or null */
	files: Record<string, CheckedFile | null>;
}

export interface FormSpec<S extends z.ZodType, E extends Record<string, unknown> = Record<string, unknown>> {
	/** the key when the form sent none (a page without the Form component, or a script) */
	key: string;
	schema: S;
	arrayKeys?: readonly string[];
	/** checks across fields or against stored data, on what was typed */
	check?: (values: Record<string, unknown>) => FieldErrors | Promise<FieldErrors>;
	files?: FileField[];
	/** a destructive action's question; the action waits until it is answered */
	confirm?: (data: z.output<S>) => string | null | Promise<string | null>;
	/** the write; what it returns joins the answer */
	run: (ctx: FormRun<z.output<S>>) => Promise<E | void>;
	/** the success message */
	saved: string | ((extra: NoInfer<E>) => string);
	/** joins every answer, success or refusal (e.g. which item the form edits) */
	extra?: Record<string, unknown>;
}

/** `body`: the request's form when the caller had to read it first (to find the item it edits). */
export async function formAction<S extends z.ZodType, E extends Record<string, unknown> = Record<string, unknown>>(spec: FormSpec<S, E>, body?: FormData) {
	const { request, locals } = getRequestEvent();
	body ??= await request.formData();
	const key = formKeyOf(body, spec.key);
	const userId = locals.user?.id ?? null;
	// typed as nothing in particular, so pages read an answer's own fields by narrowing on them
	const extraFields = (spec.extra ?? {}) as object;
	// a refusal always says something above the form too (its error may sit where no field shows it)
	const refuse = async (status: number, values: Record<string, unknown>, errors: FieldErrors, accepted: Record<string, CheckedFile | null> = {}) =>
		fail(status, { form: key, values: { ...values, ...(await keepRefusedFiles(userId, accepted)) }, errors: { _form: FORM_SUMMARY, ...errors }, ...extraFields } satisfies FormResult);

	const rawToken = body.get(FORM_TOKEN);
	// a form sent again after it was written (a double click without scripts) gets the first answer
	// from its write: checks against stored data would now find its own row and refuse it
	const replayed = spec.check ? await tokenUsed(rawToken, userId) : false;
	const checked = spec.check && !replayed ? await spec.check(formValues(body, spec.arrayKeys).values) : {};
	const parsed = parseForm(spec.schema, body, spec.arrayKeys, () => checked);
	const { files, errors: fileErrors } = await filesOf(body, spec.files ?? [], userId);
	if (!parsed.ok || Object.keys(fileErrors).length) {
		const errors = parsed.ok ? { _form: FORM_SUMMARY, ...fileErrors } : { ...parsed.errors, ...fileErrors };
		return refuse(400, parsed.values, errors, files);
	}
	try {
		// 取消 without scripts is sent as a submit, so what was typed comes back instead of a bare page
		if (spec.confirm && body.get(CANCELLED) === 'yes') return { form: key, values: parsed.values, saved: CANCELLED_NOTICE, ...extraFields } satisfies FormResult;
		if (spec.confirm && body.get(CONFIRMED) !== 'yes') {
			// asking may look the item up: one that is not there is "not found" before any question
			const question = await spec.confirm(parsed.data);
			if (question) return fail(428, { form: key, values: parsed.values, confirm: question, ...extraFields } satisfies FormResult);
		}
		const extra = ((await spec.run({ data: parsed.data, form: body, key, token: typeof rawToken === 'string' ? rawToken : null, files })) ?? {}) as E;
		return { form: key, saved: typeof spec.saved === 'string' ? spec.saved : spec.saved(extra), ...extraFields, ...extra };
	} catch (e) {
		const failure = failFrom(e, parsed.values);
		// a file the refusal is about is not kept to be offered again
		const keep = Object.fromEntries(Object.entries(files).filter(([name]) => !(name in failure.data.errors)));
		return refuse(failure.status, parsed.values, failure.data.errors, keep);
	}
}

/** A refusal outside the usual checks (an id that is not a record's, a key that names nothing). */
export function refuseForm(key: string, status: number, message: string, extra: Record<string, unknown> = {}) {
	return fail(status, { form: key, values: {}, errors: { _form: message }, ...extra } satisfies FormResult);
}

async function filesOf(body: FormData, fields: FileField[], userId: number | null) {
	const files: Record<string, CheckedFile | null> = {};
	const errors: FieldErrors = {};
	for (const field of fields) {
		try {
			const file = (await checkUpload(field.name, body.get(field.name), field.kinds)) ?? (await unstage(body.get(`${field.name}__staged`), userId, field.kinds));
			const problem = file && field.problem?.(file);
			if (problem) throw new FieldError(field.name, problem);
			files[field.name] = file;
		} catch (e) {
			if (!(e instanceof FieldError)) throw e;
			errors[field.name] = e.message;
			files[field.name] = null;
		}
	}
	return { files, errors };
}

/** Kept files are offered for a day, and one account keeps only a few at a time. */
export const KEPT_FOR_MS = 86_400_000;
export const MAX_KEPT_PER_USER = 10;
export const MAX_KEPT_BYTES_PER_USER = 50 * 1024 * 1024;

/**
 * A kept file's bytes live apart from the evidence files (which are shared by content hash and
 * never deleted while anything names them), under the account that sent them, so forgetting a
 * kept file can remove its bytes.
 */
const keptKey = (userId: number, sha256: string) => `kept/${userId}/${sha256}`;

/** Files a refused submit carried are kept, so the answer can offer them again. */
export async function keepRefusedFiles(userId: number | null, accepted: Record<string, CheckedFile | null>) {
	const echo: Record<string, { token: string; name: string }> = {};
	if (userId === null) return echo;
	for (const [name, file] of Object.entries(accepted)) {
		if (!file) continue;
		const token = randomBytes(18).toString('base64url');
		const sha256 = createHash('sha256').update(file.bytes).digest('hex');
		// a refused form sent again and again fills no disk: the account's oldest kept files go first
		await makeRoom(storage, `kept/${userId}/`, keptKey(userId, sha256), file.bytes.length, { count: MAX_KEPT_PER_USER, bytes: MAX_KEPT_BYTES_PER_USER });
		await storage.put(keptKey(userId, sha256), file.bytes);
		await writeTransaction((tx) => tx.insert(stagedFiles).values({ token, userId, sha256, kind: file.kind, name: file.name, createdAt: now() }));
		echo[`${name}__staged`] = { token, name: file.name };
	}
	return echo;
}

async function unstage(token: FormDataEntryValue | null, userId: number | null, kinds: FileKind[]): Promise<CheckedFile | null> {
	if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{24}$/.test(token) || userId === null) return null;
	const [row] = await db
		.select()
		.from(stagedFiles)
		.where(and(eq(stagedFiles.token, token), eq(stagedFiles.userId, userId)));
	if (!row || !kinds.includes(row.kind as FileKind)) return null;
	// gone when the account kept too many since, or after a day
	const bytes = await storage.get(keptKey(userId, row.sha256));
	return bytes ? { bytes, kind: row.kind as FileKind, name: row.name } : null;
}

/** Kept files, their rows and their bytes, go after a day. */
export async function forgetOldStagedFiles(olderThanMs = KEPT_FOR_MS, at: number = now()) {
	await writeTransaction((tx) => tx.delete(stagedFiles).where(lt(stagedFiles.createdAt, at - olderThanMs)));
	await removeOlderThan(storage, 'kept/', olderThanMs, at);
}
