import { browser } from 'wxt/browser';
import type { Archive } from '../lib/store/archive';
import { ACCOUNT } from './diary-service';
import { loadSettings, seenItem } from './storage';

/**
 * New marks since the last visit: the toolbar badge (from the archive against the marks the
 * overlay last showed) and a notification when a fetch brings marks Tabel has not seen before.
 */
export function createAlerts(archive: Promise<Archive | null>) {
  async function newCount(): Promise<number> {
    const a = await archive;
    if (!a) return 0;
    const seen = await seenItem.getValue();
    let n = 0;
    for (const [student, visit] of Object.entries(seen)) {
      const ids = new Set(visit.ids);
      n += (await a.timeline(ACCOUNT, student)).filter((m) => !m.removedAt && m.mark.id && !ids.has(m.mark.id)).length;
    }
    return n;
  }

  async function updateBadge(): Promise<number> {
    const n = await newCount().catch(() => 0);
    await browser.action.setBadgeBackgroundColor({ color: '#0b57d0' });
    await browser.action.setBadgeText({ text: n ? String(n) : '' });
    return n;
  }

  /** After a merge: notify about marks seen for the first time (not on the very first fetch). */
  async function merged(studentId: string, added: number, firstFetch: boolean): Promise<void> {
    await updateBadge();
    if (!added || firstFetch) return;
    const settings = await loadSettings();
    if (!settings.notifications) return;
    const en = settings.language === 'en';
    await browser.notifications.create(`tabel-new-${studentId}-${Date.now()}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon-128.png'),
      title: en ? 'Tabel: new marks' : 'Табель: новые оценки',
      message: en ? `${added} new mark(s) in the diary` : `Новых оценок в дневнике: ${added}`,
    });
  }

  seenItem.watch(() => void updateBadge());
  return { updateBadge, merged };
}
