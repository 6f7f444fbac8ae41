/**
 * The widget library as a package (dist/widgets/, built by the global setup): publint finds nothing
 * to fix in its layout, and a portal's TypeScript (tests/types/consumer.ts) type-checks against the
 * shipped declarations, resolved the way a bundler resolves `@tabel/widgets` from node_modules.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'dist/widgets');

describe('the widget package', () => {
  it('publint: nothing to fix', async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const { messages, pkg } = await publint({ pkgDir: dist, strict: true });
    const said = messages.map((m) => formatMessage(m, pkg));
    expect(said, said.join('\n')).toEqual([]);
  }, 60_000);

  /** tsc over a consumer's files in a project that has the package in node_modules; its error lines. */
  function typeErrors(files: Record<string, string>): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'tabel-consumer-'));
    try {
      mkdirSync(join(dir, 'node_modules/@tabel'), { recursive: true });
      symlinkSync(dist, join(dir, 'node_modules/@tabel/widgets'), 'dir');
      for (const dep of ['lit', 'lit-html', 'lit-element', '@lit'])
        symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: 'ES2022',
            module: 'ESNext',
            moduleResolution: 'Bundler',
            lib: ['ES2022', 'DOM', 'DOM.Iterable'],
            types: [],
            skipLibCheck: false,
          },
          files: Object.keys(files),
        }),
      );
      try {
        execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
        return [];
      } catch (err) {
        return String((err as { stdout?: string }).stdout ?? err)
          .split('\n')
          .filter((l) => /error TS/.test(l));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('a portal’s TypeScript type-checks against the declarations: properties, events, entries', () => {
    const errors = typeErrors({ 'consumer.ts': readFileSync(join(root, 'tests/types/consumer.ts'), 'utf8') });
    expect(errors).toEqual([]);
  }, 60_000);

  it('and catches a portal’s mistakes (the check can fail)', () => {
    const errors = typeErrors({
      'wrong.ts': `import '@tabel/widgets';
const t = document.querySelector('tabel-target')!;
t.addEventListener('tabel-change', (e) => e.detail.neded);
const n: string = t.needed;
document.querySelector('tabel-average')!.subject = 5;
`,
    });
    expect(errors.map((l) => l.replace(/^.*?\((\d+),\d+\).*?(TS\d+).*$/, '$1 $2'))).toEqual(['3 TS2551', '4 TS2322', '5 TS2322']);
  }, 60_000);
});
