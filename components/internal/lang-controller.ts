import type { ReactiveController, ReactiveControllerHost } from 'lit';

// One observer of `<html lang>` for every element that follows it, alive while one is connected.
const following = new Set<ReactiveControllerHost>();
let watcher: MutationObserver | undefined;

/**
 * Re-renders its element when the page's language changes (`<html lang>`, a page's language
 * switch): the element follows it unless it has a `lang` of its own (see `langOf`).
 */
export class LangController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    following.add(this.host);
    if (!watcher && typeof MutationObserver === 'function') {
      watcher = new MutationObserver(() => following.forEach((el) => el.requestUpdate()));
      watcher.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    }
  }

  hostDisconnected(): void {
    following.delete(this.host);
    if (!following.size) {
      watcher?.disconnect();
      watcher = undefined;
    }
  }
}

/** Elements following the page's language now (for tests: the observer lives only while this is > 0). */
export const followingCount = (): number => following.size;
