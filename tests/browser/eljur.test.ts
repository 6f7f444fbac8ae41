/**
 * An ЭлЖур school site (the emulated gym29.eljur.ru, a `<vendor>.eljur.ru` no list can hold): the
 * user logs in on its own page, opens the popup there and turns Tabel on; then the overlay puts each
 * subject's figure beside its name in the grades grid, for the period the page shows, marked
 * approximate (the grid shows no weights), and the popup shows the child. Everything is read from
 * the site's pages with the user's session; its `/apiv3/` is never called.
 *
 * Headless Chromium cannot answer the permission prompt: the host's permission is in the test
 * copy's manifest, as if the user had said yes (as in netschool-found-host.test.ts).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { averageDigits, subjectSummaries } from '../../lib/grades';
import { eljurPages } from '../../lib/sources/eljur/client';
import { createEljurSource } from '../../lib/sources/eljur/source';
import type { Diary } from '../../lib/model/types';
import { ELJUR_HOST } from '../../portal/eljur/site';
import { startPortal, type Portal } from '../../portal/server';
import { addMarks } from '../../portal/world';
import { launchChromium, messageBackground, patchSettings, withHostsGranted, type Launched } from '../support/chromium';
import { NO_QUIET_HOURS } from '../support/settings';
import { openPanel, resultsOn, type ShownResult } from '../support/overlay-results';
import { fetchWithCookies } from '../support/portal-fetch';

const ORIGIN = `https://${ELJUR_HOST}`;
let portal: Portal;
let browser: Launched;
let granted: { dir: string; rm(): void };

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  portal = await startPortal({ seed: 41 });
  granted = withHostsGranted([`${ORIGIN}/*`]);
  browser = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: true, extensionDir: granted.dir });
  // New marks' notifications are tested whatever the hour.
  await patchSettings(browser, NO_QUIET_HOURS);
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  granted?.rm();
});

const tabOf = () =>
  browser.worker!.evaluate(async (o: string) => {
    const [tab] = await (globalThis as any).chrome.tabs.query({ url: `${o}/*` });
    return tab.id as number;
  }, ORIGIN);

async function popup() {
  const p = await browser.context.newPage();
  await p.setViewportSize({ width: 420, height: 640 });
  await p.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabOf()}`);
  return p;
}

/** The diary as Tabel's source reads it, in Node with the browser's cookies: what every figure is checked against. */
async function diary(): Promise<Diary> {
  const jar = new Map((await browser.context.cookies(ORIGIN)).map((c) => [c.name, c.value]));
  const src = createEljurSource(eljurPages({ origin: ORIGIN, fetch: fetchWithCookies(portal, jar) }), { timeZone: 'Europe/Moscow' });
  return (await src.fetchDiary(String(portal.eljur.children[0]!.id))).value;
}

function expectFigures(d: Diary, shown: ShownResult[], period: string) {
  expect(shown.length).toBeGreaterThan(5);
  const rows = subjectSummaries(d, { period });
  for (const r of shown) {
    const s = rows.find((x) => x.subject.name === r.subject)!;
    expect(s, r.subject).toBeDefined();
    expect(r.period, r.subject).toBe(period);
    expect(r.average, `${r.subject} in ${period}`).toBe(s.exact ? averageDigits(s.exact) : '');
    if (s.exact) {
      expect(r.text, r.subject).toContain('≈');
      // Why, once per figure in its tooltip (not a note on every row: every row of this site would repeat it).
      expect(r.title, r.subject).toContain('Приблизительно: ЭлЖур не показывает вес оценок, каждая посчитана один раз');
      expect(r.text, r.subject).not.toContain('Приблизительно');
    }
  }
}

