import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { gzipSync } from 'node:zlib';
import { averageOf, marksNeeded, subjectSummaries } from '../lib/grades';
import { parseDiary } from '../lib/model';
import { fetchedJs, type WidgetPage } from '../tests/support/widget-fetch';
import { measure, type BenchRow } from './harness';

const KB = 1024;
const root = process.cwd();
const dist = resolve(root, 'dist/widgets');

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/**
 * What a page fetches of dist/widgets/ (built first when missing), counted in Chromium as the size
 * test counts it, against the targets; and the widgets' per-render work.
 */
export async function run(): Promise<BenchRow[]> {
  if (!existsSync(join(dist, 'tabel-all.js')))
    execFileSync(process.execPath, [join(root, 'scripts/build-widgets.mjs'), '--no-types', '--no-manifest'], {
      cwd: root,
      stdio: 'inherit',
    });
  const rows: BenchRow[] = [];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    for (const lang of ['ru', 'en']) {
      const fetched = await fetchedJs(browser, lang, root);
      for (const [name, f] of Object.entries(fetched) as Array<[WidgetPage, (typeof fetched)[WidgetPage]]>) {
        const target = name.startsWith('all five') ? 18 : 12;
        rows.push({
          name: `widgets: a page with ${name}, ${lang} (JS fetched, gzip)`,
          value: (f.bytes / KB).toFixed(1),
          unit: 'KB',
          note: f.files
            .filter((x) => !/chunks\/chart-/.test(x.path))
            .map((x) => `${x.path.replace(/^\/widgets\/(chunks\/)?/, '').replace(/-[\w-]{8}\.js$/, '')} ${(x.gzip / KB).toFixed(1)}`)
            .join(' + '),
          target: `≤ ${target} KB`,
          ok: f.bytes <= target * KB,
        });
      }
    }
  } finally {
    await browser.close();
  }
  const chart = readdirSync(join(dist, 'chunks')).filter((f) => /^chart-.*\.js$/.test(f));
  const chartBytes = Math.max(0, ...chart.map((f) => gz(join(dist, 'chunks', f))));
  rows.push({
    name: 'widgets: chart.js chunk (gzip)',
    value: (chartBytes / KB).toFixed(1),
    unit: 'KB',
    note: 'fetched only with a chart',
    target: '≤ 60 KB',
    ok: chartBytes <= 60 * KB,
  });

  // What a widget computes per render, on the gallery's year of marks (the DOM part is Lit's).
  const sample = join(root, 'gallery/sample-diary.json');
  if (existsSync(sample)) {
    const raw: unknown = JSON.parse(readFileSync(sample, 'utf8'));
    const parsed = parseDiary(raw);
    if (parsed.ok) {
      const d = parsed.value;
      const n = d.marks.length;
      const ms = (fn: () => unknown) => measure(fn, 25, 5);
      const validate = ms(() => parseDiary(raw));
      rows.push({
        name: `widgets: validate the sample diary (${n} marks)`,
        value: validate.toFixed(2),
        unit: 'ms',
        note: 'parseDiary, on every data set',
        target: '≤ 10 ms',
        ok: validate <= 10,
      });
      const table = ms(() => subjectSummaries(d, { period: 't3' }));
      rows.push({
        name: 'widgets: grade table / summary model',
        value: table.toFixed(2),
        unit: 'ms',
        note: 'subjectSummaries for a period',
        target: '≤ 5 ms',
        ok: table <= 5,
      });
      const marks = d.marks.filter((m) => m.subject === 'alg');
      const target = ms(() => [averageOf(marks), marksNeeded(marks, 4.5), marksNeeded(marks, 4.5, { value: 5, weight: 2 })]);
      rows.push({
        name: 'widgets: target calculator model',
        value: target.toFixed(3),
        unit: 'ms',
        note: 'average + two marksNeeded',
        target: '≤ 1 ms',
        ok: target <= 1,
      });
    }
  }
  return rows;
}
