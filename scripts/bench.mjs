#!/usr/bin/env node
// Runs every bench/*.bench.ts (bundled with esbuild for Node) and prints one table.
// Usage: npm run bench [-- name-filter]
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const filter = process.argv[2] ?? '';
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
// Inside node_modules so the bundles' external packages resolve.
const out = join(root, 'node_modules/.cache/tabel-bench');
mkdirSync(out, { recursive: true });
const rows = [];
let failed = false;
try {
  for (const f of files) {
    const outfile = join(out, f.replace(/\.ts$/, '.mjs'));
    await build({
      entryPoints: [join(root, 'bench', f)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'error',
      packages: 'external',
      absWorkingDir: root,
    });
    const mod = await import(pathToFileURL(outfile).href);
    process.stderr.write(`running ${f}…\n`);
    try {
      for (const r of await mod.run()) rows.push({ suite: f.replace('.bench.ts', ''), ...r });
    } catch (err) {
      rows.push({
        suite: f.replace('.bench.ts', ''),
        name: `failed: ${err?.message ?? err}`.slice(0, 120),
        value: '—',
        unit: '',
        ok: false,
      });
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

const head = ['suite', 'measure', 'value', 'unit', 'note', 'target', 'ok'];
const table = rows.map((r) => [
  r.suite,
  r.name,
  r.value,
  r.unit,
  r.note ?? '',
  r.target ?? '',
  r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
]);
const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
console.log(`\nTabel benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
console.log(line(head));
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
for (const t of table) {
  console.log(line(t));
  if (t[6] === 'NO') failed = true;
}
if (failed) console.log('\nSome figures miss their targets (marked NO).');
