#!/usr/bin/env node
// `npm run build:widgets`: the standalone widget library into dist/widgets/.
//
//   tabel.js                 the autoloader for one <script type="module">: imports an element's entry
//                            when its tag appears (tabel-all.js when the page shows three kinds or more)
//   tabel-average.js …       one entry per element (for the autoloader and bundler users), sharing
//                            chunks/core-*.js; chart.js is a separate chunk (chunks/chart-*.js)
//                            imported only when a chart is drawn, and so are the English strings
//                            (chunks/en-*.js), when English is shown, and the `src` reader (chunks/load-*.js)
//   tabel-all.js             every element registered at once, one file (pages with shadow roots, the extension)
//   engine.js                the grade engine and the model's validators (not in tabel.js)
//   *.d.ts, types/           declarations (with HTMLElementTagNameMap), from tsc
//   custom-elements.json     the Custom Elements Manifest, from @custom-elements-manifest/analyzer
//
// Offline, a few seconds. Options: --no-types, --no-manifest (quicker, for size checks).
// Always the production build of Lit and friends, even when run from a test runner (NODE_ENV=test
// would make Vite pick their development builds).
process.env.NODE_ENV = 'production';
const { build } = await import('vite');
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const out = resolve(root, 'dist/widgets');
const args = new Set(process.argv.slice(2));
const started = Date.now();

/** Element entries: output name → registration module. */
export const ELEMENTS = {
  'tabel-average': 'components/average/tabel-average.ts',
  'tabel-grade-table': 'components/grade-table/tabel-grade-table.ts',
  'tabel-progress-chart': 'components/progress-chart/tabel-progress-chart.ts',
  'tabel-summary': 'components/summary/tabel-summary.ts',
  'tabel-target': 'components/target/tabel-target.ts',
};
/** The grade engine and the model's validators, for pages that compute with them. */
const ENGINE = 'components/engine.ts';

/**
 * Kept over a maintained minifier because it does better here. Measured 2026-12-01 with
 * minify-literals 2.2.0 (html-minifier-next, lightningcss) in its place: tabel-all.js 22,103 bytes
 * gzipped against 21,871, the average's entry and core 17,192 against 17,063 (and it leaves CSS
 * alone unless the widgets go back to Lit's checking `css` tag, which costs more again).
 *
 * Collapses the indentation inside Lit's css`` and html`` literals (whitespace between tags and
 * around CSS punctuation carries no meaning there), nested ones included (`${cond ? html`…` : …}`).
 * Keeps the code of `${…}` expressions as it is.
 */
function minifyTemplates() {
  // White space next to these tags never shows; between inline ones (`</strong> <span>`) it is a space.
  const BLOCK =
    /^\/?(?:caption|col|colgroup|dd|details|div|dl|dt|figcaption|figure|footer|h[1-6]|header|li|ol|p|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)$/i;
  const squeeze = (text, kind) => {
    if (kind === 'css')
      return text
        .replace(/\s+/g, ' ')
        .replace(/\s*([{};:,>])\s*/g, '$1')
        .replace(/;}/g, '}')
        .trim();
    if (kind === 'html')
      return text
        .replace(/\s+/g, ' ')
        .replace(/(<\/?([\w-]+)[^<>]*)?> <(\/?[\w-]+)/g, (all, _, before, after) =>
          BLOCK.test(after) || BLOCK.test(before ?? '') ? all.replace('> <', '><') : all,
        );
    return text;
  };
  // A template literal from just after its opening backtick: [its text up to and with the closing backtick, where it ends].
  function template(code, j, kind) {
    let out = '';
    let chunk = '';
    while (j < code.length && code[j] !== '`') {
      if (code[j] === '\\') {
        chunk += code[j] + code[j + 1];
        j += 2;
      } else if (code[j] === '$' && code[j + 1] === '{') {
        out += squeeze(chunk, kind) + '${';
        chunk = '';
        const [expr, k] = expression(code, j + 2);
        out += expr;
        j = k;
      } else chunk += code[j++];
    }
    return [out + squeeze(chunk, kind) + '`', j + 1];
  }
  // A `${…}` expression from just after `${`: [its code up to and with the closing brace, where it ends].
  // Strings are copied as they are; template literals inside are read with `template`.
  function expression(code, j) {
    let out = '';
    let depth = 0;
    while (j < code.length) {
      const c = code[j];
      if (c === '}' && depth === 0) return [out + '}', j + 1];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      if (c === '"' || c === "'") {
        let k = j + 1;
        while (k < code.length && code[k] !== c) k += code[k] === '\\' ? 2 : 1;
        out += code.slice(j, k + 1);
        j = k + 1;
      } else if (c === '`') {
        const tag = /\b(css|html)\s*$/.exec(out)?.[1];
        const [t, k] = template(code, j + 1, tag);
        out += '`' + t;
        j = k;
      } else {
        out += c;
        j++;
      }
    }
    return [out, j];
  }
  return {
    name: 'tabel-minify-templates',
    transform(code, id) {
      if (!/components[\\/].*\.ts$/.test(id) || !/\b(css|html)`/.test(code)) return null;
      let result = '';
      let i = 0;
      const re = /\b(css|html)`/g;
      let m;
      while ((m = re.exec(code))) {
        const j = m.index + m[0].length;
        const [t, k] = template(code, j, m[1]);
        result += code.slice(i, j) + t;
        i = k;
        re.lastIndex = k;
      }
      return { code: result + code.slice(i), map: null };
    },
  };
}

