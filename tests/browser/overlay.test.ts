import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { averageDigits, currentPeriod, subjectSummaries } from '../../lib/grades';
import { marksInPeriod } from '../../lib/grades/diary';
import { todayIn, todayOf } from '../../lib/dates';
import type { Diary } from '../../lib/model/types';
import { createMeshSource, MeshClient } from '../../lib/sources/mesh';
import { DEFAULT_FAULTS, startPortal, type Portal } from '../../portal/server';
import { launchChromium, logInAsParent, messageBackground, type Launched } from '../support/chromium';
import { portalFetch } from '../support/portal-fetch';

let portal: Portal;
let browser: Launched;
let page: Page;

/** The diary as Tabel's source reads it, in Node, with the browser's own token: the reference for what the overlay shows. */
async function diaryInNode(studentId: string): Promise<Diary> {
  const token = (await browser.context.cookies()).find((c) => c.name === 'aupd_token')!.value;
  const src = createMeshSource(new MeshClient({ auth: { mode: 'bearer', token }, fetch: portalFetch(portal) }));
  return (await src.fetchDiary(studentId)).value;
}

/** Expected `data-tabel-average` per subject name for the current period (the one the emulated page opens on). */
function expectedAverages(diary: Diary): Record<string, string> {
  const period = currentPeriod(diary.periods, todayOf(diary))!;
  const out: Record<string, string> = {};
  for (const s of subjectSummaries(diary, { period: period.id })) out[s.subject.name] = s.exact ? averageDigits(s.exact) : '';
  return out;
}

async function shownAverages(): Promise<Record<string, string>> {
  await page.waitForSelector('[data-tabel-subject]');
  return page.$$eval('[data-tabel-subject]', (els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute('data-tabel-subject'), e.getAttribute('data-tabel-average')])),
  );
}

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  portal = await startPortal({ seed: 11 });
  browser = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: true });
  page = await logInAsParent(browser);
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

