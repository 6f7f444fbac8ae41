/**
 * The session keeper's decisions, as a pure state machine: given what it knows (the diary token's
 * expiry, API answers, renewal outcomes, the user's switch and limit) and the time, what state the
 * session is in, when to look again, and whether to renew now. No timers, no I/O: the background
 * feeds it events and carries out `renew` with the browser's own cookies. Tokens never enter it —
 * only their expiry times do.
 */

export type SessionState =
  /** A valid diary token, not close to expiry. */
  | 'alive'
  /** Close to expiry: a renewal is due. */
  | 'expiring'
  /** A silent SSO renewal is under way. */
  | 'renewing'
  /** The city SSO needs the user (login form or a redirect loop): only the user can log in again. */
  | 'sso-expired'
  /** The user logged out (or never logged in): Tabel does nothing until a new login. */
  | 'logged-out'
  /** The diary answers «технические работы» or cannot be reached: retry with backoff. */
  | 'site-down'
  /** The keeper is off (or outside the user's limit) and the token has run out. */
  | 'expired';

export type KeeperLimit =
  | { kind: 'always' }
  /** Only while a diary tab is open. */
  | { kind: 'while-tab-open' }
  /** For N hours after the last diary visit. */
  | { kind: 'hours-after-visit'; hours: number };

export interface KeeperConfig {
  enabled: boolean;
  limit: KeeperLimit;
}

export interface KeeperSnapshot extends KeeperConfig {
  state: SessionState;
  /** The diary token's `exp` and `iat` in ms; null without a token. */
  exp: number | null;
  iat: number | null;
  /** Consecutive failed renewals. */
  attempts: number;
  /** When the keeper wants to be woken (an alarm); null for never. */
  nextAt: number | null;
  /** Set while a renewal runs, so tabs and restarts never start a second one. */
  renewingSince: number | null;
  lastVisit: number | null;
  diaryTabOpen: boolean;
  /** Why the state is what it is, in a few words for the popup and logs (never a token). */
  reason: string | null;
  /** Renewal attempts started, for request budgets. */
  renewals: number;
}

/**
 * Why a silent renewal failed. `off-host`: a hop led off the system's own https hosts (another
 * host, or plain http); the walk stopped there, credentials never followed it.
 */
export type RenewFailure = 'login-form' | 'loop' | 'site-down' | 'network' | 'no-new-token' | 'off-host';

export type KeeperEvent =
  /** The diary token cookie as now seen: its exp/iat (ms), or null when the cookie is gone. */
  | { type: 'token'; exp: number | null; iat?: number | null }
  /** An explicit logout on either site. */
  | { type: 'logout' }
  /** A diary API call answered 401/403. */
  | { type: 'unauthorized' }
  /** The scheduled wake-up (or any periodic check). */
  | { type: 'alarm' }
  | { type: 'renewed'; exp: number; iat?: number | null }
  | { type: 'renew-failed'; why: RenewFailure }
  /** The user opened a diary page. */
  | { type: 'visit' }
  | { type: 'tabs'; diaryTabOpen: boolean }
  | { type: 'config'; enabled?: boolean; limit?: KeeperLimit }
  /** The service worker (or browser) restarted: a renewal that was running is gone. */
  | { type: 'restart' };

export interface KeeperResult {
  snapshot: KeeperSnapshot;
  /** Start a silent renewal now. */
  renew: boolean;
}

const MIN = 60_000;
/** Renew this long before expiry at most (what MESH clients do with a 24 h token). */
const AHEAD_MAX = 30 * MIN;
const BACKOFF_BASE = 30_000;
const BACKOFF_MAX = 30 * MIN;
/** A renewal that has not reported back after this long is considered lost. */
const RENEW_TIMEOUT = 2 * MIN;
/** Failed renewals (network, no new token) before the keeper stops and asks for the user. */
const MAX_ATTEMPTS = 4;

