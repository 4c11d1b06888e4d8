/** Building blocks for every schema: Chinese messages, trimmed text, control characters refused. */
import { z } from 'zod';
import { isValidDate } from '../domain/dates';
import { ID_PATTERN } from '../ids';
import { hasControlCharacters, hasReplacementCharacter, isOnlyInvisible, withoutStrayInvisibles } from '../domain/text';

// No code generated with `new Function`: the CSP forbids eval, and zod's check whether it may
// would be reported as a violation on every page whose forms validate in the browser.
z.config({ jitless: true });
// Messages zod writes itself (a field missing from the form, a number that is not one) are Chinese too.
z.config(z.locales.zhCN());
z.config({ customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? '缺少此项，请刷新页面后重新填写' : undefined) });

// Control characters other than tab and newline (and bidi controls) have no place in anything a
// person types, and a title of zero-width characters only would show as an empty line.

export function text(label: string, max: number, { required = true, multiline = false } = {}) {
	return z
		.string({ error: `请填写${label}` })
		.transform((s) => withoutStrayInvisibles(s.normalize('NFC')).trim())
		.pipe(
			z
				.string()
				.min(required ? 1 : 0, `请填写${label}`)
				.max(max, `${label}最多 ${max} 个字`)
				.refine((s) => !hasControlCharacters(s), `${label}含有不可见的控制字符`)
				.refine((s) => !hasReplacementCharacter(s), `${label}含有无法识别的字符（可能是编码错误），请重新输入`)
				.refine((s) => !isOnlyInvisible(s), `${label}不能只由不可见字符组成`)
				.refine((s) => multiline || !/[\r\n\u2028\u2029]/.test(s), `${label}不能换行`)
		);
}

export function optionalText(label: string, max: number, opts: { multiline?: boolean } = {}) {
	return text(label, max, { required: false, ...opts })
		.optional()
		.transform((s) => (s ? s : null));
}

export function choice<const T extends readonly [string, ...string[]]>(label: string, values: T) {
	return z.enum(values, { error: `请选择有效的${label}` });
}

export function date(label: string) {
	return z
		.string({ error: `请填写${label}` })
		.trim()
		.refine((s) => s !== '', `请填写${label}`)
		.refine((s) => s === '' || isValidDate(s), `${label}不是有效日期（格式 YYYY-MM-DD）`);
}

/** A whole number typed into a form: "12" yes; "12abc", "1,5", "-1", "1e3", "" no. */
export function count(label: string, { min = 0, max = 1_000_000 } = {}) {
	return z
		.string({ error: `请填写${label}` })
		.trim()
		.refine((s) => /^\d{1,9}$/.test(s), `${label}须为不小于 ${min} 的整数`)
		.transform(Number)
		.pipe(z.number().min(min, `${label}不能小于 ${min}`).max(max, `${label}不能大于 ${max}`));
}

/** A record's id posted by a form; `message` says what was not found (or must be chosen). */
export function recordId(message: string) {
	return z.string({ error: message }).regex(ID_PATTERN, message).transform(Number);
}

/** An id from a select: a positive integer, or empty for "none". */
export const optionalId = z
	.string()
	.trim()
	.refine((s) => s === '' || ID_PATTERN.test(s), '选项无效')
	.optional()
	.transform((s) => (s ? Number(s) : null));

/** An HTML checkbox: present ("on") when ticked, absent otherwise. */
export const checkbox = z
	.enum(['on', 'true', '1'], { error: '勾选项无效' })
	.optional()
	.transform((v) => v !== undefined);