describe('the overlay on the diary’s marks page', () => {
  it('shows each subject’s weighted average for the first child, as the engine computes it', async () => {
    const expected = expectedAverages(await diaryInNode(String(portal.world.children[0]!.id)));
    expect(Object.keys(expected).length).toBeGreaterThan(10);
    expect(await shownAverages()).toEqual(expected);
    await page.screenshot({ path: 'test-results/overlay-marks.png' });
  });

  it('shows MESH’s own figure only where it really differs, and why: here a server that has not taken the latest marks in', async () => {
    // MESH counts «точки» as Tabel does by default: no difference to annotate.
    const notes = () => page.$$eval('[data-tabel-subject]', (els) => els.map((e) => e.textContent ?? ''));
    expect((await notes()).filter((n) => n.includes('МЭШ:'))).toEqual([]);
    portal.setFaults({ laggingAverages: true });
    await messageBackground(browser, { type: 'tabel:forget' });
    await page.reload();
    // The first term has marks on many days, whatever today is.
    await page.locator('[data-period]').first().click();
    await expect
      .poll(async () => (await notes()).filter((n) => n.includes('МЭШ ещё не учёл последние оценки')).length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect((await notes()).filter((n) => n.includes('МЭШ:') && !n.includes('не учёл последние'))).toEqual([]);
    portal.setFaults({ laggingAverages: false });
    await messageBackground(browser, { type: 'tabel:forget' });
    await page.reload();
    await page.waitForSelector('[data-tabel-subject]');
  });

  it('follows the diary’s own child switch (no reload) to the second child', async () => {
    const second = String(portal.world.children[1]!.id);
    await page.selectOption('#student-switch', second);
    const expected = expectedAverages(await diaryInNode(second));
    await expect.poll(async () => (await shownAverages())['Алгебра'], { timeout: 10_000 }).toBe(expected['Алгебра']);
    expect(await shownAverages()).toEqual(expected);
  });

  it('comes back after navigating away and back inside the SPA', async () => {
    await page.click('nav a[href="/diary/homeworks/homeworks"]');
    await page.waitForSelector('h1:has-text("Домашние задания")');
    expect(await page.$$('[data-tabel-subject]')).toHaveLength(0);
    await page.click('nav a[href="/diary/marks/current-marks"]');
    expect(Object.keys(await shownAverages()).length).toBeGreaterThan(10);
  });

  it('opens the panel with the widgets, loading the widget library only then', async () => {
    // Nothing of the widget library is in the page until the panel opens.
    const injected = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('script[data-tabel]')].map((s) => (s as HTMLScriptElement).src.replace(/^.*\/\/[^/]+/, '')),
      );
    expect(await injected()).toEqual([]);
    expect(await page.evaluate(() => !!customElements.get('tabel-average'))).toBe(false);
    await page.click('[data-tabel-host] >> css=button.fab');
    await page
      .waitForFunction(
        () =>
          !!document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelector('tabel-average')?.shadowRoot?.textContent?.match(/\d/),
        null,
        { timeout: 10_000 },
      )
      .catch(async (err) => {
        console.log(
          await page.evaluate(() => [...document.querySelectorAll('[data-tabel-host]')].map((h) => h.shadowRoot?.innerHTML.slice(0, 600))),
        );
        throw err;
      });
    expect(await injected()).toEqual(['/tabel-bridge.js', '/widgets/tabel-all.js']);
    await page.screenshot({ path: 'test-results/overlay-panel.png' });
    await page.click('[data-tabel-host] >> css=[data-tab="target"]');
    await page.waitForFunction(() => {
      const t = document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelector('tabel-target') as
        (Element & { needed?: unknown }) | null;
      return t?.shadowRoot?.textContent?.includes('5');
    });
    await page.screenshot({ path: 'test-results/overlay-target.png' });
    await page.click('[data-tabel-host] >> css=[data-tab="chart"]');
    await page.waitForFunction(
      () =>
        !!(
          document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelector('tabel-progress-chart') as
            (Element & { chart?: unknown }) | null
        )?.chart,
    );
    await page.waitForTimeout(300);
    await page.screenshot({ path: 'test-results/overlay-chart.png' });
    await page.click('[data-tabel-host] >> css=button.close');
  });

  it('cannot be switched off or driven by the page, and gives the page only what the open panel shows', async () => {
    const p = await browser.context.newPage();
    await p.goto('https://school.mos.ru/diary/marks/current-marks');
    await p.waitForSelector('[data-tabel-subject]');
    const count = () => p.$$eval('[data-tabel-subject]', (els) => els.length);
    const rows = await count();
    // The page's own world listens to what Tabel posts into it.
    await p.evaluate(() => {
      (window as any).posted = [];
      window.addEventListener('message', (e) => e.data?.tabel === 'props' && (window as any).posted.push(e.data.props));
    });
    // The event a new instance of the script sends, from the page: ignored while Tabel runs.
    await p.evaluate(() => document.dispatchEvent(new CustomEvent('tabel:page-script-started')));
    const shown = await p.$eval('#student-switch', (el) => (el as HTMLSelectElement).value);
    const other = String(portal.world.children.find((c) => String(c.id) !== shown)!.id);
    await p.selectOption('#student-switch', other);
    // The other child's rows get their results (the children have different numbers of subjects): the overlay still follows the page.
    await expect.poll(count).not.toBe(rows);
    await expect.poll(count).toBeGreaterThan(0);
    await p.selectOption('#student-switch', shown);
    await expect.poll(count).toBe(rows);
    // A page's script clicking through the open shadow root opens nothing.
    await p.evaluate(() => (document.querySelector('[data-tabel-host]')!.shadowRoot!.querySelector('button.fab') as HTMLElement).click());
    await p.waitForTimeout(300);
    expect(
      await p.evaluate(() => document.querySelector('[data-tabel-host]')!.shadowRoot!.querySelector('.panel')!.hasAttribute('hidden')),
    ).toBe(true);
    expect(await p.evaluate(() => (window as any).posted.length)).toBe(0);
    // A person's click does; what reaches the page is that widget's period, not the child's diary.
    await p.click('[data-tabel-host] >> css=button.fab');
    await p.waitForFunction(() => (window as any).posted.length > 0, null, { timeout: 10_000 });
    await p.click('[data-tabel-host] >> css=[data-tab="target"]');
    await p.waitForFunction(() => (window as any).posted.length > 1);
    // Back and forth: the widgets are kept, nothing is posted again.
    await p.click('[data-tabel-host] >> css=[data-tab="averages"]');
    await p.click('[data-tabel-host] >> css=[data-tab="target"]');
    await p.click('[data-tabel-host] >> css=[data-tab="averages"]');
    await p.waitForTimeout(300);
    const posted = (await p.evaluate(() => (window as any).posted)) as Array<{ data: Diary }>;
    expect(posted).toHaveLength(2);
    const whole = await diaryInNode(shown);
    const period = currentPeriod(whole.periods, todayOf(whole))!;
    const [average, target] = posted.map((x) => x.data);
    expect(average!.marks.length).toBeGreaterThan(0);
    expect(average!.marks.length).toBe(marksInPeriod(whole, period.id).length);
    expect(average!.marks.length).toBeLessThan(whole.marks.length);
    expect(new Set(target!.marks.map((m) => m.subject)).size).toBe(1);
    expect(target!.subjects).toHaveLength(1);
    for (const d of [average!, target!]) {
      expect(d.attendance).toBeUndefined();
      expect(d.finals).toBeUndefined();
    }
    await p.close();
  });

  it('keeps what was new when the page opened through a period switch, and records the visit for next time', async () => {
    // The second child's school year has two periods to switch between.
    const id = String(portal.world.children[1]!.id);
    await page.goto('https://school.mos.ru/diary/marks/current-marks');
    await page.selectOption('#student-switch', id);
    await page.waitForFunction(
      (want) =>
        document.querySelector(`#student-switch option[value="${want}"]:checked`) &&
        document.querySelectorAll('[data-tabel-subject]').length > 5,
      id,
    );
    const seenAt = () =>
      browser.worker!.evaluate(
        async (sid: string) => (await (globalThis as { chrome?: any }).chrome.storage.local.get('seen')).seen?.[sid]?.at ?? null,
        id,
      );
    const today = todayIn('Europe/Moscow');
    // That page's own visit is recorded first, so that it cannot overwrite the date set below.
    await page.goto('about:blank');
    await expect.poll(seenAt).toBe(today);
    await page.waitForTimeout(300);
    await browser.worker!.evaluate(async (sid: string) => {
      const chrome = (globalThis as { chrome?: any }).chrome;
      const { seen } = await chrome.storage.local.get('seen');
      await chrome.storage.local.set({ seen: { ...seen, [sid]: { ids: [], at: '2020-01-01' } } });
    }, id);
    await page.goto('https://school.mos.ru/diary/marks/current-marks');
    await page.waitForSelector('[data-tabel-subject]');
    /** The grade table's `since` (marks after it are highlighted as new), from the panel. */
    const sinceInPanel = async () => {
      await page.click('[data-tabel-host] >> css=button.fab');
      await page.click('[data-tabel-host] >> css=[data-tab="table"]');
      const table = await page.waitForFunction(() =>
        document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelector('tabel-grade-table'),
      );
      const since = await table.evaluate((t) => (t as Element).getAttribute('since'));
      await page.click('[data-tabel-host] >> css=button.close');
      return since;
    };
    expect(await sinceInPanel()).toBe('2020-01-01');
    // The background records this visit right after the drawing…
    await expect.poll(seenAt).toBe(today);
    // …but this page goes on showing what was new when it opened, in another period too.
    const other = page.locator('[data-period][aria-pressed="false"]').first();
    expect(await page.locator('[data-period]').count()).toBeGreaterThan(1);
    const name = (await other.textContent())!.trim();
    await other.click();
    await page.waitForSelector(`[data-period][aria-pressed="true"]:has-text("${name}")`);
    await page.waitForFunction(() => document.querySelectorAll('[data-tabel-subject]').length > 5);
    expect(await sinceInPanel()).toBe('2020-01-01');
    // The next page load starts from the visit recorded.
    await page.reload();
    await page.waitForSelector('[data-tabel-subject]');
    expect(await sinceInPanel()).toBe(today);
  });

  it('falls back to the floating panel when the page layout changed', async () => {
    // A page whose subject names are not in its text (drawn by CSS): nothing to anchor to.
    portal.setFaults({ layout: 'no-text' });
    await page.reload();
    await page.waitForSelector('[role=row] a[data-label]');
    await page.click('[data-tabel-host] >> css=button.fab');
    const id = await page.$eval('#student-switch', (s) => (s as HTMLSelectElement).value);
    const expected = expectedAverages(await diaryInNode(id));
    const rows = await page.waitForFunction((want) => {
      const lis = document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelectorAll('li[data-tabel-subject]');
      const got = lis ? [...lis].map((li) => [li.getAttribute('data-tabel-subject'), li.getAttribute('data-tabel-average')]) : [];
      // The overlay may first draw the child it saw before the page's switch rendered; wait for the shown child.
      return got.length > 10 && got.some(([n, a]) => n === want[0] && a === want[1]) ? got : null;
    }, Object.entries(expected)[0]!);
    const shown = Object.fromEntries((await rows.jsonValue()) as [string, string][]);
    for (const [name, avg] of Object.entries(expected)) expect(shown[name]).toBe(avg);
    // The button and the panel say why the results moved there.
    const said = await page.$eval('[data-tabel-host]', (h) => [
      h.shadowRoot!.querySelector('.fab')!.textContent,
      h.shadowRoot!.querySelector('.note')?.textContent,
    ]);
    expect(said[0]).toContain('⚠');
    expect(said[1]).toContain('не нашёл на странице строк предметов');
    await page.screenshot({ path: 'test-results/overlay-fallback.png' });
    portal.setFaults({ ...DEFAULT_FAULTS });
  });

  it('steps aside with a plain message when the site is under maintenance, and the page still works', async () => {
    await messageBackground(browser, { type: 'tabel:forget' });
    portal.setFaults({ maintenance: true });
    await page.goto('https://school.mos.ru/diary/marks/current-marks').catch(() => undefined);
    // Tabel says why in its own corner; the page's own content is untouched.
    await page.waitForSelector('[data-tabel-notice]', { timeout: 20_000 });
    expect(await page.textContent('[data-tabel-notice]')).toMatch(/недоступен|технические работы/);
    expect(await page.textContent('h1')).toContain('Технические работы');
    expect(await page.$$('main [data-tabel-subject], main [data-tabel-notice]')).toHaveLength(0);
    portal.setFaults({ ...DEFAULT_FAULTS });
  });
});

