/**
 * Дневник.ру (the emulated dnevnik.ru, login.dnevnik.ru and a parent's children.dnevnik.ru), its
 * hosts enabled: the parent logs in on the site; on its period table each subject shows the site's
 * own weighted average as the figure (the site knows the weights it never shows), Tabel's plain mean
 * beside it labelled as such, in Russian and in English, on the site's markup and on one with every
 * class and id random; the panel; the popup with the child, beside a child on ЭлЖур; new marks →
 * badge and notification; the site down → the last known data; a session gone → told, nothing polled.
 * Everything is read from the site's pages and the JSON its feed fetches, with the user's cookies.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { averageDigits, formatAverage, subjectSummaries } from '../../lib/grades';
import { importFileOf } from '../../lib/export/files';
import type { Diary } from '../../lib/model/types';
import { dnevnikSite } from '../../lib/sources/dnevnik/client';
import { createDnevnikSource } from '../../lib/sources/dnevnik/source';
import { DNEVNIK_CHILDREN_HOST, DNEVNIK_HOST, DNEVNIK_LOGIN_HOST } from '../../portal/dnevnik/site';
import { ELJUR_HOST } from '../../portal/eljur/site';
import { startPortal, type Portal } from '../../portal/server';
import { addMarks } from '../../portal/world';
import { launchChromium, messageBackground, patchSettings, withHostsGranted, type Launched } from '../support/chromium';
import { NO_QUIET_HOURS } from '../support/settings';
import { openPanel, resultsOn, type ShownResult } from '../support/overlay-results';
import { fetchWithCookies } from '../support/portal-fetch';

let portal: Portal;
let browser: Launched;
let granted: { dir: string; rm(): void };

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  portal = await startPortal({ seed: 43 });
  granted = withHostsGranted([DNEVNIK_CHILDREN_HOST, DNEVNIK_HOST, DNEVNIK_LOGIN_HOST, ELJUR_HOST].map((h) => `https://${h}/*`));
  browser = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: true, extensionDir: granted.dir });
  // New marks' notifications are tested whatever the hour.
  await patchSettings(browser, NO_QUIET_HOURS);
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  granted?.rm();
});

const child = () => portal.dnevnik.children[0]!;
const table = (n: number) => `https://${DNEVNIK_CHILDREN_HOST}/marks.aspx?child=${child().id}&tab=period&period=${n}`;

async function popup(width = 420) {
  const p = await browser.context.newPage();
  await p.setViewportSize({ width, height: 640 });
  await p.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  return p;
}

/** The diary as Tabel's source reads it, in Node with the browser's cookies: what every figure is checked against. */
async function diary(): Promise<Diary> {
  const jar = new Map((await browser.context.cookies(`https://${DNEVNIK_HOST}`)).map((c) => [c.name, c.value]));
  return (
    await createDnevnikSource(dnevnikSite({ origin: `https://${DNEVNIK_HOST}`, fetch: fetchWithCookies(portal, jar) }), {
      timeZone: 'Europe/Moscow',
      schoolsOrigin: `https://${DNEVNIK_CHILDREN_HOST}`,
    }).fetchDiary(String(child().id))
  ).value;
}

/** Every subject: the site's own figure where it gives one, named as the site's, with Tabel's plain mean beside it; Tabel's, approximate, where not. */
function expectFigures(d: Diary, shown: ShownResult[], period: string, lang: 'ru' | 'en') {
  expect(shown.length).toBeGreaterThan(5);
  const rows = subjectSummaries(d, { period });
  let theirs = 0;
  for (const r of shown) {
    const s = rows.find((x) => x.subject.name === r.subject)!;
    expect(s, r.subject).toBeDefined();
    expect(r.title, r.subject).toContain(d.periods.find((p) => p.id === period)!.name);
    const site = s.reported?.average;
    if (site !== undefined && s.exact) {
      theirs++;
      expect(r.average, r.subject).toBe(site.toFixed(2));
      expect(r.figure, r.subject).toMatch(
        new RegExp(`^${lang === 'ru' ? 'Дневник\\.ру' : 'Dnevnik\\.ru'}: ${formatAverage(site, lang)} → \\d$`),
      );
      expect(r.title, r.subject).toContain(
        lang === 'ru'
          ? 'Средний балл Дневник.ру: сайт учитывает вес оценок, которого не показывает'
          : "Dnevnik.ru's own average: the site weighs the marks, and does not show the weights",
      );
      expect(r.text, r.subject).toContain(
        `${lang === 'ru' ? 'Tabel без учёта весов' : 'Tabel without weights'}: ≈ ${formatAverage(s.exact, lang)} → ${s.periodMark}`,
      );
    } else {
      expect(r.average, r.subject).toBe(s.exact ? averageDigits(s.exact) : '');
      if (s.exact) expect(r.figure, r.subject).toMatch(/^≈ /);
    }
  }
  expect(theirs).toBeGreaterThan(5);
}

