/**
 * Backup and restore (RELSEC G): a backup taken by the CLI while this process keeps writing is a
 * consistent, checked snapshot; restored elsewhere it equals the backup in every table, row by
 * row, with its evidence files; restore refuses a damaged file or a database in use and keeps
 * the database it replaces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { client } from '$lib/server/db';
import { write, SYSTEM_ACTOR } from '$lib/server/audit';
import { backup, checkDatabaseFile, databasePath, manifestPathOf, restore, BackupError, type Manifest, type Paths } from '$lib/server/backup';
import { loadDemoDatabase } from '../support/demo-db';
import { localStore } from '$lib/server/storage';

const liveUrl = process.env.DATABASE_URL!;
const livePath = databasePath(liveUrl);
const dataDir = process.env.DATA_DIR!;
const work = mkdtempSync(join(tmpdir(), 'sdt-backup-'));
const backupDir = join(work, 'backups');
const livePaths: Paths = { databaseUrl: liveUrl, backupDir, store: localStore(dataDir) };

beforeAll(() => loadDemoDatabase({ accounts: true }));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One audited write: a tick counted in app_meta and in the audit log, and a pilot's tally stamp. */
async function tick(n: number): Promise<void> {
	await write(SYSTEM_ACTOR, async (tx, record) => {
		await tx.run(sql`insert into app_meta (key, value) values ('backup_test_ticks', ${String(n)})
			on conflict (key) do update set value = ${String(n)}`);
		await record({ action: 'test.tick', entityType: 'database', entityId: n, pilotId: 1, after: { n } });
	});
}

type Row = Record<string, unknown>;

/** Every table of a database (from sqlite_master), every row in rowid order, blobs as hex. */
async function dump(path: string): Promise<Record<string, Row[]>> {
	const db = createClient({ url: `file:${path}` });
	try {
		const out: Record<string, Row[]> = {};
		out.sqlite_master = (await db.execute('select type, name, tbl_name, sql from sqlite_master order by type, name')).rows.map((r) => ({ ...r }));
		const tables = (await db.execute("select name from sqlite_master where type = 'table' order by name")).rows.map((r) => String(r.name));
		for (const t of tables) {
			const rows = (await db.execute(`select rowid as "__rowid", * from "${t.replaceAll('"', '""')}" order by rowid`)).rows;
			out[t] = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof ArrayBuffer ? Buffer.from(v).toString('hex') : v])));
		}
		return out;
	} finally {
		db.close();
	}
}

async function scalarOf(path: string, query: string): Promise<unknown> {
	const db = createClient({ url: `file:${path}` });
	try {
		return (await db.execute(query)).rows[0]?.[0];
	} finally {
		db.close();
	}
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Runs a CLI with tsx in its own process, so this process can keep writing meanwhile. */
function runCli(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
	return new Promise((resolve, reject) => {
		const childEnv: NodeJS.ProcessEnv = {};
		for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'MODE') childEnv[k] = v;
		const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', script, ...args], { env: { ...childEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.once('error', reject);
		child.once('exit', (code) => resolve({ code: code ?? -1, out }));
	});
}

let firstBackup = '';

