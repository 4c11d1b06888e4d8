/**
 * The object store: the local directory every single-machine install uses, and the
 * S3-compatible option, driven against a stand-in bucket that checks each request's
 * Signature V4 the way S3 does before it stores or returns anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsV4Signer } from 'aws4fetch';
import { localStore, s3Store, storeFromEnv, type ObjectStore } from '$lib/server/storage';
import { readStoredBytes, storeBytes } from '$lib/server/files';

const KEYS = { accessKeyId: 'AKIDHENAN', secretAccessKey: 'secret-for-tests', region: 'cn-henan' };

interface FakeBucket {
	url: string;
	objects: Map<string, Buffer>;
	refused: number;
	server: Server;
}

/** Recomputes the request's signature from the headers it says it signed. */
async function signatureHolds(req: IncomingMessage, body: Buffer, url: string): Promise<boolean> {
	const auth = req.headers.authorization ?? '';
	const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1].split(';') ?? [];
	const headers: Record<string, string> = {};
	for (const name of signed) if (name !== 'host') headers[name] = String(req.headers[name] ?? '');
	const signer = new AwsV4Signer({
		method: req.method,
		url,
		headers,
		body: body.length ? new Uint8Array(body) : undefined,
		service: 's3',
		datetime: String(req.headers['x-amz-date']),
		...KEYS
	});
	const expected = (await signer.sign()).headers.get('authorization');
	return expected === auth;
}

async function startBucket(bucket: string): Promise<FakeBucket> {
	const fake: FakeBucket = { url: '', objects: new Map(), refused: 0, server: createServer() };
	fake.server.on('request', (req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', async () => {
			const body = Buffer.concat(chunks);
			if (!(await signatureHolds(req, body, `${fake.url}${req.url}`))) {
				fake.refused++;
				return void res.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
			}
			if (req.method === 'GET' && req.url?.startsWith(`/${bucket}?`)) {
				// ListObjectsV2, two keys a page so paging is exercised
				const q = new URL(req.url, fake.url).searchParams;
				const keys = [...fake.objects.keys()].filter((k) => k.startsWith(q.get('prefix') ?? '')).sort();
				const from = Number(q.get('continuation-token') ?? 0);
				const page = keys.slice(from, from + 2);
				const more = from + 2 < keys.length;
				const contents = page.map((k) => `<Contents><Key>${k}</Key><LastModified>2026-11-23T02:00:00.000Z</LastModified><Size>${fake.objects.get(k)!.length}</Size></Contents>`).join('');
				return void res.writeHead(200).end(`<ListBucketResult><IsTruncated>${more}</IsTruncated>${more ? `<NextContinuationToken>${from + 2}</NextContinuationToken>` : ''}${contents}</ListBucketResult>`);
			}
			const prefix = `/${bucket}/`;
			if (!req.url?.startsWith(prefix)) return void res.writeHead(404).end();
			const key = req.url.slice(prefix.length);
			const stored = fake.objects.get(key);
			if (req.method === 'PUT') {
				fake.objects.set(key, body);
				return void res.writeHead(200).end();
			}
			if (req.method === 'DELETE') {
				fake.objects.delete(key);
				return void res.writeHead(204).end();
			}
			if (!stored) return void res.writeHead(404).end();
			res.writeHead(200, { 'content-length': stored.length });
			res.end(req.method === 'HEAD' ? undefined : stored);
		});
	});
	await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
	fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
	return fake;
}

function behavesAsAStore(name: string, make: () => ObjectStore) {
	describe(name, () => {
		it('gives back exactly what was put, and nothing for a key never written', async () => {
			const store = make();
			const bytes = new Uint8Array([0, 1, 2, 250, 255, 10, 13]);
			expect(await store.has('files/ab/abc123')).toBe(false);
			expect(await store.get('files/ab/abc123')).toBeNull();
			await store.put('files/ab/abc123', bytes);
			expect(await store.has('files/ab/abc123')).toBe(true);
			expect(await store.get('files/ab/abc123')).toEqual(bytes);
			await store.put('files/ab/abc123', new Uint8Array([9]));
			expect(await store.get('files/ab/abc123')).toEqual(new Uint8Array([9]));
		});

		it('lists what is under a folder with sizes and times, and deletes', async () => {
			const store = make();
			for (const name of ['a', 'b', 'c']) await store.put(`imports/7/${name}.xlsx`, new Uint8Array(3));
			await store.put('imports/8/d.xlsx', new Uint8Array(1));
			const listed = await store.list('imports/7/');
			expect(listed.map((o) => o.key).sort()).toEqual(['imports/7/a.xlsx', 'imports/7/b.xlsx', 'imports/7/c.xlsx']);
			expect(listed.every((o) => o.size === 3 && o.storedAt > 0)).toBe(true);
			await store.delete('imports/7/b.xlsx');
			await store.delete('imports/7/never-there.xlsx');
			expect(await store.has('imports/7/b.xlsx')).toBe(false);
			expect((await store.list('imports/7/')).length).toBe(2);
			expect(await store.list('imports/9/')).toEqual([]);
		});

		it('refuses keys that could leave its folder or bucket', async () => {
			const store = make();
			for (const key of ['../etc/passwd', 'files/../../x', '/abs', 'files//x', 'Files/X', 'a b']) {
				await expect(store.put(key, new Uint8Array([1]))).rejects.toThrow(/invalid storage key/);
			}
		});
	});
}

let bucket: FakeBucket;
beforeAll(async () => {
	bucket = await startBucket('pilot-files');
});
afterAll(() => bucket.server.close());

behavesAsAStore('local directory', () => localStore(mkdtempSync(join(tmpdir(), 'sdt-store-'))));
behavesAsAStore('S3-compatible bucket', () => s3Store({ endpoint: bucket.url, bucket: 'pilot-files', ...KEYS }));

describe('S3-compatible bucket', () => {
	it('signs every request: a wrong secret is refused and stores nothing', async () => {
		const before = bucket.objects.size;
		const refusedBefore = bucket.refused;
		const wrong = s3Store({ endpoint: bucket.url, bucket: 'pilot-files', ...KEYS, secretAccessKey: 'not-the-secret' });
		await expect(wrong.put('files/cd/cd99', new Uint8Array([1, 2]))).rejects.toThrow(/403/);
		expect(bucket.refused).toBeGreaterThan(refusedBefore);
		expect(bucket.objects.size).toBe(before);
	});
});

describe('choice of store', () => {
	it('uses DATA_DIR unless a bucket is configured, and names what a bucket lacks', () => {
		expect(storeFromEnv({ DATA_DIR: '/tmp/x' }).kind).toBe('local');
		expect(storeFromEnv({ S3_BUCKET: 'b', S3_ENDPOINT: bucket.url, S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 's' }).kind).toBe('s3');
		expect(() => storeFromEnv({ S3_BUCKET: 'b', S3_ENDPOINT: bucket.url })).toThrow(/S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY/);
	});
});

describe('evidence files through the process store', () => {
	it('are kept once per content under DATA_DIR and read back by hash', async () => {
		const bytes = new TextEncoder().encode('%PDF-1.4 evidence');
		const sha = await storeBytes(bytes);
		expect(await storeBytes(bytes)).toBe(sha);
		expect(await readStoredBytes(sha)).toEqual(bytes);
		expect(await readStoredBytes('0'.repeat(64))).toBeNull();
		expect(readdirSync(join(process.env.DATA_DIR!, 'files', sha.slice(0, 2)))).toEqual([sha]);
	});
});
