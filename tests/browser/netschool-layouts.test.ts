/**
 * The overlay on the emulated «Сетевой город» week diary, on every layout it can draw (a section
 * per day, one table with dates without the year, cards with short names and worded dates, a
 * virtualised list, every class and id random): each lesson's subject gets its period's exact
 * figure, computed with the assignments' real weights, and the period is the one the shown week's
 * dates fall in. The page's own week switch moves the results to another term's; nothing piles up.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mondayOf } from '../../lib/dates';
import { averageDigits, subjectSummaries } from '../../lib/grades';
import type { Diary } from '../../lib/model/types';
import { NetSchoolClient } from '../../lib/sources/netschool/client';
import { createNetSchoolSource } from '../../lib/sources/netschool/source';
import type { Layout } from '../../portal/pages';
import { startPortal, type Portal } from '../../portal/server';
import { SGO_HOST } from '../../portal/sgo';
import { addDays } from '../../portal/world';
import { launchChromium, logInToSgo, patchSettings, withHostsGranted, type Launched } from '../support/chromium';
import { fetchWithCookies } from '../support/portal-fetch';

const ORIGIN = `https://${SGO_HOST}`;
let portal: Portal;
let browser: Launched;
let granted: { dir: string; rm(): void };
let page: Page;
let diary: Diary;

/** Two weeks the test moves to, each wholly inside one term: the last such week up to today, and one of another term. */
function weeks(): Array<{ monday: string; period: string }> {
  const terms = diary.periods.filter((p) => p.kind !== 'year');
  const inside = (monday: string) => terms.find((p) => p.start <= monday && addDays(monday, 6) <= p.end);
  let a = mondayOf(portal.sgo.today);
  while (!inside(a)) a = addDays(a, -7);
  const first = inside(a)!;
  // Another term: the one before (its last whole week), or in its first weeks of the year the next one (lessons, no marks yet).
  const other = terms[terms.indexOf(first) - 1] ?? terms[terms.indexOf(first) + 1]!;
  let b = mondayOf(other.end);
  while (!inside(b) || inside(b) !== other) b = addDays(b, other.start > first.start ? 7 : -7);
  return [
    { monday: a, period: first.id },
    { monday: b, period: other.id },
  ];
}

/** Per subject name, the engine's figure for a period ('' without marks), for the subjects the shown week has lessons of. */
function expected(period: string, monday: string): Record<string, string> {
  const child = portal.sgo.children[0]!;
  // The site's diary has no subject ids: the week's subjects by name.
  const names = new Set(
    child.lessons
      .filter((l) => l.date >= monday && l.date <= addDays(monday, 6))
      .map((l) => child.subjects.find((x) => x.id === l.subjectId)!.name),
  );
  const out: Record<string, string> = {};
  for (const s of subjectSummaries(diary, { period }))
    if (names.has(s.subject.name)) out[s.subject.name] = s.exact ? averageDigits(s.exact) : '';
  return out;
}

/** What the page carries: per subject its figures (one per row it is in), and rows with two results. */
async function shown(): Promise<{ figures: Record<string, string[]>; piled: number }> {
  return page.evaluate(() => {
    const els = [...document.querySelectorAll('[data-tabel-subject]')];
    const figures: Record<string, string[]> = {};
    for (const e of els) (figures[e.getAttribute('data-tabel-subject')!] ??= []).push(e.getAttribute('data-tabel-average')!);
    return { figures, piled: els.length - new Set(els.map((e) => e.parentElement)).size };
  });
}

/** Every result, scrolling the virtual list through; checks at each step that nothing piles up. */
async function shownEverywhere(layout: Layout): Promise<Record<string, Set<string>>> {
  const all: Record<string, Set<string>> = {};
  const add = (f: Record<string, string[]>) => {
    for (const [k, v] of Object.entries(f)) for (const x of v) (all[k] ??= new Set()).add(x);
  };
  if (layout !== 'virtual') {
    const now = await shown();
    expect(now.piled).toBe(0);
    add(now.figures);
    return all;
  }
  const box = page.locator('main [style*="overflow-y"]');
  for (let y = 0; y < 2400; y += 150) {
    await box.evaluate((el, top) => (el.scrollTop = top), y);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const now = await shown();
    expect(now.piled).toBe(0);
    add(now.figures);
  }
  return all;
}

/** The page's own week switch, clicked until the week starting on `monday` is shown (the emulated page marks its week on <html> for tests). */
async function goToWeek(monday: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const week = await page.evaluate(() => document.documentElement.dataset.week);
    if (week === monday) return;
    await page.locator(`main button[title="${week! > monday ? 'Предыдущая неделя' : 'Следующая неделя'}"]`).click();
    await page.waitForFunction((was) => document.documentElement.dataset.week !== was, week);
  }
  throw new Error(`never reached the week of ${monday}`);
}

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  portal = await startPortal({ seed: 29 });
  granted = withHostsGranted([`${ORIGIN}/*`]);
  browser = await launchChromium({ portalArgs: portal.chromiumArgs(), extension: true, extensionDir: granted.dir });
  page = await logInToSgo(browser);
  const at = await page.evaluate(() => (window as any).appContext.at as string);
  const jar = new Map((await browser.context.cookies(ORIGIN)).map((c) => [c.name, c.value]));
  diary = (
    await createNetSchoolSource(new NetSchoolClient({ origin: ORIGIN, token: () => at, fetch: fetchWithCookies(portal, jar) }), {
      timeZone: 'Europe/Moscow',
    }).fetchDiary(String(portal.sgo.children[0]!.id))
  ).value;
  expect(new Set(diary.marks.map((m) => m.weight)).has(20)).toBe(true);
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  granted?.rm();
});

const LAYOUTS: Layout[] = ['v1', 'table', 'cards', 'virtual', 'random'];

describe.each(LAYOUTS)('«Сетевой город», the %s layout of the week diary', (layout) => {
  it('puts each subject’s exact figure for the week’s period beside every lesson of it, and follows the page’s week switch to another term', async () => {
    portal.setFaults({ layout });
    await page.goto(`${ORIGIN}/app/school/studentdiary/`);
    for (const [i, w] of weeks().entries()) {
      await goToWeek(w.monday);
      const want = expected(w.period, w.monday);
      if (i === 0) expect(Object.values(want).filter(Boolean).length, 'subjects with marks in the week').toBeGreaterThan(2);
      // The results of this week's period are in (the rows in view, in the virtual list).
      await expect
        .poll(
          async () => {
            const f = Object.entries((await shown()).figures);
            return f.length > 0 && f.every(([k, v]) => v.every((x) => x === want[k]));
          },
          { timeout: 10_000, message: `${layout}: the figures of ${w.period}` },
        )
        .toBe(true);
      const all = await shownEverywhere(layout);
      // Every subject of the week: one figure, the engine's, in each of its lessons.
      expect(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, [...v]]))).toEqual(
        Object.fromEntries(Object.entries(want).map(([k, v]) => [k, [v]])),
      );
      if (i === 0) await page.screenshot({ path: `test-results/netschool-layout-${layout}-ru.png` });
    }
    if (layout === 'v1') {
      await patchSettings(browser, { language: 'en' });
      await page.reload();
      await page.waitForSelector('[data-tabel-subject]', { timeout: 15_000 });
      await page.screenshot({ path: `test-results/netschool-layout-${layout}-en.png` });
      await patchSettings(browser, { language: 'ru' });
    }
  });
});
