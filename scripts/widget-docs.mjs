#!/usr/bin/env node
// `npm run docs:widgets`: the reference tables of docs/widgets.md (attributes and properties, events,
// parts, CSS properties of every element) written from the Custom Elements Manifest, so that the
// JSDoc on the classes is the one place they are described. Each table sits between
// `<!-- api:<name> -->` and `<!-- /api:<name> -->`; the text around them is written by hand.
// Reads dist/widgets/custom-elements.json (built by `npm run build:widgets`).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
export const DOC = resolve(root, 'docs/widgets.md');
export const MANIFEST = resolve(root, 'dist/widgets/custom-elements.json');

const cell = (text = '') =>
  String(text)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|');
const code = (text) => (text ? `\`${cell(text).replace(/`/g, '')}\`` : '—');
const table = (head, rows) =>
  rows.length
    ? [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
    : '';

function declarations(manifest) {
  const out = new Map();
  for (const mod of manifest.modules ?? []) for (const d of mod.declarations ?? []) if (d.kind === 'class') out.set(d.tagName ?? d.name, d);
  return out;
}

const SECTIONS = ['attributes', 'readonly', 'events', 'parts', 'css'];

/** The tables of one class (the sections asked for): its own members only (inherited ones are in the common block). */
function blockOf(d, sections = SECTIONS) {
  const own = (xs) => (xs ?? []).filter((x) => !x.inheritedFrom);
  const fields = own(d.members).filter((m) => m.kind === 'field' && !m.static && !m.privacy?.match(/private|protected/));
  const settable = fields.filter((m) => !m.readonly);
  const readonly = fields.filter((m) => m.readonly);
  const parts = [];
  const want = (x) => sections.includes(x);
  if (want('attributes') && settable.length)
    parts.push(
      table(
        ['attribute', 'property', 'type', 'default', ''],
        settable.map((m) => [code(m.attribute), code(m.name), code(m.type?.text), code(m.default), cell(m.description)]),
      ),
    );
  if (want('readonly') && readonly.length)
    parts.push(
      table(
        ['property (read-only)', 'type', ''],
        readonly.map((m) => [code(m.name), code(m.type?.text), cell(m.description)]),
      ),
    );
  const events = own(d.events);
  if (want('events') && events.length)
    parts.push(
      table(
        ['event', 'type', 'when'],
        events.map((e) => [code(e.name), code(e.type?.text), cell(e.description)]),
      ),
    );
  const cssParts = own(d.cssParts);
  if (want('parts') && cssParts.length)
    parts.push(
      table(
        ['part', ''],
        cssParts.map((p) => [code(p.name), cell(p.description)]),
      ),
    );
  const props = own(d.cssProperties);
  if (want('css') && props.length)
    parts.push(
      table(
        ['CSS property', 'default', ''],
        props.map((p) => [code(p.name), code(p.default), cell(p.description)]),
      ),
    );
  return parts.join('\n\n');
}

/** The classes the manifest documents: each element by its tag, `common` (TabelElement) and `targeted` (TabelTargetedElement). */
export function documented(manifest) {
  const out = new Map();
  for (const [key, d] of declarations(manifest)) {
    const name = key === 'TabelElement' ? 'common' : key === 'TabelTargetedElement' ? 'targeted' : key;
    if (name === 'common' || name === 'targeted' || d.tagName) out.set(name, d);
  }
  return out;
}

/**
 * The document with every `<!-- api:name [sections] -->` … `<!-- /api:name -->` block written from
 * the manifest (sections: a comma list of attributes, readonly, events, parts, css; all when absent).
 * Throws on a name the manifest lacks, or a block left empty.
 */
export function withApi(doc, manifest) {
  const classes = documented(manifest);
  return doc.replace(/<!-- api:([\w-]+)( [\w,]+)? -->\n[\s\S]*?<!-- \/api:\1 -->/g, (_, name, sections) => {
    const d = classes.get(name);
    if (!d) throw new Error(`docs/widgets.md: no element or class "${name}" in the manifest`);
    const body = blockOf(d, sections ? sections.trim().split(',') : SECTIONS);
    if (!body) throw new Error(`docs/widgets.md: the manifest has nothing for "${name}${sections ?? ''}"`);
    return `<!-- api:${name}${sections ?? ''} -->\n${body}\n<!-- /api:${name} -->`;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  const before = readFileSync(DOC, 'utf8');
  const after = withApi(before, manifest);
  writeFileSync(DOC, after);
  console.log(before === after ? 'docs/widgets.md: up to date' : 'docs/widgets.md: tables rewritten from the manifest');
}
