import { build } from 'esbuild';
import { resolve } from 'node:path';
import { launchChromium } from '../tests/support/chromium';
import { startStaticServer } from '../tests/support/static-server';
import type { BenchRow } from './harness';
import type { ArchiveBenchResult } from './archive.page';

/**
 * The archive in Chromium's real IndexedDB: five school years for three children, 4,000 marks per
 * child and year (60,000 marks), merged year by year as the fetches happen and, separately, loaded
 * at once as from an export file; then a per-subject timeline over the five years.
 */
export async function run(): Promise<BenchRow[]> {
  const bundle = await build({
    entryPoints: [resolve(process.cwd(), 'bench/archive.page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'error',
  });
  const script = bundle.outputFiles[0]!.text.replace(/<\/script/gi, '<\\/script');
  const statics = await startStaticServer({
    port: 0,
    root: process.cwd(),
    pages: { '/archive-bench.html': `<!doctype html><meta charset="utf-8"><script>${script}</script>` },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${statics.url}/archive-bench.html`);
    const r = await page.evaluate(
      (o) => (globalThis as unknown as { tabelArchiveBench: (o: object) => Promise<ArchiveBenchResult> }).tabelArchiveBench(o),
      { children: 3, years: 5, perYear: 4000 },
    );
    const note = `${r.marks.toLocaleString('en')} marks, 3 children × 5 years, 15 merges`;
    return [
      {
        name: 'archive: ingest five years, year by year (IndexedDB)',
        value: r.yearlyMs.toFixed(0),
        unit: 'ms',
        note,
        target: '≤ 2000 ms',
        ok: r.yearlyMs <= 2000,
      },
      {
        name: 'archive: ingest five years from an export file',
        value: r.importMs.toFixed(0),
        unit: 'ms',
        note: `${r.marks.toLocaleString('en')} marks, one diary per child`,
        target: '≤ 2000 ms',
        ok: r.importMs <= 2000,
      },
      {
        name: 'archive: a day’s fetch merged into the full archive',
        value: r.refetchMs.toFixed(0),
        unit: 'ms',
        note: `4,000 marks compared against ${(r.marks / 3).toLocaleString('en')} archived, nothing new; median of 5`,
      },
      {
        name: 'archive: one subject’s timeline over five years',
        value: r.timelineMs.toFixed(1),
        unit: 'ms',
        note: `${r.timelineMarks} marks, median of 21`,
        target: '≤ 20 ms',
        ok: r.timelineMs <= 20,
      },
      {
        name: 'archive: one child’s history diary (export/report)',
        value: r.historyMs.toFixed(0),
        unit: 'ms',
        note: `${(r.marks / 3).toLocaleString('en')} marks`,
      },
      {
        name: 'archive: storage used',
        value: (r.usageBytes / 1024 / 1024).toFixed(1),
        unit: 'MB',
        note: `navigator.storage.estimate() after ${r.marks.toLocaleString('en')} marks (≈ ${Math.round(r.usageBytes / r.marks)} B/mark)`,
      },
    ];
  } finally {
    await browser.close();
    await statics.close();
  }
}
