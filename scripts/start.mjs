#!/usr/bin/env node
// `npm start`: builds the extension and the widget library, then runs the emulated portal demo
// (portal/cli.ts) — bundled on the fly with esbuild so Node 20 can run the TypeScript.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
if (!process.env.TABEL_SKIP_BUILD) {
  execFileSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'inherit' });
  execFileSync('node', ['scripts/build-widgets.mjs'], { cwd: root, stdio: 'inherit' });
}
// Inside node_modules so the bundle's external packages resolve.
const out = join(root, 'node_modules/.cache/tabel/cli.mjs');
const { serveGallery } = await import('../gallery/serve.mjs');
const gallery = await serveGallery({ rebuild: false });
await build({
  entryPoints: [join(root, 'portal/cli.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: out,
  packages: 'external',
  logLevel: 'error',
  absWorkingDir: root,
});
const { runDemo } = await import(pathToFileURL(out).href);
await runDemo({ root, port: Number(process.env.TABEL_PORT ?? 8443), galleryUrl: `${gallery.url}/gallery/` });
