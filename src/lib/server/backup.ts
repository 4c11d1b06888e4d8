/**
 * Backup and restore of the embedded file database and the evidence files.
 *
 * Backup: `VACUUM INTO` a temporary name beside the target (SQLite requires the target not to
 * exist; it is a consistent snapshot taken in one read transaction, so the running server keeps
 * writing), fsync it (VACUUM INTO does not), check it with integrity_check and foreign_key_check,
 * then rename it to `shidiantong-YYYYMMDD-HHMMSS.db` (UTC) and fsync the folder. Evidence files
 * are content-addressed (DATA_DIR/files/xx/<sha256>), so the backup keeps one shared store
 * BACKUP_DIR/files/xx/<sha256>: every file the snapshot's `files` table names is copied there
 * unless already present (hash checked while copying), and a manifest beside the database lists
 * them with the database's own hash and row counts.
 *
 * Restore: refuses a file that fails integrity_check, foreign_key_check or its manifest's hash, and
 * refuses while any process has the current database open (Linux /proc). It checkpoints the
 * current database, moves it aside with its -wal/-shm under one new stem (pairs are never split
 * or mixed: the -wal and -shm move first, so no old -wal can ever sit beside the restored file),
 * puts a checked copy of the backup in place and copies back evidence files that are missing.
 *
 * Kept free of `$env`/`$app` and of the app's db module so the CLIs run it with tsx.
 */
