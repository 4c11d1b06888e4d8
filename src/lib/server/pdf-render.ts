/**
 * Drawing a PDF, run inside a child process (pdf.ts starts it): subsetting a CJK font takes a
 * second or two of CPU, which must never stall the event loop that answers other users.
 *
 * This module is only ever imported dynamically (by pdf.ts) and imports nothing of the app, so the
 * production build keeps it in a chunk of its own that a worker can load without starting a
 * database or a store.
 */
import { readFile } from 'node:fs/promises';
import { serveOnce } from './module-worker';
import PDFDocument from 'pdfkit';

/** The URL of this module once built, for the worker to import. */
export const selfUrl: string = import.meta.url;

/** The faces a document may use, by the name passed to `['font', name]`. */
export const FONTS = {
	sans: { file: 'NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
	sansBold: { file: 'NotoSansCJK-Bold.ttc', face: 'NotoSansCJKsc-Bold' },
	serif: { file: 'NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' },
	serifBold: { file: 'NotoSerifCJK-Bold.ttc', face: 'NotoSerifCJKsc-Bold' }
} as const;
export type FontName = keyof typeof FONTS;

export interface TextOptions {
	width?: number;
	height?: number;
	align?: 'left' | 'center' | 'right' | 'justify';
	lineGap?: number;
	characterSpacing?: number;
	indent?: number;
	paragraphGap?: number;
	continued?: boolean;
	underline?: boolean;
	lineBreak?: boolean;
	ellipsis?: boolean | string;
}

/**
 * One drawing step, replayed on a pdfkit document: the method's name and its arguments. Only
 * these methods run, so a document is plain data that can cross to the worker.
 */
export type PdfOp =
	| ['font', FontName]
	| ['fontSize', number]
	| ['fillColor', string]
	| ['strokeColor', string]
	| ['lineWidth', number]
	| ['text', string]
	| ['text', string, TextOptions]
	| ['text', string, number, number]
	| ['text', string, number, number, TextOptions]
	| ['moveDown', number]
	| ['moveTo', number, number]
	| ['lineTo', number, number]
	| ['rect', number, number, number, number]
	| ['circle', number, number, number]
	| ['dash', number, { space: number }]
	| ['undash']
	| ['stroke']
	| ['fill']
	| ['addPage'];

export interface PdfSpec {
	info: { title: string; author?: string; subject?: string };
	/** every face the ops name (only these are embedded, each subset to the characters drawn) */
	fonts: FontName[];
	margins?: { top: number; bottom: number; left: number; right: number };
	ops: PdfOp[];
}

const ALLOWED = new Set(['font', 'fontSize', 'fillColor', 'strokeColor', 'lineWidth', 'text', 'moveDown', 'moveTo', 'lineTo', 'rect', 'circle', 'dash', 'undash', 'stroke', 'fill', 'addPage']);

/** Draws the document and returns its bytes. */
export async function draw(spec: PdfSpec, fontDir: string): Promise<Uint8Array> {
	const fonts = await Promise.all(spec.fonts.map(async (name) => [name, await readFile(`${fontDir}/${FONTS[name].file}`)] as const));
	const doc = new PDFDocument({
		size: 'A4',
		margins: spec.margins ?? { top: 72, bottom: 72, left: 72, right: 72 },
		info: { Title: spec.info.title, Author: spec.info.author ?? '试点通', Subject: spec.info.subject ?? spec.info.title, Creator: '试点通' },
		lang: 'zh-CN',
		displayTitle: true,
		compress: true
	});
	for (const [name, bytes] of fonts) doc.registerFont(name, bytes, FONTS[name].face);
	if (fonts.length) doc.font(fonts[0][0]);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const ended = new Promise<void>((resolve, reject) => {
		doc.on('end', () => resolve());
		doc.on('error', reject);
	});
	for (const [method, ...args] of spec.ops) {
		if (!ALLOWED.has(method)) throw new Error(`pdf op not allowed: ${method}`);
		(doc[method as 'text'] as (...a: unknown[]) => unknown).apply(doc, args);
	}
	doc.end();
	await ended;
	return new Uint8Array(Buffer.concat(chunks));
}

export type RenderAnswer = { ok: true; bytes: Uint8Array } | { ok: false; problem: string };

/** The child process's side: one document per process, then it ends (a fresh heap for every one). */
export function serve(): void {
	serveOnce(async (job: { spec: PdfSpec; fontDir: string }): Promise<RenderAnswer> => {
		try {
			return { ok: true, bytes: await draw(job.spec, job.fontDir) };
		} catch (e) {
			return { ok: false, problem: (e as Error).message };
		}
	});
}
