/**
 * The widget library as a portal uses it: dist/widgets/tabel.js loaded by one <script type="module">
 * into a plain page in real Chromium, data set from script, results read back and compared with the
 * grade engine run here in Node on the same data; chart.js fetched only when a chart is shown; the
 * gallery checked with axe-core. Screenshots go to test-results/ (looked at by a person, too).
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { averageOf, marksInPeriod, marksNeeded, marksTolerated, overallAverage, subjectSummaries, thresholdFor } from '../../lib/grades';
import { parseDiary } from '../../lib/model';
import type { Diary } from '../../lib/model/types';
import { startStaticServer, type StaticServer } from '../support/static-server';

const root = resolve(import.meta.dirname, '../..');
const shots = resolve(root, 'test-results');
const raw: unknown = JSON.parse(readFileSync(resolve(root, 'gallery/sample-diary.json'), 'utf8'));
const parsed = parseDiary(raw);
if (!parsed.ok) throw parsed.error;
const diary: Diary = parsed.value;

const page = (lang: string, body: string) => `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Embedding test</title>
<style>body { font: 16px/1.5 Georgia, serif; color: #333; margin: 24px; max-width: 980px } main { display: grid; gap: 16px } .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px } table, td, th, p, span, div { letter-spacing: 0.3em; color: red }</style>
<script type="module" src="/widgets/tabel.js"></script>
</head>
<body><main>${body}</main></body>
</html>`;

// The host page's own (hostile) styles above must not reach inside the widgets.
const WIDGETS = `
<div class="pair">
  <tabel-summary id="summary" period="t3" target-mark="4"></tabel-summary>
  <tabel-average id="average" subject="alg" period="t3"></tabel-average>
</div>
<div class="pair">
  <tabel-target id="target" subject="alg" period="t3" target-mark="5"></tabel-target>
  <tabel-target id="target2" subject="phys" period="t3" target="4.5" next-value="4" next-weight="2"></tabel-target>
</div>
<tabel-grade-table id="table" period="t3" since="2026-05-15" target-mark="5"></tabel-grade-table>`;

// Two kinds of element: the autoloader imports each one's own entry (and the core they share).
const TWO = `
<h1>Алгебра</h1>
<div class="pair">
  <tabel-average id="average" subject="alg" period="t3"></tabel-average>
  <tabel-target id="target" subject="alg" period="t3" target-mark="5"></tabel-target>
</div>`;

const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

let server: StaticServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startStaticServer({
    pages: {
      '/embed-ru.html': page('ru', WIDGETS),
      '/embed-en.html': page('en', WIDGETS),
      '/empty.html': page('ru', '<p>Nothing yet</p>'),
      '/embed-two.html': page('ru', TWO),
    },
  });
  browser = await chromium.launch(LAUNCH);
  context = await browser.newContext({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page that records script requests and page errors. */
async function open(path: string): Promise<{ p: Page; scripts: string[]; errors: string[] }> {
  const p = await context.newPage();
  const scripts: string[] = [];
  const errors: string[] = [];
  p.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  p.on('pageerror', (e) => errors.push(String(e)));
  p.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await p.goto(server.url + path);
  // Every tabel- element of the page registered (the autoloader imports them as it finds them).
  await p.waitForFunction(() =>
    [...document.querySelectorAll('main *')].filter((e) => e.localName.startsWith('tabel-')).every((e) => customElements.get(e.localName)),
  );
  return { p, scripts, errors };
}

/** Sets `data` on every tabel-* element and waits for them to render. */
async function feed(p: Page, data: unknown): Promise<void> {
  await p.evaluate(async (d) => {
    const els = [...document.querySelectorAll<HTMLElement & { data: unknown; updateComplete: Promise<boolean> }>('main *')].filter((e) =>
      e.localName.startsWith('tabel-'),
    );
    for (const el of els) el.data = structuredClone(d);
    await Promise.all(els.map((e) => e.updateComplete));
  }, data);
}

const t3 = marksInPeriod(diary, 't3');
const subjectMarks = (id: string) => t3.filter((m) => m.subject === id);

