#!/usr/bin/env node
// Serves the widget gallery: builds dist/widgets/ when it is missing, then starts the static server
// (tests/support/static-server.ts, bundled on the fly with esbuild) and prints the gallery's address.
//   node gallery/serve.mjs            → http://127.0.0.1:5178/gallery/  (PORT=… to change)
// `npm start` can run it, or `import { serveGallery } from '../gallery/serve.mjs'`.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');

/** Starts the gallery server; resolves to `{ url, close }`. */
export async function serveGallery({ port = Number(process.env.PORT) || 5178, rebuild = false } = {}) {
  if (rebuild || !existsSync(join(root, 'dist/widgets/tabel.js'))) {
    execFileSync(process.execPath, [join(root, 'scripts/build-widgets.mjs')], { cwd: root, stdio: 'inherit' });
  }
  const dir = mkdtempSync(join(tmpdir(), 'tabel-gallery-'));
  const outfile = join(dir, 'static-server.mjs');
  try {
    await build({
      entryPoints: [join(root, 'tests/support/static-server.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'error',
    });
    const { startStaticServer } = await import(pathToFileURL(outfile).href);
    return await startStaticServer({ port, root });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = await serveGallery({ rebuild: process.argv.includes('--build') });
  console.log(`Widget gallery: ${server.url}/gallery/  (Ctrl+C to stop)`);
}
