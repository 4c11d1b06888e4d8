/**
 * Reading and writing the offices' Excel sheets with exceljs.
 *
 * An uploaded workbook is read in a child process with a capped heap (workbook-check.ts does the
 * reading): a hostile file can cost seconds of CPU and hundreds of megabytes, and on the event
 * loop that would stall every other user. One file is read at a time per process; a few more wait
 * their turn, beyond that the upload is refused as busy. A process that runs out of time or memory
 * is ended and its file refused with a Chinese message.
 */
import { oneAtATime, runInWorker, startModuleWorker, type ModuleWorker } from './module-worker';
import ExcelJS from 'exceljs';
import { FieldError } from './errors';
import type { ExpectedColumns, SheetResult, SheetRows } from './workbook-check';

export type { ColumnSpec, ExpectedColumns, SheetRows } from './workbook-check';

/** Heap of one reading process: a full 20,000-row template needs well under this. */
const WORKER_HEAP_MB = 160;
const WORKER_TIME_MS = 30_000;
const MAX_WAITING = 8;

const TOO_COMPLEX = '文件过大或过于复杂，无法读取。请把数据粘贴到下载的模板中再导入';

const turn = oneAtATime(MAX_WAITING, () => new FieldError('file', '服务器正在读取其他文件，请稍后再试'));

/**
 * Starts a process on workbook-check's module. The module is found through a dynamic import, so
 * the same code works from the sources (tests, dev: loaded through tsx) and from the production
 * build, where the bundler gives the module a chunk of its own under a hashed name.
 */
async function startWorker(): Promise<ModuleWorker> {
	// naming `serve` here also keeps the bundler from dropping it (only the worker calls it)
	const { selfUrl, serve } = await import('./workbook-check');
	if (typeof serve !== 'function') throw new Error('workbook-check has no serve()');
	return startModuleWorker(selfUrl, WORKER_HEAP_MB);
}

function inWorker(bytes: Uint8Array, expected: ExpectedColumns): Promise<SheetResult> {
	return turn(async () => {
		const job = { bytes, expected: expected.map((c) => (typeof c === 'string' ? c : { ...c, aliases: [...(c.aliases ?? [])] })) };
		return runInWorker<typeof job, SheetResult>(await startWorker(), job, WORKER_TIME_MS, (why) => {
			console.warn(`workbook reader ${why}: file refused as too complex`);
			return { ok: false, problem: TOO_COMPLEX };
		});
	});
}

/**
 * The first sheet's rows, by the template's columns (a header found in the top rows under its name
 * or an alias; see workbook-check's parseFirstSheet); any problem with the file is a FieldError at `field`.
 */
export async function readFirstSheet(field: string, bytes: Uint8Array, expected: ExpectedColumns): Promise<SheetRows> {
	const result = await inWorker(bytes, expected);
	if (!result.ok) throw new FieldError(field, result.problem);
	return { rows: result.rows, headerRow: result.headerRow };
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

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// ── checking a sheet's rows ─────────────────────────────────────────────────
export interface RowProblem {
	row: number;
	column: string;
	reason: string;
}

export interface CheckResult<T> {
	total: number;
	valid: { row: number; value: T }[];
	problems: RowProblem[];
}

/** Each row through `toValue`: the valid values, and every problem by row and column. */
export function checkRows<T>(rows: { row: number; cells: Record<string, string> }[], toValue: (cells: Record<string, string>) => { value?: T; errors?: Record<string, string> }): CheckResult<T> {
	const valid: CheckResult<T>['valid'] = [];
	const problems: RowProblem[] = [];
	for (const { row, cells } of rows) {
		const { value, errors } = toValue(cells);
		if (errors && Object.keys(errors).length) {
			for (const [column, reason] of Object.entries(errors)) problems.push({ row, column, reason });
		} else if (value !== undefined) valid.push({ row, value });
	}
	return { total: rows.length, valid, problems };
}
