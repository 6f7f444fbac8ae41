import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { PANEL_GLOBAL } from './diary-page/features/panel';
import { panelInside } from './diary-page/panel-inside';

/**
 * The overlay panel's inside, as its own file: the diary page's content script imports it on the
 * panel's first opening (`import(runtime.getURL('/overlay-panel.js'))`), into its own isolated
 * world, where this registers it. A diary page loads none of it until then.
 */
export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[PANEL_GLOBAL] = panelInside;
});
