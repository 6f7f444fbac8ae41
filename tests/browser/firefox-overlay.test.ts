import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { averageDigits, formatAverage, subjectSummaries } from '../../lib/grades';
import type { Diary } from '../../lib/model/types';
import { createMeshSource, MeshClient } from '../../lib/sources/mesh';
import type { Layout } from '../../portal/pages';
import { startPortal, type Portal } from '../../portal/server';
import { portalFetch } from '../support/portal-fetch';
import { launchFirefox, logInAsParentIn, openIn, type LaunchedFirefox } from '../support/firefox';
import { mergeStoredSettings, settingsPatch } from '../support/settings';

/**
 * The overlay in Firefox on every emulated layout of the MESH marks page (a `<table>`, cards with
 * short names, a virtualised list, every class and id random), as in Chromium's
 * overlay-layouts.test.ts: each subject's figure against the engine, through the page's own period
 * controls and a child switch; then the panel, whose widgets run in the page's main world (where
 * Firefox's content-script custom elements and `adoptedStyleSheets` differ from Chromium's).
 */
const MARKS = 'https://school.mos.ru/diary/marks/current-marks';
let portal: Portal;
let ff: LaunchedFirefox;
let page: Page;
const diaries = new Map<string, Diary>();

async function diaryOf(studentId: string): Promise<Diary> {
  const hit = diaries.get(studentId);
  if (hit) return hit;
  const token = (await ff.browser.cookies()).find((c) => c.name === 'aupd_token')!.value;
  const d = (await createMeshSource(new MeshClient({ auth: { mode: 'bearer', token }, fetch: portalFetch(portal) })).fetchDiary(studentId))
    .value;
  diaries.set(studentId, d);
  return d;
}

/** Per subject name, the engine's figure for a child and a period (by its title). */
async function expected(studentId: string, periodName: string): Promise<Record<string, string>> {
  const d = await diaryOf(studentId);
  const period = d.periods.find((p) => p.name === periodName)!;
  return Object.fromEntries(subjectSummaries(d, { period: period.id }).map((s) => [s.subject.name, s.exact ? averageDigits(s.exact) : '']));
}

/** The page's figures per subject (scrolling the virtual list through); fails on a row with two results. */
async function shown(layout: Layout): Promise<Record<string, string>> {
  const read = () =>
    page.evaluate(() => {
      const els = [...document.querySelectorAll('[data-tabel-subject]')];
      return {
        figures: Object.fromEntries(els.map((e) => [e.getAttribute('data-tabel-subject')!, e.getAttribute('data-tabel-average')!])),
        piled: els.length - new Set(els.map((e) => e.parentElement)).size,
      };
    });
  if (layout !== 'virtual') {
    const r = await read();
    expect(r.piled).toBe(0);
    return r.figures;
  }
  const all: Record<string, string> = {};
  for (let y = 0; y < 3000; y += 200) {
    await page.evaluate((top) => {
      document.querySelector('main [style*="relative"]')!.parentElement!.scrollTop = top;
    }, y);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const r = await read();
    expect(r.piled).toBe(0);
    Object.assign(all, r.figures);
  }
  return all;
}

/** Chooses a period with the page's own control, whatever it is in this layout (a select, a tab, a button). */
async function choosePeriod(name: string): Promise<void> {
  const how = await page.evaluate((n) => {
    for (const sel of document.querySelectorAll('select')) {
      const opt = [...sel.options].find((o) => o.text.trim() === n);
      if (!opt) continue;
      sel.value = opt.value;
      sel.dispatchEvent(new Event('change', { bubbles: true }));
      return 'select';
    }
    const el = [...document.querySelectorAll<HTMLElement>('button, [role=tab]')].find((e) => e.textContent?.trim() === n);
    el?.click();
    return el ? 'click' : 'none';
  }, name);
  expect(how).not.toBe('none');
}

beforeAll(async () => {
  portal = await startPortal({ seed: 11 });
  ff = await launchFirefox({ portalPort: portal.port });
  page = await logInAsParentIn(ff);
}, 90_000);
afterAll(async () => {
  await ff?.close();
  await portal?.close();
});

const LAYOUTS: Layout[] = ['v1', 'table', 'cards', 'virtual', 'random'];

