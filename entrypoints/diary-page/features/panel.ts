import { ask } from '../../../extension/messages';
import { isDiaryPage } from '../../../lib/sources/pages';
import { stringsFor } from '../../../extension/i18n';
import type { OverlayEnv } from '../../../extension/overlay-env';
import type { PanelParts } from '../panel-inside';
import type { Feature } from '../runtime';

/** What the page shows at load: the button. The panel's inside, styles and all, comes with its first opening. */
const FAB_CSS = `
  :host { all: initial; }
  .fab { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; font: 600 15px system-ui, sans-serif; background: #0b57d0; color: #fff; border: 0; border-radius: 22px; padding: 11px 18px; box-shadow: 0 2px 10px rgba(0,0,0,.25); cursor: pointer; }
  .fab:focus-visible, button:focus-visible, select:focus-visible { outline: 3px solid #8ab4f8; outline-offset: 2px; }
  .panel[hidden] { display: none; }
`;

/** Where the panel's inside registers itself once loaded (entrypoints/overlay-panel.ts): the content script's own world. */
export const PANEL_GLOBAL = '__tabelPanelInside';
type Inside = (env: OverlayEnv, parts: PanelParts) => (open: boolean) => Promise<void>;

let loading: Promise<Inside> | null = null;
/** The panel's inside, loaded once per page, on the first opening, into this content script's world. */
function loadInside(): Promise<Inside> {
  // The background puts the file into this very world (scripting.executeScript): nothing for a page to load, no
  // import() of a computed address (which addons.mozilla.org's linter flags).
  loading ??= ask({ type: 'tabel:load-panel' }).then((r) => {
    if (!r.ok) throw new Error(r.message);
    const inside = (globalThis as Record<string, unknown>)[PANEL_GLOBAL] as Inside | undefined;
    if (!inside) throw new Error('the panel did not load');
    return inside;
  });
  return loading;
}

interface Made {
  host: HTMLElement;
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
  fab.textContent = env.fallback ? `${t.tabel} ⚠` : t.tabel;
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
  let toggle: ((open: boolean) => Promise<void>) | null = null;
  fab.addEventListener('click', async (e) => {
    // Only a person opens the panel: a page's script could click it through the shadow root.
    if (!e.isTrusted) return;
    const open = box.hidden;
    try {
      // Firefox: the panel's files are web-accessible on the listed hosts only, so on a host found by its markers they do not load.
      const inside = await loadInside().catch(() => null);
      if (!inside) {
        box.hidden = !open;
        box.textContent = t.noPanel;
        fab.setAttribute('aria-expanded', String(open));
        return;
      }
      toggle ??= inside(env, { root, fab, box });
      await toggle(open);
    } catch (err) {
      box.hidden = false;
      box.textContent = `${t.failed}: ${err instanceof Error ? err.message : String(err)}`;
    }
  });
  const m = { host };
  made.set(env, m);
  return m;
}

/** The floating panel: averages, the target calculator with what-ifs, progress charts and the grade table. */
export const panel: Feature<OverlayEnv> = {
  id: 'panel',
  include: (loc, env) => isDiaryPage(env.pages, loc),
  prepare(env) {
    panelOf(env);
  },
  init(env, signal) {
    const { host } = panelOf(env);
    document.body.append(host);
    signal.addEventListener('abort', () => host.remove());
  },
};
