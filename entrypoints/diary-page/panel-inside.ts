import { browser } from 'wxt/browser';
import { diaryScopedTo } from '../../lib/grades/diary';
import { policyNamed } from '../../lib/grades/policy';
import { stringsFor } from '../../extension/i18n';
import { panelStringsFor } from '../../extension/panel-strings';
import { ask } from '../../extension/messages';
import type { OverlayEnv } from '../../extension/overlay-env';
import type { Diary } from '../../lib/model/types';

/**
 * The overlay panel's inside: its tabs, the subjects' figures, and the widgets (the library
 * portals embed, in the page's main world). Loaded by the panel button on the first opening
 * (entrypoints/overlay-panel.ts), so none of it costs a diary page at load.
 */

type Tab = 'averages' | 'target' | 'chart' | 'table';

const PANEL_CSS = `
  .panel { position: fixed; right: 20px; bottom: 72px; z-index: 2147483000; width: min(760px, calc(100vw - 40px)); max-height: calc(100vh - 100px); overflow: auto; background: #fff; color: #1f2430; border-radius: 12px; box-shadow: 0 8px 32px rgba(0,0,0,.28); font: 14px/1.4 system-ui, sans-serif; }
  .panel[hidden] { display: none; }
  header { display: flex; align-items: center; gap: 10px; padding: 12px 16px; border-bottom: 1px solid #e2e6ef; position: sticky; top: 0; background: #fff; z-index: 1; }
  header h2 { font-size: 16px; margin: 0; }
  header .muted { color: #5b6475; font-size: 12px; }
  header .close { margin-left: auto; background: none; border: 0; font-size: 20px; cursor: pointer; color: #5b6475; }
  [role=tablist] { display: flex; gap: 4px; padding: 8px 16px 0; }
  [role=tab] { border: 0; background: #eef2fa; color: #1f2430; padding: 7px 12px; border-radius: 8px 8px 0 0; cursor: pointer; font: inherit; }
  [role=tab][aria-selected=true] { background: #0b57d0; color: #fff; }
  section { padding: 12px 16px 16px; }
  .note { background: #fff4e5; border-radius: 8px; padding: 8px 12px; margin: 0 0 10px; }
  ul.subjects { list-style: none; margin: 0; padding: 0; }
  ul.subjects li { display: grid; grid-template-columns: 1fr auto; gap: 4px 12px; padding: 6px 0; border-bottom: 1px solid #eef0f4; }
  ul.subjects .fig { font-weight: 600; }
  ul.subjects .muted { color: #5b6475; font-size: 12px; grid-column: 1 / -1; }
  label { display: inline-flex; gap: 6px; align-items: center; margin-bottom: 10px; }
  select { font: inherit; padding: 4px 6px; }
`;

let seq = 0;

/**
 * A widget in the page's main world, given only what it shows (`diaryScopedTo`): the page can read
 * whatever is posted to it, so the child's whole diary never goes there.
 */
function widget(
  tag: string,
  env: OverlayEnv,
  attrs: Record<string, string | undefined>,
  scope: { subject?: string; period?: string },
  data: Promise<Diary> = env.diary(),
): HTMLElement {
  const el = document.createElement(tag);
  const id = `tabel-panel-${++seq}`;
  el.dataset.tabelId = id;
  for (const [k, v] of Object.entries({ policy: env.policyName, lang: env.lang, period: env.period?.id, ...attrs }))
    if (v !== undefined) el.setAttribute(k, v);
  // A school's own thresholds travel as an object; presets go by name in the attribute.
  const rules = policyNamed(env.policy.id) ? undefined : env.policy;
  // A diary that cannot be had is said in the panel (toggle); the widget then stays empty.
  data.then(
    (d) => {
      const shown = diaryScopedTo(d, scope);
      setProps(id, rules ? { data: shown, rules } : { data: shown });
    },
    () => {},
  );
  return el;
}

/** Only what a person does: a page's script cannot drive the panel (its shadow root is reachable from the page). */
const byUser =
  <E extends Event>(f: (e: E) => void) =>
  (e: E) => {
    if (e.isTrusted) f(e);
  };

