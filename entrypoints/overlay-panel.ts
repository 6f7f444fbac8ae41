import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { PANEL_GLOBAL } from './diary-page/features/panel';
import { panelInside } from './diary-page/panel-inside';

/**
 * The overlay panel's inside, as its own file: on the panel's first opening the background puts it
 * into the diary page script's own isolated world (`scripting.executeScript` with this file, asked
 * for by `tabel:load-panel`), where this registers it. A diary page loads none of it until then,
 * and no page can load it: it is not web-accessible.
 */
export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[PANEL_GLOBAL] = panelInside;
});