describe('the popup', () => {
  it('shows both children with their averages and the session state', async () => {
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.waitForSelector('[data-student] [data-overall]');
    await popup.waitForFunction(() => document.querySelectorAll('[data-student] [data-overall]').length === 2);
    const names = await popup.$$eval('[data-student] h2', (hs) => hs.map((h) => h.textContent));
    expect(names.join(' ')).toContain('Миша');
    expect(names.join(' ')).toContain('Лиза');
    expect(await popup.getAttribute('[data-session]', 'data-session')).toBe('alive');
    // The certificate average for the ninth-grader only, and a report per child.
    const [misha, liza] = portal.world.children;
    await popup.waitForSelector(`[data-student="${liza!.id}"] [data-certificate]`);
    expect(await popup.textContent(`[data-student="${liza!.id}"] [data-certificate] strong`)).toMatch(/^\d,\d\d$/);
    expect(await popup.$$(`[data-student="${misha!.id}"] [data-certificate]`)).toHaveLength(0);
    expect(await popup.getAttribute(`[data-student="${liza!.id}"] [data-report-link]`, 'href')).toContain(
      `report.html?student=${liza!.id}`,
    );
    await popup.setViewportSize({ width: 400, height: 640 });
    await popup.screenshot({ path: 'test-results/popup-ru.png' });
    await popup.close();
  });
});

