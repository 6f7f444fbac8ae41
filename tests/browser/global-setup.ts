import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Browser tests test what ships: build the extension and the widget library once before them. The
 * extension twice: as it ships (.output/), and the same with the background's test hooks
 * (.output-test/), which the tests drive.
 */
export default function setup(): void {
  const root = resolve(import.meta.dirname, '../..');
  if (process.env.TABEL_SKIP_BUILD) return;
  execFileSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'inherit' });
  execFileSync('npx', ['wxt', 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TABEL_TEST_HOOKS: '1', TABEL_WIDGETS_PREBUILT: '1' },
  });
  // Firefox's build with the hooks too (.output-test/firefox-mv3), for the tests that run in Firefox.
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TABEL_TEST_HOOKS: '1', TABEL_WIDGETS_PREBUILT: '1' },
  });
  execFileSync('node', ['scripts/build-widgets.mjs'], { cwd: root, stdio: 'inherit' });
}