/** The autoloader's `import('./all')` is the tabel-all.js file of the second build, not a chunk of the first. */
const allAsFile = {
  name: 'tabel-all-as-file',
  enforce: 'pre',
  resolveId: (source, importer) =>
    source === './all' && importer && /components[\\/]tabel\.ts$/.test(importer) ? { id: './tabel-all.js', external: true } : null,
};

/** TABEL_CHUNKS=1: prints which of our modules each file holds (to see what a page pays for). */
const listChunks = {
  name: 'tabel-list-chunks',
  generateBundle(_, bundle) {
    for (const c of Object.values(bundle))
      if (c.type === 'chunk')
        console.log(
          c.fileName,
          Object.keys(c.modules)
            .filter((m) => !m.includes('node_modules'))
            .map((m) => m.replace(root + '/', ''))
            .join(' '),
        );
  },
};

const common = (entry, emptyOutDir, core = true) => ({
  root,
  configFile: false,
  // The project's public/ holds the extension's icons, not the library's.
  publicDir: false,
  mode: 'production',
  logLevel: 'warn',
  plugins: [minifyTemplates(), allAsFile, ...(process.env.TABEL_CHUNKS ? [listChunks] : [])],
  define: { __TABEL_VERSION__: JSON.stringify(version) },
  build: {
    outDir: out,
    emptyOutDir,
    target: 'es2022',
    minify: true,
    reportCompressedSize: false,
    lib: { entry, formats: ['es'] },
    rolldownOptions: {
      output: {
        minify: true,
        // No /* @__PURE__ */ annotations in the shipped files: they are already tree-shaken.
        comments: false,
        entryFileNames: '[name].js',
        codeSplitting: !core || {
          groups: [
            {
              name: 'core',
              test: /node_modules[\\/](lit|lit-html|lit-element|@lit)[\\/]|components[\\/]internal[\\/](?!en\.ts|load\.ts)|[\\/]lib[\\/]/,
              // Code one element alone uses stays in its entry: a page without that element never fetches it.
              minShareCount: 2,
            },
          ],
        },
        // The chart.js chunk and the English strings are named for what they are
        // (chunks/chart-<hash>.js, chunks/en-<hash>.js); code the element entries share is
        // chunks/shared-<hash>.js.
        chunkFileNames: (chunk) =>
          chunk.moduleIds.some((id) => id.includes('chart-render') || id.includes('node_modules/chart.js'))
            ? 'chunks/chart-[hash].js'
            : chunk.moduleIds.some((id) => /components[\\/]internal[\\/]en\.ts$/.test(id))
              ? 'chunks/en-[hash].js'
              : chunk.name === 'core'
                ? 'chunks/core-[hash].js'
                : chunk.moduleIds.some((id) => /components[\\/]internal[\\/]load\.ts$/.test(id))
                  ? 'chunks/load-[hash].js'
                  : 'chunks/shared-[hash].js',
      },
    },
  },
});

