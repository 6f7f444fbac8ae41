import { browser } from 'wxt/browser';
import { keepAliveRefusal } from '../lib/session/page-session';
import type { KeeperConfig } from '../lib/session/keeper';
import type { HostEntry } from '../lib/sources/registry';
import type { SourceAccess } from '../lib/sources/types';

/** What the popup shows of a page-held session: never its token. */
export interface PageSessionView {
  state: 'alive' | 'expired' | 'logged-out';
  /** When the site says the session ends, ms; null when not known. */
  expiresAt: number | null;
  reason: string | null;
  keptAlive: number;
  /** When the site was last asked (keep-alive or lifetime), ms. */
  askedAt?: number;
  why?: 'security-warning';
}

/**
 * Page-held sessions («Сетевой город»): on each tick, for every enabled host whose system has one,
 * the site's own keep-alive call — only with a diary tab of the host open, the keeper on and the
 * last visit within the user's limit (lib/session/page-session.ts). A logout or the site's
 * SecurityWarning stops it until the next visit.
 */
export function createPageSessions(o: { config: () => Promise<KeeperConfig>; access: (host: string) => SourceAccess; now?: () => number }) {
  const now = o.now ?? Date.now;
  const lastVisit = new Map<string, number>();
  const views = new Map<string, PageSessionView>();

  const tabOpen = async (host: string) =>
    ((await browser.tabs.query({ url: `https://${host}/*` }).catch(() => [])) as unknown[]).length > 0;

  async function tick(entries: readonly HostEntry[]): Promise<void> {
    const config = await o.config();
    for (const { system, host } of entries) {
      if (!system.pageSession) continue;
      const h = host.host;
      const prior = views.get(h) ?? { state: 'expired', expiresAt: null, reason: null, keptAlive: 0 };
      const refusal = keepAliveRefusal(config, lastVisit.get(h) ?? null, await tabOpen(h), now());
      if (refusal || prior.state === 'logged-out') {
        views.set(h, { ...prior, reason: prior.state === 'logged-out' ? prior.reason : refusal });
        continue;
      }
      const r = await system.pageSession.keepAlive(h, o.access(h));
      if (r.ok)
        views.set(h, {
          state: 'alive',
          expiresAt: r.msLeft === null ? null : now() + r.msLeft,
          reason: null,
          keptAlive: prior.keptAlive + 1,
          askedAt: now(),
        });
      else if (r.why === 'logged-out' || r.why === 'security-warning')
        views.set(h, {
          ...prior,
          state: 'logged-out',
          reason: r.why === 'security-warning' ? 'the site shows its security warning' : 'logged out',
          ...(r.why === 'security-warning' ? { why: r.why } : {}),
        });
      else views.set(h, { ...prior, reason: r.why });
    }
  }

  /** What the popup shows: where the last word is a minute old or none, the site's own count, asked without extending anything. */
  async function refresh(entries: readonly HostEntry[]): Promise<void> {
    for (const { system, host } of entries) {
      const h = host.host;
      const prior = views.get(h);
      if (!system.pageSession || prior?.state === 'logged-out' || (prior && now() - (prior.askedAt ?? 0) < 60_000)) continue;
      if (!(await tabOpen(h))) continue;
      const left = await system.pageSession.lifetime(h, o.access(h)).catch(() => null);
      if (left === null) continue;
      const base = prior ?? { state: 'expired' as const, expiresAt: null, reason: null, keptAlive: 0 };
      views.set(h, { ...base, state: left > 0 ? 'alive' : 'expired', expiresAt: now() + left, askedAt: now() });
    }
  }

  return {
    tick,
    refresh,
    /** A diary page of the host was shown: the user is here, and a logout ended by a new login is over. */
    visit(host: string): void {
      lastVisit.set(host, now());
      const v = views.get(host);
      if (v?.state === 'logged-out') views.set(host, { ...v, state: 'expired', reason: null, why: undefined });
    },
    view: (host: string): PageSessionView | undefined => views.get(host),
  };
}
