/**
 * The overlay's small runtime, after Refined GitHub: features are independent modules, each
 * enabled where its page and anchor exist, each given an AbortSignal that ends on navigation,
 * and each failing alone — the host page keeps working whatever Tabel meets.
 */
export interface Feature<E, S = unknown> {
  id: string;
  /** Whether the feature belongs on this page (the environment carries the system's page rules). */
  include(url: Location, env: E): boolean;
  /**
   * Optional: builds what the feature will show before its anchors exist, while the page still
   * waits for its own data, so that `init` only has to put it in place when they appear.
   */
  prepare?(env: E): void;
  /** Sets the feature up; undo everything when `signal` aborts. */
  init(env: E, signal: AbortSignal): void | Promise<void>;
  /** Optional: follows what the page shows now (its rows re-rendered, mounted on scroll), called on every change of the page. */
  update?(env: E, page: S): void;
}

/** Runs each included feature's `prepare`; a failure only costs that feature its head start. */
export function prepareFeatures<E, S>(features: readonly Feature<E, S>[], env: E): void {
  for (const f of features) {
    try {
      if (f.prepare && f.include(location, env)) f.prepare(env);
    } catch (err) {
      console.warn(`Tabel: feature "${f.id}" could not prepare:`, err instanceof Error ? err.message : err);
    }
  }
}

/** Runs each included feature's `update`, synchronously (the page's change and Tabel's follow in one frame); a failure stays with its feature. */
export function updateFeatures<E, S>(features: readonly Feature<E, S>[], env: E, page: S): void {
  for (const f of features) {
    try {
      if (f.update && f.include(location, env)) f.update(env, page);
    } catch (err) {
      console.warn(`Tabel: feature "${f.id}" could not follow the page:`, err instanceof Error ? err.message : err);
    }
  }
}

export function runFeatures<E, S>(features: readonly Feature<E, S>[], env: E, signal: AbortSignal): void {
  for (const f of features) {
    if (signal.aborted) return;
    let included = false;
    try {
      included = f.include(location, env);
    } catch {
      /* a broken predicate only disables its own feature */
    }
    if (!included) continue;
    Promise.resolve()
      .then(() => f.init(env, signal))
      .catch((err) => console.warn(`Tabel: feature "${f.id}" stepped aside:`, err instanceof Error ? err.message : err));
  }
}