/** The parts of the panel the button made at load. */
export interface PanelParts {
  root: ShadowRoot;
  fab: HTMLButtonElement;
  box: HTMLElement;
}

/** Builds the panel's inside into the parts, and returns its open/close toggle. */
export function panelInside(env: OverlayEnv, { root, fab, box }: PanelParts): (open: boolean) => Promise<void> {
  const t = { ...stringsFor(env.lang), ...panelStringsFor(env.lang) };
  // The chart draws everything Tabel's archive holds for the child (earlier years too), else this year's diary.
  let history: Promise<Diary> | undefined;
  const historyDiary = () =>
    (history ??= ask({ type: 'tabel:history', studentId: env.studentId }).then((h) =>
      h.ok && h.diaries[0]?.marks.length ? h.diaries[0] : env.diary(),
    ));
  // The first subject with marks, decided when a tab first needs one.
  let picked: string | undefined;
  const current = () => (picked ??= env.lines.find((l) => l.counted > 0)?.subjectId ?? '');
  let tab: Tab = 'averages';

  const subjectPicker = () => {
    const label = document.createElement('label');
    const select = document.createElement('select');
    for (const l of env.lines) select.append(new Option(l.subject, l.subjectId, false, l.subjectId === current()));
    select.addEventListener(
      'change',
      byUser(() => {
        picked = select.value;
        draw();
      }),
    );
    label.append(env.lang === 'en' ? 'Subject' : 'Предмет', select);
    return label;
  };

  const averages = () => {
    const frag = document.createDocumentFragment();
    // Offline, the page has no rows because the site is down: say that, not "the layout changed".
    if (env.offlineNote || env.fallback) {
      const p = document.createElement('p');
      p.className = 'note';
      if (env.offlineNote) p.dataset.tabelOffline = '';
      else p.dataset.tabelFallback = env.fallback!;
      p.textContent =
        env.offlineNote ??
        (env.fallback === 'period' ? t.periodUnknown(env.period?.name ?? '') : env.fallback === 'student' ? t.studentUnknown : t.noRows);
      frag.append(p);
    }
    frag.append(shown('average', () => widget('tabel-average', env, {}, { period: env.period?.id })));
    const ul = document.createElement('ul');
    ul.className = 'subjects';
    for (const l of env.lines) {
      const li = document.createElement('li');
      // In fallback mode these rows are the per-subject results, so they carry the check attributes.
      if (env.fallback) {
        li.dataset.tabelSubject = l.subject;
        li.dataset.tabelAverage = l.average2 ?? '';
      }
      const name = document.createElement('span');
      name.textContent = l.subject;
      const fig = document.createElement('span');
      fig.className = 'fig';
      fig.textContent = l.figure;
      li.append(name, fig);
      if (l.notes.length) {
        const m = document.createElement('span');
        m.className = 'muted';
        m.textContent = l.notes.join(' · ');
        li.append(m);
      }
      ul.append(li);
    }
    frag.append(ul);
    return frag;
  };

  const section = document.createElement('section');
  let buttons: HTMLButtonElement[] = [];
  let built = false;
  /** The panel's inside, made on its first opening: nothing of it costs the page at load. */
  function build() {
    built = true;
    const more = document.createElement('style');
    more.textContent = PANEL_CSS;
    root.append(more);
    const tabs = document.createElement('div');
    tabs.setAttribute('role', 'tablist');
    const labels: Record<Tab, string> = { averages: t.tabAverages, target: t.tabTarget, chart: t.tabChart, table: t.tabTable };
    buttons = (Object.keys(labels) as Tab[]).map((k) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('role', 'tab');
      b.dataset.tab = k;
      b.textContent = labels[k];
      b.addEventListener(
        'click',
        byUser(() => {
          tab = k;
          draw();
        }),
      );
      return b;
    });
    tabs.append(...buttons);
    const header = document.createElement('header');
    const h = document.createElement('h2');
    h.textContent = `${t.tabel} · ${env.studentName}`;
    const sub = document.createElement('span');
    sub.className = 'muted';
    sub.textContent = env.period ? `${t.period}: ${env.period.name}` : '';
    const close = document.createElement('button');
    close.className = 'close';
    close.type = 'button';
    close.setAttribute('aria-label', t.close);
    close.textContent = '×';
    close.addEventListener(
      'click',
      byUser(() => void toggle(false)),
    );
    header.append(h, sub, close);
    box.append(header, tabs, section);
  }

  // Each widget is made once per what it shows and kept: switching tabs back posts nothing again.
  const made = new Map<string, HTMLElement>();
  const shown = (key: string, make: () => HTMLElement): HTMLElement => {
    let el = made.get(key);
    if (!el) made.set(key, (el = make()));
    return el;
  };
  // Widgets are created only when their tab is shown, so the chart chunk loads only for a chart.
  function draw() {
    buttons.forEach((b) => b.setAttribute('aria-selected', String(b.dataset.tab === tab)));
    section.replaceChildren();
    const period = env.period?.id;
    const subject = current();
    if (tab === 'averages') section.append(averages());
    if (tab === 'target')
      section.append(
        subjectPicker(),
        shown(`target|${subject}`, () => widget('tabel-target', env, { subject }, { subject, period })),
      );
    if (tab === 'chart')
      section.append(
        subjectPicker(),
        shown(`chart|${subject}`, () => widget('tabel-progress-chart', env, { subject, period: undefined }, { subject }, historyDiary())),
      );
    if (tab === 'table')
      section.append(shown('table', () => widget('tabel-grade-table', env, env.since ? { since: env.since } : {}, { period })));
  }
  async function toggle(open: boolean) {
    if (open && !built) build();
    box.hidden = !open;
    fab.setAttribute('aria-expanded', String(open));
    if (!open) return;
    // The widget library and the child's whole diary come into the page only now, on the first open.
    section.textContent = t.loading;
    try {
      await Promise.all([injectWidgets(), env.diary()]);
      draw();
    } catch (err) {
      section.textContent = `${t.failed}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return toggle;
}

let injected: Promise<void> | null = null;

/**
 * Puts the widget library (the same `tabel.js` portals embed) and the property bridge into the
 * page's main world, once. Resolves when both are ready.
 */
function injectWidgets(): Promise<void> {
  injected ??= new Promise<void>((resolve, reject) => {
    const root = document.documentElement;
    const add = (path: string) => {
      const s = document.createElement('script');
      s.type = 'module';
      // The widget files are copied in at build time, so WXT's typed public paths do not list them.
      s.src = (browser.runtime.getURL as (p: string) => string)(path);
      s.dataset.tabel = '';
      (document.head ?? root).append(s);
    };
    const done = () => root.dataset.tabelBridge === 'ready' && root.dataset.tabelWidgets === 'ready';
    const obs = new MutationObserver(() => {
      if (done()) {
        obs.disconnect();
        clearTimeout(timer);
        resolve();
      }
    });
    obs.observe(root, { attributes: true, attributeFilter: ['data-tabel-bridge', 'data-tabel-widgets'] });
    const timer = setTimeout(() => {
      obs.disconnect();
      reject(new Error('the widget library did not load'));
    }, 10_000);
    add('/tabel-bridge.js');
    // Every element at once: the panel's live in a shadow root the autoloader (tabel.js) cannot see.
    add('/widgets/tabel-all.js');
    customElementsReady().then(() => (root.dataset.tabelWidgets = 'ready'), reject);
  });
  return injected;
}

/** In the isolated world `customElements` is null (Chrome); watch for the upgrade instead. */
function customElementsReady(): Promise<void> {
  return new Promise((resolve) => {
    const probe = document.createElement('tabel-average');
    probe.hidden = true;
    probe.setAttribute('data-tabel-probe', '');
    document.documentElement.append(probe);
    const check = () => {
      // An upgraded Lit element attaches its shadow root; that is visible across worlds.
      if (probe.shadowRoot) {
        probe.remove();
        resolve();
        return true;
      }
      return false;
    };
    if (check()) return;
    const iv = setInterval(() => check() && clearInterval(iv), 25);
  });
}

/** Posts properties to a widget through the main-world bridge. */
function setProps(id: string, props: Record<string, unknown>): void {
  window.postMessage({ tabel: 'props', id, props }, location.origin);
}
