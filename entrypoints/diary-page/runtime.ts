import { browser } from 'wxt/browser';

/**
 * The overlay's small runtime, after Refined GitHub: features are independent modules, each
 * enabled where its page and anchor exist, each given an AbortSignal that ends on navigation,
 * and each failing alone — the host page keeps working whatever Tabel meets.
 */
export interface Feature<E> {
  id: string;
  /** Whether the feature belongs on this page. */
  include(url: Location): boolean;
  /**
   * Optional: builds what the feature will show before its anchors exist, while the page still
   * waits for its own data, so that `init` only has to put it in place when they appear.
   */
  prepare?(env: E): void;
  /** Sets the feature up; undo everything when `signal` aborts. */
  init(env: E, signal: AbortSignal): void | Promise<void>;
}

/** Runs each included feature's `prepare`; a failure only costs that feature its head start. */
export function prepareFeatures<E>(features: readonly Feature<E>[], env: E): void {
  for (const f of features) {
    try {
      if (f.prepare && f.include(location)) f.prepare(env);
    } catch (err) {
      console.warn(`Tabel: feature "${f.id}" could not prepare:`, err instanceof Error ? err.message : err);
    }
  }
}

export function runFeatures<E>(features: readonly Feature<E>[], env: E, signal: AbortSignal): void {
  for (const f of features) {
    if (signal.aborted) return;
    let included = false;
    try {
      included = f.include(location);
    } catch {
      /* a broken predicate only disables its own feature */
    }
    if (!included) continue;
    Promise.resolve()
      .then(() => f.init(env, signal))
      .catch((err) => console.warn(`Tabel: feature "${f.id}" stepped aside:`, err instanceof Error ? err.message : err));
  }
}

let injected: Promise<void> | null = null;

/**
 * Puts the widget library (the same `tabel.js` portals embed) and the property bridge into the
 * page's main world, once. Resolves when both are ready.
 */
export function injectWidgets(): Promise<void> {
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
    add('/widgets/tabel.js');
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
export function setProps(id: string, props: Record<string, unknown>): void {
  window.postMessage({ tabel: 'props', id, props }, location.origin);
}
