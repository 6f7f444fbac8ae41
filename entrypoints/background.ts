import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '../extension/background';

/** The extension's background: everything is in extension/background.ts, unit-tested with WXT's fakeBrowser. */
export default defineBackground(() => {
  startBackground();
});
