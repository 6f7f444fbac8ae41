import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { initialSnapshot, step, type KeeperEvent, type KeeperSnapshot } from '../lib/session/keeper';
import { jwtTimes, silentRenew } from '../lib/session/renew';

/**
 * The session keeper in the background: feeds the pure state machine (lib/session/keeper.ts) with
 * cookie changes, alarms, tab changes, visits and 401s, and carries out its renewals with the
 * browser's own cookies. Only the state (expiry times, counts) is stored — never a token.
 */
const ALARM = 'tabel-keeper';
const SCHOOL = 'https://school.mos.ru/';

export const keeperItem = storage.defineItem<KeeperSnapshot>('local:keeper', { fallback: initialSnapshot(), version: 1 });

async function tokenTimes(): Promise<{ exp: number; iat: number | null } | null> {
  const c = await browser.cookies.get({ url: SCHOOL, name: 'aupd_token' });
  return c?.value ? jwtTimes(c.value) : null;
}

export interface Keeper {
  dispatch(e: KeeperEvent): Promise<KeeperSnapshot>;
  snapshot(): Promise<KeeperSnapshot>;
}

export function startKeeper(): Keeper {
  let snap: KeeperSnapshot | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  // Events are handled one at a time, in order, so two tabs can never start two renewals.
  function dispatch(e: KeeperEvent): Promise<KeeperSnapshot> {
    const run = queue.then(async () => {
      snap ??= await keeperItem.getValue();
      const before = JSON.stringify(snap);
      const r = step(snap, e, Date.now());
      snap = r.snapshot;
      // Most events (a tab loading, a cookie rewritten as it was) change nothing: then nothing is written
      // or rescheduled, so a page load costs the browser no storage traffic.
      if (JSON.stringify(snap) !== before || e.type === 'restart') {
        await keeperItem.setValue(snap);
        if (snap.nextAt !== null) await browser.alarms.create(ALARM, { when: Math.max(snap.nextAt, Date.now() + 1000) });
        else await browser.alarms.clear(ALARM);
      }
      if (r.renew) void renew(snap.exp);
      return snap;
    });
    queue = run.catch(() => undefined);
    return run;
  }

  async function renew(previousExp: number | null): Promise<void> {
    const out = await silentRenew({ fetch: (input, init) => fetch(input, init), tokenTimes }, previousExp);
    await dispatch(out.ok ? { type: 'renewed', exp: out.exp, iat: out.iat } : { type: 'renew-failed', why: out.why });
  }

  async function tabsChanged(): Promise<void> {
    const tabs = await browser.tabs.query({ url: `${SCHOOL}*` });
    await dispatch({ type: 'tabs', diaryTabOpen: tabs.length > 0 });
  }

  /**
   * A diary tab that lands on the logged-out start page although the session can be renewed goes
   * straight back in through the SSO chain (the diary's own return_to brings it where it was going).
   * Not after a logout: that clears the token cookie, and then Tabel does nothing.
   */
  async function backIntoDiary(tabId: number): Promise<void> {
    const s = await dispatch({ type: 'alarm' });
    if (s.state === 'logged-out' || s.state === 'sso-expired' || !s.enabled) return;
    const cookie = await browser.cookies.get({ url: SCHOOL, name: 'aupd_token' });
    if (!cookie?.value) return;
    await browser.tabs.update(tabId, { url: `${SCHOOL}v3/auth/sudir/login` });
  }

  browser.alarms.onAlarm.addListener((a) => {
    if (a.name === ALARM) void dispatch({ type: 'alarm' });
  });
  browser.cookies.onChanged.addListener(({ cookie, removed, cause }) => {
    const host = cookie.domain.replace(/^\./, '');
    if (host === 'school.mos.ru' && cookie.name === 'aupd_token') {
      // A replaced token is first "removed" (cause overwrite); the new one follows.
      if (removed && cause === 'overwrite') return;
      void dispatch(removed ? { type: 'token', exp: null } : { type: 'token', ...(jwtTimes(cookie.value) ?? { exp: null }) });
    }
    // An SSO logout clears its session cookie; natural expiry ('expired') is not a logout.
    if (host === 'login.mos.ru' && cookie.name === 'bls' && removed && cause !== 'overwrite' && cause !== 'expired') void dispatch({ type: 'logout' });
  });
  browser.tabs.onUpdated.addListener((tabId, info) => {
    if (info.url || info.status === 'complete') void tabsChanged();
    if (info.url === SCHOOL) void backIntoDiary(tabId);
  });
  browser.tabs.onRemoved.addListener(() => void tabsChanged());

  // A (re)started worker: a renewal that was running is gone; then look at the cookie as it is now.
  void (async () => {
    await dispatch({ type: 'restart' });
    const t = await tokenTimes();
    await dispatch({ type: 'token', exp: t?.exp ?? null, iat: t?.iat ?? null });
    await tabsChanged();
  })();

  return {
    dispatch,
    snapshot: async () => (await queue.then(() => snap)) ?? keeperItem.getValue(),
  };
}
