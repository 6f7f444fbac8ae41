/**
 * The widget library's entry (`dist/widgets/tabel.js`): a small autoloader, so a page pays for the
 * elements it shows. An element's module is imported the first time its tag is in the page, and
 * whenever one is added later. A page that shows `ALL_AT` or more kinds of element at its first
 * look gets `tabel-all.js` instead, every element in one file: gzip compresses one file far better
 * than the same code split by element (measured: all five 21.9 KB in one file, 26.1 KB split).
 * Inside a shadow root the page's observer cannot see, call `discover(root)`. The element classes
 * are in their own entries (`tabel-average.js` …), the grade engine and the validators in
 * `engine.js`.
 */
export type * from '../lib/model/types';
export type { TabelAverage } from './average/average.component';
export type { TabelGradeTable, GradeTableSort } from './grade-table/grade-table.component';
export type { TabelProgressChart } from './progress-chart/progress-chart.component';
export type { ChartInput, ChartSeries, LineConfig } from './progress-chart/chart-config';
export type { TabelSummary } from './summary/summary.component';
export type { TabelTarget, TargetChangeDetail, WhatIfMark } from './target/target.component';
export type { TabelEventMap, TabelEventDetail } from './internal/events';

/** Each tag's module (the per-element entries, so a page that also imports one directly loads it once). */
const MODULES: Record<string, () => Promise<unknown>> = {
  'tabel-average': () => import('./average/tabel-average'),
  'tabel-grade-table': () => import('./grade-table/tabel-grade-table'),
  'tabel-progress-chart': () => import('./progress-chart/tabel-progress-chart'),
  'tabel-summary': () => import('./summary/tabel-summary'),
  'tabel-target': () => import('./target/tabel-target'),
};
/** From this many kinds of element on the page at the first look, one file of all of them is smaller. */
export const ALL_AT = 3;
const loading = new Map<string, Promise<unknown>>();
let first = true;

/** Imports the module of a tag once; a failed import is retried the next time the tag is seen. */
function load(tag: string): Promise<unknown> {
  let p = loading.get(tag);
  if (!p) {
    p = MODULES[tag]!().catch((err: unknown) => {
      loading.delete(tag);
      console.error(`tabel: could not load <${tag}>`, err);
    });
    loading.set(tag, p);
  }
  return p;
}

/**
 * Registers every `tabel-*` element found in `root` (the root itself included) that is not defined
 * yet; resolves when their modules have loaded.
 */
export function discover(root: ParentNode | Element): Promise<void> {
  const tags = new Set<string>();
  const consider = (el: Element) => {
    const tag = el.localName;
    if (tag in MODULES && !customElements.get(tag)) tags.add(tag);
  };
  if ('localName' in root) consider(root);
  root.querySelectorAll(':not(:defined)').forEach(consider);
  if (first && tags.size) {
    first = false;
    if (tags.size >= ALL_AT) {
      // The build points this at tabel-all.js, a file of its own (scripts/build-widgets.mjs).
      const all = import('./all');
      for (const tag of Object.keys(MODULES)) loading.set(tag, all);
      return all.then(() => undefined);
    }
  }
  return Promise.all([...tags].map(load)).then(() => undefined);
}

if (typeof document !== 'undefined' && globalThis.customElements) {
  void discover(document);
  new MutationObserver((records) => {
    for (const r of records) for (const node of r.addedNodes) if (node.nodeType === 1) void discover(node as Element);
  }).observe(document.documentElement, { childList: true, subtree: true });
}
