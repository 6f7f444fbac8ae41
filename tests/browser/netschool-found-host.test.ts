/**
 * A «Сетевой город» install that no list of Tabel's has (the emulated sgo.obrazovanie-example.ru):
 * nothing of Tabel runs on it until the user, on its page, opens the popup and turns Tabel on
 * there. The popup knows it by its page markers (the site's own globals), asks the browser for that
 * one host, and from then on the overlay, the reads (made by the site's own tab: the extension's
 * connect-src lists only the known hosts) and the popup work there as on a listed host.
 *
 * Headless Chromium cannot answer the permission prompt: the host's permission is in the test
 * copy's manifest, as if the user had said yes, and `permissions.request` answers at once. (A
 * listed host not turned on is offered the same way; the popup can only see its tab through
 * `activeTab`, which a headless test cannot give: the background's side of it is unit-tested.)
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { averageDigits, subjectSummaries } from '../../lib/grades';
import { NetSchoolClient } from '../../lib/sources/netschool/client';
import { createNetSchoolSource } from '../../lib/sources/netschool/source';
import { startPortal, type Portal } from '../../portal/server';
import { SGO_UNLISTED_HOST } from '../../portal/sgo';
import { launchChromium, patchSettings, withHostsGranted, type Launched } from '../support/chromium';
import { fetchWithCookies } from '../support/portal-fetch';

const FOUND = `https://${SGO_UNLISTED_HOST}`;
let portal: Portal;
let browser: Launched;
let granted: { dir: string; rm(): void };

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  portal = await startPortal({ seed: 31 });
  granted = withHostsGranted([`${FOUND}/*`]);
  browser = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: true, extensionDir: granted.dir });
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  granted?.rm();
});

async function logIn(origin: string) {
  const page = await browser.context.newPage();
  await page.goto(`${origin}/authorize`);
  await page.fill('#un', 'parent');
  await page.fill('#pw', 'parent');
  await page.click('#enter');
  await page.waitForURL(`${origin}/app/school/studentdiary/`);
  await page.waitForSelector('main table, main section');
  return page;
}

const tabOf = (origin: string) =>
  browser.worker!.evaluate(async (o: string) => {
    const [tab] = await (globalThis as any).chrome.tabs.query({ url: `${o}/*` });
    return tab.id as number;
  }, origin);

/** The popup as the user opens it on the tab of a site (the test build takes the tab from its URL). */
async function popupOn(origin: string) {
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 420, height: 600 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabOf(origin)}`);
  return popup;
}

/** Whether anything of Tabel's is on the page (its results, its button, its notices). */
const tabelOn = (page: import('playwright-core').Page) =>
  page.evaluate(() => !!document.querySelector('[data-tabel-subject],[data-tabel-host],[data-tabel-notice]'));

/** Logged in on the unlisted host, nothing of Tabel's on its page; the popup opened there, its offer shown. */
async function offeredOnFound() {
  const page = await logIn(FOUND);
  await page.waitForTimeout(1500);
  expect(await tabelOn(page)).toBe(false);
  const popup = await popupOn(FOUND);
  const offer = `[data-site="${SGO_UNLISTED_HOST}"]`;
  await popup.waitForSelector(`${offer} [data-enable-site]`, { timeout: 15_000 });
  return { page, popup, offer };
}

describe('«Сетевой город» on a host no list has', () => {
  it('offers it, in English too, without touching its page; a diary Tabel is on already is not offered', async () => {
    await patchSettings(browser, { language: 'en' });
    const { page, popup, offer } = await offeredOnFound();
    expect(await popup.textContent(`${offer} h2`)).toBe('This looks like a «Setevoy Gorod» diary');
    expect(await popup.textContent(`${offer} [data-enable-site]`)).toBe('Turn Tabel on for this site');
    expect(await popup.textContent(offer)).toContain("not on Tabel's list");
    await popup.screenshot({ path: 'test-results/popup-site-offer-en.png' });
    const other = await browser.context.newPage();
    await other.goto('https://school.mos.ru/');
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabOf('https://school.mos.ru')}`);
    await popup.waitForSelector('main header');
    await popup.waitForTimeout(500);
    expect(await popup.$$('[data-site]')).toHaveLength(0);
    expect(await tabelOn(page)).toBe(false);
    await patchSettings(browser, { language: 'ru' });
    await other.close();
    await popup.close();
    await page.close();
  });

  it('runs nothing there until the user turns Tabel on from the popup, found by the page’s markers; then the overlay, the reads and the popup work', async () => {
    const { page, popup, offer } = await offeredOnFound();
    expect(await popup.textContent(`${offer} h2`)).toBe('Похоже, это дневник «Сетевой город»');
    expect(await popup.textContent(offer)).toContain('нет в списке Табеля');
    await popup.screenshot({ path: 'test-results/popup-site-offer-ru.png' });
    await popup.click(`${offer} [data-enable-site]`);
    await popup.waitForSelector(`${offer}[data-state="on"]`);

    // The tab reloads with Tabel on: each lesson's subject gets the engine's figure for its period, read through the site's own tab.
    await page.waitForSelector('[data-tabel-subject]', { timeout: 20_000 });
    const at = await page.evaluate(() => (window as any).appContext.at as string);
    const jar = new Map((await browser.context.cookies(FOUND)).map((c) => [c.name, c.value]));
    const d = (
      await createNetSchoolSource(new NetSchoolClient({ origin: FOUND, token: () => at, fetch: fetchWithCookies(portal, jar) }), {
        timeZone: 'Europe/Moscow',
      }).fetchDiary(String(portal.sgo.children[0]!.id))
    ).value;
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('[data-tabel-subject]')].map((e) => ({
        subject: e.getAttribute('data-tabel-subject')!,
        average: e.getAttribute('data-tabel-average')!,
        period: e.querySelector('b')!.getAttribute('title')!.split(' · ').at(-1)!,
      })),
    );
    expect(shown.length).toBeGreaterThan(5);
    for (const r of shown) {
      const period = d.periods.find((p) => p.name === r.period)!;
      const s = subjectSummaries(d, { period: period.id }).find((x) => x.subject.name === r.subject)!;
      expect(r.average, `${r.subject} in ${r.period}`).toBe(s.exact ? averageDigits(s.exact) : '');
    }
    // Tabel's reads reached the host (the page itself never asks for assigns/{id}), through the site's tab: the
    // background's own connect-src lists only the known hosts.
    expect(
      portal.requests.filter((q) => q.host === SGO_UNLISTED_HOST && q.path.startsWith('/webapi/student/diary/assigns/')).length,
    ).toBeGreaterThan(0);

    // The panel too: its files reach this host through Chrome's per-session dynamic URL (no list names the host).
    await page.click('[data-tabel-host] >> css=button.fab');
    await page.waitForFunction(
      () => (document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelectorAll('ul.subjects li').length ?? 0) > 5,
    );
    await page.screenshot({ path: 'test-results/netschool-found-host-ru.png' });

    // The popup now shows the account under the host's own name, and offers nothing.
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabOf(FOUND)}`);
    await popup.waitForSelector(`[data-system="netschool"] [data-student="${portal.sgo.children[0]!.id}"] [data-overall]`, {
      timeout: 20_000,
    });
    expect(await popup.$$eval('.account-name', (hs) => hs.map((h) => h.textContent))).toContain(`Сетевой город · ${SGO_UNLISTED_HOST}`);
    expect(await popup.$$('[data-site]')).toHaveLength(0);
    await popup.close();
    await page.close();
  }, 90_000);
});
