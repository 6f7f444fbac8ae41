/**
 * «Сетевой город» on the emulated sgo.rso23.ru, its host enabled: the user logs in on the site as
 * usual; Tabel reads the diary with the page's own token (lent by the open diary tab from its
 * `appContext.at`, never kept) and the popup shows the child under «Сетевой город · Краснодарский
 * край» with the average the engine computes from the assignments' real weights.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { averageDigits, currentPeriod, formatAverage, overallAverage, subjectSummaries } from '../../lib/grades';
import type { Diary } from '../../lib/model/types';
import { importFileOf } from '../../lib/export/files';
import { todayOf } from '../../lib/dates';
import { NetSchoolClient } from '../../lib/sources/netschool/client';
import { createNetSchoolSource } from '../../lib/sources/netschool/source';
import { startPortal, type Portal } from '../../portal/server';
import { addMarks } from '../../portal/world';
import { SGO_HOST } from '../../portal/sgo';
import {
  launchChromium,
  logInAsParent,
  logInToSgo,
  messageBackground,
  patchSettings,
  withHostsGranted,
  type Launched,
} from '../support/chromium';
import { NO_QUIET_HOURS } from '../support/settings';
import { fetchWithCookies } from '../support/portal-fetch';

let portal: Portal;
let browser: Launched;
let granted: { dir: string; rm(): void };
const ORIGIN = `https://${SGO_HOST}`;

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  portal = await startPortal({ seed: 23 });
  granted = withHostsGranted([`${ORIGIN}/*`]);
  browser = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: true, extensionDir: granted.dir });
  await (await logInAsParent(browser)).close();
  // New marks' notifications are tested whatever the hour.
  await patchSettings(browser, NO_QUIET_HOURS);
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  granted?.rm();
});

describe('«Сетевой город»', () => {
  it('the popup shows the child with the average of the real weights, read with the page’s own token', async () => {
    const page = await logInToSgo(browser);
    const at = await page.evaluate(() => (window as any).appContext.at as string);

    // The same diary read in Node with the same session: what the engine says the popup should show.
    const jar = new Map((await browser.context.cookies(ORIGIN)).map((c) => [c.name, c.value]));
    const d = (
      await createNetSchoolSource(new NetSchoolClient({ origin: ORIGIN, token: () => at, fetch: fetchWithCookies(portal, jar) }), {
        timeZone: 'Europe/Moscow',
      }).fetchDiary(String(portal.sgo.children[0]!.id))
    ).value;
    const period = currentPeriod(d.periods, todayOf(d))!;
    const want = formatAverage(overallAverage(subjectSummaries(d, { period: period.id })).meanOfAverages, 'ru');
    expect(new Set(d.marks.map((m) => m.weight)).has(20)).toBe(true);

    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 420, height: 900 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const block = '[data-system="netschool"]';
    await popup.waitForSelector(`${block} [data-student="${portal.sgo.children[0]!.id}"] [data-overall]`, { timeout: 20_000 });
    expect(await popup.$$eval('.account-name', (hs) => hs.map((h) => h.textContent))).toEqual([
      'МЭШ · Москва',
      'Сетевой город · Краснодарский край',
    ]);
    expect(await popup.textContent(`${block} [data-overall]`)).toBe(want);
    // The site's own count of its idle timeout (context/lifetime, asked without extending it): 15 minutes for parents.
    expect(await popup.textContent(`[data-session-host="${SGO_HOST}"]`)).toMatch(
      /^Сессия сайта истекает через 1[45] мин — Табель продлевает её, пока открыт дневник$/,
    );
    await popup.screenshot({ path: 'test-results/popup-netschool-ru.png', fullPage: true });
    await patchSettings(browser, { language: 'en' });
    await popup.reload();
    await popup.waitForSelector(`${block} [data-overall]`);
    expect(await popup.$$eval('.account-name', (hs) => hs.map((h) => h.textContent))).toEqual([
      'MESH · Moscow',
      'Setevoy Gorod · Krasnodar Krai',
    ]);
    expect(await popup.textContent(`[data-session-host="${SGO_HOST}"]`)).toMatch(/^The site's session ends in 1[45] min/);
    await popup.screenshot({ path: 'test-results/popup-netschool-en.png', fullPage: true });
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.waitForSelector(`[data-host="${SGO_HOST}"] input:checked`);
    await options.locator('[data-section="diaries"]').screenshot({ path: 'test-results/options-diaries-en.png' });
    await options.close();
    await patchSettings(browser, { language: 'ru' });
    // On the site's diary page, the panel: each subject's figure as the engine computes it with the real weights.
    await page.reload();
    await page.waitForSelector('[data-tabel-host] >> css=button.fab', { timeout: 15_000 });
    await page.click('[data-tabel-host] >> css=button.fab');
    await page.waitForFunction(
      () => (document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelectorAll('ul.subjects li').length ?? 0) > 5,
      null,
      {
        timeout: 15_000,
      },
    );
    const shown = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelector('[data-tabel-host]')!.shadowRoot!.querySelectorAll('ul.subjects li')].map((li) => [
          li.children[0]!.textContent,
          li.children[1]!.textContent!.split(' ')[0],
        ]),
      ),
    );
    const figures = Object.fromEntries(
      subjectSummaries(d, { period: period.id })
        .filter((x) => x.exact)
        .map((x) => [x.subject.name, formatAverage(x.exact, 'ru')]),
    );
    expect(Object.keys(figures).length).toBeGreaterThan(0);
    expect(shown).toMatchObject(figures);
    await page.screenshot({ path: 'test-results/netschool-panel-ru.png' });
    // The token was lent for the reads, never kept: not in storage.
    const stored = JSON.stringify(await browser.worker!.evaluate(() => (globalThis as any).chrome.storage.local.get(null)));
    expect(stored).not.toContain(at);
    await popup.close();
    await page.close();
  });

  it('new marks on the site bring the badge and a notification, through the archive like MESH’s', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${ORIGIN}/app/school/studentdiary/`);
    await page.waitForSelector('[data-tabel-host] >> css=button.fab', { timeout: 15_000 });
    const child = portal.sgo.children[0]!;
    // What the page showed is seen; marks added after that are new.
    await expect
      .poll(async () =>
        Object.keys(((await browser.worker!.evaluate(() => (globalThis as any).chrome.storage.local.get('seen'))) as any).seen ?? {}),
      )
      .toContain(String(child.id));
    const before = (await messageBackground(browser, { type: 'tabel:check-now' })) as { badge: number };
    addMarks(portal.sgo, { childId: child.id, count: 2, value: '5', weight: 2 });
    const after = (await messageBackground(browser, { type: 'tabel:check-now' })) as { badge: number };
    expect(after.badge - before.badge).toBe(2);
    // The notification is made after the merge is answered: poll for it.
    await expect
      .poll(async () => Object.keys((await browser.worker!.evaluate(() => (globalThis as any).chrome.notifications.getAll())) as object))
      .toContainEqual(expect.stringMatching(new RegExp(`^tabel-new-${child.id}-`)));
    // Their weight is the site's own, from assigns/{id}: 2 units of 10.
    const h = (await messageBackground(browser, { type: 'tabel:history', studentId: String(child.id) })) as {
      diaries: Array<{ marks: Array<{ id: string; weight: number }> }>;
    };
    const ids = new Set(child.marks.slice(-2).map((m) => String(m.id)));
    expect(h.diaries[0]!.marks.filter((m) => ids.has(m.id)).map((m) => m.weight)).toEqual([20, 20]);
    await page.close();
  });

  it('when the site is down: the last known diary with its time on its page and in the popup; exported and reported like MESH’s', async () => {
    const id = String(portal.sgo.children[0]!.id);
    const archived = ((await messageBackground(browser, { type: 'tabel:history', studentId: id })) as { diaries: Diary[] }).diaries[0]!;
    expect(archived.marks.length).toBeGreaterThan(20);
    await messageBackground(browser, { type: 'tabel:forget' });
    portal.setFaults({ sgoMaintenance: true });
    onTestFinished(() => portal.setFaults({ sgoMaintenance: false }));
    const page = await browser.context.newPage();
    await page.goto(`${ORIGIN}/app/school/studentdiary/`);
    expect(await page.textContent('h1')).toContain('Технические работы');
    // No diary page, so no token to read: the site's own answer says it is down, not that the session is gone.
    await page.waitForSelector('[data-tabel-notice]', { timeout: 20_000 });
    expect(await page.textContent('[data-tabel-notice]')).toContain('последние известные данные');
    // No subject rows on the maintenance page: once the page has had its moment to draw them, the button says so (⚠).
    await page.waitForFunction(() =>
      document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelector('button.fab')?.textContent?.includes('⚠'),
    );
    await page.click('[data-tabel-host] >> css=button.fab');
    await page.waitForFunction(
      () => (document.querySelector('[data-tabel-host]')?.shadowRoot?.querySelectorAll('ul.subjects li').length ?? 0) > 5,
    );
    await page.screenshot({ path: 'test-results/netschool-offline-ru.png' });
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 420, height: 900 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    // Chromium may hold the extension's requests to the host back after its 503s: "no answer" is offline too, never a logout.
    await popup.waitForSelector(`[data-system="netschool"] [data-student="${id}"] [data-as-of]`, { timeout: 20_000 });
    await popup.screenshot({ path: 'test-results/popup-netschool-offline-ru.png', fullPage: true });
    portal.setFaults({ sgoMaintenance: false });
    await page.close();

    // The options' export holds the child's archived diary as it is; the printed report agrees with the engine on it.
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.waitForSelector('[data-archive-summary]');
    const [download] = await Promise.all([options.waitForEvent('download'), options.click('[data-export=json]')]);
    const file = importFileOf(readFileSync((await download.path())!, 'utf8'));
    expect(file.ok && file.diaries.find((d) => d.student.id === id)).toEqual(archived);
    await options.close();
    const report = await browser.context.newPage();
    await report.goto(`chrome-extension://${browser.extensionId}/report.html`);
    await report.waitForSelector(`[data-report-student="${id}"] tabel-grade-table`);
    for (const p of archived.periods) {
      const cells = await report.$$eval(`[data-report-student="${id}"] td[data-period="${p.id}"]`, (els) =>
        els.map((e) => [e.getAttribute('data-subject'), e.getAttribute('data-average')]),
      );
      // Every subject of the year has its row; a period without its marks shows none.
      const want = subjectSummaries(archived, { period: p.id });
      expect(cells.length, p.name).toBe(want.length);
      for (const [subject, avg] of cells) {
        const x = want.find((w) => w.subject.id === subject)!;
        expect(avg, `${subject} in ${p.name}`).toBe(x.exact === null ? null : averageDigits(x.exact));
      }
    }
    await report.screenshot({ path: 'test-results/report-netschool-ru.png', fullPage: true });
    await report.close();
    await popup.close();
  });

  it('keeps the session through an idle spell longer than tokenTimeOut while the keeper is on, and lets it end when it is off', async () => {
    portal.setFaults({ sgoTimeoutMs: 6000 });
    const page = await logInToSgo(browser);
    await page.waitForSelector('[data-tabel-host] >> css=button.fab', { timeout: 15_000 });
    const at = await page.evaluate(() => (window as any).appContext.at as string);
    const jar = new Map((await browser.context.cookies(ORIGIN)).map((c) => [c.name, c.value]));
    const alive = async () => (await fetchWithCookies(portal, jar)(`${ORIGIN}/webapi/student/diary/init`, { headers: { at } })).status;
    const idle = async (ms: number) => {
      // The page does nothing; only the keeper's ticks (its alarm, hurried here) reach the site.
      for (const end = Date.now() + ms; Date.now() < end;) {
        await messageBackground(browser, { type: 'tabel:keeper-alarm' });
        await new Promise((r) => setTimeout(r, 1500));
      }
    };
    await idle(9000);
    expect(await alive()).toBe(200);
    const s = (await messageBackground(browser, { type: 'tabel:session' })) as {
      sessions: Array<{ host: string; state: string; renewals: number }>;
    };
    expect(s.sessions.find((x) => x.host === SGO_HOST)).toMatchObject({ state: 'alive' });
    expect(s.sessions.find((x) => x.host === SGO_HOST)!.renewals).toBeGreaterThan(2);
    // Off: the site's own idle logout comes.
    await patchSettings(browser, { keeper: { enabled: false, limit: { kind: 'always' } } });
    await idle(8000);
    expect(await alive()).toBe(401);
    await patchSettings(browser, { keeper: { enabled: true, limit: { kind: 'always' } } });
    portal.setFaults({ sgoTimeoutMs: 900_000 });
    await page.close();
  }, 60_000);

  it('the site’s SecurityWarning instead of its answers: reads and the keeper stop, and the popup says to confirm it on the site', async () => {
    const page = await logInToSgo(browser);
    await page.waitForSelector('[data-tabel-host] >> css=button.fab', { timeout: 15_000 });
    portal.setFaults({ sgoSecurityWarning: true });
    onTestFinished(() => portal.setFaults({ sgoSecurityWarning: false }));
    await messageBackground(browser, { type: 'tabel:forget' });
    await messageBackground(browser, { type: 'tabel:keeper-alarm' });
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 420, height: 900 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const card = `[data-system="netschool"] [data-student="${portal.sgo.children[0]!.id}"]`;
    await popup.waitForSelector(`${card}[data-failed="session-expired"] .error`, { timeout: 20_000 });
    // Said once, on the account's session line; the child's card says what it means for the marks.
    expect(await popup.textContent(`[data-session-host="${SGO_HOST}"]`)).toContain(
      'предупреждение о безопасности: откройте дневник и подтвердите его',
    );
    expect(await popup.textContent(`${card} .error`)).toBe('Оценки появятся, когда предупреждение будет подтверждено.');
    expect(await popup.evaluate(() => document.body.textContent!.split('предупреждение о безопасности').length - 1)).toBe(1);
    await popup.screenshot({ path: 'test-results/popup-netschool-security-warning-ru.png', fullPage: true });
    await patchSettings(browser, { language: 'en' });
    onTestFinished(() => patchSettings(browser, { language: 'ru' }));
    await popup.reload();
    await popup.waitForSelector(`${card}[data-failed="session-expired"] .error`, { timeout: 20_000 });
    expect(await popup.textContent(`${card} .error`)).toBe('The marks will show once the warning is confirmed.');
    await popup.screenshot({ path: 'test-results/popup-netschool-security-warning-en.png', fullPage: true });
    // The keeper stopped: its next ticks ask the site nothing.
    const before = portal.requests.filter((r) => r.host === SGO_HOST && r.path.startsWith('/webapi/context/keepAlive')).length;
    await messageBackground(browser, { type: 'tabel:keeper-alarm' });
    await messageBackground(browser, { type: 'tabel:keeper-alarm' });
    expect(portal.requests.filter((r) => r.host === SGO_HOST && r.path.startsWith('/webapi/context/keepAlive')).length).toBe(before);
    await popup.close();
    await page.close();
  });

  it('without an open diary tab there is no token to read with: the child’s card says to log in on the site, nothing guessed', async () => {
    for (const p of browser.context.pages()) if (p.url().startsWith(ORIGIN)) await p.close();
    await messageBackground(browser, { type: 'tabel:forget' });
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.waitForSelector('[data-system="mesh"] [data-student] [data-overall]');
    // The child's card says to log in on the site (a page session is the only way in), and shows no figure read otherwise.
    const card = `[data-system="netschool"] [data-student="${portal.sgo.children[0]!.id}"]`;
    await popup.waitForSelector(`${card}[data-failed="session-expired"] .error`);
    expect(await popup.textContent(`${card} .error`)).toContain('Откройте дневник и войдите');
    expect(await popup.$$(`${card} [data-overall]`)).toHaveLength(0);
    await popup.screenshot({ path: 'test-results/popup-netschool-no-tab-ru.png', fullPage: true });
    await popup.close();
  });
});
