import { policyNamed } from '../../../lib/grades/policy';
import { isDiaryPath } from '../../../lib/sources/mesh/page';
import { stringsFor } from '../../../extension/i18n';
import { ask } from '../../../extension/messages';
import type { OverlayEnv } from '../../../extension/overlay-env';
import type { Diary } from '../../../lib/model/types';
import { injectWidgets, setProps, type Feature } from '../runtime';

type Tab = 'averages' | 'target' | 'chart' | 'table';

/** What the page shows at load: the button. The panel's own styles come with its first opening. */
const FAB_CSS = `
  :host { all: initial; }
  .fab { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; font: 600 15px system-ui, sans-serif; background: #0b57d0; color: #fff; border: 0; border-radius: 22px; padding: 11px 18px; box-shadow: 0 2px 10px rgba(0,0,0,.25); cursor: pointer; }
  .fab:focus-visible, button:focus-visible, select:focus-visible { outline: 3px solid #8ab4f8; outline-offset: 2px; }
  .panel[hidden] { display: none; }
`;
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

function widget(tag: string, env: OverlayEnv, attrs: Record<string, string | undefined>, data: Promise<Diary> = env.diary()): HTMLElement {
  const el = document.createElement(tag);
  const id = `tabel-panel-${++seq}`;
  el.dataset.tabelId = id;
  for (const [k, v] of Object.entries({ policy: env.policyName, lang: env.lang, period: env.period?.id, ...attrs })) if (v !== undefined) el.setAttribute(k, v);
  // A school's own thresholds travel as an object; presets go by name in the attribute.
  const rules = policyNamed(env.policy.id) ? undefined : env.policy;
  // A diary that cannot be had is said in the panel (toggle); the widget then stays empty.
  data.then((d) => setProps(id, rules ? { data: d, rules } : { data: d }), () => {});
  return el;
}

interface Made {
  host: HTMLElement;
  /** Redraws what depends on `env.fallback`. */
  refallback: () => void;
}
const made = new WeakMap<OverlayEnv, Made>();

/** The button and the (still empty) panel for one overlay model, made once. */
function panelOf(env: OverlayEnv): Made {
  const ready = made.get(env);
  if (ready) return ready;
  const t = stringsFor(env.lang);
  const host = document.createElement('div');
  host.dataset.tabelHost = 'panel';
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = FAB_CSS;
  const fab = document.createElement('button');
  fab.className = 'fab';
  fab.type = 'button';
  fab.textContent = t.tabel;
  fab.title = t.openPanel;
  fab.setAttribute('aria-expanded', 'false');
  fab.setAttribute('aria-controls', 'tabel-panel');
  const box = document.createElement('div');
  box.className = 'panel';
  box.id = 'tabel-panel';
  box.hidden = true;
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-label', t.openPanel);
  root.append(style, fab, box);

  // The chart draws everything Tabel's archive holds for the child (earlier years too), else this year's diary.
  let history: Promise<Diary> | undefined;
  const historyDiary = () =>
    (history ??= ask({ type: 'tabel:history', studentId: env.studentId }).then((h) => (h.ok && h.diaries[0]?.marks.length ? h.diaries[0] : env.diary())));
  // The first subject with marks, decided when a tab first needs one.
  let picked: string | undefined;
  const current = () => (picked ??= env.lines.find((l) => l.counted > 0)?.subjectId ?? '');
  let tab: Tab = 'averages';

  const subjectPicker = () => {
    const label = document.createElement('label');
    const select = document.createElement('select');
    for (const l of env.lines) select.append(new Option(l.subject, l.subjectId, false, l.subjectId === current()));
    select.addEventListener('change', () => {
      picked = select.value;
      draw();
    });
    label.append(env.lang === 'en' ? 'Subject' : 'Предмет', select);
    return label;
  };

  const averages = () => {
    const frag = document.createDocumentFragment();
    // Offline, the page has no rows because the site is down: say that, not "the layout changed".
    if (env.offlineNote || env.fallback.active) {
      const p = document.createElement('p');
      p.className = 'note';
      if (env.offlineNote) p.dataset.tabelOffline = '';
      p.textContent = env.offlineNote ?? t.layoutChanged;
      frag.append(p);
    }
    frag.append(widget('tabel-average', env, {}));
    const ul = document.createElement('ul');
    ul.className = 'subjects';
    for (const l of env.lines) {
      const li = document.createElement('li');
      // In fallback mode these rows are the per-subject results, so they carry the check attributes.
      if (env.fallback.active) {
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
      b.addEventListener('click', () => {
        tab = k;
        draw();
      });
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
    close.addEventListener('click', () => void toggle(false));
    header.append(h, sub, close);
    box.append(header, tabs, section);
  }

  // Widgets are created only when their tab is shown, so the chart chunk loads only for a chart.
  function draw() {
    buttons.forEach((b) => b.setAttribute('aria-selected', String(b.dataset.tab === tab)));
    section.replaceChildren();
    if (tab === 'averages') section.append(averages());
    if (tab === 'target') section.append(subjectPicker(), widget('tabel-target', env, { subject: current() }));
    if (tab === 'chart') section.append(subjectPicker(), widget('tabel-progress-chart', env, { subject: current(), period: undefined }, historyDiary()));
    if (tab === 'table') section.append(widget('tabel-grade-table', env, env.since ? { since: env.since } : {}));
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
  fab.addEventListener('click', () => void toggle(box.hidden));
  const refallback = () => {
    if (built && !box.hidden && tab === 'averages') draw();
    if (env.fallback.active) fab.textContent = `${t.tabel} ⚠`;
  };
  const m = { host, refallback };
  made.set(env, m);
  return m;
}

/** The floating panel: averages, the target calculator with what-ifs, progress charts and the grade table. */
export const panel: Feature<OverlayEnv> = {
  id: 'panel',
  include: (loc) => isDiaryPath(loc.pathname),
  prepare(env) {
    panelOf(env);
  },
  init(env, signal) {
    const { host, refallback } = panelOf(env);
    env.onFallback.add(refallback);
    refallback();
    document.body.append(host);
    signal.addEventListener('abort', () => {
      env.onFallback.delete(refallback);
      host.remove();
    });
  },
};
