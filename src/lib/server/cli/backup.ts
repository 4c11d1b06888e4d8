/**
 * `npm run backup`: a consistent, checked copy of DATABASE_URL (a file: database) taken while the
 * server runs, into BACKUP_DIR (default db/backups) as shidiantong-YYYYMMDD-HHMMSS.db (UTC) with a
 * manifest, plus the evidence files it refers to (copied once into BACKUP_DIR/files).
 * Exit 0: done; 1: done, but some evidence files were missing; 2: no backup.
 */
import { backup, BackupError } from '../backup';

try {
	const r = await backup();
	const rows = Object.values(r.tables).reduce((a, b) => a + b, 0);
	console.log(`backup written: ${r.file}`);
	console.log(`  ${(r.bytes / 1024 / 1024).toFixed(1)} MB, ${Object.keys(r.tables).length} tables, ${rows} rows, integrity_check ok, ${r.ms} ms`);
	console.log(`  evidence files: ${r.files.referenced} referenced, ${r.files.copied} copied, ${r.files.alreadyStored} already stored`);
	console.log(`  manifest: ${r.manifest}`);
	if (r.files.missing.length) {
		console.error(`warning: ${r.files.missing.length} evidence files named by the database are missing from DATA_DIR: ${r.files.missing.join(', ')}`);
		process.exitCode = 1;
	}
} catch (e) {
	if (!(e instanceof BackupError)) throw e;
	console.error(`backup: ${e.message}`);
	process.exitCode = 2;
}
