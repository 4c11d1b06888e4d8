/**
 * Runs before each integration test file: a fresh libSQL file database of its own, so files
 * never share state and each one sees the real file client (pool, WAL, PRAGMAs).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'sdt-int-'));
process.env.DATABASE_URL = `file:${join(dir, 'test.db')}`;
process.env.DATA_DIR = join(dir, 'data');