describe('the options page', () => {
  it('saves a target and English, and the popup and overlay follow', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.waitForSelector('table input[type=number]');
    await options.screenshot({ path: 'test-results/options-ru.png', fullPage: true });
    const misha = portal.world.children[0]!;
    await options.fill(`input[aria-label="Цель: Все предметы"] >> nth=0`, '4.8');
    await options.press(`input[aria-label="Цель: Все предметы"] >> nth=0`, 'Tab');
    await options.check('input[name=lang] >> nth=1');
    await options.waitForSelector('h1:has-text("Tabel — settings")');
    await options.screenshot({ path: 'test-results/options-en.png', fullPage: true });
    const stored = await browser.worker!.evaluate(() => (globalThis as any).chrome.storage.local.get('settings'));
    expect((stored as any).settings.language).toBe('en');
    expect((stored as any).settings.targets[String(misha.id)]['*']).toBe(4.8);

    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 400, height: 640 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.waitForFunction(() => document.querySelectorAll('[data-student] [data-overall]').length === 2);
    expect(await popup.textContent('main')).toContain('Below target');
    await popup.screenshot({ path: 'test-results/popup-en.png' });

    await page.goto('https://school.mos.ru/diary/marks/current-marks');
    await page.selectOption('#student-switch', String(misha.id));
    await page.waitForFunction(() => document.querySelector('[data-tabel-subject]')?.textContent?.includes('to 4.80'));
    await page.screenshot({ path: 'test-results/overlay-en.png' });
    // The panel in English too (the stores' listing takes both).
    await page.click('[data-tabel-host] >> css=button.fab');
    await page.waitForFunction(
      () => !!document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelector('tabel-average')?.shadowRoot?.textContent?.match(/\d/),
    );
    expect(await page.evaluate(() => document.querySelector('[data-tabel-host]')!.shadowRoot!.textContent)).toContain('Averages');
    await page.screenshot({ path: 'test-results/overlay-panel-en.png' });
    await options.close();
    await popup.close();
  });
});