// 1. tabel.js (the autoloader) and one entry per element, sharing one core chunk (Lit, the frame
//    every element shares, the model's validator and the engine functions the elements use), so a
//    page loads the autoloader, the core and the elements it shows, each once.
await build(
  common(Object.fromEntries(Object.entries({ tabel: 'components/tabel.ts', ...ELEMENTS }).map(([k, v]) => [k, resolve(root, v)])), true),
);
// 2. tabel-all.js (every element registered at once) and engine.js, each a file of its own: one file
//    gzips smaller than the same code in shared chunks. (The chart chunk imports nothing, so every
//    build writes the same chunks/chart-<hash>.js.)
await build(common({ 'tabel-all': resolve(root, 'components/all.ts') }, false, false));
await build(common({ engine: resolve(root, ENGINE) }, false, false));

// 3. Declarations: tsc emits into types/, and each entry gets a .d.ts beside its .js.
if (!args.has('--no-types')) {
  rmSync(join(out, 'types'), { recursive: true, force: true });
  // tsconfig.widgets.json, with the engine entry added to its files.
  const tmp = mkdtempSync(join(tmpdir(), 'tabel-types-'));
  const config = join(tmp, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: resolve(root, 'tsconfig.widgets.json'),
      files: [resolve(root, 'components/tabel.ts'), resolve(root, 'components/all.ts'), resolve(root, ENGINE)],
    }),
  );
  try {
    execFileSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: root, stdio: 'inherit' });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  writeFileSync(join(out, 'tabel.d.ts'), `export * from './types/components/tabel';\n`);
  writeFileSync(join(out, 'tabel-all.d.ts'), `export * from './types/components/all';\n`);
  writeFileSync(join(out, 'engine.d.ts'), `export * from './types/components/engine';\n`);
  for (const [name, file] of Object.entries(ELEMENTS)) {
    const mod = `./types/${file.replace(/\.ts$/, '')}`;
    writeFileSync(join(out, `${name}.d.ts`), `export * from '${mod}';\nexport { default } from '${mod}';\n`);
  }
}

// The library's package.json: what a portal's bundler resolves (`@tabel/widgets`, `@tabel/widgets/tabel-target`),
// checked with publint by the browser tests. Lit is bundled into the files; the declarations name its types,
// hence the dependency.
const { version: litVersion } = JSON.parse(readFileSync(resolve(root, 'node_modules/lit/package.json'), 'utf8'));
const entry = (name) => ({ types: `./${name}.d.ts`, default: `./${name}.js` });
writeFileSync(
  join(out, 'package.json'),
  JSON.stringify(
    {
      name: '@tabel/widgets',
      version,
      description: 'Tabel widgets: weighted averages, targets, grade tables and progress charts for school diaries, as web components',
      license: 'MIT',
      type: 'module',
      exports: {
        '.': entry('tabel'),
        './all': entry('tabel-all'),
        './engine': entry('engine'),
        ...Object.fromEntries(Object.keys(ELEMENTS).map((name) => [`./${name}`, entry(name)])),
        './custom-elements.json': './custom-elements.json',
        './package.json': './package.json',
      },
      types: './tabel.d.ts',
      customElements: 'custom-elements.json',
      // Importing an element's entry registers it; the engine has no side effects.
      sideEffects: ['./tabel.js', './tabel-all.js', './tabel-*.js', './chunks/*.js'],
      dependencies: { lit: `^${litVersion}` },
    },
    null,
    2,
  ) + '\n',
);

// 4. custom-elements.json.
if (!args.has('--no-manifest')) {
  execFileSync(
    process.execPath,
    [
      resolve(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'),
      'analyze',
      '--config',
      resolve(root, 'custom-elements-manifest.config.mjs'),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (!existsSync(join(out, 'custom-elements.json'))) throw new Error('custom-elements.json was not written');
}

const files = readdirSync(out, { recursive: true }).filter((f) => String(f).endsWith('.js'));
console.log(`Widget library written to ${out} (${files.length} scripts, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
