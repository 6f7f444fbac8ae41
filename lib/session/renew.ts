import type { RenewFailure } from './keeper';

/**
 * The silent SSO hop that renews the diary token with the browser's own cookies:
 * school.mos.ru/v3/auth/sudir/login (a meta-refresh page) → login.mos.ru/sps/oauth/ae → (302s,
 * followed by fetch) → /v3/auth/sudir/callback → /auth/callback. No password, no form: if the SSO
 * shows its login form, the attempt ends there. `/v2/token/refresh` is never used to renew: it is
 * only a probe (it returns the same token with the same `exp`).
 */
export interface RenewDeps {
  /** A fetch that carries and stores the browser's cookies (the extension's own, with host permissions). */
  fetch: typeof fetch;
  /** The diary token's exp/iat (ms) as the cookie jar now holds it; null without one. */
  tokenTimes(): Promise<{ exp: number; iat: number | null } | null>;
  origin?: string;
  /** Meta-refresh hops before the chain counts as a loop. */
  maxHops?: number;
  now?: () => number;
}

export type RenewOutcome = { ok: true; exp: number; iat: number | null; requests: number } | { ok: false; why: RenewFailure; requests: number };

const MAINTENANCE = /технические\s+работы/i;
const META_REFRESH = /<meta[^>]+http-equiv=["']?refresh["']?[^>]+content=["']?\s*\d+\s*;\s*url=([^"'>]+)/i;

const decodeHtml = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

export async function silentRenew(deps: RenewDeps, previousExp: number | null): Promise<RenewOutcome> {
  const origin = deps.origin ?? 'https://school.mos.ru';
  const now = deps.now ?? Date.now;
  let url = `${origin}/v3/auth/sudir/login`;
  let requests = 0;
  for (let hop = 0; hop < (deps.maxHops ?? 4); hop++) {
    let res: Response;
    let body: string;
    try {
      res = await deps.fetch(url, { credentials: 'include', redirect: 'follow', cache: 'no-store' });
      requests++;
      body = await res.text();
    } catch {
      return { ok: false, why: 'network', requests: requests + 1 };
    }
    if (res.status >= 502 || MAINTENANCE.test(body)) return { ok: false, why: 'site-down', requests };
    const landed = new URL(res.url || url);
    if (landed.hostname.startsWith('login.') && landed.pathname.startsWith('/sps/login/')) return { ok: false, why: 'login-form', requests };
    if (landed.pathname === '/auth/callback' || landed.pathname.startsWith('/diary/')) {
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

/** exp and iat (ms) of a JWT, read without verifying or keeping it; null when it is not one. */
export function jwtTimes(jwt: string): { exp: number; iat: number | null } | null {
  try {
    const part = jwt.split('.')[1];
    if (!part) return null;
    const payload = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof payload.exp !== 'number') return null;
    return { exp: payload.exp * 1000, iat: typeof payload.iat === 'number' ? payload.iat * 1000 : null };
  } catch {
    return null;
  }
}