describe('tabel.js embedded in a plain page', () => {
  it('shows the numbers the engine computes, and never requests chart.js without a chart', async () => {
    const { p, scripts, errors } = await open('/embed-ru.html');
    await feed(p, raw);
    const got = await p.evaluate(() => {
      const q = <T>(sel: string) => document.querySelector(sel) as T;
      const avg = q<{ average: number | null; periodMark: number | null; count: number }>('#average');
      const tgt = q<{ needed: number | null; tolerated: number | null; targetAverage: number | null; average: number | null }>('#target');
      const tgt2 = q<{ needed: number | null; tolerated: number | null; targetAverage: number | null }>('#target2');
      const sum = q<{ average: number | null; below: string[] }>('#summary');
      const text = (sel: string) => (document.querySelector(sel)!.shadowRoot!.textContent ?? '').replace(/\s+/g, ' ');
      return {
        average: avg.average,
        periodMark: avg.periodMark,
        count: avg.count,
        needed: tgt.needed,
        tolerated: tgt.tolerated,
        targetAverage: tgt.targetAverage,
        needed2: tgt2.needed,
        tolerated2: tgt2.tolerated,
        summaryAverage: sum.average,
        below: sum.below,
        averageText: text('#average'),
        targetText: text('#target'),
      };
    });

    const alg = averageOf(subjectMarks('alg'));
    expect(got.average).toBe(alg.average);
    expect(got.periodMark).toBe(alg.periodMark);
    expect(got.count).toBe(alg.count);
    const five = thresholdFor(5)!;
    expect(got.targetAverage).toBe(five);
    expect(got.needed).toBe(marksNeeded(subjectMarks('alg'), five, { value: 5, weight: 1 }));
    expect(got.tolerated).toBe(marksTolerated(subjectMarks('alg'), five, { value: 2, weight: 1 }));
    expect(got.needed2).toBe(marksNeeded(subjectMarks('phys'), 4.5, { value: 4, weight: 2 }));
    expect(got.tolerated2).toBe(marksTolerated(subjectMarks('phys'), 4.5, { value: 2, weight: 2 }));
    const summaries = subjectSummaries(diary, { period: 't3' });
    expect(got.summaryAverage).toBe(overallAverage(summaries).meanOfAverages);
    expect(got.below).toEqual(summaries.filter((s) => s.average !== null && s.average < 3.5).map((s) => s.subject.id));

    // The numbers as shown, in Russian format (comma decimal).
    const shown = new Intl.NumberFormat('ru', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
      Math.round(alg.average! * 100) / 100,
    );
    expect(got.averageText).toContain(shown);
    expect(shown).toMatch(/^\d,\d\d$/);
    expect(got.targetText).toMatch(/нужно получить ещё \d+ пят|уже достигнута|Недостижимо/);

    // Without a chart on the page, chart.js is never fetched.
    expect(scripts.some((s) => s.includes('/chunks/chart-'))).toBe(false);
    // Four kinds of element on the page: the autoloader fetched them in one file.
    expect(scripts.filter((s) => s.startsWith('/widgets/'))).toEqual(['/widgets/tabel.js', '/widgets/tabel-all.js']);

    await p.screenshot({ path: resolve(shots, 'widgets-embed.png'), fullPage: true });
    expect(errors).toEqual([]);
    await p.close();
  });

  it('edits in the calculator update the results live and fire tabel-change', async () => {
    const { p, errors } = await open('/embed-ru.html');
    await feed(p, raw);
    const events = await p.evaluate(async () => {
      const el = document.querySelector('#target') as HTMLElement & { needed: number | null; updateComplete: Promise<boolean> };
      const seen: unknown[] = [];
      el.addEventListener('tabel-change', (e) => seen.push((e as CustomEvent).detail));
      const root = el.shadowRoot!;
      (root.querySelector('[name=wv]') as HTMLInputElement).value = '5';
      (root.querySelector('[name=ww]') as HTMLInputElement).value = '3';
      (root.querySelector('button.add') as HTMLButtonElement).click();
      await el.updateComplete;
      return { seen, needed: el.needed, status: root.querySelector('[role=status]')!.textContent!.replace(/\s+/g, ' ') };
    });
    const marks = [...subjectMarks('alg'), { value: 5, weight: 3, scale: 'five' as const }];
    expect(events.seen).toHaveLength(1);
    expect(events.seen[0]).toMatchObject({ subject: 'alg', whatIf: [{ value: 5, weight: 3 }], needed: marksNeeded(marks, 4.5) });
    expect(events.needed).toBe(marksNeeded(marks, 4.5));
    expect(events.status).toContain('С оценками «что если»');

    // Keyboard only: from the subject select, Tab walks the controls; Enter on "Add" adds a what-if mark.
    await p.locator('#target select').first().focus();
    const walk: string[] = [];
    for (let i = 0; i < 8; i++) {
      await p.keyboard.press('Tab');
      walk.push(
        await p.evaluate(() => {
          const a = document.querySelector('#target')!.shadowRoot!.activeElement;
          return a
            ? `${a.localName}${a.getAttribute('name') ? `[${a.getAttribute('name')}]` : ''}${a.classList.contains('add') ? '.add' : ''}`
            : '';
        }),
      );
      if (walk.at(-1) === 'button.add') break;
    }
    expect(walk).toContain('input[wv]');
    expect(walk.at(-1)).toBe('button.add');
    await p.keyboard.press('Enter');
    const count = await p.evaluate(async () => {
      const el = document.querySelector('#target') as HTMLElement & { updateComplete: Promise<boolean> };
      await el.updateComplete;
      return el.shadowRoot!.querySelectorAll('[part=what-if] li').length;
    });
    expect(count).toBe(2);
    expect(errors).toEqual([]);
    await p.close();
  });

  it('renders English with English number formats', async () => {
    const { p, errors } = await open('/embed-en.html');
    await feed(p, raw);
    const text = await p.evaluate(() => document.querySelector('#average')!.shadowRoot!.textContent!.replace(/\s+/g, ' '));
    const alg = averageOf(subjectMarks('alg'));
    expect(text).toContain((Math.round(alg.average! * 100) / 100).toFixed(2));
    expect(text).toContain('5 from 4.5 · 4 from 3.5 · 3 from 2.5');
    await p.screenshot({ path: resolve(shots, 'widgets-embed-en.png'), fullPage: true });
    expect(errors).toEqual([]);
    await p.close();
  });

  it('fetches the chart chunk only once a chart is on the page, and draws it', async () => {
    const { p, scripts, errors } = await open('/empty.html');
    await p.waitForTimeout(200);
    expect(scripts.some((s) => s.includes('/chunks/chart-'))).toBe(false);
    await p.evaluate((d) => {
      const el = document.createElement('tabel-progress-chart') as HTMLElement & { data: unknown };
      el.setAttribute('subject', 'alg,phys');
      el.setAttribute('target-mark', '4');
      el.data = d;
      document.querySelector('main')!.append(el);
    }, raw);
    await p.waitForFunction(() => (document.querySelector('tabel-progress-chart') as unknown as { chart?: unknown }).chart !== undefined);
    expect(scripts.some((s) => /^\/widgets\/chunks\/chart-[\w-]+\.js$/.test(s))).toBe(true);
    // Something was drawn: the canvas has non-transparent pixels.
    const painted = await p.evaluate(() => {
      const canvas = document.querySelector('tabel-progress-chart')!.shadowRoot!.querySelector('canvas')!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(1000);
    await p.locator('tabel-progress-chart').screenshot({ path: resolve(shots, 'widgets-chart.png') });
    expect(errors).toEqual([]);
    await p.close();
  });

  it('loading tabel.js twice, or beside a page that defines a tabel- tag, throws nothing', async () => {
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    await p.goto(server.url + '/empty.html');
    // A page without tabel- tags loads nothing but the autoloader; a tag added later is registered.
    await p.waitForTimeout(200);
    expect(await p.evaluate(() => customElements.get('tabel-summary'))).toBeUndefined();
    await p.evaluate(() => document.body.append(document.createElement('tabel-summary')));
    await p.waitForFunction(() => customElements.get('tabel-summary') !== undefined);
    // A second copy under another URL is a second module instance: every define is skipped.
    await p.addScriptTag({ type: 'module', url: '/widgets/tabel.js?copy=2' });
    await p.addScriptTag({ type: 'module', url: '/widgets/tabel-average.js' });
    await p.addScriptTag({ type: 'module', url: '/widgets/tabel-all.js' });
    await p.waitForTimeout(200);
    expect(errors).toEqual([]);

    // A page that defined its own <tabel-average> first keeps it; the rest register.
    const q = await context.newPage();
    const warnings: string[] = [];
    q.on('pageerror', (e) => errors.push(String(e)));
    q.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await q.goto(server.url + '/gallery/sample-diary.json');
    await q.setContent('<!doctype html><html><body><tabel-average></tabel-average><tabel-summary></tabel-summary></body></html>');
    await q.evaluate(() => customElements.define('tabel-average', class extends HTMLElement {}));
    await q.addScriptTag({ type: 'module', url: server.url + '/widgets/tabel.js' });
    await q.waitForFunction(() => customElements.get('tabel-summary') !== undefined);
    const own = await q.evaluate(() => customElements.get('tabel-average')!.toString().includes('HTMLElement'));
    expect(own).toBe(true);
    // Registering every element over it keeps the page's, and says so once in the console.
    await q.addScriptTag({ type: 'module', url: server.url + '/widgets/tabel-all.js' });
    await q.waitForFunction(() => customElements.get('tabel-target') !== undefined);
    expect(await q.evaluate(() => customElements.get('tabel-average')!.toString().includes('HTMLElement'))).toBe(true);
    expect(warnings.filter((w) => w.includes('<tabel-average> is already defined by another script'))).toHaveLength(1);
    expect(errors).toEqual([]);
    await p.close();
    await q.close();
  });

  it('with two kinds of element, fetches just their entries and the core: the same numbers, keyboard and axe clean', async () => {
    const { p, scripts, errors } = await open('/embed-two.html');
    await feed(p, raw);
    const widgets = scripts.filter((s) => s.startsWith('/widgets/'));
    expect(widgets.slice(0, 1)).toEqual(['/widgets/tabel.js']);
    expect(widgets.filter((s) => /^\/widgets\/tabel-[\w-]+\.js$/.test(s)).sort()).toEqual([
      '/widgets/tabel-average.js',
      '/widgets/tabel-target.js',
    ]);
    expect(widgets.some((s) => /\/chunks\/core-[\w-]+\.js$/.test(s))).toBe(true);
    const got = await p.evaluate(() => {
      const avg = document.querySelector('#average') as unknown as { average: number | null; periodMark: number | null };
      const tgt = document.querySelector('#target') as unknown as { needed: number | null };
      return { average: avg.average, periodMark: avg.periodMark, needed: tgt.needed };
    });
    const alg = averageOf(subjectMarks('alg'));
    expect(got).toEqual({
      average: alg.average,
      periodMark: alg.periodMark,
      needed: marksNeeded(subjectMarks('alg'), thresholdFor(5)!, { value: 5, weight: 1 }),
    });
    // The calculator by keyboard: a what-if 2 typed in, Tab to «Добавить», Enter: the average with it drops.
    const before = await p.evaluate(() => (document.querySelector('#target') as unknown as { average: number }).average);
    await p.locator('#target').locator('[name=wv]').focus();
    await p.keyboard.press('Control+A');
    await p.keyboard.type('2');
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab');
    await p.keyboard.press('Enter');
    await p.waitForFunction((n) => (document.querySelector('#target') as unknown as { average: number }).average < n, before);
    await p.addScriptTag({ path: resolve(root, 'node_modules/axe-core/axe.min.js') });
    const violations = await p.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: Array<{ id: string }> }> } }).axe;
      return (await axe.run(document)).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await p.screenshot({ path: resolve(shots, 'widgets-embed-two.png'), fullPage: true });
    expect(errors).toEqual([]);
    await p.close();
  });

  it('shows an inline error for invalid data, never a blank', async () => {
    const { p, errors } = await open('/embed-ru.html');
    await feed(p, {
      version: 1,
      student: { id: 's', name: 'X' },
      subjects: [],
      periods: [],
      marks: [{ value: 5, weight: -1, date: 'вчера', subject: 'alg', scale: 'five' }],
    });
    const error = await p.evaluate(() => document.querySelector('#average')!.shadowRoot!.querySelector('[part=error]')?.textContent ?? '');
    expect(error).toContain('Не удалось показать данные');
    expect(error).toContain('marks[0].weight');
    expect(errors).toEqual([]);
    await p.close();
  });
});

