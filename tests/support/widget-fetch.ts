/**
 * What a portal's page actually fetches of the widget library: each page below is loaded in real
 * Chromium from dist/widgets/, every JavaScript response is recorded and counted as gzip -9 of its
 * body (what a server compressing at level 9 sends), once all the page's elements have rendered
 * their data. Shared by the size test (tests/browser/widgets-size.test.ts) and `npm run bench`.
 */
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { startStaticServer } from './static-server';

const TAGS = ['tabel-average', 'tabel-grade-table', 'tabel-progress-chart', 'tabel-summary', 'tabel-target'] as const;
const SRC = '/gallery/sample-diary.json';

/** The pages measured: what a portal shows, and which script it loads. */
export const WIDGET_PAGES = {
  'all five (tabel.js)': { script: '/widgets/tabel.js', tags: TAGS },
  'tabel-average alone (tabel.js)': { script: '/widgets/tabel.js', tags: ['tabel-average'] },
  'tabel-average alone (tabel-average.js)': { script: '/widgets/tabel-average.js', tags: ['tabel-average'] },
} as const;
export type WidgetPage = keyof typeof WIDGET_PAGES;

export interface FetchedJs {
  /** gzip -9 bytes of every JS file fetched, the chart.js chunk left out. */
  bytes: number;
  /** gzip -9 bytes of the chart.js chunk, when fetched. */
  chart: number;
  /** The paths fetched, with their gzip sizes. */
  files: Array<{ path: string; gzip: number }>;
}

const html = (script: string, tags: readonly string[], lang: string) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Widgets</title>
<script type="module" src="${script}"></script></head>
<body><main>${tags.map((t) => `<${t} src="${SRC}" period="t3"${t === 'tabel-average' || t === 'tabel-target' ? ' subject="alg"' : ''}></${t}>`).join('\n')}</main></body></html>`;

/** Loads each page in a fresh context and counts the JavaScript it fetched. `root`: the project (for a bundled copy of this file). */
export async function fetchedJs(browser: Browser, lang = 'ru', root?: string): Promise<Record<WidgetPage, FetchedJs>> {
  const pages: Record<string, string> = {};
  const names = Object.keys(WIDGET_PAGES) as WidgetPage[];
  names.forEach((name, i) => (pages[`/size-${i}.html`] = html(WIDGET_PAGES[name].script, WIDGET_PAGES[name].tags, lang)));
  const server = await startStaticServer(root ? { pages, root } : { pages });
  try {
    const out = {} as Record<WidgetPage, FetchedJs>;
    for (const [i, name] of names.entries()) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const bodies: Array<Promise<{ path: string; gzip: number }>> = [];
      page.on('response', (r) => {
        if (r.request().resourceType() !== 'script') return;
        bodies.push(r.body().then((b) => ({ path: new URL(r.url()).pathname, gzip: gzipSync(b, { level: 9 }).length })));
      });
      await page.goto(`${server.url}/size-${i}.html`);
      const tags: readonly string[] = WIDGET_PAGES[name].tags;
      // Every element defined and showing its data (a figure in its shadow root); the chart drawn.
      await page.waitForFunction(
        (ts) =>
          ts.every((t) => {
            const el = document.querySelector(t);
            return (
              !!customElements.get(t) && /\d/.test(el?.shadowRoot?.textContent ?? '') && !el?.shadowRoot?.querySelector('[part=empty]')
            );
          }),
        tags,
        { timeout: 15_000 },
      );
      if (tags.includes('tabel-progress-chart'))
        await page.waitForFunction(() => !!document.querySelector('tabel-progress-chart')?.shadowRoot?.querySelector('canvas'), null, {
          timeout: 15_000,
        });
      await page.waitForLoadState('networkidle');
      const files = await Promise.all(bodies);
      const isChart = (p: string) => /\/chunks\/chart-[\w-]+\.js$/.test(p);
      out[name] = {
        bytes: files.filter((f) => !isChart(f.path)).reduce((n, f) => n + f.gzip, 0),
        chart: files.filter((f) => isChart(f.path)).reduce((n, f) => n + f.gzip, 0),
        files,
      };
      await context.close();
    }
    return out;
  } finally {
    await server.close();
  }
}
