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
 * How long a host's last diary tab stays counted as open after it closed (or left the diary). A
 * parent who closes the diary and opens it again moments later has not left it; and a page load
 * must not cost the keeper a storage write and an alarm for a state it undoes a second later.
 * Renewals are minutes apart, so no renewal happens or is missed because of it. Shorter than the
 * service worker's 30 s idle life, so the timer fires in the worker that set it; a worker that
 * stops before reads the tabs afresh when it starts again.
 */
export const TAB_CLOSED_AFTER_MS = 10_000;

/**
 * The keepers of the enabled hosts, and the browser events they follow, registered once. Hosts
 * come and go as the user enables and disables regional nodes (`follow`).
 *
 * Which hosts have a diary tab open is followed from the tab events themselves (each carries its
 * tab, whose URL the extension sees on the diary hosts it holds permissions for), not asked with
 * `tabs.query` on every event: measured on the emulated marks page, the query and the keeper's
 * writes on every load cost the page's own load about 7 % in Chromium (2 cores), with no content
 * script at all. Only a change between open and closed reaches a keeper.
 */
export function createKeepers(links: { login(entry: HostEntry): string }, o: { tabClosedAfterMs?: number } = {}) {
  const keepers = new Map<string, ReturnType<typeof keeperFor>>();
  let entries: readonly HostEntry[] = [];
  const closedAfter = o.tabClosedAfterMs ?? TAB_CLOSED_AFTER_MS;
  /** The keeper host each open tab shows, by tab id. */
  const tabHost = new Map<number, string>();
  /** What each keeper was last told, and the closings still in their grace period. */
  const told = new Map<string, boolean>();
  const closing = new Map<string, ReturnType<typeof setTimeout>>();

  const hasTab = (host: string) => [...tabHost.values()].includes(host);
  function tell(host: string, open: boolean): void {
    if (told.get(host) === open) return;
    told.set(host, open);
    void keepers.get(host)?.dispatch({ type: 'tabs', diaryTabOpen: open });
  }
  /** Tells a host's keeper its tabs' state: an opening at once, a closing once it has lasted. */
  function settle(host: string): void {
    if (hasTab(host)) {
      clearTimeout(closing.get(host));
      closing.delete(host);
      return tell(host, true);
    }
    if (told.get(host) === false || closing.has(host)) return;
    closing.set(
      host,
      setTimeout(() => {
        closing.delete(host);
        if (!hasTab(host)) tell(host, false);
      }, closedAfter),
    );
  }
  /** Where a tab is now (undefined: a page whose URL Tabel may not see, which is no diary host of its). */
  function tabAt(tabId: number, url: string | undefined): void {
    const before = tabHost.get(tabId);
    let host: string | undefined;
    try {
      host = url ? new URL(url).hostname : undefined;
    } catch {
      host = undefined;
    }
    if (host && keepers.has(host)) tabHost.set(tabId, host);
    else tabHost.delete(tabId);
    for (const h of new Set([before, tabHost.get(tabId)])) if (h) settle(h);
  }
  /** Reads every keeper host's open tabs afresh: at start and when the hosts change, when the events so far are unknown. */
  async function readTabs(): Promise<void> {
    for (const k of keepers.values()) {
      const tabs = await browser.tabs.query({ url: `https://${k.host}/*` });
      for (const t of tabs) if (t.id !== undefined) tabHost.set(t.id, k.host);
      // Said to the keeper whatever it was told before: its stored state may be from a worker long gone.
      told.delete(k.host);
      settle(k.host);
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
  browser.tabs.onUpdated.addListener((tabId, info, tab) => {
    if (info.url || info.status) tabAt(tabId, tab?.url ?? info.url);
    if (!info.url) return;
    const at = new URL(info.url);
    const entry = at.pathname === '/' ? entries.find((e) => e.host.host === at.hostname) : undefined;
    if (entry) void backIntoDiary(tabId, entry);
  });
  browser.tabs.onRemoved.addListener((tabId) => tabAt(tabId, undefined));
  // A prerendered page swapped in for a tab: the old id is gone, the new one is where the old one was.
  browser.tabs.onReplaced?.addListener((added, removed) => {
    const host = tabHost.get(removed);
    tabHost.delete(removed);
    if (host) tabHost.set(added, host);
  });

  return {
    /** Keeps the sessions of these hosts (those whose system keeps one); stops the others. */
    follow(next: readonly HostEntry[]): void {
      entries = next;
      const wanted = new Set(next.filter((e) => e.system.session).map((e) => e.host.host));
      for (const host of [...keepers.keys()]) {
        if (wanted.has(host)) continue;
        keepers.delete(host);
        told.delete(host);
        clearTimeout(closing.get(host));
        closing.delete(host);
        for (const [id, h] of tabHost) if (h === host) tabHost.delete(id);
        void browser.alarms.clear(`${ALARM_PREFIX}${host}`);
      }
      for (const e of next)
        if (e.system.session && !keepers.has(e.host.host)) keepers.set(e.host.host, keeperFor(e.host.host, e.system.session));
      void readTabs();
    },
    of: (host: string): Keeper | undefined => keepers.get(host),
    all: (): Keeper[] => [...keepers.values()],
    /** The same event to every keeper (the user's switch and limit, a test's alarm). */
    dispatchAll: (e: KeeperEvent) => Promise.all([...keepers.values()].map((k) => k.dispatch(e))),
  };
}

export type Keepers = ReturnType<typeof createKeepers>;
