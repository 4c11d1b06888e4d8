import { describe, expect, it } from 'vitest';
import { certificateNumber, nextSerial, parseCertificateNumber } from './certificates';

describe('certificateNumber', () => {
	it.each([
		[2026, 1, '豫科志证〔2026〕第0001号'],
		[2026, 23, '豫科志证〔2026〕第0023号'],
		[2027, 9999, '豫科志证〔2027〕第9999号'],
		[2027, 10000, '豫科志证〔2027〕第10000号']
	])('%d no. %d → %s', (year, serial, number) => expect(certificateNumber(year, serial)).toBe(number));

	it.each([
		[2026, 0],
		[2026, -1],
		[2026, 1.5],
		[1999, 1],
		[2101, 1],
		[Number.NaN, 1]
	])('throws on year %d, serial %d', (year, serial) => expect(() => certificateNumber(year, serial)).toThrow());

	it('reads back what it writes, for many serials', () => {
		for (const year of [2000, 2026, 2100]) for (const serial of [1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 123456]) {
			expect(parseCertificateNumber(certificateNumber(year, serial))).toEqual({ year, serial });
		}
	});
	it('gives distinct numbers to distinct serials and years', () => {
		const seen = new Set<string>();
		for (const year of [2026, 2027]) for (let s = 1; s <= 2000; s++) seen.add(certificateNumber(year, s));
		expect(seen.size).toBe(4000);
	});
});

describe('parseCertificateNumber', () => {
	it.each([
		['豫科志证〔2026〕第0001号', 2026, 1],
		[' 豫科志证 〔2026〕 第 0001 号 ', 2026, 1],
		['豫科志证[2026]第1号', 2026, 1],
		['豫科志证［２０２６］第００２３号', 2026, 23],
		['豫科志证【2026】第23号', 2026, 23],
		['豫科志证（2026）23号', 2026, 23],
		['〔2026〕第0023号', 2026, 23],
		['2026第23号', 2026, 23],
		['豫科志证〔2026〕0023', 2026, 23],
		['豫科志证\u200b〔2026〕第0023号', 2026, 23]
	])('reads %j', (text, year, serial) => expect(parseCertificateNumber(text)).toEqual({ year, serial }));

	it.each(['', '   ', '豫科志证', '豫科志证〔2026〕第0000号', '豫科志证〔1999〕第0001号', '豫科志证〔26〕第1号', '京科志证〔2026〕第0001号', '豫科志证〔2026〕第A1号', '0001', null, undefined])(
		'refuses %j',
		(text) => expect(parseCertificateNumber(text as string)).toBeNull()
	);
});

describe('nextSerial', () => {
	it('starts a year at 1 and counts on', () => {
		expect(nextSerial(null)).toBe(1);
		expect(nextSerial(undefined)).toBe(1);
		expect(nextSerial(0)).toBe(1);
		expect(nextSerial(41)).toBe(42);
	});
	it('throws on a negative or fractional last serial', () => {
		expect(() => nextSerial(-1)).toThrow();
		expect(() => nextSerial(1.5)).toThrow();
	});
});
