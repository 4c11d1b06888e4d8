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
