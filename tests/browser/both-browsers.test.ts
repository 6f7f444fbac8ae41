import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { averageDigits, subjectSummaries } from '../../lib/grades';
import { createMeshSource, MeshClient } from '../../lib/sources/mesh';
import { startPortal, type Portal } from '../../portal/server';
import { DRIVERS, type Driver } from '../support/driver';
import { portalFetch } from '../support/portal-fetch';

/**
 * The same test bodies in Chromium and in Firefox, through one driver (tests/support/driver.ts):
 * the overlay's figures against the engine and the panel with its widgets, the last known diary
 * while the site is down, a setting kept from the options page. The rest of each browser's suite
 * (tests/browser/*.test.ts for Chromium, firefox-*.test.ts) uses its own driver's API directly.
 */
const MARKS = 'https://school.mos.ru/diary/marks/current-marks';

/** Which browsers (`TABEL_BROWSERS=chromium` or `firefox`; both by default, as CI runs them). */
const BROWSERS = (process.env.TABEL_BROWSERS ?? 'chromium,firefox').split(',').filter((b): b is keyof typeof DRIVERS => b in DRIVERS);

describe.each(BROWSERS)('in %s', (name) => {
  let portal: Portal;
  let d: Driver;
  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    portal = await startPortal({ seed: 41 });
    d = await DRIVERS[name](portal);
  }, 90_000);
  afterAll(async () => {
    await d?.close();
    await portal?.close();
  });

  it('the overlay shows each subject’s figure as the engine computes it, and the panel opens with its widgets', async () => {
    const page = await d.logIn();
    await page.waitFor('[data-tabel-subject]');
    const { child, token, shown } = await page.evaluate(() => ({
      child: (document.querySelector('#student-switch') as HTMLSelectElement).value,
      token: /(?:^|;\s*)aupd_token=([^;]+)/.exec(document.cookie)![1]!,
      shown: [...document.querySelectorAll('[data-tabel-subject]')].map((e) => ({
        subject: e.getAttribute('data-tabel-subject')!,
        average: e.getAttribute('data-tabel-average')!,
        period: e.querySelector('b')!.getAttribute('title')!.split(' · ').at(-1)!,
      })),
    }));
    const diary = (
      await createMeshSource(new MeshClient({ auth: { mode: 'bearer', token }, fetch: portalFetch(portal) })).fetchDiary(child)
    ).value;
    expect(shown.length).toBeGreaterThan(10);
    for (const r of shown) {
      const period = diary.periods.find((p) => p.name === r.period)!;
      const s = subjectSummaries(diary, { period: period.id }).find((x) => x.subject.name === r.subject)!;
      expect(r.average, `${r.subject} in ${r.period}`).toBe(s.exact ? averageDigits(s.exact) : '');
    }
    // The panel, opened by a real click (it opens for a person only), its widgets defined in the page's main world.
    await page.clickInShadow('[data-tabel-host]', 'button.fab');
    await expect
      .poll(
        () => page.evaluate(() => document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelectorAll('ul.subjects li').length ?? 0),
        {
          timeout: 15_000,
        },
      )
      .toBeGreaterThan(5);
    expect(await page.evaluate(() => !!customElements.get('tabel-average'))).toBe(true);
    await page.screenshot(`test-results/both-${name}-panel.png`);
    await page.close();
  }, 60_000);

  it('while the site is down: the last known diary with its time, on the page and in the popup', async () => {
    await d.send({ type: 'tabel:forget' });
    portal.setFaults({ maintenance: true });
    onTestFinished(() => portal.setFaults({ maintenance: false }));
    const popup = await d.extensionPage('popup.html');
    await popup.waitFor('[data-student] [data-as-of]', 20_000);
    expect(await popup.text('main')).toContain('последние известные данные');
    await popup.screenshot(`test-results/both-${name}-popup-offline.png`);
    await popup.close();
    const page = await d.open(MARKS);
    await page.waitFor('[data-tabel-notice]', 20_000);
    expect(await page.text('[data-tabel-notice]')).toContain('последние известные данные');
    await page.close();
  }, 60_000);

  it('keeps a setting changed on the options page', async () => {
    const language = (p: import('../support/driver').TestPage) =>
      p.evaluate(async () => {
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        return ((await api.storage.local.get('settings')).settings?.language ?? null) as string | null;
      });
    const checked = (p: import('../support/driver').TestPage) =>
      p.evaluate(() => [...document.querySelectorAll<HTMLInputElement>('input[name=lang]')].map((e) => e.checked));
    let options = await d.extensionPage('options.html');
    await options.waitFor('input[name=lang]');
    expect(await checked(options)).toEqual([true, false]);
    await options.click('input[name=lang]:not(:checked)');
    await expect.poll(() => language(options)).toBe('en');
    await options.close();
    options = await d.extensionPage('options.html');
    await options.waitFor('input[name=lang]');
    await expect.poll(() => checked(options)).toEqual([false, true]);
    await options.click('input[name=lang]:not(:checked)');
    await expect.poll(() => language(options)).toBe('ru');
    await options.close();
  });
});
