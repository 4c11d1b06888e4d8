/**
 * Where uploaded bytes live: evidence files and Excel files staged between an import's check and
 * its confirmation. A local directory (DATA_DIR) by default; an S3-compatible bucket when
 * S3_BUCKET is set, so any number of app instances behind a load balancer see the same files.
 *
 * Keys are made by the server (content hashes and ids), never taken from a user.
 */
import { AwsClient } from 'aws4fetch';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export interface ObjectStore {
	readonly kind: 'local' | 's3';
	/** Stores the bytes under the key; a reader never sees a half-written object. */
	put(key: string, bytes: Uint8Array): Promise<void>;
	/** The stored bytes, or null when nothing is stored under the key. */
	get(key: string): Promise<Uint8Array<ArrayBuffer> | null>;
	has(key: string): Promise<boolean>;
	/** Removes the object; nothing happens when there is none. */
	delete(key: string): Promise<void>;
	/** Every object whose key starts with `prefix` (a folder, ending in /), with its size and when it was stored. */
	list(prefix: string): Promise<StoredObject[]>;
}

export interface StoredObject {
	key: string;
	size: number;
	/** ms since the epoch */
	storedAt: number;
}

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

function checkKey(key: string): string {
	if (!KEY.test(key) || key.includes('..')) throw new Error(`invalid storage key: ${key}`);
	return key;
}

/** Files under one directory: written to a temporary name, synced, renamed into place, and the rename synced. */
export function localStore(root: string): ObjectStore {
	const pathOf = (key: string) => join(root, checkKey(key));
	return {
		kind: 'local',
		async put(key, bytes) {
			const target = pathOf(key);
			await mkdir(dirname(target), { recursive: true });
			const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
			const handle = await open(temp, 'w');
			try {
				await handle.writeFile(bytes);
				await handle.sync();
			} finally {
				await handle.close();
			}
			await rename(temp, target);
			// the rename itself survives a power cut only once its directory is synced
			const folder = await open(dirname(target), 'r');
			try {
				await folder.sync();
			} finally {
				await folder.close();
			}
		},
		async get(key) {
			try {
				return new Uint8Array(await readFile(pathOf(key)));
			} catch (e) {
				if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
				throw e;
			}
		},
		async has(key) {
			try {
				await stat(pathOf(key));
				return true;
			} catch (e) {
				if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
				throw e;
			}
		},
		async delete(key) {
			await rm(pathOf(key), { force: true });
		},
		async list(prefix) {
			const folder = pathOf(prefix.replace(/\/+$/, ''));
			let names: string[];
			try {
				names = await readdir(folder, { recursive: true });
			} catch (e) {
				if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
				throw e;
			}
			const found: StoredObject[] = [];
			for (const name of names) {
				try {
					const s = await stat(join(folder, name));
					// a temporary file of a put in progress is listed too: a sweep may remove a stale one
					if (s.isFile()) found.push({ key: `${prefix.replace(/\/+$/, '')}/${name}`, size: s.size, storedAt: s.mtimeMs });
				} catch (e) {
					if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
				}
			}
			return found;
		}
	};
}

export interface S3Options {
	/** e.g. https://oss-cn-zhengzhou.aliyuncs.com or http://127.0.0.1:9000 (MinIO) */
	endpoint: string;
	bucket: string;
	region: string;
	accessKeyId: string;
	secretAccessKey: string;
}

