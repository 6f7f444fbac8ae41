import { isMarksPage } from '../../../lib/sources/pages';
import type { SubjectRow } from '../../../lib/anchor/rows';
import { stringsFor } from '../../../extension/i18n';
import type { OverlayEnv } from '../../../extension/overlay-env';
import type { Feature } from '../runtime';

/**
 * One stylesheet for every row, selected by Tabel's own data attributes only (nothing of the page
 * matches them), instead of an inline style per element: one parse per page, not one per row.
 * In a grid row a result takes a line of its own under the marks; elsewhere it follows the row's
 * content. Period-mark tints: the figure itself carries the mark, so colour is never the only signal.
 * The page's own font, at a size the page already uses: a new size cost the page's layout ≈1.5 ms
 * on every load (Chromium's trace of the emulated marks page).
 */
const ROW_CSS =
  '[data-tabel-subject]{display:flex;flex-wrap:wrap;align-items:center;gap:2px 8px;grid-column:2 / -1;margin:2px 0 0;font-size:13px;line-height:1.3;color:#5b6475}' +
  '[data-tabel-subject]>b{color:#1f2430;background:#eef2fa;border-radius:6px;padding:1px 6px}' +
  '[data-tabel-subject]>b[data-mark="5"]{background:#dff3e4}[data-tabel-subject]>b[data-mark="4"]{background:#e3ecfd}' +
  '[data-tabel-subject]>b[data-mark="3"]{background:#fff1d6}[data-tabel-subject]>b[data-mark="2"]{background:#fde2e0}';

let sheet: HTMLStyleElement | null = null;
function ensureStyles(): void {
  if (sheet?.isConnected) return;
  sheet = document.querySelector('style[data-tabel-rows]');
  if (sheet) return;
  sheet = document.createElement('style');
  sheet.setAttribute('data-tabel-rows', '');
  sheet.textContent = ROW_CSS;
  (document.head ?? document.documentElement).append(sheet);
}

/** Each subject's result element by subject id, made once per overlay model. */
const made = new WeakMap<OverlayEnv, Map<string, HTMLElement>>();

function resultsOf(env: OverlayEnv): Map<string, HTMLElement> {
  let hosts = made.get(env);
  if (hosts) return hosts;
  hosts = new Map();
  const t = stringsFor(env.lang);
  const rule = `${t.tabel}: ${t.rule} ${env.rule}${env.period ? ` · ${env.period.name}` : ''}`;
  for (const line of env.lines) {
    if (hosts.has(line.subjectId)) continue;
    const host = document.createElement('span');
    host.setAttribute('data-tabel-subject', line.subject);
    host.setAttribute('data-tabel-average', line.average2 ?? '');
    // Plain DOM, not a widget: these load with the page, and the widgets load only with the panel.
    const fig = document.createElement('b');
    if (line.periodMark !== null) fig.setAttribute('data-mark', String(line.periodMark));
    fig.textContent = line.figure;
    // Said once, in the figure's tooltip: on a site without weights every row would repeat it.
    fig.setAttribute('title', line.about ? `${line.about}. ${rule}` : rule);
    host.append(fig);
    if (line.notes.length) {
      const note = document.createElement('span');
      note.textContent = line.notes.join(' · ');
      host.append(note);
    }
    hosts.set(line.subjectId, host);
  }
  made.set(env, hosts);
  return hosts;
}

/** The results this page shows now, and where: what the next change of the page is reconciled against. */
const placed = new Set<HTMLElement>();

/**
 * Puts each row's result in its row, once: a result whose row is gone (a re-render replaced it),
 * now names another subject (a keyed re-render reused it), or belongs to another model (a period
 * or child switch) is removed; a row without its result gets it. Nothing piles up twice.
 */
function reconcile(env: OverlayEnv | null, rows: readonly SubjectRow[]): void {
  const hosts = env ? resultsOf(env) : new Map<string, HTMLElement>();
  const want = new Map<HTMLElement, HTMLElement>();
  for (const r of rows) {
    const ready = hosts.get(r.subject);
    if (!ready) continue;
    // Two rows of one subject (two groups) each get a copy.
    const taken = [...want.values()].includes(ready) ? (ready.cloneNode(true) as HTMLElement) : ready;
    want.set(r.slot, taken);
  }
  // Results the page still holds from before (ours, or a copy the page's own re-render made of ours).
  for (const el of [...placed, ...document.querySelectorAll<HTMLElement>('[data-tabel-subject]')]) {
    const slot = el.parentElement;
    if (slot && want.get(slot) === el) continue;
    el.remove();
    placed.delete(el);
  }
  for (const [slot, host] of want) {
    if (host.parentElement === slot) continue;
    slot.append(host);
    placed.add(host);
  }
}

/** Next to each subject on the marks page: our average and period mark, the marks needed, the system's own figure where it differs. */
export const subjectResults: Feature<OverlayEnv, { rows: readonly SubjectRow[] }> = {
  id: 'subject-results',
  include: (loc, env) => isMarksPage(env.pages, loc),
  prepare(env) {
    resultsOf(env);
    ensureStyles();
  },
  init(_env, signal) {
    ensureStyles();
    signal.addEventListener('abort', () => reconcile(null, []));
  },
  update(env, page) {
    reconcile(env.fallback ? null : env, page.rows);
  },
};
