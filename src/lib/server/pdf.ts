/**
 * PDF documents made on the server — the 志愿服务记录证明 now; nomination forms and acceptance
 * records can use the same: a document is a list of drawing steps (`PdfOp`, pdfkit's own methods
 * as data), drawn with pdfkit and the system's Noto CJK fonts (Debian's fonts-noto-cjk, installed
 * by .ci/install), each face subset to the characters drawn, so a one-page certificate is tens of
 * kilobytes rather than the font's twenty megabytes.
 *
 * Subsetting a CJK font costs a second or two of CPU, so drawing runs in a child process
 * (pdf-render.ts), one document at a time per process with a few waiting, never on the event loop
 * that answers other users.
 */
import { oneAtATime, runInWorker, startModuleWorker, type ModuleWorker } from './module-worker';
import type { FontName, PdfOp, PdfSpec, RenderAnswer, TextOptions } from './pdf-render';

export type { FontName, PdfOp, PdfSpec, TextOptions } from './pdf-render';

/** A4 in points. */
export const A4 = { width: 595.28, height: 841.89 } as const;
export const PDF_MIME = 'application/pdf';

const FONT_DIR = () => process.env.CJK_FONT_DIR ?? '/usr/share/fonts/opentype/noto';
const WORKER_HEAP_MB = 256;
const WORKER_TIME_MS = 30_000;
const MAX_WAITING = 8;

export class PdfBusyError extends Error {
	constructor() {
		super('服务器正在生成其他文件，请稍后再试');
	}
}

const turn = oneAtATime(MAX_WAITING, () => new PdfBusyError());

/** Starts a process on pdf-render's module (from the sources through tsx, or the built chunk). */
async function startWorker(): Promise<ModuleWorker> {
	// naming `serve` here also keeps the bundler from dropping it (only the worker calls it)
	const { selfUrl, serve } = await import('./pdf-render');
	if (typeof serve !== 'function') throw new Error('pdf-render has no serve()');
	return startModuleWorker(selfUrl, WORKER_HEAP_MB);
}

/** Draws the document in a child process and returns its bytes. */
export function renderPdf(spec: PdfSpec): Promise<Uint8Array> {
	return turn(async () => {
		const answer = await runInWorker<{ spec: PdfSpec; fontDir: string }, RenderAnswer>(await startWorker(), { spec, fontDir: FONT_DIR() }, WORKER_TIME_MS, (why) => ({ ok: false, problem: why }));
		if (!answer.ok) throw new Error(`pdf rendering failed: ${answer.problem}`);
		return new Uint8Array(answer.bytes);
	});
}

/** A Content-Disposition for a download whose name is Chinese (RFC 6266 / 5987). */
export function attachmentName(name: string): string {
	return `attachment; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Convenience for building ops: a paragraph in one face and size. */
export function paragraph(text: string, font: FontName, size: number, options: TextOptions = {}): PdfOp[] {
	return [['font', font], ['fontSize', size], ['text', text, options]];
}
