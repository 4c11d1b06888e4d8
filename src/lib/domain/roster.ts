/**
 * People on rosters (DOMAIN.md "People on rosters"): who a roster row is, so that a person is
 * counted once however often they appear, and the star level of their service hours.
 * Pure: no clock, no I/O.
 *
 * Rules chosen where DOMAIN.md is silent (also in the README):
 * - An ID number's birth date must be a real calendar date in the years 1800–2100 (the standard's
 *   own example, 440524188001010014, was born in 1880); it is not compared with today (no clock).
 * - Only ASCII digits count in an ID number (after trimming); full-width digits make it invalid,
 *   so such a row is keyed by its phone or unit instead of being silently repaired.
 * - A phone is read after NFKC (so full-width digits and dashes count) with every whitespace and
 *   every dash (- ‐ ‑ ‒ – — −) removed; "+86" or other prefixes are not stripped, so such a
 *   number is not a mobile number by the contract's rule (11 digits starting with 1).
 * - Names, units and phones are not case-folded: NFKC and removing invisible characters only.
 * - A row with no name, no valid ID and no mobile still has a key (`nu:|` + unit), so blank rows
 *   are one person; importers should drop blank rows before counting.
 * - `starLevel` throws on a value that is not a number (NaN); negative hours are below 100 → 0.
 */
import { daysInMonth, MAX_YEAR } from './dates';

/** The earliest birth year an ID number may carry (GB 11643's example is from 1880). */
export const MIN_ID_BIRTH_YEAR = 1800;

export interface RosterRow {
	name: string;
	gender?: string | null;
	unit?: string | null;
	title?: string | null;
	specialty?: string | null;
	phone?: string | null;
	idNumber?: string | null;
}

/** GB 11643 / ISO 7064 MOD 11-2 weights of the first 17 digits. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character for each value of (weighted sum mod 11). */
const ID_CHECK = '10X98765432';
const ID_RE = /^\d{17}[\dXx]$/;

/** The check character (0–9 or X) for the first 17 digits of an ID number. */
export function idCheckCharacter(first17: string): string {
	if (!/^\d{17}$/.test(first17)) throw new Error(`an ID number's first 17 characters must be digits: ${JSON.stringify(first17)}`);
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
	return ID_CHECK[sum % 11];
}

/**
 * A valid 18-character resident ID number (居民身份证号码) after trimming: 17 digits, then a digit
 * or X/x; positions 7–14 a real date (YYYYMMDD, 1800–2100); and the right check character.
 */
export function isValidIdNumber(id: unknown): boolean {
	if (typeof id !== 'string') return false;
	const s = id.trim();
	if (!ID_RE.test(s)) return false;
	const [y, m, d] = [Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14))];
	if (y < MIN_ID_BIRTH_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
	return idCheckCharacter(s.slice(0, 17)) === s[17].toUpperCase();
}

