/**
 * Reading an uploaded workbook, run inside a child process (workbook.ts starts it): everything here
 * may take seconds of CPU and a lot of memory on a hostile file, so none of it may run on the
 * event loop that answers other users, and the process's heap is capped.
 *
 * This module is only ever imported dynamically (by workbook.ts) and imports nothing of the app,
 * so the production build keeps it in a chunk of its own that a worker can load without
 * starting a database or a store. Messages are Chinese: they go straight to the file field.
 */
import { inflateRawSync } from 'node:zlib';
import { serveOnce } from './module-worker';
import ExcelJS from 'exceljs';

/** The URL of this module once built, for the worker to import. */
export const selfUrl: string = import.meta.url;

export const MAX_IMPORT_ROWS = 20_000;
/** Columns a sheet may use: the templates have 6 and 12; room for a few of the office's own. */
export const MAX_IMPORT_COLUMNS = 64;
/** Cells in one worksheet: every row of a full template plus some spare columns. */
const MAX_CELLS = (MAX_IMPORT_ROWS + 1) * 20;
const MAX_SHEETS = 32;
const MAX_ZIP_ENTRIES = 2_000;
const MAX_UNCOMPRESSED = 64 * 1024 * 1024;
/** A full template's strings take about 8 MB; beyond this is not a roster. */
const MAX_SHARED_STRINGS = 16 * 1024 * 1024;
/** Real styles.xml files are tens of kilobytes; a huge or deeply nested one is an attack. */
const MAX_STYLES = 2 * 1024 * 1024;
const MAX_XML_DEPTH = 64;

export const TOO_MANY_ROWS = `一次最多导入 ${MAX_IMPORT_ROWS} 行，请拆分后再导入`;
export const TOO_MANY_COLUMNS = `表格列数过多（最多 ${MAX_IMPORT_COLUMNS} 列），请使用下载的模板`;
export const TOO_MANY_CELLS = `表格内容过多（超过 ${MAX_CELLS} 个单元格），请拆分后再导入`;

/**
 * Reads the zip's central directory and inflates every entry with a cap: refuses too many
 * entries, too much content, ZIP64, unknown compression, an entry that inflates past the size
 * its header claims (a zip bomb lies there), too many sheets, a worksheet with more rows, columns
 * or cells than an import takes, and oversized shared strings or styles. exceljs (through JSZip)
 * inflates everything into memory and trusts the headers, so this runs first.
 */
export function zipProblem(bytes: Uint8Array): string | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let eocd = -1;
	for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
		if (view.getUint32(i, true) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) return '文件已损坏，无法读取';
	const entries = view.getUint16(eocd + 10, true);
	const cdOffset = view.getUint32(eocd + 16, true);
	if (entries === 0xffff || cdOffset === 0xffffffff) return '文件过大或格式不受支持';
	if (entries > MAX_ZIP_ENTRIES) return '文件结构异常（条目过多）';
	let total = 0;
	let sheets = 0;
	let at = cdOffset;
	for (let n = 0; n < entries; n++) {
		if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return '文件已损坏，无法读取';
		const method = view.getUint16(at + 10, true);
		const compressed = view.getUint32(at + 20, true);
		const size = view.getUint32(at + 24, true);
		const nameLength = view.getUint16(at + 28, true);
		const extraLength = view.getUint16(at + 30, true);
		// a Unicode Path field would let JSZip read the entry under a name other than the one checked here
		if (hasExtraField(view, at + 46 + nameLength, extraLength, UNICODE_PATH_FIELD)) return '文件结构异常，请使用下载的模板另存为 .xlsx';
		const name = nameAsParsed(Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString('utf8'));
		const local = view.getUint32(at + 42, true);
		total += size;
		if (total > MAX_UNCOMPRESSED) return '文件解压后过大，请拆分后再导入';
		// as exceljs finds a worksheet: anywhere in the name, not only at its start
		const isSheet = /xl\/worksheets\/[^/]+\.xml/.test(name);
		if (isSheet && ++sheets > MAX_SHEETS) return `工作表过多（最多 ${MAX_SHEETS} 个），请只保留要导入的工作表`;
		if (name === 'xl/sharedStrings.xml' && size > MAX_SHARED_STRINGS) return '表格中的文字内容过多，请拆分后再导入';
		if (name === 'xl/styles.xml' && size > MAX_STYLES) return '表格的格式设置过于复杂，请把数据粘贴到下载的模板中再导入';
		if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) return '文件已损坏，无法读取';
		const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
		if (start + compressed > bytes.length) return '文件已损坏，无法读取';
		const data = bytes.subarray(start, start + compressed);
		let content: Uint8Array;
		if (method === 0) content = data;
		else if (method === 8) {
			try {
				// never more than the header claims: a larger stream stops here instead of filling memory
				content = inflateRawSync(data, { maxOutputLength: Math.max(1, size) });
			} catch {
				return '文件已损坏或解压后过大，无法读取';
			}
		} else return '文件的压缩方式不受支持，请另存为 .xlsx';
		if (content.length !== size) return '文件已损坏或解压后过大，无法读取';
		// rows and cells are counted in every entry: whatever its name, no part of the file holds more than a sheet may
		const problem = sheetProblem(content);
		if (problem) return problem;
		if (name === 'xl/styles.xml' && xmlDepth(content) > MAX_XML_DEPTH) return '表格的格式设置过于复杂，请把数据粘贴到下载的模板中再导入';
		at += 46 + nameLength + extraLength + view.getUint16(at + 32, true);
	}
	return null;
}

