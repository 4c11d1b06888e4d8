import { describe, expect, it, beforeAll } from 'vitest';
import { sql, count, eq } from 'drizzle-orm';
import { client, db, ensureDatabaseReady, writeTransaction } from '$lib/server/db';
import { readConnectionSettings, clientConfig } from '$lib/server/db/client';
import { auditLog, divisions } from '$lib/server/db/schema';
import { write, SYSTEM_ACTOR, UnauditedWriteError } from '$lib/server/audit';

beforeAll(async () => {
	await ensureDatabaseReady();
});

const expectSafe = (s: Awaited<ReturnType<typeof readConnectionSettings>>) => {
	expect(s.foreignKeys).toBe(1);
	expect(s.synchronous).toBe(2); // FULL: an acknowledged commit survives power loss
	expect(s.busyTimeout).toBeGreaterThan(0);
	expect(s.journalMode).toBe('wal');
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
	});
});
