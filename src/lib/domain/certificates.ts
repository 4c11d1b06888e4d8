/**
 * 志愿服务记录证明 numbers (民发〔2015〕149号《志愿服务记录办法》 asks for a certificate that can be
 * checked): one register for the province, numbered per year from 1, never reused —
 * "豫科志证〔2026〕第0001号". Pure: no clock, no I/O.
 */

/** The register's prefix: 豫 (Henan) 科 (科协) 志 (志愿服务) 证 (证明). */
export const CERTIFICATE_PREFIX = '豫科志证';
/** Serials are shown with at least this many digits; beyond 9999 they simply grow. */
export const SERIAL_DIGITS = 4;

/** The number of the `serial`-th certificate of `year`. Throws on a year or serial that is not a whole number in range. */
export function certificateNumber(year: number, serial: number): string {
	if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error(`certificate year out of range: ${year}`);
	if (!Number.isInteger(serial) || serial < 1) throw new Error(`certificate serial must be a whole number ≥ 1: ${serial}`);
	return `${CERTIFICATE_PREFIX}〔${year}〕第${String(serial).padStart(SERIAL_DIGITS, '0')}号`;
}

/**
 * A number as someone types it back from paper: full-width or ASCII characters (NFKC), any of
 * 〔〕 [] 【】 () （） around the year, spaces anywhere, 第 and 号 optional, leading zeros optional,
 * the prefix optional. Returns the year and serial, or null when it is not such a number.
 */
export function parseCertificateNumber(text: string | null | undefined): { year: number; serial: number } | null {
	const s = (text ?? '').normalize('NFKC').replace(/[\s\u200B-\u200D\uFEFF]/g, '');
	const m = new RegExp(`^(?:${CERTIFICATE_PREFIX})?[〔\\[【(]?(\\d{4})[〕\\]】)]?第?(\\d{1,9})号?$`).exec(s);
	if (!m) return null;
	const year = Number(m[1]);
	const serial = Number(m[2]);
	if (year < 2000 || year > 2100 || serial < 1) return null;
	return { year, serial };
}

/** The serial after `last` (0 when the year has none yet). */
export function nextSerial(last: number | null | undefined): number {
	const n = last ?? 0;
	if (!Number.isInteger(n) || n < 0) throw new Error(`last serial must be a whole number ≥ 0: ${String(last)}`);
	return n + 1;
}

/** The most activities a certificate names in its 服务内容 before "等". */
export const CONTENT_TITLES = 3;

/**
 * 服务内容 as a certificate states it: '参加“科普进社区”“健康义诊”等科技志愿服务活动 12 次' — the
 * distinct titles in the order given (at most three, then 等), and the number of activities.
 */
export function serviceContent(titles: readonly string[]): string {
	if (!titles.length) return '';
	const distinct = [...new Set(titles.map((t) => t.trim()).filter(Boolean))];
	const named = distinct.slice(0, CONTENT_TITLES).map((t) => `“${t}”`).join('');
	const more = distinct.length > CONTENT_TITLES || titles.length > distinct.slice(0, CONTENT_TITLES).length ? '等' : '';
	return `参加${named}${more}科技志愿服务活动 ${titles.length} 次`;
}

/** A date as a certificate writes it: 2026年1月5日. Throws on anything but YYYY-MM-DD. */
export function chineseDate(date: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (!m) throw new Error(`not a date: ${date}`);
	return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}