const UNICODE_PATH_FIELD = 0x7075;

function hasExtraField(view: DataView, from: number, length: number, id: number): boolean {
	for (let at = from; at + 4 <= from + length && at + 4 <= view.byteLength; at += 4 + view.getUint16(at + 2, true)) {
		if (view.getUint16(at, true) === id) return true;
	}
	return false;
}

/**
 * An entry's name as exceljs will match it: JSZip resolves `.`, `..` and empty segments, and
 * exceljs drops a leading slash. `/xl/sharedStrings.xml` is read as the shared strings, so it is
 * checked as them.
 */
export function nameAsParsed(raw: string): string {
	const parts = raw.split('/');
	const kept: string[] = [];
	parts.forEach((part, i) => {
		if (part === '.' || (part === '' && i !== 0 && i !== parts.length - 1)) return;
		if (part === '..') kept.pop();
		else kept.push(part);
	});
	const name = kept.join('/');
	return name.startsWith('/') ? name.slice(1) : name;
}

const LT = 0x3c;
const isEnd = (b: number | undefined) => b === 0x20 || b === 0x3e || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x2f;

/**
 * Rows, cells per row, cells in all and the highest column a cell names, counted on the bytes:
 * a sheet 16,384 columns wide is refused before any parser builds a cell object for it.
 */
function sheetProblem(xml: Uint8Array): string | null {
	let rows = 0;
	let cells = 0;
	let inRow = 0;
	for (let i = xml.indexOf(LT); i >= 0 && i < xml.length; i = xml.indexOf(LT, i + 1)) {
		const a = xml[i + 1];
		if (a === 0x72 && xml[i + 2] === 0x6f && xml[i + 3] === 0x77 && isEnd(xml[i + 4])) {
			// <row
			if (++rows > MAX_IMPORT_ROWS + 1) return TOO_MANY_ROWS;
			inRow = 0;
		} else if (a === 0x63 && isEnd(xml[i + 2])) {
			// <c
			if (++inRow > MAX_IMPORT_COLUMNS) return TOO_MANY_COLUMNS;
			if (++cells > MAX_CELLS) return TOO_MANY_CELLS;
			if (columnOf(xml, i + 2) > MAX_IMPORT_COLUMNS) return TOO_MANY_COLUMNS;
		}
	}
	return null;
}

/** The column number in a cell tag's r="XFD12" (0 when the tag names none), read up to the tag's end. */
function columnOf(xml: Uint8Array, from: number): number {
	for (let i = from; i < xml.length && i < from + 200 && xml[i] !== 0x3e; i++) {
		// ` r="` (the attribute r, not one ending in r)
		if (xml[i] === 0x72 && xml[i + 1] === 0x3d && (xml[i - 1] === 0x20 || xml[i - 1] === 0x09 || xml[i - 1] === 0x0a || xml[i - 1] === 0x0d)) {
			const quote = xml[i + 2];
			let column = 0;
			for (let j = i + 3; j < i + 13; j++) {
				const c = xml[j] | 0x20; // lower case
				if (c >= 0x61 && c <= 0x7a && xml[j] !== quote) column = column * 26 + (c - 0x60);
				else break;
			}
			return column;
		}
	}
	return 0;
}

/** How deep elements nest, on the bytes (an XML parser would recurse or grow a stack on it). */
function xmlDepth(xml: Uint8Array): number {
	let depth = 0;
	let max = 0;
	for (let i = xml.indexOf(LT); i >= 0; i = xml.indexOf(LT, i + 1)) {
		const next = xml[i + 1];
		if (next === 0x2f) depth--;
		else if (next !== 0x3f && next !== 0x21) {
			const close = xml.indexOf(0x3e, i);
			if (close < 0) break;
			if (xml[close - 1] !== 0x2f) depth++;
			if (depth > max) max = depth;
		}
	}
	return max;
}

/** A cell as the text a person sees: rich text joined, formulas by their result, dates as YYYY-MM-DD. */
export function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		if ('richText' in value) return value.richText.map((r) => r.text).join('');
		if ('result' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
		if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
		return '';
	}
	return String(value).trim();
}

export interface SheetRows {
	/** sheet row number (1-based, as Excel shows it) and the cells of the expected columns by header */
	rows: { row: number; cells: Record<string, string> }[];
	/** the sheet row the headers were found on (title rows may come before it) */
	headerRow?: number;
}

export type SheetResult = ({ ok: true } & SheetRows) | { ok: false; problem: string };

/**
 * A column an import reads: its name (the key of its cells), the other headers the offices' forms
 * give it, whether a sheet must have it, and whether its cells are dates. A bare string is a
 * required column known by that header only.
 */
