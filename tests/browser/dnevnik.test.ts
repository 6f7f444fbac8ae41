/**
 * Дневник.ру (the emulated dnevnik.ru, login.dnevnik.ru and schools.dnevnik.ru), its host enabled:
 * the user logs in on the site; on its period table each subject gets Tabel's figure (every mark
 * counted once, so approximate and marked so) with the site's own weighted average beside it and
 * the reason they differ; the popup shows the child. Everything is read from the site's pages and
 * the JSON its feed fetches, with the user's cookies.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { averageDigits, subjectSummaries } from '../../lib/grades';
import { dnevnikSite } from '../../lib/sources/dnevnik/client';
import { createDnevnikSource } from '../../lib/sources/dnevnik/source';
import { DNEVNIK_HOST, DNEVNIK_LOGIN_HOST, DNEVNIK_SCHOOLS_HOST } from '../../portal/dnevnik/site';
import { startPortal, type Portal } from '../../portal/server';
import { launchChromium, patchSettings, withHostsGranted, type Launched } from '../support/chromium';
import { fetchWithCookies } from '../support/portal-fetch';

let portal: Portal;
let browser: Launched;
let granted: { dir: string; rm(): void };

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  portal = await startPortal({ seed: 43 });
  granted = withHostsGranted([DNEVNIK_SCHOOLS_HOST, DNEVNIK_HOST, DNEVNIK_LOGIN_HOST].map((h) => `https://${h}/*`));
  browser = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: true, extensionDir: granted.dir });
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  granted?.rm();
});

describe('Дневник.ру', () => {
  it('on its period table: each subject’s figure, approximate, beside the site’s own weighted average with the reason; the popup shows the child', async () => {
    await patchSettings(browser, { language: 'ru' });
    const page = await browser.context.newPage();
    await page.goto(`https://${DNEVNIK_LOGIN_HOST}/login`);
    await page.fill('#login', 'parent');
    await page.fill('#password', 'parent');
    await page.click('#enter');
    await page.waitForURL(`https://${DNEVNIK_HOST}/userfeed`);
    const child = portal.dnevnik.children[0]!;
    await page.goto(`https://${DNEVNIK_SCHOOLS_HOST}/marks.aspx?school=${portal.dnevnik.school.id}&tab=period&period=1`);
    await page.waitForSelector('[data-tabel-subject]', { timeout: 20_000 });

    const jar = new Map((await browser.context.cookies(`https://${DNEVNIK_HOST}`)).map((c) => [c.name, c.value]));
    const d = (
      await createDnevnikSource(dnevnikSite({ origin: `https://${DNEVNIK_HOST}`, fetch: fetchWithCookies(portal, jar) }), {
        timeZone: 'Europe/Moscow',
        schoolsOrigin: `https://${DNEVNIK_SCHOOLS_HOST}`,
      }).fetchDiary(String(child.id))
    ).value;
    const q1 = d.periods[0]!;
    const rows = subjectSummaries(d, { period: q1.id });
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('[data-tabel-subject]')].map((e) => ({
        subject: e.getAttribute('data-tabel-subject')!,
        average: e.getAttribute('data-tabel-average')!,
        title: e.querySelector('b')?.getAttribute('title') ?? '',
        text: e.textContent ?? '',
      })),
    );
    expect(shown.length).toBeGreaterThan(5);
    let beside = 0;
    for (const r of shown) {
      const s = rows.find((x) => x.subject.name === r.subject)!;
      expect(s, r.subject).toBeDefined();
      expect(r.average, r.subject).toBe(s.exact ? averageDigits(s.exact) : '');
      expect(r.title, r.subject).toContain(q1.name);
      if (!s.exact) continue;
      expect(r.text, r.subject).toContain('≈');
      expect(r.title, r.subject).toContain('Приблизительно: Дневник.ру не показывает вес оценок');
      // The site's own figure, where it is not ours, with why.
      if (s.reported?.average !== undefined && s.reported.average.toFixed(2) !== averageDigits(s.exact)) {
        expect(r.text, r.subject).toContain('Дневник.ру учитывает вес оценок, которого не показывает');
        beside++;
      }
    }
    expect(beside).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/dnevnik-period-table-ru.png', fullPage: true });

    const p = await browser.context.newPage();
    await p.setViewportSize({ width: 420, height: 640 });
    await p.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const overall = `[data-system="dnevnik"] [data-student="${child.id}"] [data-overall]`;
    await p.waitForSelector(overall, { timeout: 20_000 });
    expect(await p.textContent(overall)).toMatch(/^≈ \d,\d\d$/);
    expect(await p.$$eval('.account-name', (hs) => hs.map((h) => h.textContent))).toContain('Дневник.ру · dnevnik.ru');
    await p.screenshot({ path: 'test-results/dnevnik-popup-ru.png' });
    await p.close();
    await page.close();
  }, 120_000);
});
