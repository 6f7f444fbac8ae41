import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

describe('the Firefox build', () => {
  it('builds and passes web-ext lint with no errors', () => {
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], {
      cwd: root,
      stdio: 'pipe',
      env: { ...process.env, TABEL_WIDGETS_PREBUILT: '1' },
    });
    const manifest = JSON.parse(readFileSync(resolve(root, '.output/firefox-mv3/manifest.json'), 'utf8'));
    // Nothing on other sites: only the diary and the SSO hosts.
    expect(manifest.manifest_version).toBe(3);
    // The minimum is what the tests run on: Debian's firefox-esr 153 ESR.
    expect(manifest.browser_specific_settings.gecko.strict_min_version).toBe('153.0');
    expect(manifest.host_permissions.sort()).toEqual(['https://login.mos.ru/*', 'https://school.mos.ru/*']);
    expect(manifest.content_scripts.flatMap((c: { matches: string[] }) => c.matches)).toEqual(['https://school.mos.ru/*']);
    // The regional nodes are optional: asked for when the user enables one.
    expect(manifest.optional_host_permissions).toContain('https://authedu.mosreg.ru/*');
    // Its files load into the diary pages only: no other site can load them to tell this install apart.
    for (const r of manifest.web_accessible_resources) expect(r.matches).not.toContain('<all_urls>');
    // Firefox has no per-session dynamic URLs: no entry for every https site (a found host's panel says it cannot open there).
    for (const r of manifest.web_accessible_resources) expect(r.matches).not.toContain('https://*/*');
    expect(manifest.web_accessible_resources.flatMap((r: { matches: string[] }) => r.matches)).toContain('https://school.mos.ru/*');
    let out = '';
    try {
      out = execFileSync('npx', ['web-ext', 'lint', '-s', '.output/firefox-mv3', '--output', 'json', '--no-config-discovery'], {
        cwd: root,
        encoding: 'utf8',
      });
    } catch (err) {
      out = (err as { stdout?: string }).stdout ?? '';
    }
    const report = JSON.parse(out);
    expect(report.errors).toEqual([]);
    // None of our own: what remains is the innerHTML of lit-html's and preact's template code (a <template>'s
    // markup they build themselves), in each bundle that carries them. The panel is no longer an import() of a computed address.
    expect(
      report.warnings.filter(
        (w: { code: string; message: string }) => !(w.code === 'UNSAFE_VAR_ASSIGNMENT' && w.message === 'Unsafe assignment to innerHTML'),
      ),
    ).toEqual([]);
  }, 120_000);
});
