/** Errors that mean "the person's input or timing", turned into a message at a field by the routes. */
import { error, fail, isHttpError } from '@sveltejs/kit';

export class FieldError extends Error {
	constructor(
		public field: string,
		message: string
	) {
		super(message);
	}
}

/** Several fields' problems found together: each is shown at its field, all at once. */
export class FieldErrors extends Error {
	constructor(public errors: Record<string, string>) {
		super(Object.values(errors).join('；'));
	}
}

/** Refuses with every problem found, if there is any. */
export function refuseIfAny(errors: Record<string, string>): void {
	if (Object.keys(errors).length) throw new FieldErrors(errors);
}

export class NotFoundError extends Error {
	constructor() {
		super('未找到该记录');
	}
}

export class ConflictError extends Error {
	constructor(message = '这条记录已被他人修改。请刷新页面查看最新内容后再保存。') {
		super(message);
	}
}

/** The account's role or pilot changed (or it was disabled) after the request was let in. */
export class GrantChangedError extends Error {
	constructor() {
		super('您的账号权限刚刚发生变更，本次操作未保存。请刷新页面后重试。');
	}
}

/** An update that does not say which version it changes could silently overwrite someone else's save. */
export class VersionMissingError extends FieldError {
	constructor() {
		super('_form', '缺少版本号，无法确认您修改的是最新内容。请刷新页面后再保存。');
	}
}

export const BUSY_MESSAGE = '系统繁忙，本次保存未完成。请稍后重试。';
export const STORAGE_MESSAGE = '服务器暂时无法保存数据（存储空间不足或磁盘故障），本次保存未完成。请稍后重试或联系管理员。';

/** SQLite's result code of an error or of its causes (drizzle wraps the driver's error). */
export function sqliteCode(e: unknown): string | null {
	for (let x = e as { code?: unknown; extendedCode?: unknown; cause?: unknown } | undefined, depth = 0; x && depth < 4; x = x.cause as typeof x, depth++) {
		for (const c of [x.extendedCode, x.code]) if (typeof c === 'string' && c.startsWith('SQLITE_')) return c;
	}
	return null;
}

/**
 * A write the database could not take — locked by another process past the busy timeout, disk
 * full, I/O error, read-only file — as a 503 with a Chinese message (the hooks add Retry-After).
 * The detail goes to the server log only. Other errors: `undefined`, the caller rethrows them.
 */
export function storageFailure(e: unknown): unknown {
	const code = sqliteCode(e);
	if (!code) return undefined;
	let message: string;
	if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) message = BUSY_MESSAGE;
	else if (/^SQLITE_(FULL|IOERR|READONLY|CANTOPEN)/.test(code)) message = STORAGE_MESSAGE;
	else return undefined;
	console.error(`write refused by the database (${code}); answered 503`, e);
	try {
		error(503, message);
	} catch (httpError) {
		return httpError;
	}
}

/** For form actions: a known error becomes `fail` with the message where it belongs; anything else is rethrown. */
export function failFrom(e: unknown, values?: Record<string, unknown>) {
	if (e instanceof FieldError) return fail(400, { values, errors: { [e.field]: e.message } as Record<string, string> });
	if (e instanceof FieldErrors) return fail(400, { values, errors: { ...e.errors } });
	if (e instanceof ConflictError) return fail(409, { values, errors: { _form: e.message } as Record<string, string> });
	if (e instanceof NotFoundError) return fail(404, { values, errors: { _form: e.message } as Record<string, string> });
	if (e instanceof GrantChangedError) return fail(403, { values, errors: { _form: e.message } as Record<string, string> });
	// the database could not take the write: say so at the form and keep what was typed
	if (isHttpError(e, 503)) return fail(503, { values, errors: { _form: e.body.message } as Record<string, string> });
	throw e;
}
