import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const base = 'http://127.0.0.1:4137';
const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [user, paths] of [['admin', ['/nominations', '/nominations/1', '/nominations/1/1', '/admin/users', '/admin/users/2']], ['unit-410300', ['/nominations', '/nominations/1', '/nominations/1/3']], ['expert-410700', ['/nominations', '/nominations/1', '/nominations/1/1']], ['editor-410300', ['/pilots/1/projects?new', '/pilots/1/stations?new', '/pilots/1/stations?edit=1']]]) {
  const p = await b.newPage();
  await p.goto(base + '/login'); await p.getByLabel('用户名').fill(user); await p.getByLabel('密码').fill('shidiantong-demo');
  await Promise.all([p.waitForURL(u => !u.pathname.startsWith('/login')), p.getByRole('button', { name: '登录' }).click()]);
  for (const path of paths) for (const w of [1366, 390]) {
    await p.setViewportSize({ width: w, height: 900 });
    const r = await p.goto(base + path, { waitUntil: 'networkidle' });
    await p.evaluate(axe);
    const res = await p.evaluate(async () => (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0,3).join(' | ')}`));
    const over = await p.evaluate(() => { const W = innerWidth; const out = []; for (const el of document.body.querySelectorAll('*')) { const rr = el.getBoundingClientRect(); if (rr.width && rr.height && rr.right > W + 0.5) { let s = false; for (let a = el.parentElement; a; a = a.parentElement) { const o = getComputedStyle(a).overflowX; if (['auto','scroll','hidden'].includes(o)) { s = true; break; } } if (!s) out.push(el.tagName + '.' + el.className + ' ' + Math.round(rr.right)); } } return out.slice(0, 5); });
    const name = `${user}${path.replace(/[\/?]/g, '_')}-${w}`;
    await p.screenshot({ path: `/tmp/wt20b-shots/${name}.png`, fullPage: true });
    if (w === 1366) await p.pdf({ path: `/tmp/wt20b-shots/${name}.pdf`, format: 'A4' });
    console.log(r.status(), user, path, w, JSON.stringify(res), JSON.stringify(over));
  }
  await p.close();
}
await b.close();
