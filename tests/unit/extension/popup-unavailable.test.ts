import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

describe('the popup when the background does not answer', () => {
  afterEach(() => {
    fakeBrowser.reset();
    vi.resetModules();
  });

  it('shows the reason instead of throwing', async () => {
    // No listener: every runtime message fails, as with a crashed or updating background.
    document.body.innerHTML = '<div id="app"></div>';
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('unhandledRejection', onError);
    window.addEventListener('error', onError);
    try {
      await import('../../../entrypoints/popup/main');
      await vi.waitFor(() => expect(document.querySelector('[data-session="unavailable"]')).not.toBeNull(), { timeout: 2000 });
      expect(document.querySelector('[data-session]')!.textContent).toMatch(/Не удалось загрузить дневник \(Tabel background unavailable/);
      await vi.waitFor(() => expect(document.querySelector('.error p')?.textContent).toMatch(/background unavailable/));
      expect(errors).toEqual([]);
    } finally {
      process.off('unhandledRejection', onError);
      window.removeEventListener('error', onError);
    }
  });
});
