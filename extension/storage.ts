import { storage } from 'wxt/utils/storage';
import { DEFAULT_QUIET_HOURS, DEFAULT_SETTINGS, normalizeSettings, SETTINGS_VERSION, type Settings } from '../lib/settings';
import { LEGACY_TARGET } from '../lib/sources/registry';

/** The user's settings, versioned; each migration step turns version N−1 into N. */
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: SETTINGS_VERSION,
  migrations: {
    // v1 is the first stored shape; each step turns version N−1 into N. Never edit a shipped step.
    2: (v1: Omit<Settings, 'quietHours'>): Settings => ({ ...v1, quietHours: DEFAULT_QUIET_HOURS }),
  },
});

export async function loadSettings(): Promise<Settings> {
  return normalizeSettings(await settingsItem.getValue());
}

/** Per student: the mark ids a diary page last showed, and that day (YYYY-MM-DD). */
export type Seen = Record<string, { ids: string[]; at: string }>;
/** Mark ids already seen per student, so the overlay and popup can tell what is new since the last visit. */
export const seenItem = storage.defineItem<Seen>('local:seen', { fallback: {}, version: 1 });

/** Per diary host, the child its diary showed last, so the next page load can start fetching before the page has drawn. */
export const lastStudentItem = storage.defineItem<Record<string, string>>('local:lastStudent', {
  fallback: {},
  version: 2,
  migrations: {
    // v1 held one child, of the one host there was (Moscow's).
    2: (v1: string | null): Record<string, string> => (v1 ? { [LEGACY_TARGET.host]: v1 } : {}),
  },
});

/** Per diary host, the person last logged in there (a system's id, no name, no token): the account its offline answers come from. */
export const loginsItem = storage.defineItem<Record<string, string>>('local:logins', { fallback: {}, version: 1 });

/** New marks that arrived during quiet hours, told once they end. */
export const pendingAlertsItem = storage.defineItem<Record<string, number>>('local:pendingAlerts', { fallback: {}, version: 1 });

/** Everything Tabel keeps, for "delete all my data". */
export async function deleteAllData(): Promise<void> {
  await storage.removeItems([settingsItem, seenItem, lastStudentItem, pendingAlertsItem, loginsItem]);
  await storage.clear('local');
  await storage.clear('session');
}
