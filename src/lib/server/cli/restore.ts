/**
 * `npm run restore -- FILE [--allow-missing-files]`: puts a backup made by `npm run backup` in
 * place of DATABASE_URL (a file: database). Stop the server first: the restore refuses while any
 * process has the database open. The current database is kept aside, renamed with a timestamp.
 * Exit 0: restored; 2: refused, nothing changed.
 */
import { restore, BackupError, pathsFromEnv } from '../backup';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
	console.error('usage: npm run restore -- <backup .db file> [--allow-missing-files]\nStop the server first.');
	process.exit(2);
}
try {
	const paths = pathsFromEnv();
	const r = await restore(file, paths, new Date(), { allowMissingFiles: args.includes('--allow-missing-files') });
	console.log(`restored ${file} into ${r.restored} (integrity_check ok, ${r.ms} ms)`);
	if (r.keptAside.length) console.log(`  the previous database is kept aside: ${r.keptAside.join(', ')}`);
	console.log(`  evidence files copied back into the ${paths.store.kind === 's3' ? 'bucket' : 'data folder'}: ${r.filesRestored}`);
	if (r.filesMissing.length) console.error(`warning: ${r.filesMissing.length} evidence files could not be restored: ${r.filesMissing.join(', ')}`);
	if (r.inUseCheck === 'unavailable') console.error('note: this system cannot tell whether the database was in use; make sure the server was stopped.');
	console.log('Start the server again (npm start); it applies any newer migrations.');
} catch (e) {
	if (!(e instanceof BackupError)) throw e;
	console.error(`restore refused: ${e.message}`);
	process.exitCode = 2;
}
