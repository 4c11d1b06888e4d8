import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { db } from '$lib/server/db';
import { stagedFiles, users } from '$lib/server/db/schema';
import { forgetOldStagedFiles, keepRefusedFiles, KEPT_FOR_MS, MAX_KEPT_BYTES_PER_USER, MAX_KEPT_PER_USER } from '$lib/server/form-actions';
import { storage } from '$lib/server/storage';
import { loadDemoDatabase } from '../support/demo-db';

let userId = 0;
const folder = () => join(process.env.DATA_DIR!, 'kept', String(userId));
const pdf = (size: number, fill: number) => ({ bytes: new Uint8Array(size).fill(fill).map((b, i) => (i < 5 ? [0x25, 0x50, 0x44, 0x46, 0x2d][i] : b)), kind: 'pdf' as const, name: `材料${fill}.pdf` });

beforeAll(async () => {
	await loadDemoDatabase();
	[{ id: userId }] = await db.insert(users).values({ username: `kept-${Date.now()}`, displayName: '反复提交者', role: 'pilot_editor', passwordHash: 'x', createdAt: 0, updatedAt: 0 }).returning();
});

describe('files kept from a refused submit', () => {
	it('are kept for the account that sent them, offered back by token, and capped in number and bytes per account', async () => {
		const first = await keepRefusedFiles(userId, { evidence: pdf(1_000, 1) });
		const [row] = await db.select().from(stagedFiles).where(eq(stagedFiles.token, first.evidence__staged.token));
		expect(row).toMatchObject({ userId, name: '材料1.pdf', kind: 'pdf' });
		expect(await storage.get(`kept/${userId}/${row.sha256}`)).toEqual(pdf(1_000, 1).bytes);
		// the same refused form sent again and again with a different file each time
		for (let i = 2; i <= 25; i++) await keepRefusedFiles(userId, { evidence: pdf(1_000, i) });
		expect(readdirSync(folder())).toHaveLength(MAX_KEPT_PER_USER);
		for (let i = 30; i < 33; i++) await keepRefusedFiles(userId, { evidence: pdf(20 * 1024 * 1024, i) });
		expect(readdirSync(folder()).reduce((n, f) => n + statSync(join(folder(), f)).size, 0)).toBeLessThanOrEqual(MAX_KEPT_BYTES_PER_USER);
		// the newest is always there to be offered back
		const newest = (await db.select().from(stagedFiles).where(eq(stagedFiles.userId, userId))).at(-1)!;
		expect(existsSync(join(folder(), newest.sha256))).toBe(true);
	});

	it('go, bytes and all, after a day', async () => {
		const kept = await keepRefusedFiles(userId, { evidence: pdf(2_000, 99) });
		const [row] = await db.select().from(stagedFiles).where(eq(stagedFiles.token, kept.evidence__staged.token));
		const young = join(folder(), row.sha256);
		const old = (Date.now() - KEPT_FOR_MS - 60_000) / 1000;
		for (const f of readdirSync(folder())) if (join(folder(), f) !== young) utimesSync(join(folder(), f), old, old);
		await forgetOldStagedFiles();
		expect(readdirSync(folder()).map((f) => join(folder(), f))).toEqual([young]);
		await forgetOldStagedFiles(KEPT_FOR_MS, Date.now() + KEPT_FOR_MS + 60_000);
		expect(readdirSync(folder())).toEqual([]);
	});
});
