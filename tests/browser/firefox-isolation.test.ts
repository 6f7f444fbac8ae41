import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type Portal } from '../../portal/server';
import { averageDigits, currentPeriod, subjectSummaries } from '../../lib/grades';
import { todayOf } from '../../lib/dates';
import { createMeshSource, MeshClient } from '../../lib/sources/mesh';
import { portalFetch } from '../support/portal-fetch';
import { launchFirefox, logInAsParentIn, openIn, type LaunchedFirefox } from '../support/firefox';

/**
 * Firefox (ESR, the built extension, MV3 since the MV2 build let any site load its files once it
 * knew the install's uuid — which the diary page sees in the widgets' script address: a fingerprint
 * across sites). First the smoke of the MV3 build itself: the login chain, the overlay's figures and
 * the popup; then the isolation. (The whole browser suite in Firefox is issue 18's.)
 */
let portal: Portal;
let ff: LaunchedFirefox;

beforeAll(async () => {
  portal = await startPortal({ seed: 31 });
  ff = await launchFirefox({ portalPort: portal.port });
}, 60_000);
afterAll(async () => {
  await ff?.close();
  await portal?.close();
});

/** Whether a page can load one of the extension's files as a script, as a page that learnt the uuid would try. */
const loads = (src: string) =>
  new Promise<string>((resolve) => {
    const s = document.createElement('script');
    s.type = 'module';
    s.src = src;
    s.onload = () => resolve('loaded');
    s.onerror = () => resolve('refused');
    (document.head ?? document.documentElement).append(s);
    setTimeout(() => resolve('timeout'), 5000);
  });

describe('Tabel in Firefox', () => {
  it('runs: through the login chain to the marks page, each subject’s figure as the engine computes it, and the popup', async () => {
    const page = await logInAsParentIn(ff);
    await page.waitForSelector('[data-tabel-subject]', { timeout: 15_000 });
    const shown = await page.$$eval('[data-tabel-subject]', (els) =>
      Object.fromEntries(els.map((e) => [e.getAttribute('data-tabel-subject'), e.getAttribute('data-tabel-average')])),
    );
    const token = (await ff.browser.cookies()).find((c) => c.name === 'aupd_token')!.value;
    const child = await page.$eval('#student-switch', (el) => (el as HTMLSelectElement).value);
    const diary = (
      await createMeshSource(new MeshClient({ auth: { mode: 'bearer', token }, fetch: portalFetch(portal) })).fetchDiary(child)
    ).value;
    const period = currentPeriod(diary.periods, todayOf(diary))!;
    const expected = Object.fromEntries(
      subjectSummaries(diary, { period: period.id }).map((x) => [x.subject.name, x.exact ? averageDigits(x.exact) : '']),
    );
    expect(Object.keys(shown).length).toBeGreaterThan(10);
    expect(shown).toEqual(expected);
    await page.screenshot({ path: 'test-results/firefox-overlay.png' });
    const popup = await openIn(ff, `${ff.origin}/popup.html`);
    await popup.waitForSelector('[data-student] [data-overall]', { timeout: 15_000 });
    expect(await popup.$$eval('[data-student]', (els) => els.length)).toBe(portal.world.children.length);
    // The manifest's texts from _locales, in the browser's language (en-US here; Russian is the default).
    const self = await popup.evaluate(() => (globalThis as any).browser.management.getSelf());
    expect([self.name, self.description]).toEqual([
      'Tabel — averages and targets for the diary',
      expect.stringContaining('MESH, Moya Shkola, Setevoy Gorod'),
    ]);
    await popup.close();
    await page.close();
  }, 90_000);

  it('load into a diary page, and not into another site that knows the install’s uuid', async () => {
    const file = `${ff.origin}/tabel-bridge.js`;
    const diary = await openIn(ff, 'https://school.mos.ru/diary/marks/current-marks');
    await diary.waitForSelector('[data-tabel-subject]', { timeout: 15_000 });
    expect(await diary.evaluate(loads, file)).toBe('loaded');
    const other = await openIn(ff, 'https://www.mos.ru/');
    expect(await other.evaluate(loads, file)).toBe('refused');
    await diary.close();
    await other.close();
  }, 60_000);
});