describe('the gallery', () => {
  /** Opens the gallery and waits until every widget has its data. */
  async function gallery(query = '', scheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const p = await context.newPage();
    await p.emulateMedia({ colorScheme: scheme });
    await p.goto(`${server.url}/gallery/${query}`);
    await p.waitForFunction(() =>
      [...document.querySelectorAll('main *')]
        .filter((e) => e.localName.startsWith('tabel-'))
        .every((e) => e.shadowRoot && !/Загрузка|Loading/.test(e.shadowRoot.textContent ?? '') && e.shadowRoot.textContent!.trim() !== ''),
    );
    await p.waitForFunction(() => (document.querySelector('tabel-progress-chart') as unknown as { chart?: unknown }).chart !== undefined);
    return p;
  }

  it('has no axe-core violations (shadow roots included), in Russian and in English', async () => {
    for (const query of ['', '?lang=en']) {
      const p = await gallery(query);
      await p.screenshot({ path: resolve(shots, query ? 'gallery-en.png' : 'gallery.png'), fullPage: true });
      // Open every explanation and data table so that their contents are checked too.
      await p.evaluate(() => {
        for (const el of document.querySelectorAll('main *')) el.shadowRoot?.querySelectorAll('details').forEach((d) => (d.open = true));
      });
      await p.addScriptTag({ path: resolve(root, 'node_modules/axe-core/axe.min.js') });
      const result = await p.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(ctx: Document): Promise<{
                violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> }>;
                passes: unknown[];
              }>;
            };
          }
        ).axe;
        const r = await axe.run(document);
        return {
          passes: r.passes.length,
          violations: r.violations.map((v) => ({
            id: v.id,
            help: v.help,
            nodes: v.nodes.slice(0, 3).map((n) => [JSON.stringify(n.target), n.failureSummary]),
          })),
        };
      });
      expect(result.violations, JSON.stringify(result.violations, null, 2)).toEqual([]);
      expect(result.passes).toBeGreaterThan(20);
      // axe looks inside the widgets' open shadow roots: it finds their table headers.
      const shadowChecked = await p.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: { run(ctx: unknown, o: unknown): Promise<{ passes: Array<{ nodes: Array<{ target: unknown[] }> }> }> };
          }
        ).axe;
        const r = await axe.run({ include: [['tabel-grade-table']] }, { runOnly: ['th-has-data-cells', 'color-contrast'] });
        return r.passes.some((x) => x.nodes.some((n) => Array.isArray(n.target[0])));
      });
      expect(shadowChecked).toBe(true);
      await p.close();
    }
  });

  it('every part an element renders is in the manifest (and so in docs/widgets.md)', async () => {
    const manifest = JSON.parse(readFileSync(resolve(root, 'dist/widgets/custom-elements.json'), 'utf8')) as {
      modules: Array<{ declarations?: Array<{ tagName?: string; cssParts?: Array<{ name: string }> }> }>;
    };
    const documented = new Map(
      manifest.modules
        .flatMap((m) => m.declarations ?? [])
        .flatMap((d) => (d.tagName ? [[d.tagName, new Set((d.cssParts ?? []).map((x) => x.name))]] : [])),
    );
    const p = await gallery();
    // Explanations and tables open, a what-if mark added: every part the elements have is drawn.
    await p.evaluate(async () => {
      for (const el of document.querySelectorAll('main *')) el.shadowRoot?.querySelectorAll('details').forEach((d) => (d.open = true));
      (document.querySelector('tabel-target')!.shadowRoot!.querySelector('button.add') as HTMLButtonElement).click();
      // One of each in its empty and its error state.
      const empty = document.createElement('tabel-average');
      const broken = document.createElement('tabel-summary') as HTMLElement & { data: unknown };
      broken.data = { version: 2 };
      document.querySelector('main')!.append(empty, broken);
      await new Promise((r) => setTimeout(r, 100));
    });
    const rendered = await p.evaluate(() => {
      const out: Record<string, string[]> = {};
      for (const el of document.querySelectorAll('main *')) {
        if (!el.localName.startsWith('tabel-') || !el.shadowRoot) continue;
        const parts = [...el.shadowRoot.querySelectorAll('[part]')].flatMap((x) => x.getAttribute('part')!.split(/\s+/));
        out[el.localName] = [...new Set([...(out[el.localName] ?? []), ...parts])];
      }
      return out;
    });
    expect(Object.keys(rendered).sort()).toEqual([...documented.keys()].sort());
    for (const [tag, parts] of Object.entries(rendered)) {
      const missing = parts.filter((x) => !documented.get(tag)!.has(x));
      expect(missing, `${tag}: parts not in the manifest`).toEqual([]);
    }
    expect(rendered['tabel-average']).toEqual(expect.arrayContaining(['empty']));
    expect(rendered['tabel-summary']).toEqual(expect.arrayContaining(['error']));
    expect(rendered['tabel-grade-table']).toEqual(expect.arrayContaining(['legend']));
    await p.close();
  });

  it('is readable in dark mode too', async () => {
    const p = await gallery('', 'dark');
    await p.addScriptTag({ path: resolve(root, 'node_modules/axe-core/axe.min.js') });
    const violations = await p.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run(ctx: Document, o: unknown): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> };
        }
      ).axe;
      const r = await axe.run(document, { runOnly: ['color-contrast'] });
      return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
    });
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await p.screenshot({ path: resolve(shots, 'gallery-dark.png'), fullPage: true });
    await p.close();
  });
});