export function initialSnapshot(config: Partial<KeeperConfig> = {}): KeeperSnapshot {
  return {
    state: 'logged-out',
    enabled: config.enabled ?? true,
    limit: config.limit ?? { kind: 'always' },
    exp: null,
    iat: null,
    attempts: 0,
    nextAt: null,
    renewingSince: null,
    lastVisit: null,
    diaryTabOpen: false,
    reason: null,
    renewals: 0,
  };
}

/** When a token is due for renewal: 30 min before expiry, or a quarter of its life for short tokens. */
export function renewAtOf(exp: number, iat: number | null): number {
  const life = iat !== null && iat < exp ? exp - iat : 4 * AHEAD_MAX;
  return exp - Math.min(AHEAD_MAX, life / 4);
}

export const backoffOf = (attempts: number): number => Math.min(BACKOFF_MAX, BACKOFF_BASE * 2 ** Math.max(0, attempts - 1));

/** Whether the user's switch and limit let the keeper act now. */
export function keeperMayAct(s: KeeperSnapshot, now: number): boolean {
  if (!s.enabled) return false;
  switch (s.limit.kind) {
    case 'always':
      return true;
    case 'while-tab-open':
      return s.diaryTabOpen;
    case 'hours-after-visit':
      return s.lastVisit !== null && now - s.lastVisit <= s.limit.hours * 3600_000;
  }
}

/** The state a valid token puts the session in, and when to look next. */
function withToken(s: KeeperSnapshot, now: number): KeeperResult {
  if (s.exp === null) return { snapshot: { ...s, state: 'logged-out', nextAt: null }, renew: false };
  const renewAt = renewAtOf(s.exp, s.iat);
  if (now < renewAt) return { snapshot: { ...s, state: 'alive', nextAt: renewAt, reason: null }, renew: false };
  if (!keeperMayAct(s, now)) {
    const state = now < s.exp ? 'expiring' : 'expired';
    return {
      snapshot: { ...s, state, nextAt: now < s.exp ? s.exp : null, reason: s.enabled ? 'outside the keep-alive limit' : 'keeper off' },
      renew: false,
    };
  }
  return startRenewal(s, now);
}

function startRenewal(s: KeeperSnapshot, now: number): KeeperResult {
  if (s.renewingSince !== null && now - s.renewingSince < RENEW_TIMEOUT) return { snapshot: s, renew: false };
  return {
    snapshot: { ...s, state: 'renewing', renewingSince: now, nextAt: now + RENEW_TIMEOUT, renewals: s.renewals + 1, reason: null },
    renew: true,
  };
}