/** An S3-compatible bucket, path-style addressed, every request signed with AWS Signature V4. */
export function s3Store(options: S3Options): ObjectStore {
	const aws = new AwsClient({ accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, service: 's3', region: options.region, retries: 2 });
	const base = `${options.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(options.bucket)}`;
	const urlOf = (key: string) => `${base}/${checkKey(key)}`;
	const fail = async (what: string, key: string, res: Response): Promise<never> => {
		throw new Error(`object storage ${what} ${key} failed: ${res.status} ${(await res.text()).slice(0, 200)}`);
	};
	return {
		kind: 's3',
		async put(key, bytes) {
			const res = await aws.fetch(urlOf(key), { method: 'PUT', body: new Uint8Array(bytes), headers: { 'content-type': 'application/octet-stream' } });
			if (!res.ok) await fail('put', key, res);
			await res.arrayBuffer();
		},
		async get(key) {
			const res = await aws.fetch(urlOf(key), { method: 'GET' });
			if (res.status === 404) return null;
			if (!res.ok) await fail('get', key, res);
			return new Uint8Array(await res.arrayBuffer());
		},
		async has(key) {
			const res = await aws.fetch(urlOf(key), { method: 'HEAD' });
			if (res.status === 404) return false;
			if (!res.ok) await fail('head', key, res);
			return true;
		},
		async delete(key) {
			const res = await aws.fetch(urlOf(key), { method: 'DELETE' });
			if (!res.ok && res.status !== 404) await fail('delete', key, res);
			await res.arrayBuffer();
		},
		async list(prefix) {
			checkKey(prefix.replace(/\/+$/, ''));
			const found: StoredObject[] = [];
			let token: string | null = null;
			do {
				const query = new URLSearchParams({ 'list-type': '2', prefix });
				if (token) query.set('continuation-token', token);
				const res = await aws.fetch(`${base}?${query}`, { method: 'GET' });
				if (!res.ok) await fail('list', prefix, res);
				const xml = await res.text();
				for (const [, body] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
					const key = /<Key>([^<]*)<\/Key>/.exec(body)?.[1];
					if (!key) continue;
					found.push({
						key: key.replace(/&amp;/g, '&'),
						size: Number(/<Size>(\d+)<\/Size>/.exec(body)?.[1] ?? 0),
						storedAt: Date.parse(/<LastModified>([^<]*)<\/LastModified>/.exec(body)?.[1] ?? '') || 0
					});
				}
				token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? (/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1] ?? null) : null;
			} while (token);
			return found;
		}
	};
}

/** Where an evidence file's bytes are kept: by content hash, so the same file is kept once. */
export function evidenceKey(sha256: string): string {
	return `files/${sha256.slice(0, 2)}/${sha256}`;
}

/** S3 when S3_BUCKET is set (with S3_ENDPOINT and its keys), otherwise DATA_DIR (default ./data). */
export function storeFromEnv(env: Record<string, string | undefined> = process.env): ObjectStore {
	const bucket = env.S3_BUCKET?.trim();
	if (!bucket) return localStore(resolve(env.DATA_DIR ?? 'data'));
	const required = ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
	const missing = required.filter((name) => !env[name]?.trim());
	if (missing.length) throw new Error(`S3_BUCKET is set but ${missing.join(', ')} is missing`);
	return s3Store({
		endpoint: env.S3_ENDPOINT!.trim(),
		bucket,
		region: env.S3_REGION?.trim() || 'us-east-1',
		accessKeyId: env.S3_ACCESS_KEY_ID!.trim(),
		secretAccessKey: env.S3_SECRET_ACCESS_KEY!.trim()
	});
}

/** Removes every object under `prefix` stored more than `maxAgeMs` before `at`; says how many went. */
export async function removeOlderThan(store: ObjectStore, prefix: string, maxAgeMs: number, at: number): Promise<number> {
	let removed = 0;
	for (const object of await store.list(prefix)) {
		if (at - object.storedAt > maxAgeMs) {
			await store.delete(object.key);
			removed++;
		}
	}
	return removed;
}

/** Room under `prefix` for `key` of `size` bytes within the caps: the oldest other objects go first. */
export async function makeRoom(store: ObjectStore, prefix: string, key: string, size: number, caps: { count: number; bytes: number }): Promise<void> {
	const others = (await store.list(prefix)).filter((o) => o.key !== key).sort((a, b) => a.storedAt - b.storedAt);
	let count = others.length;
	let total = others.reduce((n, o) => n + o.size, 0);
	for (const object of others) {
		if (count < caps.count && total + size <= caps.bytes) break;
		await store.delete(object.key);
		count--;
		total -= object.size;
	}
}

/** The process's store. */
export const storage: ObjectStore = storeFromEnv();