import { createClient, type Client } from '@libsql/client';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { chmod, copyFile, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { clientConfig, isFileUrl } from './db/client';
import { evidenceKey, localStore, storeFromEnv, type ObjectStore } from './storage';

export const DEFAULT_BACKUP_DIR = 'db/backups';
export const BACKUP_PREFIX = 'shidiantong-';
export const MANIFEST_FORMAT = 'shidiantong-backup/1';

/** A refusal or failure meant for the operator: the message says what to do. */
export class BackupError extends Error {}

export interface Paths {
	databaseUrl: string;
	backupDir: string;
	/** where the app keeps evidence files: DATA_DIR or the S3-compatible bucket */
	store: ObjectStore;
}

export function pathsFromEnv(env: Record<string, string | undefined> = process.env): Paths {
	return {
		databaseUrl: clientConfig(env).url,
		backupDir: resolve(env.BACKUP_DIR?.trim() || DEFAULT_BACKUP_DIR),
		store: storeFromEnv(env)
	};
}

export const SERVER_MESSAGE =
	'DATABASE_URL points to a libSQL server. Backups of a server database are the server\'s job ' +
	'(its own snapshots or point-in-time restore); npm run backup and npm run restore handle only a local file: database.';

/** The file behind a `file:` URL; refuses a libSQL server or an in-memory database. */
export function databasePath(url: string): string {
	if (!isFileUrl(url)) throw new BackupError(SERVER_MESSAGE);
	if (url.includes(':memory:')) throw new BackupError('an in-memory database has nothing to back up');
	const rest = url.slice('file:'.length).split('?')[0];
	return resolve(rest.startsWith('//') ? decodeURIComponent(new URL(url).pathname) : rest);
}

/** `20260123-081502` in UTC. */
export function stampOf(at: Date): string {
	const iso = at.toISOString(); // 2026-01-23T08:15:02.123Z
	return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

async function fsyncPath(path: string): Promise<void> {
	const handle = await open(path, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

async function sha256File(path: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

function quoteIdent(name: string): string {
	return `"${name.replaceAll('"', '""')}"`;
}

export interface FileCheck {
	ok: boolean;
	problems: string[];
	/** Rows per table (sqlite_master, internal sqlite_ tables left out). */
	tables: Record<string, number>;
}

/**
 * integrity_check, foreign_key_check and the tables this app expects, on a file that is not in
 * use. Never creates the file: a missing one is a problem.
 */
export async function checkDatabaseFile(path: string): Promise<FileCheck> {
	const problems: string[] = [];
	const tables: Record<string, number> = {};
	if (!existsSync(path)) return { ok: false, problems: [`${path} does not exist`], tables };
	let client: Client | undefined;
	try {
		client = createClient({ url: `file:${path}` });
		const integrity = (await client.execute('PRAGMA integrity_check')).rows.map((r) => String(r[0]));
		if (integrity.length !== 1 || integrity[0] !== 'ok') problems.push(`integrity_check: ${integrity.slice(0, 5).join('; ')}`);
		const fk = (await client.execute('PRAGMA foreign_key_check')).rows;
		if (fk.length) problems.push(`foreign_key_check: ${fk.length} rows violate a foreign key`);
		const names = (await client.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")).rows.map((r) => String(r[0]));
		for (const name of names) tables[name] = Number((await client.execute(`select count(*) from ${quoteIdent(name)}`)).rows[0][0]);
		for (const needed of ['__drizzle_migrations', 'pilots', 'audit_log']) {
			if (!(needed in tables)) problems.push(`table ${needed} is missing: not a 试点通 database`);
		}
	} catch (e) {
		problems.push(`cannot read it as a database: ${(e as Error).message}`);
	} finally {
		client?.close();
	}
	return { ok: problems.length === 0, problems, tables };
}

export interface ManifestFile {
	sha256: string;
	size: number;
}

export interface Manifest {
	format: typeof MANIFEST_FORMAT;
	createdAt: string;
	source: string;
	database: { file: string; bytes: number; sha256: string; tables: Record<string, number> };
	/** Evidence files the snapshot refers to, stored under `files/` beside the manifest. */
	files: ManifestFile[];
	/** Files the snapshot names that were not on disk when the backup ran. */
	missingFiles: string[];
}

/**
 * Every stored file a snapshot refers to, as (sha256, size or null): evidence files, nominations'
 * photos and scans, the documents units filed for their obligations (issue 19; no size recorded) and the files waiting in the
 * recycle bins (a restore from the bin needs their bytes too). Tables a snapshot lacks are skipped.
 */
async function referencedFilesSql(snap: Client): Promise<string> {
	const tables = new Set((await snap.execute("select name from sqlite_master where type = 'table'")).rows.map((r) => String(r[0])));
	const parts = ['select sha256, size from files'];
	// a nomination's photos and stamped scan (issue 20)
	if (tables.has('nomination_files')) parts.push('select sha256, size from nomination_files');
	if (tables.has('org_deadline_done')) parts.push('select file_sha256, null from org_deadline_done where file_sha256 is not null');
	if (tables.has('org_recycle_bin')) {
		parts.push("select json_extract(d.value, '$.fileSha256'), null from org_recycle_bin b, json_each(b.payload, '$.done') d where b.kind = 'org_deadline' and json_extract(d.value, '$.fileSha256') is not null");
		parts.push("select json_extract(b.payload, '$.row.fileSha256'), null from org_recycle_bin b where b.kind = 'org_deadline_done'");
	}
	if (tables.has('recycle_bin')) parts.push("select json_extract(f.value, '$.sha256'), json_extract(f.value, '$.size') from recycle_bin b, json_each(b.payload, '$.files') f");
	return `select sha256, max(size) from (${parts.join(' union all ')}) where sha256 is not null group by sha256 order by sha256`;
}

export function manifestPathOf(backupFile: string): string {
	return backupFile.replace(/\.db$/, '') + '.manifest.json';
}

function storedFile(root: string, sha256: string): string {
	return join(root, evidenceKey(sha256));
}

const SHA256 = /^[0-9a-f]{64}$/;

const hashOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface BackupReport {
	file: string;
	manifest: string;
	bytes: number;
	ms: number;
	tables: Record<string, number>;
	files: { referenced: number; copied: number; alreadyStored: number; missing: string[] };
}

/** Takes a backup of the database at `paths.databaseUrl` while it may be in use. */
export async function backup(paths: Paths = pathsFromEnv(), at = new Date()): Promise<BackupReport> {
	const started = performance.now();
	const source = databasePath(paths.databaseUrl);
	if (!existsSync(source)) throw new BackupError(`no database at ${source}`);
	// Backups hold personal data and password hashes: readable by the owner only.
	await mkdir(paths.backupDir, { recursive: true, mode: 0o700 });

	// A second backup within the same second gets a suffix rather than touching the first.
	const stem = `${BACKUP_PREFIX}${stampOf(at)}`;
	let name = `${stem}.db`;
	for (let n = 2; existsSync(join(paths.backupDir, name)) || existsSync(manifestPathOf(join(paths.backupDir, name))); n++) name = `${stem}-${n}.db`;
	const target = join(paths.backupDir, name);
	const temp = `${target}.partial`;
	await rm(temp, { force: true });

	const client = createClient({ ...clientConfig({ DATABASE_URL: `file:${source}` }) });
	let referenced: { sha256: string; size: number | null }[];
	try {
		// One read transaction in SQLite: a consistent snapshot, writers carry on (WAL).
		await client.execute({ sql: 'VACUUM INTO ?', args: [temp] });
	} catch (e) {
		await rm(temp, { force: true });
		throw new BackupError(`VACUUM INTO failed: ${(e as Error).message}`);
	} finally {
		client.close();
	}
	await chmod(temp, 0o600);
	await fsyncPath(temp);
	const check = await checkDatabaseFile(temp);
	if (!check.ok) {
		await rm(temp, { force: true });
		throw new BackupError(`the backup failed its check and was removed: ${check.problems.join('; ')}`);
	}
	// The files the snapshot refers to, read from the snapshot itself so they match it.
	const snap = createClient({ url: `file:${temp}` });
	try {
		const rows = (await snap.execute(await referencedFilesSql(snap))).rows;
		referenced = rows.map((r) => ({ sha256: String(r[0]), size: r[1] === null ? null : Number(r[1]) }));
	} finally {
		snap.close();
	}
	const bytes = (await stat(temp)).size;
	const dbHash = await sha256File(temp);
	await rename(temp, target);
	await fsyncPath(paths.backupDir);

	// Evidence files: rows are committed only after their file is written (temp, fsync, rename),
	// so every file the snapshot names was already on disk when the snapshot was taken.
	let copied = 0;
	let alreadyStored = 0;
	const missing: string[] = [];
	const kept = localStore(paths.backupDir);
	for (const f of referenced) {
		if (!SHA256.test(f.sha256)) {
			missing.push(f.sha256);
			continue;
		}
		const dest = storedFile(paths.backupDir, f.sha256);
		const present = await stat(dest).catch(() => null);
		// a file without a recorded size (a deadline's document) is taken as stored when present:
		// the backup store is written by temp name and rename, so a present file is whole
		if (present && (f.size === null || present.size === f.size)) {
			f.size ??= present.size;
			alreadyStored++;
			continue;
		}
		const bytes = await paths.store.get(evidenceKey(f.sha256));
		if (!bytes || hashOf(bytes) !== f.sha256) {
			missing.push(f.sha256);
			continue;
		}
		f.size ??= bytes.length;
		await kept.put(evidenceKey(f.sha256), bytes);
		copied++;
	}

	const manifest: Manifest = {
		format: MANIFEST_FORMAT,
		createdAt: at.toISOString(),
		source,
		database: { file: name, bytes, sha256: dbHash, tables: check.tables },
		files: referenced.filter((f) => !missing.includes(f.sha256)).map((f) => ({ sha256: f.sha256, size: f.size ?? 0 })),
		missingFiles: missing
	};
	const manifestPath = manifestPathOf(target);
	await writeFile(`${manifestPath}.tmp`, JSON.stringify(manifest, null, '\t') + '\n');
	await fsyncPath(`${manifestPath}.tmp`);
	await rename(`${manifestPath}.tmp`, manifestPath);
	await fsyncPath(paths.backupDir);

	return {
		file: target,
		manifest: manifestPath,
		bytes,
		ms: Math.round(performance.now() - started),
		tables: check.tables,
		files: { referenced: referenced.length, copied, alreadyStored, missing }
	};
}

/**
 * Processes (other than this one) holding any of `paths` open, from /proc on Linux;
 * null where /proc cannot tell.
 */
export function processesUsing(paths: string[]): number[] | null {
	if (!existsSync('/proc/self/fd')) return null;
	const targets = new Set(paths.filter((p) => existsSync(p)).map((p) => realpathSync(p)));
	if (targets.size === 0) return [];
	const found: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		let fds: string[];
		try {
			fds = readdirSync(`/proc/${entry}/fd`);
		} catch {
			continue; // gone, or not ours to read
		}
		for (const fd of fds) {
			let link: string;
			try {
				link = readlinkSync(`/proc/${entry}/fd/${fd}`);
			} catch {
				continue;
			}
			if (targets.has(link)) {
				found.push(Number(entry));
				break;
			}
		}
	}
	return found;
}

export interface RestoreOptions {
	/** Restore even if evidence files named by the manifest are missing from the backup. */
	allowMissingFiles?: boolean;
}

export interface RestoreReport {
	restored: string;
	/** Where the previous database was moved, with its -wal/-shm beside it under the same stem. */
	keptAside: string[];
	filesRestored: number;
	filesMissing: string[];
	inUseCheck: 'checked' | 'unavailable';
	ms: number;
}

const SIDE_FILES = ['-wal', '-shm', '-journal'];

/** Brings back the backup `file` in place of the database at `paths.databaseUrl`. */
export async function restore(file: string, paths: Paths = pathsFromEnv(), at = new Date(), options: RestoreOptions = {}): Promise<RestoreReport> {
	const started = performance.now();
	const target = databasePath(paths.databaseUrl);
	const input = resolve(file);
	if (input === target) throw new BackupError('the backup file is the database itself');
	if (!existsSync(input)) throw new BackupError(`no backup file at ${input}`);
	for (const side of SIDE_FILES) {
		if (existsSync(input + side)) {
			throw new BackupError(`${input}${side} exists: ${basename(input)} looks like a live database, not a backup. Make one with npm run backup.`);
		}
	}

	// 1. The backup must be whole before anything is touched.
	const manifestPath = manifestPathOf(input);
	const manifest: Manifest | null = existsSync(manifestPath) ? JSON.parse(await readFile(manifestPath, 'utf8')) : null;
	if (manifest && manifest.format !== MANIFEST_FORMAT) throw new BackupError(`${manifestPath} is not a 试点通 backup manifest`);
	if (manifest && (await sha256File(input)) !== manifest.database.sha256) {
		throw new BackupError(`${basename(input)} does not match the hash in its manifest: it changed or is damaged. Nothing was restored.`);
	}
	const check = await checkDatabaseFile(input);
	if (!check.ok) throw new BackupError(`${basename(input)} failed its check, nothing was restored: ${check.problems.join('; ')}`);
	const backupRoot = dirname(input);
	const wanted = manifest?.files ?? [];
	const unavailable = wanted.filter((f) => !SHA256.test(f.sha256) || !existsSync(storedFile(backupRoot, f.sha256))).map((f) => f.sha256);
	if (unavailable.length && !options.allowMissingFiles) {
		throw new BackupError(`${unavailable.length} evidence files named by the manifest are missing from ${join(backupRoot, 'files')} (first: ${unavailable[0]}). Nothing was restored; pass --allow-missing-files to restore the database anyway.`);
	}

	// 2. Nobody may have the current database open: the server must be stopped first.
	const related = [target, ...SIDE_FILES.map((s) => target + s)];
	const users = processesUsing(related);
	if (users && users.length) {
		throw new BackupError(`the database ${target} is open in process ${users.join(', ')}: stop the server (and any other program using it) first. Nothing was restored.`);
	}

	// 3. A checked copy of the backup next to the target, so the final step is one rename.
	await mkdir(dirname(target), { recursive: true });
	const staged = `${target}.restore-${stampOf(at)}.tmp`;
	await rm(staged, { force: true });
	await copyFile(input, staged);
	await fsyncPath(staged);
	const stagedCheck = await checkDatabaseFile(staged);
	for (const side of SIDE_FILES) await rm(staged + side, { force: true });
	if (!stagedCheck.ok) {
		await rm(staged, { force: true });
		throw new BackupError(`the copy of the backup failed its check, nothing was restored: ${stagedCheck.problems.join('; ')}`);
	}

	// 4. The current database goes aside, never deleted. Its WAL is folded in first; then the
	// side files move before the main file, all under one stem, so a -wal never sits beside a
	// database it does not belong to — not even if this process dies half-way.
	const keptAside: string[] = [];
	if (existsSync(target)) {
		const current = createClient({ url: `file:${target}` });
		try {
			await current.execute('PRAGMA wal_checkpoint(TRUNCATE)');
		} catch {
			// not a WAL database, or unreadable: it is kept aside as it is either way
		} finally {
			current.close();
		}
		let aside = `${target}.before-restore-${stampOf(at)}`;
		for (let n = 2; existsSync(aside); n++) aside = `${target}.before-restore-${stampOf(at)}-${n}`;
		for (const side of SIDE_FILES) {
			if (existsSync(target + side)) {
				await rename(target + side, aside + side);
				keptAside.push(aside + side);
			}
		}
		await rename(target, aside);
		keptAside.unshift(aside);
		await fsyncPath(dirname(target));
	} else {
		// No database, but perhaps stray side files of a lost one: never pair them with the restore.
		for (const side of SIDE_FILES) {
			if (existsSync(target + side)) {
				const aside = `${target}.orphan-${stampOf(at)}${side}`;
				await rename(target + side, aside);
				keptAside.push(aside);
			}
		}
	}
	for (const side of SIDE_FILES) {
		if (existsSync(target + side)) throw new BackupError(`${target}${side} appeared during the restore: is the server running? The backup is staged at ${staged}.`);
	}
	await rename(staged, target);
	await fsyncPath(dirname(target));

	// 5. Evidence files the restored database names and the store (DATA_DIR or the bucket) lacks.
	let filesRestored = 0;
	const filesMissing = [...unavailable];
	const kept = localStore(backupRoot);
	for (const f of wanted) {
		if (unavailable.includes(f.sha256)) continue;
		const key = evidenceKey(f.sha256);
		if (await paths.store.has(key)) continue;
		const bytes = await kept.get(key);
		if (!bytes || hashOf(bytes) !== f.sha256) {
			filesMissing.push(f.sha256);
			continue;
		}
		await paths.store.put(key, bytes);
		filesRestored++;
	}

	return {
		restored: target,
		keptAside,
		filesRestored,
		filesMissing,
		inUseCheck: users ? 'checked' : 'unavailable',
		ms: Math.round(performance.now() - started)
	};
}
