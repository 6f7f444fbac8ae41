import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { averageDigits, subjectSummaries } from '../../lib/grades';
import type { Diary } from '../../lib/model/types';
import { createMeshSource, MeshClient } from '../../lib/sources/mesh';
import { startPortal, type Portal } from '../../portal/server';
import type { Layout } from '../../portal/pages';
import { launchChromium, logInAsParent, type Launched } from '../support/chromium';
import { portalFetch } from '../support/portal-fetch';

/**
 * The overlay on diary markup it was not written for: every emulated layout (a `<table>`, cards
 * with short names and a subject menu, a virtualised list, every class and id random), each
 * checked subject by subject against the engine, through the page's own child and period
 * switches and an SPA round trip. The overlay reads none of these layouts' class names or ids.
 */

let portal: Portal;
let browser: Launched;
let page: Page;
const diaries = new Map<string, Diary>();

async function diaryInNode(studentId: string): Promise<Diary> {
  const hit = diaries.get(studentId);
  if (hit) return hit;
  const token = (await browser.context.cookies()).find((c) => c.name === 'aupd_token')!.value;
  const src = createMeshSource(new MeshClient({ auth: { mode: 'bearer', token }, fetch: portalFetch(portal) }));
  const d = (await src.fetchDiary(studentId)).value;
  diaries.set(studentId, d);
  return d;
}

/** `data-tabel-average` per subject name for a child and a period (by its title), as the engine computes it. */
async function expected(studentId: string, periodName: string): Promise<Record<string, string>> {
  const d = await diaryInNode(studentId);
  const period = d.periods.find((p) => p.name === periodName)!;
  const out: Record<string, string> = {};
  for (const s of subjectSummaries(d, { period: period.id })) out[s.subject.name] = s.exact ? averageDigits(s.exact) : '';
  return out;
}

/** What the page carries now: per subject name its figure, and the rows that hold more than one result. */
async function shown(): Promise<{ figures: Record<string, string>; piled: number; total: number }> {
  return page.evaluate(() => {
    const els = [...document.querySelectorAll('[data-tabel-subject]')];
    const parents = new Set(els.map((e) => e.parentElement));
    return {
      figures: Object.fromEntries(els.map((e) => [e.getAttribute('data-tabel-subject'), e.getAttribute('data-tabel-average')])),
      piled: els.length - parents.size,
      total: els.length,
    };
  });
}

/** In the virtual list only the rows in view exist: scroll through it and collect every subject's figure. */
async function shownEverywhere(layout: Layout): Promise<Record<string, string>> {
  if (layout !== 'virtual') return (await shown()).figures;
  const all: Record<string, string> = {};
  const box = page.locator('main [style*="relative"]').locator('..');
  for (let y = 0; y < 3000; y += 200) {
    await box.evaluate((el, top) => (el.scrollTop = top), y);
    // The rows mount on the scroll event; the results follow in the same frame.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const now = await shown();
    expect(now.piled).toBe(0);
    Object.assign(all, now.figures);
  }
  return all;
}

async function waitForChild(studentId: string, periodName: string, layout: Layout): Promise<void> {
  const want = await expected(studentId, periodName);
  const [name, figure] = Object.entries(want).find(([, f]) => f !== '') ?? Object.entries(want)[0]!;
  await expect
    .poll(async () => (await shown()).figures[name!], { timeout: 10_000, message: `${layout}: ${name} for ${studentId} in ${periodName}` })
    .toBe(figure);
}

const CHILD_NAMES = (portal: Portal) => portal.world.children.map((c) => `${c.firstName} ${c.lastName}`);

/** Chooses a child with the page's own switch, whatever it is in this layout. */
async function chooseChild(layout: Layout, index: number): Promise<void> {
  const child = portal.world.children[index]!;
  const name = CHILD_NAMES(portal)[index]!;
  if (layout === 'cards') {
    await page.getByRole('button', { name: /▾/ }).click();
    await page.getByRole('option', { name: new RegExp(name) }).click();
  } else if (layout === 'virtual') {
    await page.getByText(name, { exact: true }).click();
  } else {
    await page.locator('header select').selectOption(String(child.id));
  }
}

/** Chooses a period with the page's own control. */
async function choosePeriod(layout: Layout, name: string): Promise<void> {
  if (layout === 'table') await page.getByLabel('Период').selectOption({ label: name });
  else if (layout === 'cards') await page.getByRole('tab', { name }).click();
  else await page.getByRole('button', { name, exact: true }).click();
}