describe('ЭлЖур', () => {
  it('turned on from the popup on its own page: each subject’s figure in the grid, approximate, for the period the page shows; the popup shows the child', async () => {
    await patchSettings(browser, { language: 'ru' });
    const page = await browser.context.newPage();
    await page.goto(`${ORIGIN}/authorize`);
    await page.fill('#username', 'parent');
    await page.fill('#password', 'parent');
    await page.click('#enter');
    await page.waitForURL(`${ORIGIN}/journal-app`);
    const child = portal.eljur.children[0]!;
    await page.click(`a[href="/journal-student-grades-action/u.${child.id}"]`);
    await page.waitForSelector('[mark_date]');
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => !!document.querySelector('[data-tabel-subject],[data-tabel-host]'))).toBe(false);

    const offer = `[data-site="${ELJUR_HOST}"]`;
    const p = await popup();
    await p.waitForSelector(`${offer} [data-enable-site]`, { timeout: 15_000 });
    expect(await p.textContent(`${offer} h2`)).toBe('Похоже, это дневник «ЭлЖур»');
    await p.screenshot({ path: 'test-results/eljur-offer-ru.png' });
    await p.click(`${offer} [data-enable-site]`);
    await p.waitForSelector(`${offer}[data-state="on"]`);

    // The default grades page shows the current quarter: the figures are that quarter's.
    await page.waitForSelector('[data-tabel-subject]', { timeout: 20_000 });
    const d = await diary();
    const current = d.periods.find((x) => x.start <= portal.eljur.today && portal.eljur.today <= x.end)!;
    expectFigures(d, await resultsOn(page), current.id);
    await page.screenshot({ path: 'test-results/eljur-grid-ru.png', fullPage: true });

    // Another quarter from the page's own links: its URL names it, the figures follow.
    await page.click('a[href$="/sp.I+%D1%87%D0%B5%D1%82%D0%B2%D0%B5%D1%80%D1%82%D1%8C"]');
    await page.waitForURL(/sp\.I\+/);
    await page.waitForSelector('[data-tabel-subject]', { timeout: 20_000 });
    expectFigures(d, await resultsOn(page), 'I четверть');

    // The panel on the same page: its figures approximate too.
    const panelText = await openPanel(page);
    expect(panelText).toContain('≈');
    await page.screenshot({ path: 'test-results/eljur-panel-ru.png' });

    // Every class and id of the site's pages random: the overlay finds the rows by their names, the figures the same.
    portal.setFaults({ layout: 'random' });
    onTestFinished(() => portal.setFaults({ layout: 'v1' }));
    await page.reload();
    await page.waitForSelector('[data-tabel-subject]', { timeout: 20_000 });
    expect(await page.evaluate(() => !!document.querySelector('[class*="cell-data"], .row, .cells'))).toBe(false);
    expectFigures(d, await resultsOn(page), 'I четверть');
    await page.screenshot({ path: 'test-results/eljur-grid-random-ru.png' });
    // The grid as a table, and as a card per subject: each subject's figure in its own row or card.
    for (const layout of ['table', 'cards'] as const) {
      portal.setFaults({ layout });
      await page.reload();
      await page.waitForSelector('[data-tabel-subject]', { timeout: 20_000 });
      expect(
        await page.evaluate((l) => !!document.querySelector(l === 'table' ? 'table td[mark_date]' : 'section span[mark_date]'), layout),
      ).toBe(true);
      expectFigures(d, await resultsOn(page), 'I четверть');
      // In its subject's row or card: the nearest row or card holding the result names that subject and no other.
      const misplaced = await page.evaluate(
        () =>
          [...document.querySelectorAll('[data-tabel-subject]')].filter((e) => {
            const box = e.closest('tr, section')!;
            const names = new Set([...box.querySelectorAll('[name]')].map((n) => n.getAttribute('name')));
            return names.size !== 1 || !names.has(e.getAttribute('data-tabel-subject'));
          }).length,
      );
      expect(misplaced, layout).toBe(0);
      await page.screenshot({ path: `test-results/eljur-grid-${layout}-ru.png` });
    }
    portal.setFaults({ layout: 'random' });

    // The popup: the account under the host's name, the child's overall figure marked approximate.
    await p.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabOf()}`);
    const overall = `[data-system="eljur"] [data-student="${child.id}"] [data-overall]`;
    await p.waitForSelector(overall, { timeout: 20_000 });
    expect(await p.$$eval('.account-name', (hs) => hs.map((h) => h.textContent))).toContain(`ЭлЖур · ${ELJUR_HOST}`);
    expect(await p.textContent(overall)).toMatch(/^≈ \d,\d\d$/);
    await p.screenshot({ path: 'test-results/eljur-popup-ru.png' });

    // In English: the figures' tooltips and the popup say it in English.
    await patchSettings(browser, { language: 'en' });
    onTestFinished(() => patchSettings(browser, { language: 'ru' }));
    await page.reload();
    await page.waitForSelector('[data-tabel-subject]', { timeout: 20_000 });
    const en = (await resultsOn(page)).find((r) => r.average)!;
    expect(en.title).toContain("Approximate: Eljur does not show the marks' weights, so each counts once");
    await page.screenshot({ path: 'test-results/eljur-grid-en.png' });
    await p.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabOf()}`);
    await p.waitForSelector(overall, { timeout: 20_000 });
    expect(await p.$$eval('.account-name', (hs) => hs.map((h) => h.textContent))).toContain(`Eljur · ${ELJUR_HOST}`);
    expect(await p.getAttribute(overall, 'title')).toBe("Approximate: the site does not show the marks' weights, so each counts once.");
    await p.screenshot({ path: 'test-results/eljur-popup-en.png' });

    // Only the site's pages were read: its API (which needs a developer key) never.
    expect(portal.eljurApiCalls).toEqual([]);
    await p.close();
    await page.close();
  }, 120_000);

  it('new marks on the site bring the badge and a notification; when the site is down, the last known diary, marked so', async () => {
    const page = await browser.context.newPage();
    const child = portal.eljur.children[0]!;
    await page.goto(`${ORIGIN}/journal-student-grades-action/u.${child.id}`);
    await page.waitForSelector('[data-tabel-subject]', { timeout: 20_000 });
    await expect
      .poll(async () =>
        Object.keys(((await browser.worker!.evaluate(() => (globalThis as any).chrome.storage.local.get('seen'))) as any).seen ?? {}),
      )
      .toContain(String(child.id));
    const before = (await messageBackground(browser, { type: 'tabel:check-now' })) as { badge: number };
    // Two fives today, in two subjects that had no mark today: two new cells.
    const today = portal.eljur.today;
    const free = child.subjects.filter((s) => s.scale === 'five' && !child.marks.some((m) => m.subjectId === s.id && m.date === today));
    for (const s of free.slice(0, 2)) addMarks(portal.eljur, { childId: child.id, count: 1, value: '5', subjectId: s.id });
    const after = (await messageBackground(browser, { type: 'tabel:check-now' })) as { badge: number };
    expect(after.badge - before.badge).toBe(2);
    await expect
      .poll(async () => Object.keys((await browser.worker!.evaluate(() => (globalThis as any).chrome.notifications.getAll())) as object))
      .toContainEqual(expect.stringMatching(new RegExp(`^tabel-new-${child.id}-`)));

    // The site down: its pages answer 503; the popup shows the last known diary with its time.
    portal.setFaults({ eljurDown: true });
    onTestFinished(() => portal.setFaults({ eljurDown: false }));
    await messageBackground(browser, { type: 'tabel:forget' });
    const p = await browser.context.newPage();
    await p.setViewportSize({ width: 420, height: 640 });
    await p.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const card = `[data-system="eljur"] [data-student="${child.id}"]`;
    await p.waitForSelector(`${card} [data-as-of]`, { timeout: 20_000 });
    expect(await p.textContent(`${card} [data-as-of]`)).toContain('последние известные данные');
    expect(await p.textContent(`${card} [data-overall]`)).toMatch(/^≈ \d,\d\d$/);
    await p.screenshot({ path: 'test-results/eljur-popup-offline-ru.png' });
    await p.close();
    await page.close();
  }, 90_000);

  it('a session gone (the site sends its pages to /authorize): the popup says to log in again, and nothing is polled to keep it', async () => {
    portal.setFaults({ eljurIdleMs: 0 });
    onTestFinished(() => portal.setFaults({ eljurIdleMs: 30 * 60_000 }));
    await new Promise((r) => setTimeout(r, 20));
    await messageBackground(browser, { type: 'tabel:forget' });
    const p = await browser.context.newPage();
    await p.setViewportSize({ width: 420, height: 640 });
    await p.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    // The account says it: the site's pages go to its login page, so not even the children can be listed.
    const account = `[data-system="eljur"] .error`;
    await p.waitForSelector(account, { timeout: 20_000 });
    expect(await p.textContent(account)).toContain('Вы не вошли в дневник или сессия истекла. Откройте дневник и войдите');
    expect(await p.$$('[data-system="eljur"] [data-overall]')).toHaveLength(0);
    await p.screenshot({ path: 'test-results/eljur-popup-expired-ru.png' });
    // No keeper for ЭлЖур: its ticks ask the site nothing.
    const before = portal.requests.filter((r) => r.host === ELJUR_HOST).length;
    await messageBackground(browser, { type: 'tabel:keeper-alarm' });
    await messageBackground(browser, { type: 'tabel:keeper-alarm' });
    expect(portal.requests.filter((r) => r.host === ELJUR_HOST).length).toBe(before);
    expect(portal.eljurApiCalls).toEqual([]);
    await p.close();
  }, 60_000);
});
