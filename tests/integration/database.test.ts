import { describe, expect, it, beforeAll } from 'vitest';
import { sql, count, eq } from 'drizzle-orm';
import { isHttpError } from '@sveltejs/kit';
import { createClient } from '@libsql/client';
import { client, databaseUrl, db, ensureDatabaseReady, writeClient, writeTransaction } from '$lib/server/db';
import { BUSY_TIMEOUT_MS, readConnectionSettings, clientConfig, createDatabase } from '$lib/server/db/client';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { auditLog, divisions } from '$lib/server/db/schema';
import { write, SYSTEM_ACTOR, UnauditedWriteError } from '$lib/server/audit';

beforeAll(async () => {
	await ensureDatabaseReady();
});

const inMemory = databaseUrl.includes(':memory:');

const expectSafe = (s: Awaited<ReturnType<typeof readConnectionSettings>>) => {
	expect(s.foreignKeys).toBe(1);
	expect(s.synchronous).toBe(2); // FULL: an acknowledged commit survives power loss
	expect(s.busyTimeout).toBeGreaterThan(0);
	// An in-memory database has no journal file to put in WAL mode.
	expect(s.journalMode).toBe(inMemory ? 'memory' : 'wal');
};

describe('connection settings', () => {
	it('hold on several pooled connections opened at once', async () => {
		// Concurrent calls each borrow a connection, so the pool opens new ones.
		const all = await Promise.all(Array.from({ length: 6 }, () => readConnectionSettings(client)));
		all.forEach(expectSafe);
	});

	it('hold inside a transaction and on the connections used after it', async () => {
		const tx = await client.transaction('write');
		try {
			const inside = await readConnectionSettings(tx);
			expect(inside.foreignKeys).toBe(1);
			expect(inside.synchronous).toBe(2);
		} finally {
			await tx.commit();
		}
		await writeTransaction(async (t) => {
			await t.run(sql`select 1`);
		});
		const after = await Promise.all(Array.from({ length: 4 }, () => readConnectionSettings(client)));
		after.forEach(expectSafe);
	});

	// an in-memory database lives in one pool: reads and writes share its client
	it.skipIf(inMemory)('hold on the write client too, before and after a transaction and after it starts afresh', async () => {
		expect(writeClient).not.toBe(client); // a file database: writes have their own client
		const check = async () => (await Promise.all(Array.from({ length: 3 }, () => readConnectionSettings(writeClient)))).forEach(expectSafe);
		await check();
		await writeTransaction(async (t) => {
			expect((await t.all<{ foreign_keys: number }>(sql`PRAGMA foreign_keys`))[0].foreign_keys).toBe(1);
			expect((await t.all<{ synchronous: number }>(sql`PRAGMA synchronous`))[0].synchronous).toBe(2);
		});
		await check();
		await writeClient.reconnect(); // what a write that failed in SQLite leads to
		await check();
	});

	it('enforce foreign keys', async () => {
		await expect(
			client.execute("insert into teams (pilot_id, name, created_at, updated_at) values (999999, 'x', 0, 0)")
		).rejects.toThrow(/FOREIGN KEY/);
	});
});