/** The period titles the page offers (every layout shows the started terms of the year). */
async function periodNames(studentId: string): Promise<string[]> {
  const d = await diaryInNode(studentId);
  return d.periods.filter((p) => p.kind !== 'year' && p.start <= portal.world.today).map((p) => p.name);
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

const LAYOUTS: Layout[] = ['v1', 'table', 'cards', 'virtual', 'random'];

describe.each(LAYOUTS)('the overlay on the %s layout', (layout) => {
  it('puts every subject’s exact figure in its own row, for the period shown, through child and period switches and SPA navigation', async () => {
    portal.setFaults({ layout });
    await page.goto('https://school.mos.ru/diary/marks/current-marks');
    const [first, second] = portal.world.children.map((c) => String(c.id));
    await chooseChild(layout, 0);
    const periods = await periodNames(first!);
    expect(periods.length).toBeGreaterThan(1);

    // Every period the page offers, chosen with the page's own control.
    for (const name of periods.slice().reverse()) {
      await choosePeriod(layout, name);
      await waitForChild(first!, name, layout);
      expect(await shownEverywhere(layout), `${layout}, child 1, ${name}`).toEqual(await expected(first!, name));
      expect((await shown()).piled).toBe(0);
    }
    await page.screenshot({ path: `test-results/overlay-layout-${layout}.png` });

    // The other child, with the page's own switch.
    await chooseChild(layout, 1);
    const theirs = await periodNames(second!);
    const last = theirs[theirs.length - 1]!;
    await choosePeriod(layout, last);
    await waitForChild(second!, last, layout);
    expect(await shownEverywhere(layout), `${layout}, child 2, ${last}`).toEqual(await expected(second!, last));

    // Away and back inside the SPA: the results come back once, in the rows.
    await page.getByRole('link', { name: 'Домашние задания' }).click();
    await page.waitForSelector('h1:has-text("Домашние задания")');
    expect((await shown()).total).toBe(0);
    await page.getByRole('link', { name: 'Оценки' }).click();
    await choosePeriod(layout, last);
    await waitForChild(second!, last, layout);
    expect(await shownEverywhere(layout)).toEqual(await expected(second!, last));
    expect((await shown()).piled).toBe(0);
    await chooseChild(layout, 0);
  });
});

describe('following re-renders', () => {
  it('results are in the new rows before the frame that shows them is painted', async () => {
    portal.setFaults({ layout: 'cards' });
    await page.goto('https://school.mos.ru/diary/marks/current-marks');
    const first = String(portal.world.children[0]!.id);
    const periods = await periodNames(first);
    await waitForChild(first, periods[periods.length - 1]!, 'cards');
    // The page's cards are rewritten in place on a period switch; in the frame after, every card has its result.
    const frames = await page.evaluate(async (name) => {
      const tab = [...document.querySelectorAll('[role=tab]')].find((t) => t.textContent === name) as HTMLElement;
      const seen: number[] = [];
      await new Promise<void>((resolve) => {
        const obs = new MutationObserver(() =>
          requestAnimationFrame(() => {
            const cards = [...document.querySelectorAll('article')];
            seen.push(cards.filter((c) => c.querySelector('[data-tabel-subject]')).length - cards.length);
            obs.disconnect();
            resolve();
          }),
        );
        obs.observe(document.querySelector('main')!, { childList: true, subtree: true });
        tab.click();
      });
      return seen;
    }, periods[0]!);
    expect(frames).toEqual([0]);
    await waitForChild(first, periods[0]!, 'cards');
  });

  it('the random layout really has no class or id the overlay could know, and new ones at each start', async () => {
    portal.setFaults({ layout: 'random' });
    const classes = async () => {
      await page.goto('https://school.mos.ru/diary/marks/current-marks');
      await page.waitForSelector('[data-tabel-subject]');
      return page.evaluate(() =>
        [...document.querySelectorAll('[class], [id]')]
          .filter((e) => !e.closest('[data-tabel-subject], [data-tabel-host]'))
          .flatMap((e) => [...e.classList, e.id])
          .filter(Boolean),
      );
    };
    const a = await classes();
    const b = await classes();
    expect(a.length).toBeGreaterThan(20);
    expect(a.some((c) => /style_|subject|row|mark|student|period/.test(c))).toBe(false);
    expect(new Set(a).size > 0 && [...new Set(a)].every((c) => !b.includes(c))).toBe(true);
  });
});
