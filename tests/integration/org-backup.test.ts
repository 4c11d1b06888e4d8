/**
 * The documents units file for their obligations (issue 19), and nominations’ photos and scans, are stored by hash like evidence files
 * but named only by `org_deadline_done` (and, once an obligation is deleted, by its bin entry): a
 * backup copies them into its store and names them in its manifest, and a restore into an empty
 * place brings them back, so the restored database's downloads still have their bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { orgUnits } from '$lib/server/db/schema';
import { SYSTEM_ACTOR } from '$lib/server/audit';
import { backup, databasePath, manifestPathOf, restore, type Manifest, type Paths } from '$lib/server/backup';
import { evidenceKey, localStore } from '$lib/server/storage';
import * as deadlines from '$lib/server/organisation/deadlines';
import * as entries from '$lib/server/nominations/entries';
import { nominations } from '$lib/server/db/schema';
import { DEMO_TODAY, loadDemoDatabase } from '../support/demo-db';

const work = mkdtempSync(join(tmpdir(), 'sdt-org-backup-'));
const backupDir = join(work, 'backups');
const livePaths: Paths = { databaseUrl: process.env.DATABASE_URL!, backupDir, store: localStore(process.env.DATA_DIR!) };
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** A small PDF of its own bytes (each test run's text differs from every other file's). */
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);

const kept = { done: pdf('平台注册完成截图（测试）'), binned: pdf('支队基本情况表（测试，已删除任务）'), undone: pdf('年度工作总结（测试，已撤销登记）') };
let unitId = 0;

beforeAll(async () => {
	await loadDemoDatabase();
	unitId = (await db.select().from(orgUnits).where(eq(orgUnits.divisionCode, '410300')))[0].id;
	const live = await deadlines.save(SYSTEM_ACTOR, null, { title: '备份测试：平台注册', dueDate: '2026-04-20', kinds: ['city_detachment'] });
	await deadlines.markDone(SYSTEM_ACTOR, unitId, { deadlineId: live, doneOn: DEMO_TODAY, note: null }, { bytes: kept.done, kind: 'pdf', name: '平台注册.pdf' }, DEMO_TODAY);
	const binned = await deadlines.save(SYSTEM_ACTOR, null, { title: '备份测试：支队基本情况表', dueDate: '2026-09-18', kinds: ['city_detachment'] });
	await deadlines.markDone(SYSTEM_ACTOR, unitId, { deadlineId: binned, doneOn: DEMO_TODAY, note: null }, { bytes: kept.binned, kind: 'pdf', name: '基本情况表.pdf' }, DEMO_TODAY);
	await deadlines.remove(SYSTEM_ACTOR, binned);
	// a completion taken back by 撤销登记 waits in the bin with its document
	const undone = await deadlines.save(SYSTEM_ACTOR, null, { title: '备份测试：年度工作总结', dueDate: '2026-11-30', kinds: ['city_detachment'] });
	await deadlines.markDone(SYSTEM_ACTOR, unitId, { deadlineId: undone, doneOn: DEMO_TODAY, note: null }, { bytes: kept.undone, kind: 'pdf', name: '工作总结.pdf' }, DEMO_TODAY);
	await deadlines.undoDone(SYSTEM_ACTOR, unitId, undone);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('deadline documents in backups', () => {
	it('are copied into the backup, named in its manifest, and restored with the database', async () => {
		const report = await backup(livePaths, new Date(Date.now() + 1000));
		expect(report.files.missing).toEqual([]);
		const manifest: Manifest = JSON.parse(readFileSync(manifestPathOf(report.file), 'utf8'));
		for (const bytes of [kept.done, kept.binned, kept.undone]) {
			const entry = manifest.files.find((f) => f.sha256 === sha256(bytes));
			expect(entry, 'named in the manifest').toEqual({ sha256: sha256(bytes), size: bytes.length });
			expect(new Uint8Array(readFileSync(join(backupDir, evidenceKey(sha256(bytes)))))).toEqual(bytes);
		}

		// restored into an empty place: the database names the document and the store has its bytes
		const elsewhere = join(work, 'elsewhere');
		const restoredUrl = `file:${join(elsewhere, 'db', 'restored.db')}`;
		const store = localStore(join(elsewhere, 'data'));
		const restored = await restore(report.file, { databaseUrl: restoredUrl, backupDir, store });
		expect(restored.filesMissing).toEqual([]);
		const client = createClient({ url: `file:${databasePath(restoredUrl)}` });
		const named = (await client.execute({ sql: 'select file_sha256 from org_deadline_done where unit_id = ? and file_sha256 is not null', args: [unitId] })).rows.map((r) => String(r[0]));
		client.close();
		expect(named).toContain(sha256(kept.done));
		for (const bytes of [kept.done, kept.binned, kept.undone]) expect(await store.get(evidenceKey(sha256(bytes)))).toEqual(bytes);
	});

	it('a second backup finds them already stored and still names them', async () => {
		const report = await backup(livePaths, new Date(Date.now() + 3000));
		const manifest: Manifest = JSON.parse(readFileSync(manifestPathOf(report.file), 'utf8'));
		for (const bytes of [kept.done, kept.binned, kept.undone]) expect(manifest.files).toContainEqual({ sha256: sha256(bytes), size: bytes.length });
		expect(report.files.alreadyStored).toBeGreaterThanOrEqual(2);
		expect(existsSync(join(backupDir, evidenceKey(sha256(kept.done))))).toBe(true);
	});
});

describe('nomination files in backups', () => {
	it('a nomination’s stamped scan is copied, named in the manifest and restored (backups had left them out)', async () => {
		const [n] = await db.select().from(nominations).limit(1);
		const scan = pdf(`盖章扫描件（备份测试 ${Date.now()}）`);
		await entries.attachScan(SYSTEM_ACTOR, n.callId, n.id, { bytes: scan, kind: 'pdf', name: '推荐表盖章件.pdf' });
		const report = await backup(livePaths, new Date(Date.now() + 5000));
		expect(report.files.missing).toEqual([]);
		const manifest: Manifest = JSON.parse(readFileSync(manifestPathOf(report.file), 'utf8'));
		expect(manifest.files).toContainEqual({ sha256: sha256(scan), size: scan.length });
		const elsewhere = join(work, 'elsewhere-nominations');
		const store = localStore(join(elsewhere, 'data'));
		const restored = await restore(report.file, { databaseUrl: `file:${join(elsewhere, 'db', 'restored.db')}`, backupDir, store });
		expect(restored.filesMissing).toEqual([]);
		expect(await store.get(evidenceKey(sha256(scan)))).toEqual(scan);
	});
});
