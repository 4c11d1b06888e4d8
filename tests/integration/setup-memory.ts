/**
 * The same integration suite on an in-memory libSQL database (`:memory:`): the data layer
 * must not depend on anything a file gives (WAL, a path on disk) beyond what it asks for.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'sdt-mem-'));
process.env.DATABASE_URL = ':memory:';
process.env.DATA_DIR = join(dir, 'data');
