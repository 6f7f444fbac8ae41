import { SETTINGS_VERSION } from '../../lib/settings';

/**
 * Settings without quiet hours. They are on by default (22:00–07:00, the browser's local time), so a
 * test about a notification itself failed whenever it ran at night; history.test.ts tests the hours.
 */
export const NO_QUIET_HOURS = { quietHours: { enabled: false, from: '22:00', to: '07:00' } };

/**
 * Runs inside the extension (pass it to a page's or worker's `evaluate` with `settingsPatch(…)`):
 * merges a patch into the stored settings the way the options page would, with the stored version
 * beside them as WXT's storage keeps it. Without the version, the background's next start took them
 * for the first stored version and migrated them (quiet hours back on).
 */
export async function mergeStoredSettings([patch, v]: readonly [object, number]): Promise<void> {
  const g = globalThis as { browser?: any; chrome?: any };
  const storage = (g.browser ?? g.chrome).storage.local;
  const { settings, settings$: meta } = await storage.get(['settings', 'settings$']);
  await storage.set({ settings: { ...settings, ...patch }, settings$: { ...meta, v } });
}

/** The argument for `mergeStoredSettings`. */
export const settingsPatch = (patch: object): [object, number] => [patch, SETTINGS_VERSION];