export interface ColumnSpec {
	name: string;
	aliases?: readonly string[];
	required?: boolean;
	date?: boolean;
}
export type ExpectedColumns = readonly (string | ColumnSpec)[];

/** The header is looked for in this many rows from the top: the forms put a title and 填报单位 above it. */
export const HEADER_SEARCH_ROWS = 10;

/**
 * A header as compared: NFKC, without whitespace (forms break "志愿者\n姓名" over two lines),
 * asterisks, anything in brackets ("姓名（必填）") and the separators of "职务/职称", "职务·职称".
 */
export const bareHeader = (h: string) =>
	h
		.normalize('NFKC')
		.replace(/[(\[【][^)\]】]*[)\]】]/g, '')
		.replace(/[\s*/\\·・•、,，.．:：_-]/g, '');

const specOf = (c: string | ColumnSpec): Required<ColumnSpec> =>
	typeof c === 'string' ? { name: c, aliases: [], required: true, date: false } : { name: c.name, aliases: c.aliases ?? [], required: c.required ?? false, date: c.date ?? false };

/**
 * A date as YYYY-MM-DD from what people type: 2026-10-18, 2026/10/18, 2026.10.18, 2026年10月18日,
 * or an Excel serial number left in a text cell; anything else is returned as it is (the
 * importer's own check reports it).
 */
export function dateText(text: string): string {
	const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
	if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
	if (/^\d{5}$/.test(text)) {
		const serial = Number(text);
		// 1954–2119: a number in that range in a date column is a date Excel shows as a number
		if (serial >= 20_000 && serial < 80_000) return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
	}
	return text;
}

/**
 * The first sheet: the header row is the first of its top rows that names every required column
 * (by its name or an alias; title rows above it are skipped), then every non-empty row after it,
 * reading only the columns the specs name (a sheet's other columns are never touched). A column
 * found under several of its headers is read from the first of them in the spec's order.
 */
export async function parseFirstSheet(bytes: Uint8Array, expected: ExpectedColumns): Promise<SheetResult> {
	const problem = zipProblem(bytes);
	if (problem) return { ok: false, problem };
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
	} catch {
		return { ok: false, problem: '无法读取该 Excel 文件，请使用下载的模板另存为 .xlsx' };
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) return { ok: false, problem: '文件中没有工作表' };
	if (sheet.rowCount > MAX_IMPORT_ROWS + 1) return { ok: false, problem: TOO_MANY_ROWS };
	if (sheet.columnCount > MAX_IMPORT_COLUMNS) return { ok: false, problem: TOO_MANY_COLUMNS };
	const specs = expected.map(specOf);
	let best: { row: number; columns: Map<string, number>; missing: string[]; found: number } | null = null;
	for (let number = 1; number <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount || 1); number++) {
		const columnOfHeader = new Map<string, number>();
		sheet.getRow(number).eachCell((cell, column) => {
			const h = bareHeader(cellText(cell.value));
			if (h && !columnOfHeader.has(h)) columnOfHeader.set(h, column);
		});
		const columns = new Map<string, number>();
		for (const spec of specs) {
			const column = [spec.name, ...spec.aliases].map((h) => columnOfHeader.get(bareHeader(h))).find((c) => c !== undefined);
			if (column !== undefined) columns.set(spec.name, column);
		}
		const missing = specs.filter((s) => s.required && !columns.has(s.name)).map((s) => s.name);
		if (!best || columns.size > best.found || (!missing.length && best.missing.length)) best = { row: number, columns, missing, found: columns.size };
		if (!missing.length) break;
	}
	if (!best || best.missing.length) {
		const missing = best?.missing ?? specs.filter((s) => s.required).map((s) => s.name);
		return { ok: false, problem: `表头缺少：${missing.join('、')}。请使用下载的模板` };
	}
	const { row: headerRow, columns } = best;
	const wanted = specs.filter((s) => columns.has(s.name)).map((s) => [s, columns.get(s.name)!] as const);
	const rows: SheetRows['rows'] = [];
	sheet.eachRow({ includeEmpty: false }, (row, number) => {
		if (number <= headerRow) return;
		const cells: Record<string, string> = {};
		for (const [spec, column] of wanted) {
			const cell = row.getCell(column);
			// a cell merged from another column (the form's note across the table) is that column's, not this one's;
			// merged down a column (one 单位 for several people) it is every row's
			const text = cell.isMerged && cell.master.col !== cell.col ? '' : cellText(cell.value);
			cells[spec.name] = spec.date ? dateText(text) : text;
		}
		if (Object.values(cells).some((v) => v !== '')) rows.push({ row: number, cells });
	});
	return { ok: true, rows, headerRow };
}

/** The child process's side: one job per process, then it ends (a fresh heap for every file). */
export function serve(): void {
	serveOnce(async (job: { bytes: Uint8Array; expected: (string | ColumnSpec)[] }): Promise<SheetResult> => {
		try {
			return await parseFirstSheet(job.bytes, job.expected);
		} catch {
			return { ok: false, problem: '无法读取该 Excel 文件，请使用下载的模板另存为 .xlsx' };
		}
	});
}
