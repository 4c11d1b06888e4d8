/**
 * A tiny zip writer for hostile workbooks: entries may be stored or deflated, and an entry's
 * headers may lie about its uncompressed size (what a zip bomb does to slip past a check that
 * trusts the central directory).
 */
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
	name: string;
	/** the bytes, or a generator of the deflated stream when the content is too big to hold */
	data: Uint8Array;
	/** already raw-deflated bytes (with `size` and `crc` below); `data` is then ignored */
	deflated?: { bytes: Uint8Array; size: number; crc: number };
	/** write this as the uncompressed size in both headers instead of the true one */
	claimedSize?: number;
	store?: boolean;
	/** extra fields for the central directory entry (id, then data) */
	extra?: { id: number; data: Uint8Array }[];
}

/** Raw-deflates `total` zero bytes in 1 MB chunks without ever holding them. */
export async function deflatedZeros(total: number): Promise<{ bytes: Uint8Array; size: number; crc: number }> {
	const chunk = new Uint8Array(1024 * 1024);
	const deflate = createDeflateRaw({ level: 9 });
	const out: Buffer[] = [];
	deflate.on('data', (d: Buffer) => out.push(d));
	const done = new Promise((resolve) => deflate.on('end', resolve));
	let crc = 0;
	for (let written = 0; written < total; written += chunk.length) {
		const piece = chunk.subarray(0, Math.min(chunk.length, total - written));
		crc = crc32(piece, crc);
		if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
	}
	deflate.end();
	await done;
	return { bytes: Buffer.concat(out), size: total, crc };
}

export function zip(entries: ZipEntry[]): Uint8Array {
	const locals: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const e of entries) {
		const name = Buffer.from(e.name, 'utf8');
		const method = e.store ? 0 : 8;
		const body = e.deflated ? Buffer.from(e.deflated.bytes) : e.store ? Buffer.from(e.data) : deflateRawSync(e.data);
		const size = e.claimedSize ?? (e.deflated ? e.deflated.size : e.data.length);
		const crc = e.deflated ? e.deflated.crc : crc32(e.data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x0800, 6); // UTF-8 names
		local.writeUInt16LE(method, 8);
		local.writeUInt32LE(crc >>> 0, 14);
		local.writeUInt32LE(body.length, 18);
		local.writeUInt32LE(size >>> 0, 22);
		local.writeUInt16LE(name.length, 26);
		locals.push(local, name, body);
		const cd = Buffer.alloc(46);
		cd.writeUInt32LE(0x02014b50, 0);
		cd.writeUInt16LE(20, 4);
		cd.writeUInt16LE(20, 6);
		cd.writeUInt16LE(0x0800, 8);
		cd.writeUInt16LE(method, 10);
		cd.writeUInt32LE(crc >>> 0, 16);
		cd.writeUInt32LE(body.length, 20);
		cd.writeUInt32LE(size >>> 0, 24);
		cd.writeUInt16LE(name.length, 28);
		const extra = Buffer.concat(
			(e.extra ?? []).map((f) => {
				const head = Buffer.alloc(4);
				head.writeUInt16LE(f.id, 0);
				head.writeUInt16LE(f.data.length, 2);
				return Buffer.concat([head, f.data]);
			})
		);
		cd.writeUInt16LE(extra.length, 30);
		cd.writeUInt32LE(offset, 42);
		central.push(cd, name, extra);
		offset += 30 + name.length + body.length;
	}
	const cdBytes = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(cdBytes.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...locals, cdBytes, end]));
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The parts of a one-sheet workbook with inline strings, which exceljs reads like any other. */
export function sheetEntries(rows: string[][], sheetXml?: string): ZipEntry[] {
	const enc = (s: string) => new TextEncoder().encode(s);
	const col = (i: number) => String.fromCharCode(65 + i);
	const body = rows
		.map((r, y) => `<row r="${y + 1}">${r.map((v, x) => `<c r="${col(x)}${y + 1}" t="inlineStr"><is><t xml:space="preserve">${xml(v)}</t></is></c>`).join('')}</row>`)
		.join('');
	return [
		{
			name: '[Content_Types].xml',
			data: enc(
				'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
			)
		},
		{
			name: '_rels/.rels',
			data: enc(
				'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
			)
		},
		{
			name: 'xl/workbook.xml',
			data: enc(
				'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
			)
		},
		{
			name: 'xl/_rels/workbook.xml.rels',
			data: enc(
				'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
			)
		},
		{
			name: 'xl/worksheets/sheet1.xml',
			data: enc(sheetXml ?? `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`)
		}
	];
}

/** Excel's column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA, 16383 → XFD. */
export function columnLetters(i: number): string {
	let s = '';
	for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}

const cellXml = (ref: string, v: string) => `<c r="${ref}" t="inlineStr"><is><t>${xml(v)}</t></is></c>`;
const sheetXmlOf = (rows: string) => `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;

/**
 * Workbooks an attacker would post to an import (issue 15): each small on the wire, each costly
 * to a parser that trusts it. `headers` are the template's, so none is refused for its headers.
 */
export function attackWorkbooks(headers: string[]): Record<string, Uint8Array> {
	const enc = (s: string) => new TextEncoder().encode(s);
	const base = sheetEntries([headers, headers.map(() => '张三')]);
	const withSheet = (sheetXml: string) => zip(sheetEntries([], sheetXml));
	// 16,384 header columns and 2,000 rows: the 99.6 KB file that stopped the server for 32 s
	const wideHeader = `<row r="1">${Array.from({ length: 16_384 }, (_, x) => cellXml(`${columnLetters(x)}1`, headers[x] ?? `列${x}`)).join('')}</row>`;
	const wideRows = Array.from({ length: 2_000 }, (_, y) => `<row r="${y + 2}">${headers.map((_, x) => cellXml(`${columnLetters(x)}${y + 2}`, `${y}`)).join('')}</row>`).join('');
	// the same width with two cells: the header row names A1 and XFD1 only
	const sparseWide = `<row r="1">${headers.map((h, x) => cellXml(`${columnLetters(x)}1`, h)).join('')}${cellXml('XFD1', '备注')}</row><row r="2">${cellXml('A2', '张三')}${cellXml('XFD2', 'x')}</row>`;
	// 200 columns on every one of 20,000 rows: within the row limit, far past the cells an import takes
	const tallWide = Array.from({ length: 20_000 }, (_, y) => `<row r="${y + 1}">${Array.from({ length: 30 }, (_, x) => `<c r="${columnLetters(x)}${y + 1}"><v>1</v></c>`).join('')}</row>`).join('');
	const manySheets = [...base.filter((e) => !e.name.startsWith('xl/worksheets/')), ...Array.from({ length: 200 }, (_, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: enc(sheetXmlOf('')) }))];
	const strings = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${`<si><t>${'字'.repeat(1000)}</t></si>`.repeat(8_000)}</sst>`;
	const deep = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</styleSheet>`;
	const bigStyles = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="200000">${'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'.repeat(200_000)}</cellXfs></styleSheet>`;
	return {
		wide: withSheet(sheetXmlOf(wideHeader + wideRows)),
		sparseWide: withSheet(sheetXmlOf(sparseWide)),
		tallWide: withSheet(sheetXmlOf(tallWide)),
		manySheets: zip(manySheets),
		hugeSharedStrings: zip([...base, { name: 'xl/sharedStrings.xml', data: enc(strings) }]),
		deepStyles: zip([...base, { name: 'xl/styles.xml', data: enc(deep) }]),
		bigStyles: zip([...base, { name: 'xl/styles.xml', data: enc(bigStyles) }])
	};
}
