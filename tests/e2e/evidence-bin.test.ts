/**
 * Issue 14: uploaded evidence goes to the recycle bin too. Deleting a station's photo asks first
 * (取消 — no answer — changes nothing), then moves the file into the bin, where 恢复 brings it back.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient, type Client } from '@libsql/client';
import { databaseFingerprint } from '../support/fingerprint';
import { postForm, signIn } from '../support/http';

const baseURL = inject('baseURL');
const databaseUrl = inject('databaseUrl');
let db: Client;

beforeAll(() => {
	db = createClient({ url: databaseUrl });
});
afterAll(() => db?.close());

describe('a station photo in the recycle bin', () => {
	it('asks, then moves the file to the bin, and 恢复 brings it back', async () => {
		const [file] = (await db.execute("select f.id, f.pilot_id, f.original_name from files f join users u on u.pilot_id = f.pilot_id where f.entity_type = 'station' and u.username like 'editor-%' order by f.id limit 1")).rows;
		const editor = String((await db.execute({ sql: "select username from users where pilot_id = ? and username like 'editor-%' limit 1", args: [file.pilot_id] })).rows[0].username);
		const cookie = await signIn(baseURL, editor);
		const path = `/pilots/${file.pilot_id}/stations?/deleteFile`;

		// no answer to the question: asked, nothing changes
		const before = await databaseFingerprint(db);
		const asked = await postForm(baseURL, path, cookie, new URLSearchParams({ id: String(file.id) }));
		expect(asked.status).toBe(428);
		expect(asked.text).toContain(`确定删除证明材料“${file.original_name}”吗`);
		expect(await databaseFingerprint(db)).toEqual(before);

		const done = await postForm(baseURL, path, cookie, new URLSearchParams({ id: String(file.id), confirmed: 'yes' }));
		expect(done.status).toBe(200);
		expect((await db.execute({ sql: 'select count(*) n from files where id = ?', args: [file.id as number] })).rows[0].n).toBe(0);
		const [entry] = (await db.execute({ sql: "select id from recycle_bin where entity_type = 'file' and entity_id = ?", args: [file.id as number] })).rows;
		expect(entry).toBeDefined();

		const restored = await postForm(baseURL, `/pilots/${file.pilot_id}/bin?/restore`, cookie, new URLSearchParams({ binId: String(entry.id) }));
		expect(restored.status).toBe(200);
		expect(restored.text).toContain('已恢复证明材料');
		expect((await db.execute({ sql: 'select count(*) n from files where id = ?', args: [file.id as number] })).rows[0].n).toBe(1);
	});
});
