import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground(() => {
  // The session keeper and the archive attach here in later issues; the worker stays idle until then.
});
