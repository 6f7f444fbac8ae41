import type { KeeperConfig } from './keeper';

/** The longest a page-held session is kept after the last visit when the user set no limit of hours: the site means idle sessions to end. */
export const PAGE_SESSION_MAX_HOURS = 8;

/**
 * Whether Tabel may make the site's own keep-alive call for a page-held session now: the keeper
 * on, a diary tab of the host open, and the last visit within the user's hours (8 when the user
 * chose "always": the site designs its idle logout, and Tabel does not keep a session forever).
 */
export function keepAliveRefusal(config: KeeperConfig, lastVisit: number | null, tabOpen: boolean, now: number): string | null {
  if (!config.enabled) return 'keeper off';
  if (!tabOpen) return 'no diary tab open';
  const hours = config.limit.kind === 'hours-after-visit' ? config.limit.hours : PAGE_SESSION_MAX_HOURS;
  if (lastVisit === null || now - lastVisit > hours * 3600_000) return 'outside the keep-alive limit';
  return null;
}
