import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { initialSnapshot, step, type KeeperEvent, type KeeperSnapshot } from '../lib/session/keeper';
import type { HostEntry } from '../lib/sources/registry';
import type { SessionStrategy, TokenTimes } from '../lib/sources/types';

/**
 * The session keeper in the background: one per diary host whose system keeps a session (MESH in
 * Moscow, a «Моя школа» node the user enabled). Each feeds the pure state machine
 * (lib/session/keeper.ts) with its host's cookie changes, alarms, tab changes, visits and 401s, and
 * carries out its system's renewal with the browser's own cookies. Only the state (expiry times,
 * counts) is stored, per host — never a token.
 */
const ALARM_PREFIX = 'tabel-keeper:';

/** Where a host's keeper keeps its state. */
export const keeperItemOf = (host: string) =>
  storage.defineItem<KeeperSnapshot>(`local:keeper:${host}`, { fallback: initialSnapshot(), version: 1 });

export interface Keeper {
  readonly host: string;
  dispatch(e: KeeperEvent): Promise<KeeperSnapshot>;
  snapshot(): Promise<KeeperSnapshot>;
}

function keeperFor(
  host: string,
  session: SessionStrategy,
): Keeper & { cookieChanged(c: { domain: string; name: string; value: string }, removed: boolean, cause: string): void } {
  const item = keeperItemOf(host);
  const origin = `https://${host}/`;
  const alarm = `${ALARM_PREFIX}${host}`;
  let snap: KeeperSnapshot | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const logout = session.logoutCookies(host);

  async function tokenTimes(): Promise<TokenTimes | null> {
    const c = await browser.cookies.get({ url: origin, name: session.tokenCookie });
    return c?.value ? session.tokenTimes(c.value) : null;
  }

  // Events are handled one at a time, in order, so two tabs can never start two renewals.
  function dispatch(e: KeeperEvent): Promise<KeeperSnapshot> {
    const run = queue.then(async () => {
      snap ??= await item.getValue();
      const before = JSON.stringify(snap);
      const r = step(snap, e, Date.now());
      snap = r.snapshot;
      // Most events (a tab loading, a cookie rewritten as it was) change nothing: then nothing is written
      // or rescheduled, so a page load costs the browser no storage traffic.
      if (JSON.stringify(snap) !== before || e.type === 'restart') {
        await item.setValue(snap);
        if (snap.nextAt !== null) await browser.alarms.create(alarm, { when: Math.max(snap.nextAt, Date.now() + 1000) });
        else await browser.alarms.clear(alarm);
      }
      if (r.renew) void renew(snap.exp);
      return snap;
    });
    queue = run.catch(() => undefined);
    return run;
  }

  async function renew(previousExp: number | null): Promise<void> {
    const out = await session.renew(host, { fetch: (input, init) => fetch(input, init), tokenTimes }, previousExp);
    await dispatch(out.ok ? { type: 'renewed', exp: out.exp, iat: out.iat } : { type: 'renew-failed', why: out.why });
  }

  // A (re)started worker: a renewal that was running is gone; then look at the cookie as it is now.
  void (async () => {
    await dispatch({ type: 'restart' });
    const t = await tokenTimes();
    await dispatch({ type: 'token', exp: t?.exp ?? null, iat: t?.iat ?? null });
  })();

  return {
    host,
    dispatch,
    snapshot: async () => (await queue.then(() => snap)) ?? item.getValue(),
    cookieChanged(cookie, removed, cause) {
      const at = cookie.domain.replace(/^\./, '');
      if (at === host && cookie.name === session.tokenCookie) {
        // A replaced token is first "removed" (cause overwrite); the new one follows.
        if (removed && cause === 'overwrite') return;
        void dispatch(removed ? { type: 'token', exp: null } : { type: 'token', ...(session.tokenTimes(cookie.value) ?? { exp: null }) });
      }
      // An SSO logout clears its session cookie; natural expiry ('expired') is not a logout.
      if (removed && cause !== 'overwrite' && cause !== 'expired' && logout.some((l) => l.host === at && l.name === cookie.name))
        void dispatch({ type: 'logout' });
    },
  };
}

/**
 * The keepers of the enabled hosts, and the browser events they follow, registered once. Hosts
 * come and go as the user enables and disables regional nodes (`follow`).
 */
export function createKeepers(links: { login(entry: HostEntry): string }) {
  const keepers = new Map<string, ReturnType<typeof keeperFor>>();
  let entries: readonly HostEntry[] = [];

  async function tabsChanged(): Promise<void> {
    for (const k of keepers.values()) {
      const tabs = await browser.tabs.query({ url: `https://${k.host}/*` });
      await k.dispatch({ type: 'tabs', diaryTabOpen: tabs.length > 0 });
    }
  }

  /**
   * A diary tab that lands on the logged-out start page although the session can be renewed goes
   * straight back in through the SSO chain (the diary's own return_to brings it where it was going).
   * Not after a logout: that clears the token cookie, and then Tabel does nothing.
   */
  async function backIntoDiary(tabId: number, entry: HostEntry): Promise<void> {
    const k = keepers.get(entry.host.host);
    if (!k || !entry.system.session) return;
    const s = await k.dispatch({ type: 'alarm' });
    if (s.state === 'logged-out' || s.state === 'sso-expired' || !s.enabled) return;
    const cookie = await browser.cookies.get({ url: `https://${entry.host.host}/`, name: entry.system.session.tokenCookie });
    if (!cookie?.value) return;
    await browser.tabs.update(tabId, { url: links.login(entry) });
  }

  browser.alarms.onAlarm.addListener((a) => {
    if (a.name.startsWith(ALARM_PREFIX)) void keepers.get(a.name.slice(ALARM_PREFIX.length))?.dispatch({ type: 'alarm' });
  });
  browser.cookies.onChanged.addListener(({ cookie, removed, cause }) => {
    for (const k of keepers.values()) k.cookieChanged(cookie, removed, cause);
  });
  browser.tabs.onUpdated.addListener((tabId, info) => {
    if (info.url || info.status === 'complete') void tabsChanged();
    if (!info.url) return;
    const at = new URL(info.url);
    const entry = at.pathname === '/' ? entries.find((e) => e.host.host === at.hostname) : undefined;
    if (entry) void backIntoDiary(tabId, entry);
  });
  browser.tabs.onRemoved.addListener(() => void tabsChanged());

  return {
    /** Keeps the sessions of these hosts (those whose system keeps one); stops the others. */
    follow(next: readonly HostEntry[]): void {
      entries = next;
      const wanted = new Set(next.filter((e) => e.system.session).map((e) => e.host.host));
      for (const host of [...keepers.keys()]) {
        if (wanted.has(host)) continue;
        keepers.delete(host);
        void browser.alarms.clear(`${ALARM_PREFIX}${host}`);
      }
      for (const e of next)
        if (e.system.session && !keepers.has(e.host.host)) keepers.set(e.host.host, keeperFor(e.host.host, e.system.session));
      void tabsChanged();
    },
    of: (host: string): Keeper | undefined => keepers.get(host),
    all: (): Keeper[] => [...keepers.values()],
    /** The same event to every keeper (the user's switch and limit, a test's alarm). */
    dispatchAll: (e: KeeperEvent) => Promise.all([...keepers.values()].map((k) => k.dispatch(e))),
  };
}

export type Keepers = ReturnType<typeof createKeepers>;