describe('write queue', () => {
	it('lands 50 concurrent write transactions', async () => {
		const before = (await db.select({ n: count() }).from(auditLog))[0].n;
		const results = await Promise.allSettled(
			Array.from({ length: 50 }, (_, i) =>
				write({ ...SYSTEM_ACTOR, username: `writer-${i}` }, async (tx, record) => {
					await tx.insert(divisions).values({ code: `99${String(i).padStart(4, '0')}`, name: `测试${i}`, level: 'county', parentCode: null });
					await record({ action: 'test.insert', entityType: 'division', entityId: i });
				})
			)
		);
		expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
		const landed = await db.select({ n: count() }).from(divisions).where(sql`${divisions.code} like '99%'`);
		expect(landed[0].n).toBe(50);
		const audited = (await db.select({ n: count() }).from(auditLog))[0].n;
		expect(audited - before).toBe(50);
	});

	it('keeps going after a failed transaction', async () => {
		await expect(
			writeTransaction(async (tx) => {
				await tx.insert(divisions).values({ code: '980001', name: 'x', level: 'county', parentCode: null });
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		expect(await db.select().from(divisions).where(eq(divisions.code, '980001'))).toEqual([]);
		await writeTransaction(async (tx) => {
			await tx.insert(divisions).values({ code: '980002', name: 'y', level: 'county', parentCode: null });
		});
		expect(await db.select().from(divisions).where(eq(divisions.code, '980002'))).toHaveLength(1);
	});
});

// no other process can open an in-memory database
describe.skipIf(inMemory)('another process holding the write lock', () => {
	const hold = async (ms: number) => {
		const other = createClient({ url: databaseUrl });
		const tx = await other.transaction('write'); // BEGIN IMMEDIATE
		return new Promise<void>((resolve) =>
			setTimeout(async () => {
				await tx.commit();
				other.close();
				resolve();
			}, ms)
		);
	};
	const insert = (code: string) =>
		writeTransaction(async (tx) => {
			await tx.insert(divisions).values({ code, name: code, level: 'county', parentCode: null });
		});

	it('is waited for without blocking the event loop, and the write then commits', async () => {
		const released = hold(1200);
		let ticks = 0;
		const ticker = setInterval(() => ticks++, 50);
		const started = Date.now();
		await insert('960001');
		clearInterval(ticker);
		await released;
		expect(Date.now() - started).toBeGreaterThanOrEqual(1100);
		expect(ticks).toBeGreaterThan(10); // timers kept firing while the write waited
		expect(await db.select().from(divisions).where(eq(divisions.code, '960001'))).toHaveLength(1);
	});

	it('held past the busy timeout ends in a 503 with a Chinese message; later writes commit (libsql #352)', async () => {
		const released = hold(BUSY_TIMEOUT_MS + 1500);
		const started = Date.now();
		const failure = await insert('960002').catch((e: unknown) => e);
		const waited = Date.now() - started;
		await released;
		expect(isHttpError(failure, 503)).toBe(true);
		expect((failure as { body: { message: string } }).body.message).toContain('系统繁忙');
		expect(waited).toBeGreaterThanOrEqual(BUSY_TIMEOUT_MS - 100);
		for (const code of ['960003', '960004']) await insert(code);
		expect((await db.select().from(divisions).where(sql`${divisions.code} like '96000%'`)).map((d) => d.code).sort()).toEqual(['960001', '960003', '960004']);
	}, 20_000);
});

describe('audit path', () => {
	it('rolls back a write that records nothing', async () => {
		await expect(
			write(SYSTEM_ACTOR, async (tx) => {
				await tx.insert(divisions).values({ code: '970001', name: 'x', level: 'county', parentCode: null });
			})
		).rejects.toBeInstanceOf(UnauditedWriteError);
		expect(await db.select().from(divisions).where(eq(divisions.code, '970001'))).toEqual([]);
	});

	it('rolls back the audit row together with a failing change', async () => {
		const before = (await db.select({ n: count() }).from(auditLog))[0].n;
		await expect(
			write(SYSTEM_ACTOR, async (tx, record) => {
				await record({ action: 'test', entityType: 'division', entityId: '970002' });
				await tx.insert(divisions).values({ code: '970002', name: 'x', level: 'county', parentCode: null });
				throw new Error('after the write');
			})
		).rejects.toThrow('after the write');
		expect((await db.select({ n: count() }).from(auditLog))[0].n).toBe(before);
	});

	it('refuses to rewrite or delete audit history', async () => {
		await expect(client.execute('update audit_log set action = ? ', ['tampered'])).rejects.toThrow(/append-only/);
		await expect(client.execute('delete from audit_log')).rejects.toThrow(/append-only/);
	});
});

describe('configuration', () => {
	it('defaults to the embedded file and passes server URLs through unchanged', () => {
		expect(clientConfig({}).url).toBe('file:db/local.db');
		const remote = clientConfig({ DATABASE_URL: 'libsql://pilots-henan.example.org', DATABASE_AUTH_TOKEN: 'tok' });
		expect(remote).toMatchObject({ url: 'libsql://pilots-henan.example.org', authToken: 'tok' });
		expect(clientConfig({ DATABASE_URL: 'http://127.0.0.1:8080' }).url).toBe('http://127.0.0.1:8080');
		// libsql:// is a libSQL server over HTTPS: no file, no local pool
		const handle = createDatabase(remote);
		expect(handle.client.protocol).toBe('http');
		expect(handle.url).toBe('libsql://pilots-henan.example.org');
		handle.client.close();
	});

	it('sends queries for an http:// URL to that libSQL server with the token', async () => {
		// A stand-in for sqld that speaks just enough Hrana-over-HTTP to answer one statement.
		const seen: { url?: string; auth?: string; sql?: string }[] = [];
		const server = createServer((req, res) => {
			let body = '';
			req.on('data', (d) => (body += d));
			req.on('end', () => {
				const requests: { type: string; stmt?: { sql: string } }[] = req.method === 'POST' ? JSON.parse(body).requests : [];
				seen.push({ url: req.url, auth: req.headers.authorization, sql: requests.find((r) => r.stmt)?.stmt?.sql });
				if (!req.url?.endsWith('/pipeline')) return void res.writeHead(404).end();
				const results = requests.map((r) =>
					r.type === 'execute'
						? { type: 'ok', response: { type: 'execute', result: { cols: [{ name: 'n', decltype: null }], rows: [[{ type: 'integer', value: '7' }]], affected_row_count: 0, last_insert_rowid: null } } }
						: { type: 'ok', response: { type: r.type } }
				);
				res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ baton: null, base_url: null, results }));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		try {
			const handle = createDatabase(clientConfig({ DATABASE_URL: url, DATABASE_AUTH_TOKEN: 'server-token' }));
			const rows = await handle.db.all<{ n: number }>(sql`select 7 as n`);
			handle.client.close();
			expect(rows).toEqual([{ n: 7 }]);
			expect(seen).toContainEqual({ url: '/v2/pipeline', auth: 'Bearer server-token', sql: 'select 7 as n' });
		} finally {
			server.close();
		}
	});

	it('runs this suite on the database its project names', () => {
		expect(databaseUrl).toBe(process.env.DATABASE_URL);
	});
});
