/**
 * Saves what the emulated diary draws, in every layout, as page fixtures for the anchoring's unit
 * suite (tests/unit/anchor/pages.test.ts): the marks page's HTML per layout, child and period,
 * without Tabel (no extension), and the two children's diaries as Tabel's MESH source reads them.
 *
 *   npx vite-node tests/support/save-page-fixtures.ts
 *
 * The world is fixed (seed and today), so the files only change when the emulator does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createMeshSource, MeshClient } from '../../lib/sources/mesh';
import { LAYOUTS } from '../../portal/pages';
import { startPortal } from '../../portal/server';
import { launchChromium } from './chromium';
import { loginInNode, portalFetch } from './portal-fetch';

const OUT = resolve(import.meta.dirname, '../fixtures/pages');
// Early in a term: the last one just finished (its period marks set), the new one with its first marks.
const TODAY = '2026-12-03';
mkdirSync(OUT, { recursive: true });
const portal = await startPortal({ seed: 11, today: TODAY });
const token = (await loginInNode(portal)).get('aupd_token')!;
const source = createMeshSource(new MeshClient({ auth: { mode: 'bearer', token }, fetch: portalFetch(portal) }), {
  today: TODAY,
  now: () => new Date(`${TODAY}T12:00:00Z`),
});
const diaries = [];
for (const c of portal.world.children) diaries.push((await source.fetchDiary(String(c.id))).value);
writeFileSync(resolve(OUT, 'diaries.json'), JSON.stringify({ today: TODAY, students: diaries.map((d) => d.student), diaries }, null, 1));

const b = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: false });
const page = await b.context.newPage();
await page.clock.setFixedTime(new Date(`${TODAY}T12:00:00+03:00`));
await page.goto('https://school.mos.ru/v3/auth/sudir/login');
await page.fill('#login', 'parent');
await page.fill('#password', 'parent');
await page.click('#bind');
await page.waitForURL('https://school.mos.ru/diary/marks/current-marks');
for (const layout of LAYOUTS) {
  portal.setFaults({ layout });
  for (const [i, child] of portal.world.children.entries()) {
    await page.evaluate((id) => localStorage.setItem('mesh_active_student', id), String(child.id));
    await page.reload();
    await page.waitForFunction(() => document.querySelector('main h1'));
    await page.waitForTimeout(300);
    const periods = diaries[i]!.periods.filter((p) => p.kind !== 'year' && p.start <= TODAY).map((p) => p.name);
    for (const name of periods) {
      if (layout === 'table') await page.getByLabel('Период').selectOption({ label: name });
      else if (layout === 'cards') await page.getByRole('tab', { name }).click();
      else if (layout !== 'no-text' || name === periods[0]) await page.getByRole('button', { name, exact: true }).click();
      await page.waitForTimeout(250);
      const html = await page.evaluate(() => document.body.outerHTML);
      writeFileSync(resolve(OUT, `${layout}.${child.id}.${name.replace(/\s+/g, '-')}.html`), html);
    }
  }
}
await b.close();
await portal.close();
console.log(`saved page fixtures to ${OUT}`);
