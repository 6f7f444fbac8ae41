import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineConfig } from 'wxt';
// @ts-expect-error: a plain build script, no types of its own
import { privacyHtml } from './scripts/privacy-page.mjs';
import { BUILT_IN, dedupe, HOSTS, OPTIONAL, originsOf, pagePatternsOf } from './lib/sources/registry';

/**
 * Hosts, from the registry of diary systems (lib/sources/registry.ts): the built-in diary hosts and
 * their login hosts are host permissions, with the diary page's script declared on them; the
 * regional ones are optional, granted when the user enables a node, the script registered then.
 */
export const DIARY_MATCHES = pagePatternsOf(BUILT_IN);
export const HOST_PERMISSIONS = dedupe(BUILT_IN.flatMap(originsOf));
export const OPTIONAL_HOSTS = dedupe(OPTIONAL.flatMap(originsOf)).filter((o) => !HOST_PERMISSIONS.includes(o));
/** The widgets the overlay's panel runs in the page's main world (the panel itself is put into the page script's world by the background). */
const PANEL_FILES = ['widgets/*', 'widgets/chunks/*', 'tabel-bridge.js'];
/** Pages the extension's own files may be loaded into (the overlay's panel and widgets): every diary host's. */
const RESOURCE_MATCHES = pagePatternsOf([...BUILT_IN, ...OPTIONAL]);
/**
 * The extension's own pages and its background may connect only to the diary systems' hosts and
 * their login hosts (and its own files): "never off-origin" enforced by the browser as well as by
 * the code, including the redirects inside a fetch that script cannot see.
 */
export const CONNECT_SRC = ["'self'", ...dedupe(HOSTS.flatMap((e) => [e.host.host, ...e.host.loginHosts])).map((h) => `https://${h}`)];
const EXTENSION_PAGES_CSP = `script-src 'self'; object-src 'self'; connect-src ${CONNECT_SRC.join(' ')}`;
/** A test build answers the test hooks (extension/messages.ts) and goes to .output-test/, never into a package. */
const TEST_HOOKS = process.env.TABEL_TEST_HOOKS === '1';

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
  // addons.mozilla.org's sources zip: what rebuilds the add-on (`npm ci && npm run build`), not what tests and builds leave behind.
  zip: { excludeSources: ['test-results/**', '.output-test/**', 'dist/**'] },
  // MV3 for Firefox too: its web-accessible files can then be limited to the diary hosts (in MV2 any
  // site could load them once it knew the install's id, a cross-site fingerprint), and both builds
  // have the same APIs (action, scripting, optional host permissions).
  manifestVersion: 3,
  outDir: TEST_HOOKS ? '.output-test' : '.output',
  vite: () => ({ define: { 'import.meta.env.TABEL_TEST_HOOKS': JSON.stringify(TEST_HOOKS) } }),
  hooks: {
    // The overlay runs the very widget library portals embed: build it first, ship its files as they are.
    'build:before': () => {
      if (!process.env.TABEL_WIDGETS_PREBUILT || !existsSync(join(WIDGETS, 'tabel.js'))) {
        execFileSync(process.execPath, ['scripts/build-widgets.mjs'], { stdio: 'inherit', cwd: import.meta.dirname });
      }
    },
    // The toolbar button's title in the browser's language too (WXT takes it from the popup's <title> otherwise).
    'build:manifestGenerated': (_wxt, manifest) => {
      if (manifest.action) manifest.action.default_title = '__MSG_extShortName__';
    },
    'build:publicAssets': (_wxt, files) => {
      // The privacy policy in the extension: the repository's PRIVACY.md, one text for both.
      files.push({ contents: privacyHtml(readFileSync(resolve(import.meta.dirname, 'PRIVACY.md'), 'utf8')), relativeDest: 'privacy.html' });
      for (const file of filesUnder(WIDGETS)) {
        if (file.endsWith('.js')) files.push({ absoluteSrc: file, relativeDest: `widgets/${relative(WIDGETS, file)}` });
      }
    },
  },
  manifest: ({ browser }) => ({
    // In the browser's language, Russian by default (public/_locales; a unit test holds their lengths and the systems named).
    default_locale: 'ru',
    name: '__MSG_extName__',
    short_name: '__MSG_extShortName__',
    description: '__MSG_extDescription__',
    // `scripting`: the diary page's script on the regional hosts the user enables.
    // `unlimitedStorage`: the archive is the family's history; without it the browser may evict it under disk pressure.
    // `activeTab`: when the user opens the popup on a site, whether that page is a diary Tabel is not on yet (page markers).
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'cookies', 'notifications', 'scripting', 'activeTab'],
    // The diary page's script (entrypoints/diary-page): a plain script, see why there.
    content_scripts: [{ matches: DIARY_MATCHES, js: ['diary-page.js'], run_at: 'document_end' }],
    host_permissions: HOST_PERMISSIONS,
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
    // The listed regional hosts, and any other https site: asked for one host at a time, in the user's click in the
    // popup on a page whose markers say it is a diary (never granted wholesale, never at install).
    optional_host_permissions: [...OPTIONAL_HOSTS, 'https://*/*'],
    // Loadable by the diary pages only (the overlay's panel and widgets), never by another site.
    web_accessible_resources: [
      { resources: PANEL_FILES, matches: RESOURCE_MATCHES },
      // Chrome: on a diary host the user turned on from the popup (found by its page's markers, so in no list here),
      // the same files through the per-session dynamic URL only: no site can probe for them at a known address.
      // Firefox has no dynamic URLs; there the panel stays on the listed hosts and says so elsewhere.
      ...(browser === 'firefox' ? [] : [{ resources: PANEL_FILES, matches: ['https://*/*'], use_dynamic_url: true }]),
    ],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // Tabel collects nothing: diary data stays in the browser. The minimum is the ESR the tests run on (153.8).
            gecko: { id: 'tabel@tabel.example', strict_min_version: '153.0', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
});
