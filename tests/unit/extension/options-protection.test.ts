import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * The options page tells whether the browser keeps the archive under disk pressure: protected by
 * the `unlimitedStorage` permission, or by persistence it asks `navigator.storage.persist()` for;
 * otherwise it says the archive may be deleted.
 */
describe('the archive’s protection in the options', () => {
  afterEach(() => {
    fakeBrowser.reset();
    vi.resetModules();
    Reflect.deleteProperty(navigator, 'storage');
  });

  async function optionsWith(unlimited: boolean, persist: boolean) {
    fakeBrowser.runtime.onMessage.addListener(((m: { type: string }) =>
      Promise.resolve(
        m.type === 'tabel:history'
          ? { ok: true, diaries: [] }
          : m.type === 'tabel:hosts'
            ? { ok: true, systems: [] }
            : { ok: false, kind: 'internal', message: 'no' },
      )) as never);
    const contains = vi.fn(async () => unlimited);
    Object.assign(fakeBrowser, { permissions: { contains } });
    const asked = vi.fn(async () => persist);
    Object.defineProperty(navigator, 'storage', { configurable: true, value: { persisted: async () => false, persist: asked } });
    document.body.innerHTML = '<div id="app"></div>';
    await import('../../../entrypoints/options/main');
    await vi.waitFor(() => expect(document.querySelector('[data-archive-protected]')).not.toBeNull());
    return { el: document.querySelector('[data-archive-protected]')!, contains, asked };
  }

  it('says protected with the permission', async () => {
    const { el, contains } = await optionsWith(true, false);
    expect(contains).toHaveBeenCalledWith({ permissions: ['unlimitedStorage'] });
    expect(el.getAttribute('data-archive-protected')).toBe('true');
    expect(el.textContent).toContain('Архив защищён');
  });

  it('asks for persistence without the permission, and says protected when granted', async () => {
    const { el, asked } = await optionsWith(false, true);
    expect(asked).toHaveBeenCalled();
    expect(el.getAttribute('data-archive-protected')).toBe('true');
  });

  it('says the archive may be deleted when neither holds', async () => {
    const { el } = await optionsWith(false, false);
    expect(el.getAttribute('data-archive-protected')).toBe('false');
    expect(el.textContent).toContain('может удалить архив');
  });
});
