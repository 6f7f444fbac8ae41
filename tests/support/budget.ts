import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const near = resolve(import.meta.dirname ?? '.', '../../.output/chrome-mv3');
/** The Chrome build, from source or (bundled for the bench) from the working directory. */
export const CHROME_OUT = existsSync(resolve(near, 'manifest.json')) ? near : resolve(process.cwd(), '.output/chrome-mv3');

/** What the built extension injects at load: its content scripts, gzipped. */
export function injectedAtLoad(): { files: string[]; gzip: number } {
  const manifest = JSON.parse(readFileSync(resolve(CHROME_OUT, 'manifest.json'), 'utf8'));
  const files: string[] = manifest.content_scripts.flatMap((c: { js?: string[] }) => c.js ?? []);
  return { files, gzip: files.reduce((n, f) => n + gzipSync(readFileSync(resolve(CHROME_OUT, f))).length, 0) };
}