describe('backup while the database is being written', () => {
	it('is a consistent, checked snapshot; restored elsewhere it equals the backup in every table', async () => {
		let n = 0;
		let writing = true;
		// The file client is synchronous underneath: yield to timers and I/O between writes, or the
		// loop would never let the child's exit be seen. Bounded in any case.
		const writer = (async () => {
			while (writing && n < 20_000) {
				await tick(++n);
				await new Promise((r) => setImmediate(r));
			}
		})();
		while (n < 20) await new Promise((r) => setTimeout(r, 5));
		const ticksAtStart = n;
		const cli = await runCli('src/lib/server/cli/backup.ts', [], { DATABASE_URL: liveUrl, DATA_DIR: dataDir, BACKUP_DIR: backupDir });
		const ticksAtEnd = n;
		// keep writing a little after the backup, then stop
		while (n < ticksAtEnd + 10) await new Promise((r) => setTimeout(r, 5));
		writing = false;
		await writer;

		expect(cli.code, cli.out).toBe(0);
		expect(cli.out).toMatch(/backup written: .*shidiantong-\d{8}-\d{6}\.db/);
		expect(ticksAtEnd, 'writes went on while the backup ran').toBeGreaterThan(ticksAtStart);
		const [name] = readdirSync(backupDir).filter((f) => f.endsWith('.db'));
		firstBackup = join(backupDir, name);
		expect(readdirSync(backupDir).filter((f) => f.includes('.partial') || f.endsWith('.tmp'))).toEqual([]);

		// Checked, and a snapshot of one moment: the tick counter, its audit rows and the data stamp agree.
		const check = await checkDatabaseFile(firstBackup);
		expect(check).toMatchObject({ ok: true, problems: [] });
		const ticks = Number(await scalarOf(firstBackup, "select value from app_meta where key = 'backup_test_ticks'"));
		expect(ticks).toBeGreaterThanOrEqual(ticksAtStart);
		expect(ticks).toBeLessThanOrEqual(ticksAtEnd);
		expect(Number(await scalarOf(firstBackup, "select count(*) from audit_log where action = 'test.tick'"))).toBe(ticks);
		expect(Number(await scalarOf(firstBackup, "select max(cast(entity_id as integer)) from audit_log where action = 'test.tick'"))).toBe(ticks);
		expect(Number(await scalarOf(firstBackup, 'select stamp from pilot_tallies where pilot_id = 1'))).toBeGreaterThanOrEqual(ticks);
		expect(await scalarOf(firstBackup, 'PRAGMA journal_mode')).toBe('delete'); // one self-contained file

		// The manifest names the database's hash and the evidence files, stored once by hash.
		const manifest: Manifest = JSON.parse(readFileSync(manifestPathOf(firstBackup), 'utf8'));
		expect(manifest.database).toMatchObject({ file: name, sha256: sha256(firstBackup), bytes: statSync(firstBackup).size });
		expect(manifest.database.tables).toEqual(check.tables);
		expect(manifest.missingFiles).toEqual([]);
		expect(manifest.files.length).toBeGreaterThan(0);
		for (const f of manifest.files) expect(sha256(join(backupDir, 'files', f.sha256.slice(0, 2), f.sha256))).toBe(f.sha256);

		// Restored into another place: every table equal to the backup's, row by row.
		const elsewhere = join(work, 'elsewhere');
		const restoredUrl = `file:${join(elsewhere, 'db', 'restored.db')}`;
		const report = await restore(firstBackup, { databaseUrl: restoredUrl, backupDir, store: localStore(join(elsewhere, 'data')) });
		expect(report.keptAside).toEqual([]);
		expect(report.filesRestored).toBe(manifest.files.length);
		expect(report.filesMissing).toEqual([]);
		const restoredPath = databasePath(restoredUrl);
		expect(await scalarOf(restoredPath, 'PRAGMA integrity_check')).toBe('ok');
		const [fromBackup, fromRestored] = [await dump(firstBackup), await dump(restoredPath)];
		expect(Object.keys(fromRestored).length).toBeGreaterThan(20);
		for (const table of Object.keys(fromBackup)) expect(fromRestored[table], table).toEqual(fromBackup[table]);
		expect(Object.keys(fromRestored).sort()).toEqual(Object.keys(fromBackup).sort());
		for (const f of manifest.files) expect(sha256(join(elsewhere, 'data', 'files', f.sha256.slice(0, 2), f.sha256))).toBe(f.sha256);
	});

	it('once writes stop, a backup equals the live database in every table, row by row', async () => {
		const report = await backup(livePaths, new Date(Date.now() + 5_000));
		expect(report.file).not.toBe(firstBackup);
		expect(report.files.alreadyStored).toBe(report.files.referenced); // files are copied once
		expect(report.files.copied).toBe(0);
		const [live, copy] = [await dump(livePath), await dump(report.file)];
		for (const table of Object.keys(live)) expect(copy[table], table).toEqual(live[table]);
		expect(Object.keys(copy).sort()).toEqual(Object.keys(live).sort());
		expect(live.audit_log.length).toBeGreaterThan(30);
	});

	it('shows why a live database is never copied without its -wal: the plain copy misses recent rows', async () => {
		const dir = mkdtempSync(join(work, 'cp-'));
		const db = createClient({ url: `file:${join(dir, 'w.db')}` });
		await db.execute('PRAGMA journal_mode = WAL');
		await db.execute('create table t (x)');
		await db.execute('insert into t values (1), (2), (3)');
		copyFileSync(join(dir, 'w.db'), join(dir, 'copied.db'));
		db.close();
		const copied = createClient({ url: `file:${join(dir, 'copied.db')}` });
		const tables = (await copied.execute("select count(*) from sqlite_master where name = 't'")).rows[0][0];
		copied.close();
		expect(Number(tables)).toBe(0); // the table and its rows were still only in the -wal
	});
});

