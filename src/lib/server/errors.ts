/** Errors that mean "the person's input or timing", turned into a message at a field by the routes. */
import { fail } from '@sveltejs/kit';

export class FieldError extends Error {
	constructor(
		public field: string,
		message: string
	) {
		super(message);
	}
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

/** For form actions: a known error becomes `fail` with the message where it belongs; anything else is rethrown. */
export function failFrom(e: unknown, values?: Record<string, unknown>) {
	if (e instanceof FieldError) return fail(400, { values, errors: { [e.field]: e.message } as Record<string, string> });
	if (e instanceof ConflictError) return fail(409, { values, errors: { _form: e.message } as Record<string, string> });
	if (e instanceof NotFoundError) return fail(404, { values, errors: { _form: e.message } as Record<string, string> });
	if (e instanceof GrantChangedError) return fail(403, { values, errors: { _form: e.message } as Record<string, string> });
	throw e;
}
