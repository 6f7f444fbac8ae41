import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Browser tests test what ships: build the extension and the widget library once before them. */
export default function setup(): void {
  const root = resolve(import.meta.dirname, '../..');
  if (process.env.TABEL_SKIP_BUILD) return;
  execFileSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'inherit' });
  execFileSync('node', ['scripts/build-widgets.mjs'], { cwd: root, stdio: 'inherit' });
}