describe('restore', () => {
	/** A database somewhere else holding the first backup, to restore over. */
	async function currentDatabase(label: string): Promise<{ paths: Paths; path: string }> {
		const dir = join(work, label);
		const paths: Paths = { databaseUrl: `file:${join(dir, 'current.db')}`, backupDir, store: localStore(join(dir, 'data')) };
		await restore(firstBackup, paths);
		// It has been in use: WAL on, a write sitting in the -wal.
		const db = createClient({ url: paths.databaseUrl });
		await db.execute('PRAGMA journal_mode = WAL');
		await db.execute("insert into app_meta (key, value) values ('only_in_current', 'yes')");
		db.close();
		return { paths, path: databasePath(paths.databaseUrl) };
	}

	it('refuses a damaged backup and leaves the current database as it was', async () => {
		const { paths, path } = await currentDatabase('damaged');
		const before = await dump(path);
		// -wal/-shm come and go as connections open and close; the dump compares the content
		const files = () => readdirSync(join(path, '..')).filter((f) => !/-(wal|shm)$/.test(f)).sort();
		const filesBefore = files();

		// A copy with a page in the middle overwritten, without its manifest: integrity_check must catch it.
		const damaged = join(work, 'damaged.db');
		copyFileSync(firstBackup, damaged);
		const size = statSync(damaged).size;
		const fd = openSync(damaged, 'r+');
		writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(size / 4096 / 2) * 4096);
		closeSync(fd);
		await expect(restore(damaged, paths)).rejects.toThrow(/failed its check|cannot read/);

		// The CLI says so and exits 2.
		const cli = await runCli('src/lib/server/cli/restore.ts', [damaged], { DATABASE_URL: paths.databaseUrl, DATA_DIR: join(work, 'cli-data') });
		expect(cli.code, cli.out).toBe(2);
		expect(cli.out).toMatch(/restore refused: .*nothing was restored/i);

		// With the manifest of the good file beside it, the hash no longer matches.
		const withManifest = join(work, 'damaged-copy.db');
		copyFileSync(damaged, withManifest);
		copyFileSync(manifestPathOf(firstBackup), manifestPathOf(withManifest));
		await expect(restore(withManifest, paths)).rejects.toThrow(/does not match the hash in its manifest/);

		// Not a database at all.
		const text = join(work, 'notes.db');
		copyFileSync('README.md', text);
		await expect(restore(text, paths)).rejects.toThrow(BackupError);

		expect(files()).toEqual(filesBefore);
		expect(await dump(path)).toEqual(before);
		expect(await scalarOf(path, "select value from app_meta where key = 'only_in_current'")).toBe('yes');
	});

	it('refuses while another process has the database open', async () => {
		const { paths, path } = await currentDatabase('in-use');
		const holder = spawn(
			process.execPath,
			['-e', `const { createClient } = require('@libsql/client'); const c = createClient({ url: ${JSON.stringify(paths.databaseUrl)} }); c.execute('select 1').then(() => { console.log('open'); setTimeout(() => {}, 60000); });`],
			{ stdio: ['ignore', 'pipe', 'inherit'] }
		);
		try {
			await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
			await expect(restore(firstBackup, paths)).rejects.toThrow(new RegExp(`open in process ${holder.pid}.*stop the server`));
		} finally {
			holder.kill('SIGKILL');
			await new Promise((r) => holder.once('exit', r));
		}
		expect(await scalarOf(path, "select value from app_meta where key = 'only_in_current'")).toBe('yes');
	});

	it('keeps the replaced database aside with its own -wal and -shm, and leaves none beside the restored one', async () => {
		const { paths, path } = await currentDatabase('aside');
		const report = await restore(firstBackup, paths, new Date('2026-11-23T01:02:03Z'));
		const aside = `${path}.before-restore-20261123-010203`;
		expect(report.keptAside[0]).toBe(aside);
		for (const kept of report.keptAside.slice(1)) expect(kept).toMatch(new RegExp(`^${aside.replaceAll('.', '\\.')}-(wal|shm)$`));
		for (const side of ['-wal', '-shm', '-journal']) expect(existsSync(path + side), side).toBe(false);
		// The kept database still has the write made just before the restore; the restored one does not.
		expect(await scalarOf(aside, "select value from app_meta where key = 'only_in_current'")).toBe('yes');
		expect(await scalarOf(aside, 'PRAGMA integrity_check')).toBe('ok');
		expect(await scalarOf(path, "select value from app_meta where key = 'only_in_current'")).toBeUndefined();
		expect(await dump(path)).toEqual(await dump(firstBackup));
	});

	it('refuses a libSQL server URL and says backups are the server\'s job', async () => {
		await expect(backup({ ...livePaths, databaseUrl: 'libsql://pilots-henan.example.org' })).rejects.toThrow(/server's job/);
		await expect(restore(firstBackup, { ...livePaths, databaseUrl: 'https://db.example.org' })).rejects.toThrow(/server's job/);
		expect(await client.execute('select 1')).toBeTruthy();
	});
});
