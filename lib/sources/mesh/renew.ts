import type { RenewDeps, RenewOutcome } from '../types';

/**
 * The silent SSO hop that renews the diary token with the browser's own cookies. On Moscow's
 * school.mos.ru: /v3/auth/sudir/login (a meta-refresh page) → login.mos.ru/sps/oauth/ae → (302s,
 * followed by fetch) → /v3/auth/sudir/callback → /auth/callback. A «Моя школа» node runs the same
 * hop through its own SSO (ЕСИА on most). No password, no form: if the SSO shows its login form,
 * the attempt ends there. `/v2/token/refresh` is never used to renew: it is only a probe (it
 * returns the same token with the same `exp`, and some nodes answer it 499).
 */
export interface LoginChain {
  /** Where the hop starts: the diary's page that sends the browser to its SSO. */
  start: string;
  /** Where the SSO asks for a login: only the user can go on from there. */
  isLoginForm(url: URL): boolean;
  /** Back in the diary: the token cookie is fresh if the hop worked. */
  isDone(url: URL): boolean;
}

const MAINTENANCE = /технические\s+работы/i;
const META_REFRESH = /<meta[^>]+http-equiv=["']?refresh["']?[^>]+content=["']?\s*\d+\s*;\s*url=([^"'>]+)/i;

const decodeHtml = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

/** Back on the diary host: its SPA's callback, or a diary page. */
export const backInDiary = (url: URL): boolean => url.pathname === '/auth/callback' || url.pathname.startsWith('/diary/');

/** Whether a URL is https on one of the hosts (the diary host and its login hosts). */
export const onOwnHosts = (url: URL, hosts: readonly string[]): boolean => url.protocol === 'https:' && hosts.includes(url.hostname);

/**
 * Walks the chain. Every URL it asks and every URL an answer landed on must be https on `hosts`
 * (the diary host and its login hosts): anything else ends the walk as `off-host` before a
 * request with the browser's credentials goes there. The 302s inside one fetch are not visible to
 * script in a browser (`redirect: 'manual'` gives an opaque answer), so the extension's CSP
 * (`connect-src`, wxt.config.ts) makes the browser refuse a redirect off those hosts; that shows
 * here as a network failure.
 */
export async function silentRenew(
  deps: RenewDeps,
  previousExp: number | null,
  chain: LoginChain,
  hosts: readonly string[],
): Promise<RenewOutcome> {
  const now = deps.now ?? Date.now;
  let url = chain.start;
  let requests = 0;
  for (let hop = 0; hop < (deps.maxHops ?? 4); hop++) {
    if (!onOwnHosts(new URL(url), hosts)) return { ok: false, why: 'off-host', requests };
    let res: Response;
    let body: string;
    try {
      res = await deps.fetch(url, { credentials: 'include', redirect: 'follow', cache: 'no-store' });
      requests++;
      body = await res.text();
    } catch {
      return { ok: false, why: 'network', requests: requests + 1 };
    }
    const landed = new URL(res.url || url);
    if (!onOwnHosts(landed, hosts)) return { ok: false, why: 'off-host', requests };
    if (res.status >= 502 || MAINTENANCE.test(body)) return { ok: false, why: 'site-down', requests };
    if (chain.isLoginForm(landed)) return { ok: false, why: 'login-form', requests };
    if (chain.isDone(landed)) {
      const t = await deps.tokenTimes();
      if (t && t.exp > now() && (previousExp === null || t.exp > previousExp)) return { ok: true, exp: t.exp, iat: t.iat, requests };
      return { ok: false, why: 'no-new-token', requests };
    }
    const next = META_REFRESH.exec(body)?.[1];
    if (!next) return { ok: false, why: 'no-new-token', requests };
    url = new URL(decodeHtml(next.trim()), landed).href;
  }
  return { ok: false, why: 'loop', requests };
}
