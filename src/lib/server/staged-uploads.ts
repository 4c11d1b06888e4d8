/**
 * An uploaded sheet between its check and its confirmation (activity sheets, rosters, an
 * activity's participants). The checked file is kept in the object store under
 * imports/<pilot>/ by content hash, so the confirmation can only ever name a file staged for the
 * same pilot, whichever app instance serves it.
 *
 * A staged file is only a bridge: it goes when the import is confirmed or discarded, any staged
 * file older than an hour is swept, and one pilot keeps at most a few (ten checks of a 9 MB
 * workbook used to leave 94 MB behind, for good).
 */
import { createHash } from 'node:crypto';
import { makeRoom, removeOlderThan, storage } from './storage';
import { FieldError, NotFoundError } from './errors';

export const MAX_AGE_MS = 60 * 60_000;
export const MAX_PER_PILOT = 5;
export const MAX_BYTES_PER_PILOT = 40 * 1024 * 1024;

const stagedKey = (pilotId: number, sha256: string) => `imports/${pilotId}/${sha256}.xlsx`;

/** Removes every staged file (and leftover temporary file) older than an hour, of every pilot. */
export function sweep(at: number = Date.now()): Promise<number> {
	return removeOlderThan(storage, 'imports/', MAX_AGE_MS, at);
}

export async function stage(pilotId: number, bytes: Uint8Array): Promise<string> {
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const key = stagedKey(pilotId, sha256);
	await sweep();
	// room for this one within the pilot's cap: the oldest others go first
	await makeRoom(storage, `imports/${pilotId}/`, key, bytes.length, { count: MAX_PER_PILOT, bytes: MAX_BYTES_PER_PILOT });
	await storage.put(key, bytes);
	return sha256;
}

/**
 * A staged file's bytes, and its claim: the token its import is written under (audit.write's
 * form token), the same for every confirmation of this staging. Two confirmations racing each
 * other (a double click, two tabs) then write once, and the second is given the first's answer.
 */
export async function read(pilotId: number, sha256: string): Promise<{ bytes: Uint8Array; claim: string }> {
	if (!/^[0-9a-f]{64}$/.test(sha256)) throw new NotFoundError();
	const key = stagedKey(pilotId, sha256);
	const bytes = await storage.get(key);
	if (!bytes) throw new FieldError('_form', '待导入的文件已失效，请重新选择文件');
	// staged again later (the same file checked anew) is a new staging, with a claim of its own
	const storedAt = (await storage.list(`imports/${pilotId}/`)).find((o) => o.key === key)?.storedAt ?? 0;
	return { bytes, claim: `import-${pilotId}-${Math.floor(storedAt)}-${sha256.slice(0, 32)}` };
}

/** The import was confirmed or abandoned: its staged file goes. */
export async function discard(pilotId: number, sha256: string): Promise<void> {
	if (!/^[0-9a-f]{64}$/.test(sha256)) throw new NotFoundError();
	await storage.delete(stagedKey(pilotId, sha256));
}

