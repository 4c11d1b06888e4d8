/**
 * What typed text and uploaded file names may not contain. Pure: the form schemas and the upload
 * check both ask here, so a name refused in a text field is refused as a file name too.
 */

/**
 * Control characters other than tab and newline, and the bidirectional overrides, isolates and
 * marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) that make `photo\u202Egpj.exe`
 * read as `photoexe.jpg`.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
/** Invisible characters with no use in this app's text (the joiners are weighed one by one below). */
const STRAY = /[\u200b\u2060\ufeff]/g;
/** Zero-width space, non-joiner, joiner, word joiner and byte-order mark: nothing to see. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

export function hasControlCharacters(s: string): boolean {
	return CONTROL.test(s);
}

export function hasBidiControls(s: string): boolean {
	return BIDI.test(s);
}

/**
 * U+FFFD, what a decoder puts where bytes were not valid UTF-8 (a form body sent as `%ff%fe`):
 * the person's text is already lost, so it is refused rather than stored as "��".
 */
export function hasReplacementCharacter(s: string): boolean {
	return s.includes('\ufffd');
}

/**
 * Text without the stray invisible characters inside it, so "同名\u200b队" cannot stand beside
 * "同名队" as another name. Text of nothing else is left as it is, for the check that refuses it.
 */
export function withoutStrayInvisibles(s: string): string {
	const visible = s.replace(STRAY, '').replace(JOINERS, (joiner: string, at: number, all: string) => (joinerNeeded(joiner, all, at) ? joiner : ''));
	return visible.trim() ? visible : s;
}

const JOINERS = /[\u200c\u200d]/g;
/** What a zero-width joiner joins: pictographs (👨‍👩), after a skin tone or the emoji presentation selector too. */
const JOINS_BEFORE = /(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\ufe0f)$/u;
const JOINS_AFTER = /^\p{Extended_Pictographic}/u;
/** The scripts a zero-width non-joiner shapes (Persian, the Indic scripts): letters that are neither Han nor Latin. */
const SHAPED = /\p{L}/u;
const PLAIN = /[\p{Script=Han}\p{Script=Latin}]/u;

/** A joiner stays where it changes what is seen: inside an emoji sequence, or a non-joiner between shaped letters. */
function joinerNeeded(joiner: string, all: string, at: number): boolean {
	const before = all.slice(Math.max(0, at - 2), at);
	const after = all.slice(at + 1, at + 3);
	if (joiner === '\u200d') return JOINS_BEFORE.test(before) && JOINS_AFTER.test(after);
	const prev = [...before].at(-1) ?? '';
	const next = [...after][0] ?? '';
	return SHAPED.test(prev) && SHAPED.test(next) && !PLAIN.test(prev) && !PLAIN.test(next);
}

/** Text that shows as nothing: only zero-width characters and white space, at least one of them. */
export function isOnlyInvisible(s: string): boolean {
	return s.length > 0 && s.replace(INVISIBLE, '').trim() === '';
}

/**
 * Chinese names in the order people expect (pinyin for Han characters). One collator for the
 * whole app: `localeCompare(b, 'zh-CN')` builds its locale data on every call, six times slower
 * when a dashboard sorts hundreds of pilots (issue 17).
 */
export const compareChinese: (a: string, b: string) => number = new Intl.Collator('zh-CN').compare;
