import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';

/**
 * Runs in the page's main world beside the widget library. The isolated content script creates
 * the `tabel-*` elements (the DOM is shared) but cannot set their JS properties from its own
 * world, so it posts them here: `{ tabel: 'props', id, props }`. Only diary data the page itself
 * shows ever crosses; tokens and settings stay in the isolated world.
 */
export default defineUnlistedScript(() => {
  const HOSTS = '[data-tabel-host]';
  function find(id: string): Element | null {
    const sel = `[data-tabel-id="${CSS.escape(id)}"]`;
    const direct = document.querySelector(sel);
    if (direct) return direct;
    for (const host of document.querySelectorAll(HOSTS)) {
      const inside = host.shadowRoot?.querySelector(sel);
      if (inside) return inside;
    }
    return null;
  }
  window.addEventListener('message', (e: MessageEvent) => {
    if (e.source !== window || e.origin !== location.origin) return;
    const m = e.data as { tabel?: string; id?: string; props?: Record<string, unknown> };
    if (m?.tabel !== 'props' || typeof m.id !== 'string' || !m.props) return;
    const el = find(m.id);
    if (el) Object.assign(el, m.props);
  });
  document.documentElement.dataset.tabelBridge = 'ready';
});
