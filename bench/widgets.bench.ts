import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { averageOf, marksNeeded, subjectSummaries } from '../lib/grades';
import { parseDiary } from '../lib/model';
import { measure, type BenchRow } from './harness';

const KB = 1024;
const root = process.cwd();
const dist = resolve(root, 'dist/widgets');

/** tabel.js and the chunks it imports statically. */
function closure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w${}\s,*]+from\s*)?["'`]([^"'`]+)["'`]/g))
      visit(resolve(dirname(file), m[1]!));
  };
  visit(entry);
  return [...seen];
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Sizes of dist/widgets/ against the budgets (built first when missing), and the widgets' per-render work. */
export function run(): BenchRow[] {
  if (!existsSync(join(dist, 'tabel.js')))
    execFileSync(process.execPath, [join(root, 'scripts/build-widgets.mjs'), '--no-types', '--no-manifest'], {
      cwd: root,
      stdio: 'inherit',
    });
  const core = closure(join(dist, 'tabel.js'));
  const coreBytes = core.reduce((n, f) => n + gz(f), 0);
  const chart = readdirSync(join(dist, 'chunks')).filter((f) => /^chart-.*\.js$/.test(f));
  const chartBytes = Math.max(0, ...chart.map((f) => gz(join(dist, 'chunks', f))));
  const rows: BenchRow[] = [
    {
      name: 'widgets: tabel.js + static chunks (gzip)',
      value: (coreBytes / KB).toFixed(1),
      unit: 'KB',
      note: `${core.length} file(s); the size test holds it at 21 KB`,
      target: '≤ 15 KB',
      ok: coreBytes <= 15 * KB,
    },
    {
      name: 'widgets: chart.js chunk (gzip)',
      value: (chartBytes / KB).toFixed(1),
      unit: 'KB',
      note: chart.join(', '),
      target: '≤ 65 KB',
      ok: chartBytes <= 65 * KB,
    },
  ];

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
