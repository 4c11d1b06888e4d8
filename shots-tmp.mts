import { launchBrowser, login } from './tests/support/browser.ts';
import { createClient } from '@libsql/client';
const base = 'http://127.0.0.1:4137';
const db = createClient({ url: 'file:/tmp/wt18p.db' });
const pilot = Number((await db.execute("select id from pilots where division_code='410300'")).rows[0][0]);
const act = Number((await db.execute({ sql: "select p.activity_id from activity_participants p join activities a on a.id=p.activity_id where a.pilot_id=? limit 1", args: [pilot] })).rows[0][0]);
const cert = (await db.execute({ sql: "select id, person_hash from certificates where pilot_id=?", args: [pilot] })).rows[0];
const b = await launchBrowser();
const page = await b.newPage();
await login(page, base, 'editor-410300');
const paths = [`/pilots/${pilot}/activities`, `/pilots/${pilot}/activities/${act}/participants`, `/pilots/${pilot}/people`, `/pilots/${pilot}/people/${cert.person_hash}`, `/pilots/${pilot}/certificates/${cert.id}`];
for (const w of [1366, 390]) {
  await page.setViewportSize({ width: w, height: 900 });
  for (const p of paths) {
    const r = await page.goto(base + p, { waitUntil: 'networkidle' });
    await page.screenshot({ path: `/tmp/wt18p-shots/${p.split('/').slice(3).join('_').slice(0,40) || 'x'}-${w}.png`, fullPage: true });
    console.log(r?.status(), p, w);
  }
}
await page.goto(base + `/pilots/${pilot}/certificates/${cert.id}`, { waitUntil: 'networkidle' });
await page.pdf({ path: '/tmp/wt18p-shots/cert-print.pdf', format: 'A4' });
const staff = await b.newPage();
await login(staff, base, 'staff');
const num = (await db.execute({ sql: "select number from certificates where id=?", args: [cert.id] })).rows[0][0];
await staff.goto(base + '/certificates?number=' + encodeURIComponent(String(num).replace('第','').replace(/0+(?=\d)/, '')), { waitUntil: 'networkidle' });
await staff.screenshot({ path: '/tmp/wt18p-shots/lookup-1366.png', fullPage: true });
await b.close();