describe.each(LAYOUTS)('Firefox: the overlay on the %s layout', (layout) => {
  it('puts every subject’s exact figure in its row, for each period chosen with the page’s own control, and for the other child', async () => {
    portal.setFaults({ layout });
    const [first, second] = portal.world.children.map((c) => String(c.id));
    // The page shows the child it showed last: the first one, here.
    await page.evaluate((id) => localStorage.setItem('mesh_active_student', id), first!);
    await page.goto(MARKS, { waitUntil: 'load' });
    await page.waitForSelector('[data-tabel-subject]', { timeout: 15_000 });
    const d = await diaryOf(first!);
    const periods = d.periods.filter((p) => p.kind !== 'year' && p.start <= portal.world.today).map((p) => p.name);
    expect(periods.length).toBeGreaterThan(1);
    for (const name of periods) {
      await choosePeriod(name);
      const want = await expected(first!, name);
      await expect.poll(async () => shown(layout), { timeout: 10_000, message: `${layout}, ${name}` }).toEqual(want);
    }
    await page.screenshot({ path: `test-results/firefox-layout-${layout}.png` });
    // The other child, shown as the page shows a child chosen earlier.
    await page.evaluate((id) => localStorage.setItem('mesh_active_student', id), second!);
    await page.goto(MARKS, { waitUntil: 'load' });
    await page.waitForSelector('[data-tabel-subject]', { timeout: 15_000 });
    const theirs = (await diaryOf(second!)).periods.filter((p) => p.kind !== 'year' && p.start <= portal.world.today).map((p) => p.name);
    const last = theirs[theirs.length - 1]!;
    await choosePeriod(last);
    await expect
      .poll(async () => shown(layout), { timeout: 10_000, message: `${layout}, child 2, ${last}` })
      .toEqual(await expected(second!, last));
  }, 60_000);
});

describe('Firefox: the panel', () => {
  it('opens with its widgets defined in the page’s main world, and its figures are the engine’s', async () => {
    portal.setFaults({ layout: 'v1' });
    const first = String(portal.world.children[0]!.id);
    await page.evaluate((id) => localStorage.setItem('mesh_active_student', id), first);
    await page.goto(MARKS, { waitUntil: 'load' });
    await page.waitForSelector('[data-tabel-subject]', { timeout: 15_000 });
    // A real click (the panel opens for a person only): puppeteer's, through the shadow root.
    const fab = await page.waitForSelector('[data-tabel-host] >>> button.fab');
    await fab!.click();
    await page.waitForFunction(
      () => (document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelectorAll('ul.subjects li').length ?? 0) > 5,
      {
        timeout: 15_000,
      },
    );
    expect(await page.evaluate(() => ['tabel-average', 'tabel-target'].map((t) => !!customElements.get(t)))).toEqual([true, true]);
    // Each subject's line: the engine's figure for the period the panel names.
    const { period, lines } = await page.evaluate(() => {
      const root = document.querySelector('[data-tabel-host]')!.shadowRoot!;
      return {
        period: /Период: (.+?)×/.exec(root.textContent ?? '')?.[1] ?? '',
        lines: [...root.querySelectorAll('ul.subjects li')].map((li) => [
          li.children[0]!.textContent!,
          li.children[1]!.textContent!.split(' ')[0]!,
        ]),
      };
    });
    const d = await diaryOf(first);
    const p = d.periods.find((x) => x.name === period)!;
    expect(p, period).toBeDefined();
    const want = subjectSummaries(d, { period: p.id }).map((x) => [x.subject.name, x.exact ? formatAverage(x.exact, 'ru') : '—']);
    expect(lines).toEqual(want);
    const popup = await openIn(ff, `${ff.origin}/popup.html`);
    await popup.waitForSelector('[data-student] [data-overall]', { timeout: 15_000 });
    await popup.screenshot({ path: 'test-results/firefox-popup-ru.png' });

    // The same in English, the language chosen in the settings.
    const settings = (language: 'ru' | 'en') => popup.evaluate(mergeStoredSettings, settingsPatch({ language }));
    await settings('en');
    await page.goto(MARKS, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('[data-tabel-subject] b')?.getAttribute('title')?.startsWith('Tabel: Rule'), {
      timeout: 15_000,
    });
    await (await page.waitForSelector('[data-tabel-host] >>> button.fab'))!.click();
    await page.waitForFunction(
      () =>
        !!document.querySelector('[data-tabel-host]')?.shadowRoot?.textContent?.includes('Averages') &&
        (document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelectorAll('ul.subjects li').length ?? 0) > 5,
      { timeout: 15_000 },
    );
    await page.screenshot({ path: 'test-results/firefox-panel-en.png' });
    const popupEn = await openIn(ff, `${ff.origin}/popup.html`);
    await popupEn.waitForSelector('[data-student] [data-overall]', { timeout: 15_000 });
    expect(await popupEn.$eval('main', (m) => m.textContent)).toContain('Open the diary');
    await popupEn.screenshot({ path: 'test-results/firefox-popup-en.png' });
    await settings('ru');
    await popupEn.close();
    await popup.close();
    await page.screenshot({ path: 'test-results/firefox-panel.png' });
  }, 60_000);
});
