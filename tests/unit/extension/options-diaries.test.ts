import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { HostsAnswer } from '../../../extension/messages';

/**
 * The options page's «Дневники»: turning a regional node on asks the browser for exactly its
 * origins (its host and its login's), in the click; turning it off gives them back.
 */
describe('enabling a regional diary in the options', () => {
  afterEach(() => {
    fakeBrowser.reset();
    vi.resetModules();
  });

  it('asks for the node’s origins when turned on, and withdraws them when turned off', async () => {
    const origins = ['https://authedu.mosreg.ru/*', 'https://esia.gosuslugi.ru/*'];
    let enabled = false;
    const hosts = (): HostsAnswer => ({
      ok: true,
      systems: [
        {
          id: 'mesh',
          name: { ru: 'МЭШ', en: 'MESH' },
          hosts: [
            {
              host: 'school.mos.ru',
              region: { ru: 'Москва', en: 'Moscow' },
              builtIn: true,
              enabled: true,
              origins: ['https://school.mos.ru/*'],
            },
          ],
        },
        {
          id: 'moya-shkola',
          name: { ru: 'Моя школа', en: 'Moya Shkola' },
          hosts: [
            { host: 'authedu.mosreg.ru', region: { ru: 'Московская область', en: 'Moscow Region' }, builtIn: false, enabled, origins },
          ],
        },
      ],
    });
    fakeBrowser.runtime.onMessage.addListener(((m: { type: string }) => {
      if (m.type === 'tabel:hosts') return Promise.resolve(hosts());
      if (m.type === 'tabel:history') return Promise.resolve({ ok: true, diaries: [] });
      return Promise.resolve({ ok: false, kind: 'session-expired', message: 'not logged in' });
    }) as never);
    const request = vi.fn(async () => ((enabled = true), true));
    const remove = vi.fn(async () => ((enabled = false), true));
    Object.assign(fakeBrowser, { permissions: { request, remove } });
    document.body.innerHTML = '<div id="app"></div>';
    await import('../../../entrypoints/options/main');
    const box = () => document.querySelector<HTMLInputElement>('[data-host="authedu.mosreg.ru"] input')!;
    await vi.waitFor(() => expect(box()).not.toBeNull());
    expect(document.querySelector<HTMLInputElement>('[data-host="school.mos.ru"] input')!.disabled).toBe(true);
    expect(box().checked).toBe(false);
    box().click();
    await vi.waitFor(() => expect(request).toHaveBeenCalledWith({ origins }));
    await vi.waitFor(() => expect(box().checked).toBe(true), { timeout: 2000 });
    box().click();
    await vi.waitFor(() => expect(remove).toHaveBeenCalledWith({ origins }));
    await vi.waitFor(() => expect(box().checked).toBe(false), { timeout: 2000 });
  });
});
