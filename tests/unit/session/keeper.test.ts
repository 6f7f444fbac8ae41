import { describe, expect, it } from 'vitest';
import {
  backoffOf,
  initialSnapshot,
  renewAtOf,
  step,
  type KeeperEvent,
  type KeeperSnapshot,
  type SessionState,
} from '../../../lib/session/keeper';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = 1_800_000_000_000;

/** Runs events in order at the given times; returns the last result. */
function run(events: Array<[number, KeeperEvent]>, start: KeeperSnapshot = initialSnapshot()) {
  let s = start;
  let renew = false;
  for (const [t, e] of events) ({ snapshot: s, renew } = step(s, e, t));
  return { s, renew };
}

const loggedIn = (life = 24 * H) => run([[T0, { type: 'token', exp: T0 + life, iat: T0 }]]).s;

describe('session keeper state machine', () => {
  it('starts logged out and becomes alive on a login, waking 30 min before a 24 h token expires', () => {
    expect(initialSnapshot().state).toBe('logged-out');
    const s = loggedIn();
    expect(s.state).toBe('alive');
    expect(s.nextAt).toBe(T0 + 24 * H - 30 * MIN);
  });

  it('renews a short token a quarter of its life ahead', () => {
    expect(renewAtOf(T0 + 20_000, T0)).toBe(T0 + 15_000);
    expect(renewAtOf(T0 + 15 * MIN, T0)).toBe(T0 + 15 * MIN - 3.75 * MIN);
  });

  it('alive → renewing at the alarm → alive with the new token', () => {
    const s = loggedIn(15 * MIN);
    const due = s.nextAt!;
    const r = step(s, { type: 'alarm' }, due);
    expect([r.snapshot.state, r.renew]).toEqual(['renewing', true]);
    const done = step(r.snapshot, { type: 'renewed', exp: due + 15 * MIN, iat: due }, due + 500);
    expect(done.snapshot.state).toBe('alive');
    expect(done.snapshot.nextAt).toBe(renewAtOf(due + 15 * MIN, due));
    expect(done.snapshot.renewals).toBe(1);
  });

  it('an early alarm changes nothing', () => {
    const s = loggedIn();
    expect(step(s, { type: 'alarm' }, T0 + H)).toEqual({ snapshot: s, renew: false });
  });

  it('never starts a second renewal while one runs (tabs, 401s, alarms)', () => {
    const r = step(loggedIn(), { type: 'unauthorized' }, T0 + H);
    expect(r.renew).toBe(true);
    expect(step(r.snapshot, { type: 'unauthorized' }, T0 + H + 1000).renew).toBe(false);
    expect(step(r.snapshot, { type: 'alarm' }, T0 + H + 1000).renew).toBe(false);
    expect(step(r.snapshot, { type: 'visit' }, T0 + H + 1000).renew).toBe(false);
  });

  it('a 401 renews at once, even with time left on the token', () => {
    const r = step(loggedIn(), { type: 'unauthorized' }, T0 + MIN);
    expect([r.snapshot.state, r.renew]).toEqual(['renewing', true]);
  });

  it('a login form, a redirect loop or a chain off the diary’s hosts ends in sso-expired with nothing scheduled', () => {
    for (const why of ['login-form', 'loop', 'off-host'] as const) {
      const r = step(step(loggedIn(), { type: 'unauthorized' }, T0).snapshot, { type: 'renew-failed', why }, T0 + 1000);
      expect([r.snapshot.state, r.snapshot.nextAt, r.renew]).toEqual(['sso-expired', null, false]);
      // …and stays quiet: alarms, 401s and visits do not hammer the SSO.
      for (const e of [
        { type: 'alarm' },
        { type: 'unauthorized' },
        { type: 'visit' },
        { type: 'tabs', diaryTabOpen: true },
        { type: 'config', enabled: true },
        { type: 'restart' },
        { type: 'token', exp: T0 + 24 * H, iat: T0 },
      ] as KeeperEvent[]) {
        expect(step(r.snapshot, e, T0 + 24 * H - MIN).renew).toBe(false);
        expect(step(r.snapshot, e, T0 + 24 * H - MIN).snapshot.state).toBe('sso-expired');
      }
      // A new login brings it back.
      expect(step(r.snapshot, { type: 'token', exp: T0 + 26 * H, iat: T0 + 2 * H }, T0 + 2 * H).snapshot.state).toBe('alive');
    }
  });

  it('site-down backs off exponentially, then renews when it is due', () => {
    let s = step(loggedIn(), { type: 'unauthorized' }, T0).snapshot;
    const waits: number[] = [];
    let t = T0;
    for (let i = 0; i < 4; i++) {
      s = step(s, { type: 'renew-failed', why: 'site-down' }, t).snapshot;
      expect(s.state).toBe('site-down');
      waits.push(s.nextAt! - t);
      expect(step(s, { type: 'alarm' }, s.nextAt! - 1).renew).toBe(false);
      const r = step(s, { type: 'alarm' }, s.nextAt!);
      expect(r.renew).toBe(true);
      t = s.nextAt!;
      s = r.snapshot;
    }
    expect(waits).toEqual([backoffOf(1), backoffOf(2), backoffOf(3), backoffOf(4)]);
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffOf(20)).toBe(30 * MIN);
  });

  it('network failures retry with backoff and give up after four', () => {
    let s = step(loggedIn(), { type: 'unauthorized' }, T0).snapshot;
    let t = T0;
    for (let i = 1; i < 4; i++) {
      s = step(s, { type: 'renew-failed', why: 'network' }, t).snapshot;
      expect(s.state).toBe('expiring');
      t = s.nextAt!;
      s = step(s, { type: 'alarm' }, t).snapshot;
      expect(s.state).toBe('renewing');
    }
    s = step(s, { type: 'renew-failed', why: 'no-new-token' }, t).snapshot;
    expect([s.state, s.attempts]).toEqual(['sso-expired', 4]);
  });

  it('logout (cookie gone, or seen on either site) stops everything until a new login', () => {
    const a = step(loggedIn(), { type: 'token', exp: null }, T0 + H).snapshot;
    const b = step(loggedIn(), { type: 'logout' }, T0 + H).snapshot;
    for (const s of [a, b]) {
      expect([s.state, s.nextAt, s.exp]).toEqual(['logged-out', null, null]);
      expect(step(s, { type: 'unauthorized' }, T0 + 2 * H).renew).toBe(false);
      expect(step(s, { type: 'alarm' }, T0 + 2 * H).renew).toBe(false);
      expect(step(s, { type: 'tabs', diaryTabOpen: true }, T0 + 2 * H).renew).toBe(false);
    }
    // A logout in the middle of a renewal wins: the renewal's late result is not a login.
    const mid = step(step(loggedIn(), { type: 'unauthorized' }, T0).snapshot, { type: 'logout' }, T0 + 10);
    expect(mid.snapshot.state).toBe('logged-out');
  });

  it('respects the switch: off means no renewals, the token simply runs out', () => {
    const off = step(loggedIn(15 * MIN), { type: 'config', enabled: false }, T0).snapshot;
    const due = step(off, { type: 'alarm' }, off.nextAt!);
    expect([due.snapshot.state, due.renew]).toEqual(['expiring', false]);
    expect(step(due.snapshot, { type: 'alarm' }, T0 + 15 * MIN).snapshot.state).toBe('expired');
    expect(step(off, { type: 'unauthorized' }, T0 + MIN).renew).toBe(false);
    const on = step(due.snapshot, { type: 'config', enabled: true }, T0 + 12 * MIN);
    expect(on.renew).toBe(true);
  });

  it('respects the limits: only with a diary tab open, or N hours after the last visit', () => {
    const tab = step(loggedIn(15 * MIN), { type: 'config', limit: { kind: 'while-tab-open' } }, T0).snapshot;
    expect(step(tab, { type: 'alarm' }, tab.nextAt!).renew).toBe(false);
    const opened = step(tab, { type: 'tabs', diaryTabOpen: true }, tab.nextAt!);
    expect(opened.renew).toBe(true);

    const hours = step(loggedIn(15 * MIN), { type: 'config', limit: { kind: 'hours-after-visit', hours: 2 } }, T0).snapshot;
    const visited = step(hours, { type: 'visit' }, T0 + MIN).snapshot;
    expect(step(visited, { type: 'alarm' }, visited.nextAt!).renew).toBe(true);
    const late = { ...visited, lastVisit: T0 - 3 * H };
    expect(step(late, { type: 'alarm' }, visited.nextAt!).renew).toBe(false);
  });

  it('a renewal by the site itself (a new token seen) counts like ours', () => {
    const s = step(loggedIn(15 * MIN), { type: 'token', exp: T0 + 30 * MIN, iat: T0 + 15 * MIN }, T0 + 15 * MIN);
    expect([s.snapshot.state, s.snapshot.exp]).toEqual(['alive', T0 + 30 * MIN]);
  });

  it('survives a restart in every state', () => {
    const states: Record<SessionState, KeeperSnapshot> = {
      alive: loggedIn(),
      expiring: { ...loggedIn(), state: 'expiring', attempts: 1, nextAt: T0 + 5 * MIN },
      renewing: step(loggedIn(), { type: 'unauthorized' }, T0).snapshot,
      'sso-expired': { ...loggedIn(), state: 'sso-expired', nextAt: null },
      'logged-out': initialSnapshot(),
      'site-down': { ...loggedIn(), state: 'site-down', attempts: 2, nextAt: T0 + 5 * MIN },
      expired: { ...initialSnapshot({ enabled: false }), state: 'expired', exp: T0 - MIN, iat: T0 - 16 * MIN },
    };
    const after = Object.fromEntries(Object.entries(states).map(([k, s]) => [k, step(s, { type: 'restart' }, T0 + 2 * MIN)]));
    expect(after.alive!.snapshot.state).toBe('alive');
    // The renewal that was running died with the worker: counted as a failed attempt, retried later.
    expect([after.renewing!.snapshot.state, after.renewing!.snapshot.renewingSince, after.renewing!.snapshot.attempts]).toEqual([
      'expiring',
      null,
      1,
    ]);
    expect(after['sso-expired']!.snapshot.state).toBe('sso-expired');
    expect(after['logged-out']!.snapshot.state).toBe('logged-out');
    expect(after['site-down']!.snapshot.state).toBe('site-down');
    expect(after['site-down']!.renew).toBe(false);
    expect(after.expiring!.snapshot.state).toBe('expiring');
    expect(after.expired!.snapshot.state).toBe('expired');
    for (const r of Object.values(after)) expect(r.renew).toBe(false);
    // Past its wait, the pending retry runs right after the restart.
    expect(step(states.expiring, { type: 'restart' }, T0 + 6 * MIN).renew).toBe(true);
  });

  it('a renewal that never reports back is given up after two minutes', () => {
    const r = step(loggedIn(), { type: 'unauthorized' }, T0).snapshot;
    expect(step(r, { type: 'alarm' }, T0 + MIN).snapshot.state).toBe('renewing');
    const lost = step(r, { type: 'alarm' }, T0 + 2 * MIN);
    expect([lost.snapshot.state, lost.snapshot.attempts]).toEqual(['expiring', 1]);
  });
});
