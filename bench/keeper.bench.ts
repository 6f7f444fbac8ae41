import { initialSnapshot, step, type KeeperEvent, type KeeperSnapshot } from '../lib/session/keeper';
import type { BenchRow } from './harness';

/**
 * A simulated 8-hour day with a 15-minute diary token: the real keeper state machine against a
 * model of the site (token issue on each silent SSO hop, SSO alive all day), a parent opening the
 * diary every 20 minutes. Counts what a person would feel (being bounced through the login) and
 * what the site sees (requests).
 */
const MIN = 60_000;
const DAY = 8 * 60 * MIN;
const LIFE = 15 * MIN;
const HOP_REQUESTS = 4; // /v3/auth/sudir/login, login.mos.ru/sps/oauth/ae, /v3/auth/sudir/callback, /auth/callback

interface DayResult {
  forcedRelogins: number;
  renewals: number;
  hopRequests: number;
  unauthorized: number;
  tokens: number;
}

function simulateDay(keeperOn: boolean): DayResult {
  const t0 = Date.UTC(2026, 10, 26, 14, 0);
  let exp = t0 + LIFE;
  let tokens = 1;
  const r: DayResult = { forcedRelogins: 0, renewals: 0, hopRequests: 0, unauthorized: 0, tokens: 0 };
  let s: KeeperSnapshot = initialSnapshot({ enabled: keeperOn });
  const feed = (e: KeeperEvent, now: number) => {
    const out = step(s, e, now);
    s = out.snapshot;
    if (out.renew) {
      // The hop takes a second; the site issues a new token, the cookie changes, the hop reports back.
      r.renewals++;
      r.hopRequests += HOP_REQUESTS;
      exp = now + 1000 + LIFE;
      tokens++;
      s = step(s, { type: 'renewed', exp, iat: now + 1000 }, now + 1000).snapshot;
    }
  };
  feed({ type: 'token', exp, iat: t0 }, t0);
  const visits = Array.from({ length: DAY / (20 * MIN) }, (_, i) => t0 + 5 * MIN + i * 20 * MIN);
  let now = t0;
  while (now < t0 + DAY) {
    const nextVisit = visits.find((v) => v > now) ?? Infinity;
    const nextAlarm = s.nextAt !== null && s.nextAt > now ? s.nextAt : Infinity;
    now = Math.min(nextVisit, nextAlarm, t0 + DAY);
    if (now >= t0 + DAY) break;
    if (now === nextAlarm) feed({ type: 'alarm' }, now);
    if (now === nextVisit) {
      feed({ type: 'visit' }, now);
      if (now >= exp) {
        // The diary answers 401 and the page bounces the user through the login chain.
        r.unauthorized++;
        r.forcedRelogins++;
        r.hopRequests += HOP_REQUESTS;
        exp = now + LIFE;
        tokens++;
        feed({ type: 'unauthorized' }, now);
        feed({ type: 'token', exp, iat: now }, now + 1);
      }
    }
  }
  r.tokens = tokens;
  return r;
}

export function run(): BenchRow[] {
  const on = simulateDay(true);
  const off = simulateDay(false);
  const lifetimes = DAY / LIFE;
  const perToken = on.renewals / Math.max(1, on.tokens - 1);
  return [
    {
      name: 'keeper on: forced re-logins in an 8 h day (15 min token, visit every 20 min)',
      value: String(on.forcedRelogins),
      unit: '',
      target: '0',
      ok: on.forcedRelogins === 0,
    },
    {
      name: 'keeper on: silent renewals',
      value: String(on.renewals),
      unit: '',
      note: `${on.hopRequests} HTTP requests; ${perToken.toFixed(2)} renewal per token issued; ${(on.renewals / lifetimes).toFixed(2)} per 15 min of clock; ${on.unauthorized} after a 401`,
      target: '≤ 1 per token + 401s',
      ok: perToken <= 1 && on.unauthorized === 0,
    },
    {
      name: 'keeper off: forced re-logins in the same day',
      value: String(off.forcedRelogins),
      unit: '',
      note: `${off.hopRequests} HTTP requests, ${off.unauthorized} 401s`,
    },
  ];
}
