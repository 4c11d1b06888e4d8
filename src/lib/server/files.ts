/**
 * Evidence files. The type is decided from the bytes (never the name or the browser's word),
 * the bytes are kept in the object store by content hash, and a row ties each file to one pilot
 * so only people allowed to see that pilot can fetch it.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { db, type Transaction } from './db';
import { files } from './db/schema';
import { now } from './clock';
import { FieldError } from './errors';
import { hasBidiControls } from '../domain/text';
import { DEFAULT_FILE_MAX_BYTES, tooLargeMessage } from '../forms';
import { evidenceKey, storage } from './storage';

export const FILE_MAX_BYTES = Number(process.env.FILE_MAX_BYTES) > 0 ? Number(process.env.FILE_MAX_BYTES) : DEFAULT_FILE_MAX_BYTES;

/** adapter-node's request limit as it reads BODY_SIZE_LIMIT (512K when unset; `npm start` sets 11M). */
export function bodyLimitBytes(value: string | undefined = process.env.BODY_SIZE_LIMIT): number {
	const text = value ?? '512K';
	const multiplier = { K: 1024, M: 1024 * 1024, G: 1024 * 1024 * 1024 }[text.at(-1)?.toUpperCase() ?? ''] ?? 1;
	const bytes = Number(multiplier === 1 ? text : text.slice(0, -1)) * multiplier;
	return Number.isNaN(bytes) ? Infinity : bytes;
}

/**
 * The largest file a form can carry on this server: the file limit, or less when the request
 * limit is lower (a server started without `npm start`); the rest of a form needs some room.
 */
export function uploadLimitBytes(bodyLimit: number = bodyLimitBytes()): number {
	return Math.max(0, Math.min(FILE_MAX_BYTES, bodyLimit - 64 * 1024));
}

/** This server's: its environment does not change while it runs. */
export const UPLOAD_MAX_BYTES = uploadLimitBytes();

export type FileKind = 'jpg' | 'png' | 'webp' | 'pdf' | 'docx' | 'xlsx';

export const MIME: Record<FileKind, string> = {
	jpg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
};

export const PHOTO_KINDS: FileKind[] = ['jpg', 'png', 'webp'];
export const EVIDENCE_KINDS: FileKind[] = ['jpg', 'png', 'webp', 'pdf', 'docx', 'xlsx'];

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);

/** What the bytes are, or null when they are none of the kinds we keep. */
export function detectKind(bytes: Uint8Array): FileKind | null {
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
		// Office files are zips; their part names are stored as plain text in the archive.
		const text = Buffer.from(bytes).toString('latin1');
		if (text.includes('word/document.xml')) return 'docx';
		if (text.includes('xl/workbook.xml')) return 'xlsx';
	}
	return null;
}

const EXTENSIONS: Record<FileKind, string[]> = {
	jpg: ['jpg', 'jpeg'],
	png: ['png'],
	webp: ['webp'],
	pdf: ['pdf'],
	docx: ['docx'],
	xlsx: ['xlsx']
};

/** A name safe to show and to put in Content-Disposition: no path, no control characters. */
export function cleanName(name: string): string {
	// eslint-disable-next-line no-control-regex
	const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '_').trim();
	return base.slice(-120) || 'file';
}

export interface CheckedFile {
	bytes: Uint8Array;
	kind: FileKind;
	name: string;
}

/**
 * Checks one uploaded file for a field: size, and that the bytes are an allowed kind whose
 * extension matches (a script renamed to .jpg is refused). Returns null when nothing was chosen.
 */
export async function checkUpload(field: string, value: FormDataEntryValue | null, allowed: FileKind[]): Promise<CheckedFile | null> {
	if (value === null || typeof value === 'string' || value.size === 0) {
		if (value instanceof File && value.name && value.size === 0) throw new FieldError(field, '文件是空的');
		return null;
	}
	if (value.size > FILE_MAX_BYTES) throw new FieldError(field, tooLargeMessage(FILE_MAX_BYTES));
	const bytes = new Uint8Array(await value.arrayBuffer());
	const kind = detectKind(bytes);
	const allowedText = allowed.map((k) => k.toUpperCase()).join('、');
	if (!kind || !allowed.includes(kind)) throw new FieldError(field, `只接受 ${allowedText} 文件，所选文件的内容不是这些格式`);
	// as in text fields: a U+202E in `photo\u202Egpj.exe` shows the name as `photoexe.jpg`
	if (hasBidiControls(value.name)) throw new FieldError(field, '文件名含有不可见的控制字符，请重命名后再上传');
	const ext = value.name.toLowerCase().split('.').pop() ?? '';
	if (!EXTENSIONS[kind].includes(ext)) throw new FieldError(field, `文件扩展名与内容不符（内容是 ${kind.toUpperCase()}）`);
	return { bytes, kind, name: cleanName(value.name) };
}

/** Stores the bytes under their hash; storing the same content twice is a no-op. */
export async function storeBytes(bytes: Uint8Array): Promise<string> {
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const key = evidenceKey(sha256);
	if (!(await storage.has(key))) await storage.put(key, bytes);
	return sha256;
}

/** The stored bytes of a file, or null when they are gone. */
export function readStoredBytes(sha256: string): Promise<Uint8Array<ArrayBuffer> | null> {
	return storage.get(evidenceKey(sha256));
}

/** One of a pilot's files, or undefined when the pilot has no file of that id. */
export async function fileOf(pilotId: number, fileId: number) {
	const [file] = await db
		.select()
		.from(files)
		.where(and(eq(files.id, fileId), eq(files.pilotId, pilotId)));
	return file;
}

/** Records a stored file against an item, inside the caller's write transaction. */
export async function attachFile(
	tx: Transaction,
	input: { pilotId: number; entityType: string; entityId: number; purpose: string; file: CheckedFile; sha256: string; userId: number | null }
): Promise<number> {
	const [row] = await tx
		.insert(files)
		.values({
			pilotId: input.pilotId,
			entityType: input.entityType,
			entityId: input.entityId,
			purpose: input.purpose,
			sha256: input.sha256,
			mime: MIME[input.file.kind],
			size: input.file.bytes.length,
			originalName: input.file.name,
			uploadedBy: input.userId,
			createdAt: now()
		})
		.returning({ id: files.id });
	return row.id;
}

/** A pilot's files attached to these items of one kind, oldest first. */
export async function filesOf(pilotId: number, entityType: string, entityIds: number[]) {
	if (!entityIds.length) return [];
	return db
		.select({ id: files.id, entityId: files.entityId, purpose: files.purpose, originalName: files.originalName, mime: files.mime, size: files.size, createdAt: files.createdAt })
		.from(files)
		.where(and(eq(files.pilotId, pilotId), eq(files.entityType, entityType), inArray(files.entityId, entityIds)))
		.orderBy(asc(files.id));
}
