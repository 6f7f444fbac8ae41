import { browser } from 'wxt/browser';
import type { Archive } from '../lib/store/archive';
import { inQuietHours } from '../lib/settings';
import { loadSettings, pendingAlertsItem, seenItem } from './storage';

type ToolbarButton = Pick<typeof browser.action, 'setBadgeText' | 'setBadgeBackgroundColor'>;

/** The toolbar button's API in this build; null where neither exists. */
export function toolbarButton(): ToolbarButton | null {
  const b = browser as unknown as { action?: ToolbarButton; browserAction?: ToolbarButton };
  return b.action ?? b.browserAction ?? null;
}

/**
 * New marks since the last visit: the toolbar badge (from the archive against the marks the
 * overlay last showed) and a notification when a fetch brings marks Tabel has not seen before.
 */
export function createAlerts(archive: Promise<Archive | null>) {
  /** The accounts a student is archived under (a child is one student id on one host; a second login's copy counts once). */
  async function accountsOf(a: Archive, student: string): Promise<string[]> {
    return (await a.everyone()).filter((x) => x.student.id === student).map((x) => x.account);
  }
  // The archived mark ids per student, kept between counts: a visit (which changes only what was
  // seen) then costs no archive read. Dropped whenever the archive may have changed.
  const archivedIds = new Map<string, string[]>();
  const forget = () => archivedIds.clear();

  async function newCount(): Promise<number> {
    const a = await archive;
    if (!a) return 0;
    const seen = await seenItem.getValue();
    let n = 0;
    for (const [student, visit] of Object.entries(seen)) {
      let ids = archivedIds.get(student);
      if (!ids) {
        const all = new Set<string>();
        for (const account of await accountsOf(a, student))
          for (const m of await a.timeline(account, student)) if (!m.removedAt && m.mark.id) all.add(m.mark.id);
        ids = [...all];
        archivedIds.set(student, ids);
      }
      const shown = new Set(visit.ids);
      n += ids.filter((id) => !shown.has(id)).length;
    }
    return n;
  }

  /**
   * The badge, on the toolbar button of the build that runs: `action` (MV3) or `browserAction`
   * (Firefox's MV2, which has no `action`). A badge that cannot be set never stops a notification.
   */
  async function updateBadge(): Promise<number> {
    const n = await newCount().catch(() => 0);
    const button = toolbarButton();
    try {
      await button?.setBadgeBackgroundColor({ color: '#0b57d0' });
      await button?.setBadgeText({ text: n ? String(n) : '' });
    } catch (err) {
      console.warn('Tabel: the badge could not be set', err);
    }
    return n;
  }

  /** The notifications this background created, newest last (a few): what a test asks where the browser shows none (headless Firefox). */
  const notified: string[] = [];
  async function notify(studentId: string, count: number, en: boolean): Promise<void> {
    const id = `tabel-new-${studentId}-${Date.now()}`;
    notified.push(id);
    if (notified.length > 20) notified.shift();
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon-128.png'),
      title: en ? 'Tabel: new marks' : 'Табель: новые оценки',
      message: en ? `${count} new mark(s) in the diary` : `Новых оценок в дневнике: ${count}`,
    });
  }

  /**
   * After a merge: notify about marks seen for the first time (not on the very first fetch).
   * During quiet hours they are only counted, and told together once the hours end.
   */
  async function merged(studentId: string, added: number, firstFetch: boolean, now = new Date()): Promise<void> {
    forget();
    await updateBadge();
    if (!added || firstFetch) return;
    const settings = await loadSettings();
    if (!settings.notifications) return;
    const pending = await pendingAlertsItem.getValue();
    if (inQuietHours(settings.quietHours, now)) {
      await pendingAlertsItem.setValue({ ...pending, [studentId]: (pending[studentId] ?? 0) + added });
      return;
    }
    const { [studentId]: held = 0, ...rest } = pending;
    if (held) await pendingAlertsItem.setValue(rest);
    await notify(studentId, added + held, settings.language === 'en');
  }

  /** Tells what quiet hours held back, once they are over (the periodic check calls this). */
  async function flush(now = new Date()): Promise<void> {
    const pending = await pendingAlertsItem.getValue();
    if (!Object.keys(pending).length) return;
    const settings = await loadSettings();
    if (inQuietHours(settings.quietHours, now)) return;
    await pendingAlertsItem.setValue({});
    if (!settings.notifications) return;
    for (const [studentId, count] of Object.entries(pending)) if (count > 0) await notify(studentId, count, settings.language === 'en');
  }

  seenItem.watch(() => void updateBadge());
  return { updateBadge, merged, flush, forget, notified: (): readonly string[] => notified };
}
