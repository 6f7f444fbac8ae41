import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineConfig } from 'wxt';

/** The diary site (content scripts, API) and the city SSO (the session keeper's silent hop). Nothing else. */
export const DIARY_MATCHES = ['https://school.mos.ru/*'];
export const HOST_PERMISSIONS = ['https://school.mos.ru/*', 'https://login.mos.ru/*'];

const WIDGETS = resolve(import.meta.dirname, 'dist/widgets');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

export default defineConfig({
  // Explicit imports everywhere: code in lib/ must read the same in Node, vitest and the extension.
  imports: false,
  webExt: { disabled: true },
  hooks: {
    // The overlay runs the very widget library portals embed: build it first, ship its files as they are.
    'build:before': () => {
      if (!process.env.TABEL_WIDGETS_PREBUILT || !existsSync(join(WIDGETS, 'tabel.js'))) {
        execFileSync(process.execPath, ['scripts/build-widgets.mjs'], { stdio: 'inherit', cwd: import.meta.dirname });
      }
    },
    'build:publicAssets': (_wxt, files) => {
      for (const file of filesUnder(WIDGETS)) {
        if (file.endsWith('.js')) files.push({ absoluteSrc: file, relativeDest: `widgets/${relative(WIDGETS, file)}` });
      }
    },
  },
  manifest: ({ browser }) => ({
    // Firefox allows at most 45 characters here.
    name: 'Tabel — средний балл и цели для дневника',
    short_name: 'Tabel',
    description: 'Weighted averages, period marks, targets and history on top of the Moscow school diary (МЭШ).',
    permissions: ['storage', 'alarms', 'cookies', 'notifications'],
    // The diary page's script (entrypoints/diary-page): a plain script, see why there.
    content_scripts: [{ matches: DIARY_MATCHES, js: ['diary-page.js'], run_at: 'document_end' }],
    host_permissions: HOST_PERMISSIONS,
    web_accessible_resources:
      browser === 'firefox'
        ? ['widgets/*', 'widgets/chunks/*', 'tabel-bridge.js', 'overlay-panel.js']
        : [{ resources: ['widgets/*', 'widgets/chunks/*', 'tabel-bridge.js', 'overlay-panel.js'], matches: DIARY_MATCHES }],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // Tabel collects nothing: diary data stays in the browser.
            gecko: { id: 'tabel@tabel.example', strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
});
