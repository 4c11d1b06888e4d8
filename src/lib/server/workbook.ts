/**
 * Reading and writing the offices' Excel sheets with exceljs. Uploaded workbooks are checked
 * before exceljs unzips them: an xlsx is a zip, and a small file can claim gigabytes inside.
 */
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { FieldError } from './errors';

export const MAX_IMPORT_ROWS = 20_000;
const MAX_ZIP_ENTRIES = 2_000;
const MAX_UNCOMPRESSED = 100 * 1024 * 1024;

/**
 * Reads the zip's central directory and inflates every entry with a cap: refuses too many
 * entries, too much content, ZIP64, unknown compression, an entry that inflates past the size
 * its header claims (a zip bomb lies there), and a worksheet with more rows than an import takes.
 * exceljs (through JSZip) inflates everything into memory and trusts the headers, so this runs first.
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
	let at = cdOffset;
	for (let n = 0; n < entries; n++) {
		if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return '文件已损坏，无法读取';
		const method = view.getUint16(at + 10, true);
		const compressed = view.getUint32(at + 20, true);
		const size = view.getUint32(at + 24, true);
		const nameLength = view.getUint16(at + 28, true);
		const name = Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString('utf8');
		const local = view.getUint32(at + 42, true);
		total += size;
		if (total > MAX_UNCOMPRESSED) return '文件解压后过大，请拆分后再导入';
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
		if (/^xl\/worksheets\/[^/]+\.xml$/.test(name) && rowsIn(content) > MAX_IMPORT_ROWS + 1) return `一次最多导入 ${MAX_IMPORT_ROWS} 行，请拆分后再导入`;
		at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
	}
	return null;
}

/** How many `<row` elements a worksheet's XML holds, counted on the bytes. */
function rowsIn(xml: Uint8Array): number {
	const buffer = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
	let rows = 0;
	for (let i = buffer.indexOf('<row'); i >= 0; i = buffer.indexOf('<row', i + 4)) {
		const next = buffer[i + 4];
		if (next === 0x20 || next === 0x3e || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x2f) rows++;
	}
	return rows;
}

/** A cell as the text a person sees: rich text joined, formulas by their result, dates as YYYY-MM-DD. */
export function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		if ('richText' in value) return value.richText.map((r) => r.text).join('');
		if ('result' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
		if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
		if ('error' in value) return '';
		return '';
	}
	return String(value).trim();
}

export interface SheetRows {
	headers: string[];
	/** sheet row number (1-based, as Excel shows it) and the cells by header */
	rows: { row: number; cells: Record<string, string> }[];
}

/** The first sheet: its first row as headers, every non-empty row after it. */
export async function readFirstSheet(field: string, bytes: Uint8Array, expectedHeaders: readonly string[]): Promise<SheetRows> {
	const problem = zipProblem(bytes);
	if (problem) throw new FieldError(field, problem);
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
	} catch {
		throw new FieldError(field, '无法读取该 Excel 文件，请使用下载的模板另存为 .xlsx');
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) throw new FieldError(field, '文件中没有工作表');
	if (sheet.rowCount > MAX_IMPORT_ROWS + 1) throw new FieldError(field, `一次最多导入 ${MAX_IMPORT_ROWS} 行，请拆分后再导入`);
	const headers = ((sheet.getRow(1).values as ExcelJS.CellValue[]) ?? []).slice(1).map((v) => cellText(v).replace(/\s|\*/g, ''));
	const missing = expectedHeaders.filter((h) => !headers.includes(h.replace(/\s|\*/g, '')));
	if (missing.length) throw new FieldError(field, `表头缺少：${missing.join('、')}。请使用下载的模板`);
	const rows: SheetRows['rows'] = [];
	sheet.eachRow({ includeEmpty: false }, (row, number) => {
		if (number === 1) return;
		const cells: Record<string, string> = {};
		headers.forEach((h, i) => {
			if (h) cells[h] = cellText(row.getCell(i + 1).value);
		});
		if (Object.values(cells).some((v) => v !== '')) rows.push({ row: number, cells });
	});
	return { headers, rows };
}

/** A one-sheet template with bold headers, column widths and a note row explaining each column. */
export async function templateWorkbook(sheetName: string, columns: { header: string; width: number; note: string }[]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = '试点通';
	const sheet = workbook.addWorksheet(sheetName);
	sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
	sheet.getRow(1).font = { bold: true };
	columns.forEach((c, i) => {
		sheet.getCell(1, i + 1).note = c.note;
	});
	sheet.views = [{ state: 'frozen', ySplit: 1 }];
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Cells a spreadsheet would run as a formula get a leading apostrophe (CSV/formula injection). */
export function safeCell(value: string): string {
	return /^[=+\-@\t\r\0]/.test(value) ? `'${value}` : value;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