/** The keeper's next state and whether to renew, for an event at time `now` (ms). */
export function step(s: KeeperSnapshot, e: KeeperEvent, now: number): KeeperResult {
  switch (e.type) {
    case 'token': {
      if (e.exp === null) {
        // The cookie went away: a logout (expiry leaves the cookie; only logout clears it).
        if (s.exp === null && s.state === 'logged-out') return { snapshot: s, renew: false };
        return {
          snapshot: {
            ...s,
            state: 'logged-out',
            exp: null,
            iat: null,
            attempts: 0,
            nextAt: null,
            renewingSince: null,
            reason: 'logged out',
          },
          renew: false,
        };
      }
      // The same token again (a restart, a cookie re-read) changes nothing; only a new one does.
      if (e.exp === s.exp) return { snapshot: s, renew: false };
      // A token we have not seen: a login or a renewal (by us or by the site itself).
      const fresh = e.exp > now;
      const next: KeeperSnapshot = {
        ...s,
        exp: e.exp,
        iat: e.iat ?? null,
        attempts: fresh ? 0 : s.attempts,
        renewingSince: fresh ? null : s.renewingSince,
      };
      if (!fresh) return { snapshot: { ...next, state: s.state === 'logged-out' ? 'logged-out' : 'expired', nextAt: null }, renew: false };
      return withToken(next, now);
    }
    case 'logout':
      return {
        snapshot: { ...s, state: 'logged-out', exp: null, iat: null, attempts: 0, nextAt: null, renewingSince: null, reason: 'logged out' },
        renew: false,
      };
    case 'unauthorized':
      if (s.state === 'logged-out' || s.state === 'sso-expired') return { snapshot: s, renew: false };
      if (!keeperMayAct(s, now))
        return { snapshot: { ...s, state: 'expired', nextAt: null, reason: 'the diary answered 401' }, renew: false };
      return startRenewal(s, now);
    case 'alarm':
      if (s.state === 'logged-out' || s.state === 'sso-expired') return { snapshot: { ...s, nextAt: null }, renew: false };
      if (s.state === 'renewing') {
        if (s.renewingSince !== null && now - s.renewingSince >= RENEW_TIMEOUT)
          return failed({ ...s, renewingSince: null }, 'network', now);
        return { snapshot: s, renew: false };
      }
      if (s.state === 'site-down' || (s.attempts > 0 && s.nextAt !== null)) {
        if (s.nextAt !== null && now < s.nextAt) return { snapshot: s, renew: false };
        if (!keeperMayAct(s, now)) return withToken(s, now);
        return startRenewal(s, now);
      }
      return withToken(s, now);
    case 'renewed':
      return withToken({ ...s, exp: e.exp, iat: e.iat ?? s.iat, attempts: 0, renewingSince: null, reason: null }, now);
    case 'renew-failed':
      return failed({ ...s, renewingSince: null }, e.why, now);
    case 'visit':
      return s.state === 'logged-out' || s.state === 'sso-expired'
        ? { snapshot: { ...s, lastVisit: now }, renew: false }
        : withTokenUnlessBusy({ ...s, lastVisit: now }, now);
    case 'tabs':
      return withTokenUnlessBusy({ ...s, diaryTabOpen: e.diaryTabOpen }, now);
    case 'config': {
      const next = { ...s, enabled: e.enabled ?? s.enabled, limit: e.limit ?? s.limit };
      return next.state === 'logged-out' || next.state === 'sso-expired'
        ? { snapshot: next, renew: false }
        : withTokenUnlessBusy(next, now);
    }
    case 'restart':
      if (s.renewingSince !== null) return failed({ ...s, renewingSince: null }, 'network', now);
      if (s.state === 'logged-out' || s.state === 'sso-expired') return { snapshot: s, renew: false };
      // A retry whose wait ran out while the worker slept is due now.
      if (s.attempts > 0 && s.nextAt !== null && now >= s.nextAt && keeperMayAct(s, now)) return startRenewal(s, now);
      return withTokenUnlessBusy(s, now);
  }
}

function withTokenUnlessBusy(s: KeeperSnapshot, now: number): KeeperResult {
  // Only a new login (a new token) wakes a keeper that the user or the SSO has stopped.
  if (s.state === 'logged-out' || s.state === 'sso-expired') return { snapshot: s, renew: false };
  // A renewal running, or a backoff still pending, is left to finish.
  if (s.state === 'renewing' || (s.attempts > 0 && s.nextAt !== null && now < s.nextAt)) return { snapshot: s, renew: false };
  return withToken(s, now);
}

function failed(s: KeeperSnapshot, why: RenewFailure, now: number): KeeperResult {
  // The SSO wants the user: stop at once, never hammer the login page.
  // A chain that leaves the diary's own hosts is not retried either: it would go there again.
  if (why === 'login-form' || why === 'loop' || why === 'off-host') {
    return {
      snapshot: {
        ...s,
        state: 'sso-expired',
        nextAt: null,
        reason:
          why === 'loop'
            ? 'redirect loop at the SSO'
            : why === 'off-host'
              ? 'the login chain left the diary’s own hosts'
              : 'the SSO asks for a login',
      },
      renew: false,
    };
  }
  const attempts = s.attempts + 1;
  if (why !== 'site-down' && attempts >= MAX_ATTEMPTS) {
    return {
      snapshot: { ...s, attempts, state: 'sso-expired', nextAt: null, reason: `renewal failed ${attempts} times (${why})` },
      renew: false,
    };
  }
  const state: SessionState = why === 'site-down' ? 'site-down' : s.exp !== null && now < s.exp ? 'expiring' : 'expired';
  return { snapshot: { ...s, attempts, state, nextAt: now + backoffOf(attempts), reason: why }, renew: false };
}
