/**
 * Reading and writing the offices' Excel sheets with exceljs. Uploaded workbooks are checked
 * before exceljs unzips them: an xlsx is a zip, and a small file can claim gigabytes inside.
 */
import ExcelJS from 'exceljs';
import { FieldError } from './errors';

export const MAX_IMPORT_ROWS = 20_000;
const MAX_ZIP_ENTRIES = 2_000;
const MAX_UNCOMPRESSED = 100 * 1024 * 1024;

/** Reads the zip's central directory: refuses too many entries, too much content, or ZIP64. */
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
		total += view.getUint32(at + 24, true);
		if (total > MAX_UNCOMPRESSED) return '文件解压后过大，请拆分后再导入';
		at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
	}
	return null;
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
