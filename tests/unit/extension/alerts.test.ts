import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAlerts } from '../../../extension/alerts';
import { seenItem } from '../../../extension/storage';
import type { Archive } from '../../../lib/store/archive';

/**
 * The badge and the new-mark notification in each build's API: Chrome's MV3 `action`, Firefox's
 * MV2 `browserAction` (no `action` there), and neither (a badge that cannot be set never stops
 * the notification).
 */

/** An archive that holds two marks of one child, of which the overlay has shown none. */
const archive = {
  everyone: async () => [{ account: 'mesh|school.mos.ru|1', student: { id: '7' } }],
  timeline: async () => [{ mark: { id: 'm1' } }, { mark: { id: 'm2' } }],
} as unknown as Archive;

const realAction = fakeBrowser.action;
const realBrowserAction = fakeBrowser.browserAction;
let notified: string[];

beforeEach(async () => {
  fakeBrowser.reset();
  notified = [];
  vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation(async (id: unknown) => {
    notified.push(String(id));
    return String(id);
  });
  await seenItem.setValue({ '7': { ids: [], at: '2026-11-20T10:00:00Z' } });
});
afterEach(() => {
  Object.assign(fakeBrowser, { action: realAction, browserAction: realBrowserAction });
  vi.restoreAllMocks();
});

const noon = new Date('2026-11-26T09:00:00Z');

describe('new-mark alerts', () => {
  it('set the badge through `action` where it exists (Chrome, MV3)', async () => {
    const alerts = createAlerts(Promise.resolve(archive));
    await alerts.merged('7', 2, false, noon);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect(notified).toHaveLength(1);
  });

  it('set the badge through `browserAction` on Firefox’s MV2, and still notify', async () => {
    // Firefox MV2 has no `action`: what the first build called and failed on.
    Object.assign(fakeBrowser, { action: undefined, browserAction: realAction });
    const alerts = createAlerts(Promise.resolve(archive));
    await alerts.merged('7', 2, false, noon);
    expect(await realAction.getBadgeText({})).toBe('2');
    expect(notified).toHaveLength(1);
  });

  it('notify even where no toolbar button API answers', async () => {
    Object.assign(fakeBrowser, {
      action: {
        setBadgeBackgroundColor: async () => {
          throw new Error('not here');
        },
        setBadgeText: async () => undefined,
      },
    });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const alerts = createAlerts(Promise.resolve(archive));
    await alerts.merged('7', 3, false, noon);
    expect(notified).toHaveLength(1);
    Object.assign(fakeBrowser, { action: undefined, browserAction: undefined });
    await alerts.merged('7', 1, false, noon);
    expect(notified).toHaveLength(2);
  });
});
