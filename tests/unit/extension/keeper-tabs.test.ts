import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createKeepers, keeperItemOf } from '../../../extension/keeper';
import { hostEntry } from '../../../lib/sources/registry';

/**
 * Which diary tabs are open, as the session keeper learns it from the tab events (WXT's fakeBrowser
 * fires them as Chromium does: onUpdated with the tab, onRemoved with its id). What is checked is
 * what the keeper stores, and how often it is written.
 */
const MOSCOW = hostEntry('school.mos.ru')!;
const GRACE = 1000;

let writes: boolean[];
beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: new Date('2026-11-26T09:00:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  const noListeners = { addListener: () => undefined, removeListener: () => undefined, hasListener: () => false };
  // A valid token cookie (fakeBrowser has no cookies).
  const exp = Math.floor(Date.now() / 1000) + 20 * 3600;
  const token = `x.${btoa(JSON.stringify({ exp, iat: exp - 24 * 3600 }))}.y`;
  // fakeBrowser has no onReplaced (a prerendered page swapped into a tab).
  Object.assign(fakeBrowser.tabs, { onReplaced: noListeners });
  Object.assign(fakeBrowser, {
    cookies: { get: async () => ({ name: 'aupd_token', value: token, domain: 'school.mos.ru' }), onChanged: noListeners },
  });
  writes = [];
  keeperItemOf(MOSCOW.host.host).watch((v) => v && writes.push(v.diaryTabOpen));
});
afterEach(() => vi.useRealTimers());

/** A closed tab (fakeBrowser's own tabs.remove looks its window up by the tab's id, and fails). */
const close = (id: number) => fakeBrowser.tabs.onRemoved.trigger(id, { isWindowClosing: false, windowId: 0 });
const stored = async () => (await keeperItemOf(MOSCOW.host.host).getValue()).diaryTabOpen;
/** Lets the keeper's queued dispatches and storage writes finish. */
const settled = async () => {
  for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(0);
};

async function start() {
  const keepers = createKeepers({ login: () => 'https://school.mos.ru/' }, { tabClosedAfterMs: GRACE });
  keepers.follow([MOSCOW]);
  await settled();
  await vi.advanceTimersByTimeAsync(GRACE);
  await settled();
  writes.length = 0;
  return keepers;
}

describe('the session keeper follows the diary tabs from their events', () => {
  it('counts a diary tab open when it reaches the diary, and closed a grace period after the last one went', async () => {
    await start();
    expect(await stored()).toBe(false);
    const tab = await fakeBrowser.tabs.create({ url: 'about:blank' });
    await fakeBrowser.tabs.update(tab.id!, { url: 'https://school.mos.ru/diary/marks/current-marks' });
    await settled();
    expect(await stored()).toBe(true);
    await close(tab.id!);
    await settled();
    // Still open within the grace period: a closing undone a moment later is no closing.
    expect(await stored()).toBe(true);
    await vi.advanceTimersByTimeAsync(GRACE);
    await settled();
    expect(await stored()).toBe(false);
    expect(writes).toEqual([true, false]);
  });

  it('writes nothing for a diary closed and opened again within the grace period, or for loads within the open diary', async () => {
    await start();
    const first = await fakeBrowser.tabs.create({ url: 'about:blank' });
    await fakeBrowser.tabs.update(first.id!, { url: 'https://school.mos.ru/diary/' });
    await settled();
    for (let i = 0; i < 5; i++) {
      await fakeBrowser.tabs.update(first.id!, { url: `https://school.mos.ru/diary/marks/current-marks?i=${i}` });
      const tab = await fakeBrowser.tabs.get(first.id!);
      await fakeBrowser.tabs.onUpdated.trigger(first.id!, { status: 'complete' }, { ...tab, status: 'complete' });
    }
    await close(first.id!);
    await vi.advanceTimersByTimeAsync(GRACE / 2);
    const again = await fakeBrowser.tabs.create({ url: 'about:blank' });
    await fakeBrowser.tabs.update(again.id!, { url: 'https://school.mos.ru/diary/' });
    await vi.advanceTimersByTimeAsync(GRACE * 2);
    await settled();
    expect(writes).toEqual([true]);
    expect(await stored()).toBe(true);
  });

  it('counts a tab that leaves the diary for a page Tabel may not see (no URL in its event) as closed', async () => {
    await start();
    const tab = await fakeBrowser.tabs.create({ url: 'about:blank' });
    await fakeBrowser.tabs.update(tab.id!, { url: 'https://school.mos.ru/diary/' });
    await settled();
    // Chromium leaves the URL out of the event and the tab for a host without permission.
    fakeBrowser.tabs.onUpdated.trigger(tab.id!, { status: 'loading' }, { ...tab, url: undefined });
    await vi.advanceTimersByTimeAsync(GRACE);
    await settled();
    expect(await stored()).toBe(false);
    expect(writes).toEqual([true, false]);
  });

  it('forgets the tabs of a host it no longer keeps', async () => {
    const keepers = await start();
    const tab = await fakeBrowser.tabs.create({ url: 'about:blank' });
    await fakeBrowser.tabs.update(tab.id!, { url: 'https://school.mos.ru/diary/' });
    await settled();
    keepers.follow([]);
    await vi.advanceTimersByTimeAsync(GRACE * 2);
    await settled();
    expect(keepers.of(MOSCOW.host.host)).toBeUndefined();
    expect(writes).toEqual([true]);
  });
});