describe('Дневник.ру', () => {
  it('on a parent’s period table: the site’s own average as each subject’s figure, Tabel’s plain mean beside it; random markup, cards, English, the panel, the popup', async () => {
    await patchSettings(browser, { language: 'ru' });
    const page = await browser.context.newPage();
    await page.goto(`https://${DNEVNIK_LOGIN_HOST}/login`);
    await page.fill('#login', 'parent');
    await page.fill('#password', 'parent');
    await page.click('#enter');
    await page.waitForURL(`https://${DNEVNIK_HOST}/userfeed`);
    await page.goto(table(1));
    await page.waitForSelector('[data-tabel-subject]', { timeout: 20_000 });
    const d = await diary();
    const q1 = d.periods[0]!.id;
    expectFigures(d, await resultsOn(page), q1, 'ru');
    await page.screenshot({ path: 'test-results/dnevnik-period-table-ru.png', fullPage: true });

    // Every class and id of the site's pages random (the source reads its period table by content too): the same figures.
    portal.setFaults({ layout: 'random' });
    onTestFinished(() => portal.setFaults({ layout: 'v1' }));
    await messageBackground(browser, { type: 'tabel:forget' });
    await page.reload();
    await page.waitForSelector('[data-tabel-subject]', { timeout: 20_000 });
    expect(await page.evaluate(() => !!document.querySelector('#journal, strong.u, span.mark'))).toBe(false);
    expectFigures(d, await resultsOn(page), q1, 'ru');
    await page.screenshot({ path: 'test-results/dnevnik-period-table-random-ru.png', fullPage: true });

    // No table at all, a card per subject with its figures labelled: each figure in its own subject's card.
    portal.setFaults({ layout: 'cards' });
    await messageBackground(browser, { type: 'tabel:forget' });
    await page.reload();
    await page.waitForSelector('[data-tabel-subject]', { timeout: 20_000 });
    expect(await page.evaluate(() => !!document.querySelector('table'))).toBe(false);
    expectFigures(d, await resultsOn(page), q1, 'ru');
    const misplaced = await page.evaluate(
      () =>
        [...document.querySelectorAll('[data-tabel-subject]')].filter(
          (e) => e.closest('section')?.querySelector('h3')?.textContent !== e.getAttribute('data-tabel-subject'),
        ).length,
    );
    expect(misplaced).toBe(0);
    await page.screenshot({ path: 'test-results/dnevnik-period-table-cards-ru.png', fullPage: true });
    // Read again within the day (the recent weeks only, the rest from the archive): every mark once.
    const again = (await messageBackground(browser, { type: 'tabel:diary', studentId: String(child().id) })) as { diary: Diary };
    expect(again.diary.marks.length).toBe(d.marks.length);
    expect(new Set(again.diary.marks.map((m) => m.id)).size).toBe(d.marks.length);
    portal.setFaults({ layout: 'random' });

    // The panel on the same page: Tabel's own figures, approximate.
    const panelText = await openPanel(page);
    expect(panelText).toContain('≈');
    await page.screenshot({ path: 'test-results/dnevnik-panel-ru.png' });

    const p = await popup();
    const overall = `[data-system="dnevnik"] [data-student="${child().id}"] [data-overall]`;
    await p.waitForSelector(overall, { timeout: 20_000 });
    expect(await p.textContent(overall)).toMatch(/^≈ \d,\d\d$/);
    expect(await p.$$eval('.account-name', (hs) => hs.map((h) => h.textContent))).toContain('Дневник.ру · dnevnik.ru (родитель)');
    await p.screenshot({ path: 'test-results/dnevnik-popup-ru.png' });

    // In English: the figures, their tooltips and the popup.
    await patchSettings(browser, { language: 'en' });
    onTestFinished(() => patchSettings(browser, { language: 'ru' }));
    await page.goto(table(2));
    await page.waitForSelector('[data-tabel-subject]', { timeout: 20_000 });
    expectFigures(d, await resultsOn(page), d.periods[1]!.id, 'en');
    await page.screenshot({ path: 'test-results/dnevnik-period-table-en.png', fullPage: true });
    await p.reload();
    await p.waitForSelector(overall, { timeout: 20_000 });
    expect(await p.$$eval('.account-name', (hs) => hs.map((h) => h.textContent))).toContain('Dnevnik.ru · dnevnik.ru (parent)');
    await p.screenshot({ path: 'test-results/dnevnik-popup-en.png' });
    await p.close();
    await page.close();
  }, 150_000);

  it('beside a child on ЭлЖур: the popup shows both, each under its own system', async () => {
    const page = await browser.context.newPage();
    await page.goto(`https://${ELJUR_HOST}/authorize`);
    await page.fill('#username', 'parent');
    await page.fill('#password', 'parent');
    await page.click('#enter');
    await page.waitForURL(`https://${ELJUR_HOST}/journal-app`);
    // ЭлЖур's school host is one no list holds: turned on from the popup on its page, as a user does.
    const tab = await browser.worker!.evaluate(async (o: string) => {
      const [t] = await (globalThis as any).chrome.tabs.query({ url: `${o}/*` });
      return t.id as number;
    }, `https://${ELJUR_HOST}`);
    const offer = await browser.context.newPage();
    await offer.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tab}`);
    await offer.click(`[data-site="${ELJUR_HOST}"] [data-enable-site]`, { timeout: 15_000 });
    await offer.waitForSelector(`[data-site="${ELJUR_HOST}"][data-state="on"]`);
    await offer.close();

    const p = await popup(640);
    const dnevnik = `[data-system="dnevnik"] [data-student="${child().id}"] [data-overall]`;
    const eljur = `[data-system="eljur"] [data-student="${portal.eljur.children[0]!.id}"] [data-overall]`;
    await p.waitForSelector(dnevnik, { timeout: 20_000 });
    await p.waitForSelector(eljur, { timeout: 20_000 });
    expect(await p.$$eval('.account-name', (hs) => hs.map((h) => h.textContent))).toEqual(
      expect.arrayContaining(['Дневник.ру · dnevnik.ru (родитель)', `ЭлЖур · ${ELJUR_HOST}`]),
    );
    for (const s of [dnevnik, eljur]) expect(await p.textContent(s)).toMatch(/^≈ \d,\d\d$/);
    await p.screenshot({ path: 'test-results/dnevnik-eljur-popup-ru.png', fullPage: true });
    await p.close();
    await page.close();
  }, 90_000);

  it('new marks on the site bring the badge and a notification; when the site is down, the last known diary, marked so, and its export and report', async () => {
    const page = await browser.context.newPage();
    await page.goto(table(2));
    await page.waitForSelector('[data-tabel-subject]', { timeout: 20_000 });
    await expect
      .poll(async () =>
        Object.keys(((await browser.worker!.evaluate(() => (globalThis as any).chrome.storage.local.get('seen'))) as any).seen ?? {}),
      )
      .toContain(String(child().id));
    const before = (await messageBackground(browser, { type: 'tabel:check-now' })) as { badge: number };
    const today = portal.dnevnik.today;
    const free = child().subjects.filter((s) => s.scale === 'five' && !child().marks.some((m) => m.subjectId === s.id && m.date === today));
    for (const s of free.slice(0, 2)) addMarks(portal.dnevnik, { childId: child().id, count: 1, value: '5', subjectId: s.id });
    const after = (await messageBackground(browser, { type: 'tabel:check-now' })) as { badge: number };
    expect(after.badge - before.badge).toBe(2);
    await expect
      .poll(async () => Object.keys((await browser.worker!.evaluate(() => (globalThis as any).chrome.notifications.getAll())) as object))
      .toContainEqual(expect.stringMatching(new RegExp(`^tabel-new-${child().id}-`)));

    portal.setFaults({ dnevnikDown: true });
    onTestFinished(() => portal.setFaults({ dnevnikDown: false }));
    await messageBackground(browser, { type: 'tabel:forget' });
    const p = await popup();
    const card = `[data-system="dnevnik"] [data-student="${child().id}"]`;
    await p.waitForSelector(`${card} [data-as-of]`, { timeout: 20_000 });
    expect(await p.textContent(`${card} [data-as-of]`)).toContain('последние известные данные');
    expect(await p.textContent(`${card} [data-overall]`)).toMatch(/^≈ \d,\d\d$/);
    await p.screenshot({ path: 'test-results/dnevnik-popup-offline-ru.png' });
    await p.close();
    await page.close();

    // With the site still down: the options' export holds the archived diary as it is, and the printed report shows it,
    // the site's own average first with Tabel's plain one under it marked approximate, and why, once; the ЭлЖур child beside.
    const id = String(child().id);
    const archived = ((await messageBackground(browser, { type: 'tabel:history', studentId: id })) as { diaries: Diary[] }).diaries[0]!;
    expect(archived.reported?.length).toBeGreaterThan(10);
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.waitForSelector('[data-archive-summary]');
    const [download] = await Promise.all([options.waitForEvent('download'), options.click('[data-export=json]')]);
    const file = importFileOf(readFileSync((await download.path())!, 'utf8'));
    expect(file.ok && file.diaries.find((x) => x.student.id === id)).toEqual(archived);
    await options.close();
    const report = await browser.context.newPage();
    await report.goto(`chrome-extension://${browser.extensionId}/report.html`);
    await report.waitForSelector(`[data-report-student="${id}"] td[data-period]`);
    const q1 = archived.periods[0]!.id;
    const cells = await report.$$eval(`[data-report-student="${id}"] td[data-period="${q1}"]`, (els) =>
      els.map((e) => ({
        subject: e.getAttribute('data-subject')!,
        average: e.getAttribute('data-average'),
        site: e.querySelector('[data-site-average]')?.getAttribute('data-site-average') ?? null,
        text: e.textContent ?? '',
      })),
    );
    const want = subjectSummaries(archived, { period: q1 });
    expect(cells.length).toBe(want.length);
    let sites = 0;
    for (const c of cells) {
      const x = want.find((w) => w.subject.id === c.subject)!;
      expect(c.average, x.subject.name).toBe(x.exact ? averageDigits(x.exact) : null);
      if (!x.exact) continue;
      expect(c.site, x.subject.name).toBe(x.reported?.average !== undefined ? x.reported.average.toFixed(2) : null);
      // The site's figure first where it gives one, Tabel's plain mean under it; else Tabel's, approximate.
      if (c.site) {
        sites++;
        expect(c.text, x.subject.name).toMatch(new RegExp(`^Дневник\\.ру: ${c.site.replace('.', ',')} \\d`));
        expect(c.text, x.subject.name).toContain(`Tabel ≈ ${formatAverage(x.exact, 'ru')} ${x.periodMark}`);
      } else expect(c.text, x.subject.name).toMatch(/^≈ /);
    }
    expect(sites).toBeGreaterThan(5);
    expect(await report.textContent(`[data-report-student="${id}"] [data-approximate]`)).toContain(
      'приблизительно: Дневник.ру не показывает вес оценок',
    );
    const eljur = `[data-report-student="${portal.eljur.children[0]!.id}"]`;
    expect(await report.textContent(`${eljur} [data-approximate]`)).toContain('приблизительно: ЭлЖур не показывает вес оценок');
    expect(await report.$$(`${eljur} [data-site-average]`)).toHaveLength(0);
    await report.screenshot({ path: 'test-results/report-dnevnik-ru.png', fullPage: true });
    await report.close();
  }, 90_000);

  it('a session gone (its pages go to the login host): the popup says to log in again, and nothing is polled to keep it', async () => {
    portal.setFaults({ dnevnikIdleMs: 0 });
    onTestFinished(() => portal.setFaults({ dnevnikIdleMs: 30 * 60_000 }));
    await new Promise((r) => setTimeout(r, 20));
    await messageBackground(browser, { type: 'tabel:forget' });
    const p = await popup();
    const account = `[data-system="dnevnik"] .error`;
    await p.waitForSelector(account, { timeout: 20_000 });
    expect(await p.textContent(account)).toContain('Вы не вошли в дневник или сессия истекла. Откройте дневник и войдите');
    expect(await p.$$('[data-system="dnevnik"] [data-overall]')).toHaveLength(0);
    await p.screenshot({ path: 'test-results/dnevnik-popup-expired-ru.png' });
    const hosts = new Set([DNEVNIK_HOST, DNEVNIK_CHILDREN_HOST, DNEVNIK_LOGIN_HOST]);
    const before = portal.requests.filter((r) => hosts.has(r.host)).length;
    await messageBackground(browser, { type: 'tabel:keeper-alarm' });
    await messageBackground(browser, { type: 'tabel:keeper-alarm' });
    expect(portal.requests.filter((r) => hosts.has(r.host)).length).toBe(before);
    await p.close();
  }, 60_000);
});
