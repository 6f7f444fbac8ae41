import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROME_OUT, injectedAtLoad } from '../support/budget';
import { OPTIONAL } from '../../lib/sources/registry';

const OUT = CHROME_OUT;

describe('the extension’s standing budgets', () => {
  it('injects at most 10 KB gzipped at load on a diary page, and nothing on other sites', () => {
    const manifest = JSON.parse(readFileSync(resolve(OUT, 'manifest.json'), 'utf8'));
    expect(manifest.content_scripts.flatMap((c: { matches: string[] }) => c.matches)).toEqual(['https://school.mos.ru/*']);
    expect(manifest.host_permissions.sort()).toEqual(['https://login.mos.ru/*', 'https://school.mos.ru/*']);
    // What it may do, and nothing more: the archive kept under disk pressure (unlimitedStorage) among it.
    expect(manifest.permissions.sort()).toEqual([
      'activeTab',
      'alarms',
      'cookies',
      'notifications',
      'scripting',
      'storage',
      'unlimitedStorage',
    ]);
    // The regional nodes and their logins only when the user enables one (asked at run time, never at install); any
    // other https site only as the one host the user turns Tabel on for from the popup, its page a diary's by its markers.
    const regional = OPTIONAL.map((h) => `https://${h.host}/*`);
    // Beside them: their login hosts (ЕСИА; Дневник.ру's feed and login, on dnevnik.ru and on its alias дневник.рф, which its period tables' hosts need).
    const logins = [...new Set(OPTIONAL.flatMap((h) => h.loginHosts))].map((h) => `https://${h}/*`);
    expect(logins.sort()).toEqual([
      'https://dnevnik.ru/*',
      'https://esia.gosuslugi.ru/*',
      'https://login.dnevnik.ru/*',
      'https://login.xn--b1addnkoc.xn--p1ai/*',
      'https://xn--b1addnkoc.xn--p1ai/*',
    ]);
    expect(manifest.optional_host_permissions).toEqual(expect.arrayContaining([...regional, ...logins]));
    expect(manifest.optional_host_permissions.filter((o: string) => !regional.includes(o)).sort()).toEqual(
      [...logins, 'https://*/*'].sort(),
    );
    // The panel's files may load into a diary page only: Moscow's, or a node's once its script runs there.
    const [listed, found, ...more] = manifest.web_accessible_resources;
    expect(listed.matches.sort()).toEqual(['https://school.mos.ru/*', ...regional].sort());
    // On a host turned on from the popup (in no list), the same files, but only through the per-session dynamic URL: not probeable.
    expect(found).toEqual({ resources: listed.resources, matches: ['https://*/*'], use_dynamic_url: true });
    expect(more).toEqual([]);
    const { gzip, files } = injectedAtLoad();
    console.log(`injected at load: ${(gzip / 1024).toFixed(1)} KB gzipped (budget 10 KB)`);
    expect(gzip).toBeLessThanOrEqual(10 * 1024);
    // The widget library and chart.js are not among them: they load with the panel.
    expect(files).toEqual(['diary-page.js']);
    expect(existsSync(resolve(OUT, 'content-scripts'))).toBe(false);
  });
});
