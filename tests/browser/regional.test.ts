/**
 * A family with a child on Moscow's MESH and another on a «Моя школа» node (the emulated
 * authedu.mosreg.ru, logged in through its ЕСИА): the node enabled, the overlay and the popup show
 * the regional child's own figures beside the Moscow children, and the keeper renews the node's
 * session through the node's own login chain.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { averageDigits, subjectSummaries } from '../../lib/grades';
import { MOYA_SHKOLA } from '../../lib/sources/moya-shkola/system';
import { REGIONAL_HOST, startPortal, type Portal } from '../../portal/server';
import {
  launchChromium,
  logInAsParent,
  logInToRegion,
  messageBackground,
  patchSettings,
  withHostsGranted,
  type Launched,
} from '../support/chromium';
import { fetchWithCookies } from '../support/portal-fetch';

let portal: Portal;
let browser: Launched;
let granted: { dir: string; rm(): void };
const keeperOf = async (host: string) =>
  ((await browser.worker!.evaluate((k) => (globalThis as any).chrome.storage.local.get(k), `keeper:${host}`)) as any)[`keeper:${host}`];

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  portal = await startPortal({ seed: 21 });
  granted = withHostsGranted([`https://${REGIONAL_HOST}/*`, 'https://esia.gosuslugi.ru/*']);
  browser = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: true, extensionDir: granted.dir });
  await (await logInAsParent(browser, { overlay: true })).close();
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  granted?.rm();
});

describe('a Moscow child and a regional child side by side', () => {
  it('the node is on: its page script registered, the options page shows it enabled', async () => {
    const scripts = await browser.worker!.evaluate(() => (globalThis as any).chrome.scripting.getRegisteredContentScripts());
    expect(scripts.map((x: { matches: string[] }) => x.matches).flat()).toEqual([`https://${REGIONAL_HOST}/*`]);
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.waitForSelector(`[data-host="${REGIONAL_HOST}"] input:checked`);
    expect(await options.isChecked('[data-host="school.mos.ru"] input')).toBe(true);
    expect(await options.isChecked('[data-host="myschool.72to.ru"] input')).toBe(false);
    await options.locator('[data-section="diaries"]').screenshot({ path: 'test-results/options-diaries-ru.png' });
    await options.close();
  });

  it('the overlay on the node’s marks page shows its child’s figures, as the engine computes them', async () => {
    const page = await logInToRegion(browser, { overlay: true });
    // The same diary, read in Node with the node's own cookies: what the engine says each row should show.
    const jar = new Map((await browser.context.cookies(`https://${REGIONAL_HOST}/`)).map((c) => [c.name, c.value]));
    const src = MOYA_SHKOLA.source(REGIONAL_HOST, { fetch: fetchWithCookies(portal, jar), cookie: async (n) => jar.get(n) ?? null });
    const d = (await src.fetchDiary(String(portal.regional.children[0]!.id))).value;
    expect(d.source?.system).toBe('moya-shkola');
    const title = await page.evaluate(() =>
      [...document.querySelectorAll('[aria-pressed="true"],[aria-selected="true"]')]
        .map((e) => e.textContent?.trim())
        .find((t) => /четверть/.test(t ?? '')),
    );
    const period = d.periods.find((p) => p.name === title) ?? d.periods.find((p) => p.kind !== 'year')!;
    const want = Object.fromEntries(
      subjectSummaries(d, { period: period.id })
        .filter((s) => s.exact)
        .map((s) => [s.subject.name, averageDigits(s.exact!)]),
    );
    await expect
      .poll(() =>
        page.evaluate(() =>
          Object.fromEntries(
            [...document.querySelectorAll('[data-tabel-subject]')].map((e) => [
              e.getAttribute('data-tabel-subject'),
              e.getAttribute('data-tabel-average'),
            ]),
          ),
        ),
      )
      .toMatchObject(want);
    expect(Object.keys(want).length).toBeGreaterThan(5);
    await page.screenshot({ path: 'test-results/regional-overlay-ru.png' });
    await page.close();
  });

  it('the popup shows both accounts, each child with its system and region, and its own figures', async () => {
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 420, height: 900 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const region = `[data-system="moya-shkola"]`;
    await popup.waitForSelector(`${region} [data-student="${portal.regional.children[0]!.id}"] [data-overall]`);
    await popup.waitForSelector(`[data-system="mesh"] [data-student] [data-overall]`);
    expect(await popup.$$eval('.account-name', (hs) => hs.map((h) => h.textContent))).toEqual([
      'МЭШ · Москва',
      'Моя школа · Московская область',
    ]);
    expect(await popup.$$eval('[data-system="mesh"] [data-student]', (xs) => xs.map((x) => x.getAttribute('data-student')).sort())).toEqual(
      portal.world.children.map((c) => String(c.id)).sort(),
    );
    expect(await popup.getAttribute(`${region} [data-session]`, 'data-session')).toBe('alive');
    await popup.screenshot({ path: 'test-results/popup-two-accounts-ru.png', fullPage: true });
    await patchSettings(browser, { language: 'en' });
    await popup.reload();
    await popup.waitForSelector(`${region} [data-overall]`);
    expect(await popup.$$eval('.account-name', (hs) => hs.map((h) => h.textContent))).toEqual([
      'MESH · Moscow',
      'Moya Shkola · Moscow Region',
    ]);
    await popup.screenshot({ path: 'test-results/popup-two-accounts-en.png', fullPage: true });
    await patchSettings(browser, { language: 'ru' });
    await popup.close();
  });

  it('the keeper renews the node’s session through its ЕСИА, beside Moscow’s', async () => {
    const before = await keeperOf(REGIONAL_HOST);
    expect(before.state).toBe('alive');
    // A short-lived token from a silent hop (ЕСИА's session is alive): due for renewal seconds later.
    portal.setFaults({ tokenLifetimeSec: 12 });
    const hop = await browser.context.newPage();
    await hop.goto(`https://${REGIONAL_HOST}/v3/auth/esia/login`);
    await hop.waitForURL(/\/diary\/marks\/current-marks/);
    await hop.close();
    portal.setFaults({ tokenLifetimeSec: 24 * 3600 });
    const asked = portal.requests.length;
    await expect
      .poll(
        async () => {
          await messageBackground(browser, { type: 'tabel:keeper-alarm' });
          const k = await keeperOf(REGIONAL_HOST);
          return k.state === 'alive' && k.renewals > before.renewals && k.exp - Date.now() > 3600_000;
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(true);
    // Through the node's own chain: its login start, ЕСИА, its callback; never mos.ru's SSO.
    const hops = portal.requests.slice(asked).map((r) => `${r.host}${r.path.split('?')[0]}`);
    expect(hops).toEqual(
      expect.arrayContaining([
        `${REGIONAL_HOST}/v3/auth/esia/login`,
        'esia.gosuslugi.ru/aas/oauth2/v2/ac',
        `${REGIONAL_HOST}/v3/auth/esia/callback`,
      ]),
    );
    expect(hops.some((h) => h.startsWith('login.mos.ru'))).toBe(false);
    // Moscow's session went on as it was.
    expect((await keeperOf('school.mos.ru')).state).toBe('alive');
  }, 60_000);
});
