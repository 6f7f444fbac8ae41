import { browser } from 'wxt/browser';
import { normalizeSettings, type Settings } from '../lib/settings';

/**
 * What a diary page's content script reads and writes in extension storage, with plain
 * `storage.local` calls. The versioned items in storage.ts run their migration check on every
 * page load when imported (reads and writes of their `$` meta keys); a content script only needs
 * two values and one write, and every millisecond it spends while the page loads is the page's.
 * The keys and shapes are those of `settingsItem`, `seenItem` and `lastStudentItem`.
 */
export type Seen = Record<string, { ids: string[]; at: string }>;

/** Settings (normalized, whatever version stored them) and the marks seen per child, in one read. */
export async function readPageState(): Promise<{ settings: Settings; seen: Seen }> {
  const got = (await browser.storage.local.get(['settings', 'seen'])) as { settings?: unknown; seen?: Seen };
  return { settings: normalizeSettings(got.settings), seen: got.seen && typeof got.seen === 'object' ? got.seen : {} };
}

/** Records what this visit showed (for "new since the last visit") and which child it was. */
export async function recordVisit(studentId: string, ids: string[], day: string): Promise<void> {
  const { seen } = (await browser.storage.local.get('seen')) as { seen?: Seen };
  await browser.storage.local.set({ seen: { ...(seen ?? {}), [studentId]: { ids, at: day } }, lastStudent: studentId });
}