/** Invisible characters that copy-pasting leaves in names: zero-width space, (non-)joiner, BOM. */
const INVISIBLE_RE = /[\s\u200B-\u200D\uFEFF]/gu;
const DASH_RE = /[-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/** NFKC, with every whitespace and zero-width character removed. */
const folded = (text: string | null | undefined) => (text ?? '').normalize('NFKC').replace(INVISIBLE_RE, '');

/** A name or unit as compared: NFKC, with every whitespace and zero-width character removed. */
export function normaliseName(text: string | null | undefined): string {
	return folded(text);
}

/** A phone as compared: NFKC, with whitespace, zero-width characters and dashes removed. */
export function normalisePhone(phone: string | null | undefined): string {
	return folded(phone).replace(DASH_RE, '');
}

/**
 * An ID number as typed into a form or sheet, before it is checked: NFKC (a full-width
 * "４１０…Ｘ" typed with a Chinese input method is the same number) without whitespace or
 * zero-width characters. `isValidIdNumber` itself keeps to the 18 characters after trimming.
 */
export function normaliseIdNumber(text: string | null | undefined): string {
	return folded(text);
}

/** The mobile number (11 digits starting with 1) in `phone`, or null for a landline or nothing. */
export function mobilePhone(phone: string | null | undefined): string | null {
	const p = normalisePhone(phone);
	return /^1\d{10}$/.test(p) ? p : null;
}

/**
 * A person's in-memory identity: `id:` + the valid ID number upper-cased; else `np:` + name + `|` +
 * mobile; else `nu:` + name + `|` + unit. Store a keyed hash of it, never the ID number itself.
 */
export function personKey(row: RosterRow): string {
	const id = row.idNumber;
	if (isValidIdNumber(id)) return `id:${(id as string).trim().toUpperCase()}`;
	const name = normaliseName(row.name);
	const mobile = mobilePhone(row.phone);
	if (mobile) return `np:${name}|${mobile}`;
	return `nu:${name}|${normaliseName(row.unit)}`;
}

export interface RosterDuplicate {
	/** 1-based row number in input order. */
	row: number;
	/** The first row (1-based) with the same key. */
	sameAs: number;
}

/** Distinct persons on a roster, and every row that repeats an earlier one. */
export function dedupeRoster(rows: readonly RosterRow[]): { members: number; duplicates: RosterDuplicate[] } {
	return dedupeKeys(rows.map(personKey));
}

/**
 * `dedupeRoster` over identities already worked out (an importer that recognises a person by a
 * stored identity, not only by `personKey`, counts with this): distinct keys, and every position
 * (1-based) whose key appeared earlier with the first position that had it.
 */
export function dedupeKeys(keys: readonly string[]): { members: number; duplicates: RosterDuplicate[] } {
	const first = new Map<string, number>();
	const duplicates: RosterDuplicate[] = [];
	keys.forEach((key, i) => {
		const seen = first.get(key);
		if (seen === undefined) first.set(key, i + 1);
		else duplicates.push({ row: i + 1, sameAs: seen });
	});
	return { members: first.size, duplicates };
}

/** The last four characters of a valid ID number, upper-cased, for display; '' otherwise. */
export function idNumberLastFour(id: string | null | undefined): string {
	return isValidIdNumber(id) ? (id as string).trim().slice(-4).toUpperCase() : '';
}

/** A valid ID number shown as 14 asterisks and its last four ('**************123X'); '' otherwise. */
export function maskIdNumber(id: string | null | undefined): string {
	const last = idNumberLastFour(id);
	return last ? '*'.repeat(14) + last : '';
}

/**
 * The last four of an ID number shown masked, as this product's exports write it: one or more
 * asterisks (ASCII or full-width) then four characters, the last a digit or X ("**************123X"
 * → "123X"); null for anything else. An export read back names its people by this.
 */
export function maskedIdLastFour(text: string | null | undefined): string | null {
	const m = /^[*＊]+(\d{3}[\dXx])$/.exec((text ?? '').normalize('NFKC').replace(INVISIBLE_RE, ''));
	return m ? m[1].toUpperCase() : null;
}

/** A phone shown with its middle hidden ("199****1234"); short numbers keep only their last four. */
export function maskPhone(phone: string | null | undefined): string {
	const p = normalisePhone(phone);
	if (!p) return '';
	if (p.length >= 11) return `${p.slice(0, 3)}****${p.slice(-4)}`;
	return p.length > 4 ? `${'*'.repeat(p.length - 4)}${p.slice(-4)}` : p;
}

/** Star thresholds in service hours: 1★ at 100, 2★ 300, 3★ 600, 4★ 1000, 5★ 1500. */
export const STAR_THRESHOLDS = [100, 300, 600, 1000, 1500] as const;

/** 0 below 100 service hours, then 1–5 stars. */
export function starLevel(hours: number): number {
	if (typeof hours !== 'number' || Number.isNaN(hours)) throw new Error(`service hours must be a number: ${String(hours)}`);
	let level = 0;
	for (const t of STAR_THRESHOLDS) if (hours >= t) level++;
	return level;
}
