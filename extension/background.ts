import { browser } from 'wxt/browser';
import { createAlerts } from './alerts';
import { createDiaryService } from './diary-service';
import { createKeepers } from './keeper';
import { addFoundHost, enabledHosts, granted, knownHosts, onHostsChanged, syncPageScripts } from './hosts';
import { overlayView } from './overlay-lines';
import { createPageSessions } from './page-sessions';
import { lastStudentItem, loginsItem, seenItem, settingsItem, type Seen } from './storage';
import {
  LAST_STUDENT,
  mayAsk,
  type AccountView,
  type ChildOf,
  type Failure,
  type Handlers,
  type Protocol,
  type Sender,
  type SessionAnswer,
  type StudentsAnswer,
  type TestProtocol,
} from './messages';
import type { OverlayView } from './overlay-env';
import { openArchive, StoreError, type Archive } from '../lib/store/archive';
import { parseDiary, TabelDataError } from '../lib/model';
import { dumpProblems, repeatedIds, type ArchiveDump } from '../lib/store/backup';
import { normalizeSettings, type Settings } from '../lib/settings';
import { todayOf } from '../lib/dates';
import { accountKey, accountOf, foundHost, hostEntry, originsOf, SYSTEMS, systemNamed, type HostEntry } from '../lib/sources/registry';
import { isDiaryPage } from '../lib/sources/pages';
import { SourceError, type AccountRef, type SchemaIssue } from '../lib/sources/types';
import type { Diary, Student } from '../lib/model/types';

/**
 * The background: one diary service per enabled host (its system's source, archived under the
 * account logged in there), one session keeper per host whose system keeps a session, the alerts,
 * and the typed protocol the extension's pages and the diary pages' scripts ask (`handlers`). It
 * names no system: the registry (lib/sources/registry.ts) drives it.
 */

type Service = ReturnType<typeof createDiaryService>;
interface Connection {
  entry: HostEntry;
  service: Service;
}

const UNAVAILABLE: Failure = { ok: false, kind: 'internal', message: 'The archive is unavailable in this browser profile' };

const viewOfAccount = (entry: HostEntry, key: string): AccountView => ({
  key,
  system: entry.system.id,
  systemName: entry.system.name,
  host: entry.host.host,
  region: entry.host.region,
  links: { marks: entry.system.links.marks(entry.host.host), login: entry.system.links.login(entry.host.host) },
});

const hostOf = (url: string | undefined): string | null => {
  try {
    return url ? new URL(url).hostname : null;
  } catch {
    return null;
  }
};

/** What a page's main world holds at a dotted path: whether anything, and a short string's text (a token) where it is one. */
interface PageGlobal {
  present: boolean;
  text: string | null;
}

/**
 * Run in a page's main world by `scripting.executeScript` (so it refers to nothing outside itself):
 * the page's globals at these dotted paths (`appContext.at`), read for one request, never kept.
 */
function pageGlobals(paths: readonly string[]): PageGlobal[] {
  return paths.map((p) => {
    let v: unknown = window;
    for (const k of p.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    return { present: v !== undefined && v !== null, text: typeof v === 'string' && v.length > 0 && v.length < 512 ? v : null };
  });
}

export function startBackground(options: { archiveName?: string } = {}) {
  // The archive failing to open (private mode, a broken profile) must not stop the rest.
  const archive: Promise<Archive | null> = openArchive(options.archiveName ? { name: options.archiveName } : {}).catch((err) => {
    console.warn('Tabel archive unavailable:', err instanceof Error ? err.message : err);
    return null;
  });
  const alerts = createAlerts(archive);
  const keepers = createKeepers({ login: (e) => e.system.links.login(e.host.host) });
  const connections = new Map<string, Connection>();
  let logins: Promise<Record<string, string>> = loginsItem.getValue();

  /**
   * The site said who is logged in on a host: remembered (the account its offline answers come
   * from), and the children it sees that were archived there without a known login (an archive from
   * before Tabel told logins apart, an import) are handed to it.
   */
  async function onLogin(account: AccountRef, students: readonly Student[]): Promise<void> {
    const known = await logins;
    if (known[account.host] !== account.person) {
      const next = { ...known, [account.host]: account.person };
      logins = Promise.resolve(next);
      await loginsItem.setValue(next);
    }
    const a = await archive;
    if (!a || !account.person) return;
    const unknown = accountKey({ ...account, person: '' });
    const ids = new Set(students.map((s) => s.id));
    try {
      if ((await a.students(unknown)).some((s) => ids.has(s.id))) await a.claim(unknown, accountKey(account), [...ids]);
    } catch (err) {
      console.warn('Tabel could not carry the archive over to the login:', err instanceof Error ? err.message : err);
    }
  }

  /**
   * A value an open tab of the host holds in its page's main world (a path such as `appContext.at`),
   * read for one request and never kept: where a site keeps its session token in the page, not in a
   * cookie. Null when no tab of the host holds a short string there.
   */
  async function pageValueOn(host: string, path: string, waited = false): Promise<string | null> {
    const tabs = await browser.tabs.query({ url: `https://${host}/*` }).catch(() => []);
    const found = await pageValueIn(tabs, path);
    if (found !== null || waited) return found;
    // A tab of the host that is loading (a reload, the user's next page) has the value again once
    // loaded: a read in the middle of it waits for that, once, rather than failing as logged out.
    const loading = tabs.find((t) => t.status === 'loading' && t.id !== undefined);
    if (!loading) return null;
    await new Promise<void>((done) => {
      const timer = setTimeout(finish, 8000);
      function finish() {
        clearTimeout(timer);
        browser.tabs.onUpdated.removeListener(onUpdated);
        done();
      }
      function onUpdated(id: number, change: { status?: string }) {
        if (id === loading!.id && change.status === 'complete') finish();
      }
      browser.tabs.onUpdated.addListener(onUpdated);
    });
    return pageValueOn(host, path, true);
  }

  async function pageValueIn(tabs: ReadonlyArray<{ id?: number }>, path: string): Promise<string | null> {
    for (const tab of tabs) {
      if (tab.id === undefined) continue;
      const [r] = await browser.scripting
        .executeScript({
          target: { tabId: tab.id },
          world: 'MAIN',
          args: [[path]],
          func: pageGlobals,
        })
        .catch(() => []);
      const [v] = (r?.result as PageGlobal[] | undefined) ?? [];
      if (v?.text) return v.text;
    }
    return null;
  }

  /**
   * A request made by an open tab of the host, from its own origin with its cookies: for a host
   * found by its page markers, which the extension's own connect-src (the manifest's CSP, listed
   * hosts only) does not let the background reach.
   */
  const fetchInTab =
    (host: string): typeof fetch =>
    async (input, init) => {
      const [tab] = (await browser.tabs.query({ url: `https://${host}/*` })).filter((t) => t.id !== undefined);
      if (!tab) throw new SourceError('session-expired', new URL(String(input)).pathname, 'no open tab of the site to read with');
      const plain = {
        method: init?.method ?? 'GET',
        headers: init?.headers as Record<string, string> | undefined,
        body: init?.body as string | undefined,
      };
      const [r] = await browser.scripting.executeScript({
        target: { tabId: tab.id! },
        args: [String(input), plain],
        func: async (u: string, i: { method: string; headers?: Record<string, string>; body?: string }) => {
          try {
            const res = await fetch(u, { ...i, credentials: 'include' });
            return { status: res.status, text: await res.text() };
          } catch {
            return null;
          }
        },
      });
      const got = r?.result as { status: number; text: string } | null | undefined;
      if (!got) throw new TypeError('network error');
      return new Response([101, 204, 205, 304].includes(got.status) ? null : got.text, { status: got.status });
    };

  async function connect(entry: HostEntry): Promise<Connection> {
    const host = entry.host.host;
    const url = `https://${host}/`;
    const source = entry.system.source(host, {
      // The token cookie is read for a request where a node wants it in a header, never kept.
      cookie: async (name) => (await browser.cookies.get({ url, name }))?.value ?? null,
      pageValue: (path) => pageValueOn(host, path),
      ...(hostEntry(host) ? {} : { fetch: fetchInTab(host) }),
    });
    const service = createDiaryService({
      source,
      login: { system: entry.system.id, host },
      person: (await logins)[host] ?? null,
      onUnauthorized: () => void keepers.of(host)?.dispatch({ type: 'unauthorized' }),
      archive,
      // The first fetch fills the archive; only later ones can bring "new" marks to notify about.
      onMerged: (studentId, added, first) => void alerts.merged(studentId, added, first),
      onLogin,
    });
    return { entry, service };
  }

  /** Follows the hosts the user has enabled: their connections, their keepers, the page script on them. */
  let hostsReady: Promise<void> = Promise.resolve();
  const refreshHosts = () =>
    (hostsReady = hostsReady.then(async () => {
      const enabled = await enabledHosts();
      for (const host of [...connections.keys()]) if (!enabled.some((e) => e.host.host === host)) connections.delete(host);
      for (const e of enabled) if (!connections.has(e.host.host)) connections.set(e.host.host, await connect(e));
      keepers.follow(enabled);
      for (const p of await syncPageScripts(enabled)) console.warn(`Tabel could not start on ${p.host}: ${p.error}`);
    }));
  void refreshHosts();
  onHostsChanged(() => void refreshHosts());
  const ready = async () => {
    await hostsReady;
    return [...connections.values()];
  };
  const connectionAt = async (host: string | null) => (host ? (await ready()).find((c) => c.entry.host.host === host) : undefined);

  /** The connection a child is seen through: the account named, else the host that lists the child. */
  async function connectionOf(studentId: string, account?: string): Promise<Connection | undefined> {
    const all = await ready();
    const named = account ? accountOf(account) : null;
    if (named) return all.find((c) => c.entry.host.host === named.host);
    for (const c of all) {
      const s = await c.service.students();
      if (s.ok && s.students.some((x) => x.id === studentId)) return c;
    }
    return all[0];
  }

  // Sessions the site's page holds («Сетевой город»): its own keep-alive, while a diary tab is open.
  const pageSessions = createPageSessions({
    config: async () => (await settings).keeper,
    access: (host) => ({ pageValue: (path) => pageValueOn(host, path) }),
  });
  const PAGE_SESSION = 'tabel-page-session';
  const keepPageSessions = async () => pageSessions.tick((await ready()).map((c) => c.entry));
  void browser.alarms.create(PAGE_SESSION, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((a) => {
    if (a.name === PAGE_SESSION) void keepPageSessions();
  });

  // The periodic check for new marks, with the live sessions only (it never renews by itself).
  const CHECK = 'tabel-check';
  const check = async () => {
    await alerts.flush();
    for (const c of await ready()) {
      const k = keepers.of(c.entry.host.host);
      if (k) {
        const s = await k.snapshot();
        if (s.state !== 'alive' && s.state !== 'expiring') continue;
      }
      const students = await c.service.students(true);
      if (!students.ok || students.asOf) continue;
      for (const st of students.students) await c.service.diary(st.id, true);
    }
  };
  void browser.alarms.create(CHECK, { periodInMinutes: 30 });
  browser.alarms.onAlarm.addListener((a) => {
    if (a.name === CHECK) void check();
  });
  void alerts.updateBadge();
  const applyConfig = (raw: unknown) => {
    const { keeper: k } = normalizeSettings(raw);
    void hostsReady.then(() => keepers.dispatchAll({ type: 'config', enabled: k.enabled, limit: k.limit }));
  };
  void settingsItem.getValue().then(applyConfig);
  settingsItem.watch(applyConfig);

  // The child each host's diary showed last, in memory: a page load asks for it before it can know it itself.
  let lastStudent: Promise<Record<string, string>> = lastStudentItem.getValue();
  lastStudentItem.watch((v) => (lastStudent = Promise.resolve(v ?? {})));
  // Settings and the marks seen are kept in memory and followed through storage events: a page's
  // ask then reads no storage (reads took up to 20 ms while the browser was loading the page).
  let settings: Promise<Settings> = settingsItem.getValue().then(normalizeSettings);
  settingsItem.watch((v) => (settings = Promise.resolve(normalizeSettings(v))));
  let seen: Promise<Seen> = seenItem.getValue();
  seenItem.watch((v) => (seen = Promise.resolve(v ?? {})));
  // A page load within a minute of the last asks for the same view (the diary is cached for that
  // long): it is kept per diary answer and settings object, so the page gets it without the lines
  // being computed again.
  const views = new WeakMap<object, WeakMap<Settings, Map<string, OverlayView>>>();
  const viewOf = (entry: HostEntry, d: Diary, id: string, s: Settings, since: string | null, students: readonly Student[]): OverlayView => {
    let bySettings = views.get(d);
    if (!bySettings) views.set(d, (bySettings = new WeakMap()));
    let byKey = bySettings.get(s);
    if (!byKey) bySettings.set(s, (byKey = new Map()));
    const key = `${id}|${since ?? ''}|${students.map((x) => `${x.id}:${x.name}`).join(',')}|${todayOf(d)}`;
    let v = byKey.get(key);
    if (!v) byKey.set(key, (v = overlayView(d, id, s, since, students, { name: entry.system.name, pages: entry.system.pages })));
    return v;
  };

  async function students(fresh = false): Promise<StudentsAnswer> {
    const all = await ready();
    const answers = await Promise.all(all.map(async (c) => ({ c, a: await c.service.students(fresh) })));
    const accounts: AccountView[] = [];
    const list: ChildOf[] = [];
    const issues: SchemaIssue[] = [];
    const failed: Array<{ account: AccountView; failure: Failure }> = [];
    let asOf: string | undefined;
    for (const { c, a } of answers) {
      const account = viewOfAccount(c.entry, c.service.account());
      if (!a.ok) {
        failed.push({ account, failure: a });
        continue;
      }
      accounts.push(account);
      issues.push(...a.issues);
      if (a.asOf) asOf = a.asOf;
      for (const st of a.students)
        if (!list.some((x) => x.id === st.id && x.account === account.key)) list.push({ ...st, account: account.key });
    }
    // Not logged in anywhere, with nothing archived: each host's failure says why (the popup offers each one's login).
    return { ok: true, accounts, students: list, issues, fetchedAt: new Date().toISOString(), failed, ...(asOf ? { asOf } : {}) };
  }

  async function overlay(studentId: string, url: string): Promise<Protocol['tabel:overlay']['answer']> {
    const c = await connectionAt(hostOf(url));
    if (!c) return { ok: false, kind: 'internal', message: 'Tabel is not enabled on this site' };
    const { pages } = c.entry.system;
    if (!isDiaryPage(pages, new URL(url))) return { ok: true, view: null, pages, fetchedAt: new Date().toISOString(), issues: [] };
    // The account's children: the page tells which one it shows by their names.
    const list = c.service.students();
    let id = studentId === LAST_STUDENT ? ((await lastStudent)[c.entry.host.host] ?? null) : studentId;
    if (!id) {
      // Never shown a child on this host yet: the account's first, until the page says which it shows.
      const l = await list;
      if (!l.ok) return { ...l, pages };
      id = l.students[0]?.id ?? null;
      if (!id) return { ok: false, kind: 'internal', message: 'No child in this account', pages };
    }
    const [answer, s, visits, l] = await Promise.all([c.service.diary(id), settings, seen, list]);
    if (!answer.ok) return { ...answer, pages };
    try {
      const view = viewOf(c.entry, answer.diary, id, s, visits[id]?.at ?? null, l.ok ? l.students : [answer.diary.student]);
      return { ok: true, fetchedAt: answer.fetchedAt, issues: answer.issues, asOf: answer.asOf, offline: answer.offline, view, pages };
    } catch (err) {
      return { ok: false, kind: 'internal', message: err instanceof Error ? err.message : String(err), pages };
    }
  }

  // What the page showed stops being new; the page's child becomes the one its host showed last.
  async function visit(studentId: string | undefined, host: string | null): Promise<{ ok: true }> {
    const c = await connectionAt(host);
    if (c) pageSessions.visit(c.entry.host.host);
    if (studentId && c) {
      const d = await c.service.diary(studentId);
      if (d.ok) {
        const day = todayOf(d.diary);
        const before = await seen;
        const ids = d.diary.marks.flatMap((m) => (m.id ? [m.id] : []));
        const was = before[studentId];
        // Most page loads show what the last one did: no write, no storage event, no badge recount.
        if (was?.at !== day || was.ids.length !== ids.length || was.ids.some((x, i) => x !== ids[i])) {
          const next: Seen = { ...before, [studentId]: { ids, at: day } };
          seen = Promise.resolve(next);
          await seenItem.setValue(next);
        }
      }
      const last = await lastStudent;
      if (last[c.entry.host.host] !== studentId) {
        const next = { ...last, [c.entry.host.host]: studentId };
        lastStudent = Promise.resolve(next);
        await lastStudentItem.setValue(next);
      }
    }
    if (c) await keepers.of(c.entry.host.host)?.dispatch({ type: 'visit' });
    return { ok: true };
  }

  const storeFailure = (err: unknown): Failure => ({
    ok: false,
    kind: 'internal',
    message:
      err instanceof StoreError && err.kind === 'quota'
        ? 'The browser has no room left for the diary archive'
        : err instanceof Error
          ? err.message
          : 'The archive is unavailable',
  });

  /** The account a child is archived under: the one named, else the one the child's host reads now, else where the archive has it. */
  async function archivedAccountOf(a: Archive, studentId: string, account?: string): Promise<string | null> {
    if (account) return account;
    const c = await connectionOf(studentId);
    const everyone = await a.everyone();
    const live = c ? c.service.account() : null;
    if (live && everyone.some((x) => x.account === live && x.student.id === studentId)) return live;
    return everyone.find((x) => x.student.id === studentId)?.account ?? null;
  }

  async function history(studentId?: string, account?: string): Promise<Protocol['tabel:history']['answer']> {
    const a = await archive;
    if (!a) return UNAVAILABLE;
    try {
      let pairs: Array<{ account: string; id: string }>;
      if (studentId !== undefined) {
        const acc = await archivedAccountOf(a, studentId, account);
        pairs = acc ? [{ account: acc, id: studentId }] : [];
      } else pairs = (await a.everyone()).map((x) => ({ account: x.account, id: x.student.id }));
      const diaries = (await Promise.all(pairs.map((p) => a.history(p.account, p.id)))).filter((d) => d !== null);
      // The whole archive's export carries what could not be read too: set aside, never dropped.
      const quarantined = studentId === undefined ? await a.quarantined() : [];
      return quarantined.length ? { ok: true, diaries, quarantined } : { ok: true, diaries };
    } catch (err) {
      return storeFailure(err);
    }
  }

  /**
   * Where an imported diary goes: the account that has the child already, else the login that sees
   * the child now, else its system's first host with the login not known (the first login that
   * sees the child takes it over).
   */
  async function importAccount(a: Archive, d: Diary): Promise<string> {
    const have = (await a.everyone()).find((x) => x.student.id === d.student.id);
    if (have) return have.account;
    for (const c of await ready()) {
      if (c.entry.system.id !== d.source?.system || !c.service.knowsLogin()) continue;
      const s = await c.service.students();
      if (s.ok && !s.asOf && s.students.some((x) => x.id === d.student.id)) return c.service.account();
    }
    const system = systemNamed(d.source?.system ?? '') ?? SYSTEMS[0]!;
    return accountKey({ system: system.id, host: system.hosts[0]!.host, person: '' });
  }

  async function importDiaries(raw: unknown[], backup: unknown): Promise<Protocol['tabel:import']['answer']> {
    const a = await archive;
    if (!a) return UNAVAILABLE;
    // Checked again here: the archive takes nothing the data model does not.
    const parsed = raw.map(parseDiary);
    const bad = parsed.find((r) => !r.ok);
    if (bad && !bad.ok) return { ok: false, kind: 'schema', message: bad.error.message };
    try {
      // A backup restores the archive as it was: its diaries are the same data, for reading.
      if (backup !== undefined) {
        const problems = dumpProblems(backup);
        if (problems.length) return { ok: false, kind: 'schema', message: new TabelDataError(problems, 'Import').message };
        const r = await a.restore(backup as ArchiveDump);
        forgetAll();
        return { ok: true, added: r.added, diaries: r.students, conflicts: r.conflicts };
      }
      let added = 0;
      let conflicts = 0;
      const at = new Date().toISOString();
      for (const r of parsed) {
        if (!r.ok) continue;
        // One id is one mark: a second one with other content is set aside and counted, not merged away.
        const { kept, repeated } = repeatedIds(r.value.marks);
        const account = await importAccount(a, r.value);
        added += (await a.merge(account, { ...r.value, marks: kept }, new Date(), { mode: 'import' })).added.length;
        await a.setAside(
          repeated.map((mark) => ({
            from: 'import',
            reason: 'a second mark with the same id in the file',
            at,
            record: { account, student: r.value.student.id, mark },
          })),
        );
        conflicts += repeated.length;
      }
      forgetAll();
      return { ok: true, added, diaries: parsed.length, conflicts };
    } catch (err) {
      return storeFailure(err);
    }
  }

  function forgetAll(): void {
    for (const c of connections.values()) c.service.forget();
    alerts.forget();
    void alerts.updateBadge();
  }

  async function session(): Promise<SessionAnswer> {
    const sessions = [];
    await pageSessions.refresh((await ready()).map((c) => c.entry)).catch(() => undefined);
    for (const c of await ready()) {
      const k = keepers.of(c.entry.host.host);
      const page = c.entry.system.pageSession ? pageSessions.view(c.entry.host.host) : undefined;
      if (page) {
        const cfg = (await settings).keeper;
        sessions.push({
          host: c.entry.host.host,
          system: c.entry.system.id,
          state: page.state,
          expiresAt: page.expiresAt !== null ? new Date(page.expiresAt).toISOString() : null,
          reason: page.reason,
          renewals: page.keptAlive,
          enabled: cfg.enabled,
          page: true,
          ...(page.why ? { why: page.why } : {}),
        });
      }
      if (!k) continue;
      const s = await k.snapshot();
      sessions.push({
        host: c.entry.host.host,
        system: c.entry.system.id,
        state: s.state,
        expiresAt: s.exp !== null ? new Date(s.exp).toISOString() : null,
        reason: s.reason,
        renewals: s.renewals,
        enabled: s.enabled,
      });
    }
    return { ok: true, sessions };
  }

  const handlers: Handlers<Protocol> = {
    'tabel:students': (m) => students(m.fresh),
    'tabel:diary': async (m, sender) => {
      const c = m.account
        ? await connectionOf(String(m.studentId), m.account)
        : ((await connectionAt(hostOf(sender.tab?.url ?? sender.url))) ?? (await connectionOf(String(m.studentId))));
      return c ? c.service.diary(String(m.studentId), m.fresh) : { ok: false, kind: 'internal', message: 'No diary host is enabled' };
    },
    'tabel:load-panel': async (_m, sender) => {
      // Into the content script's own (isolated) world of that frame: no web-accessible file, no import of a computed address.
      const tabId = sender.tab?.id;
      if (tabId === undefined) return { ok: false, kind: 'internal', message: 'not asked from a tab' };
      try {
        await browser.scripting.executeScript({ target: { tabId, frameIds: [sender.frameId ?? 0] }, files: ['/overlay-panel.js'] });
        return { ok: true };
      } catch (err) {
        return { ok: false, kind: 'internal', message: err instanceof Error ? err.message : String(err) };
      }
    },
    'tabel:overlay': (m, sender) => overlay(String(m.studentId), sender.tab?.url ?? m.url ?? sender.url ?? ''),
    'tabel:session': () => session(),
    'tabel:visit': (m, sender) => visit(m.studentId === undefined ? undefined : String(m.studentId), hostOf(sender.tab?.url ?? sender.url)),
    'tabel:history': (m) => history(m.studentId, m.account),
    'tabel:import': (m) => importDiaries(Array.isArray(m.diaries) ? m.diaries : [], m.archive),
    'tabel:backup': async () => {
      const a = await archive;
      if (!a) return UNAVAILABLE;
      try {
        return { ok: true, archive: await a.dump() };
      } catch (err) {
        return storeFailure(err);
      }
    },
    'tabel:delete-all': async () => {
      const a = await archive;
      // Nothing to delete from is not "deleted": say so, and the options page says it to the user.
      if (!a) return { ok: false, kind: 'internal', message: 'The archive could not be opened: its data was not deleted' };
      try {
        await a.deleteAll();
        const left = (await a.everyone()).length + (await a.quarantined()).length;
        if (left) return { ok: false, kind: 'internal', message: `${left} archived record(s) could not be deleted` };
      } catch (err) {
        return storeFailure(err);
      }
      forgetAll();
      return { ok: true };
    },
    'tabel:forget-student': async (m) => {
      const a = await archive;
      if (!a) return UNAVAILABLE;
      const acc = await archivedAccountOf(a, String(m.studentId), m.account);
      if (acc) await a.deleteStudent(acc, String(m.studentId));
      forgetAll();
      return { ok: true };
    },
    'tabel:site': async (m) => {
      const tab = await browser.tabs.get(m.tabId).catch(() => null);
      const url = tab?.url ? new URL(tab.url) : null;
      if (!url || url.protocol !== 'https:') return { ok: true, site: null };
      const host = url.hostname;
      const known = (await knownHosts()).find((e) => e.host.host === host);
      if (known) {
        if (await granted(known)) return { ok: true, site: null };
        const { system } = known;
        return {
          ok: true,
          site: { system: system.id, name: system.name, host, origins: originsOf(known.host), listed: !!hostEntry(host) },
        };
      }
      // Not in any list: the page's own globals say whether it is one of a system's (read only here, on the user's opening of the popup).
      for (const system of SYSTEMS) {
        if (!system.markers) continue;
        const [r] = await browser.scripting
          .executeScript({
            target: { tabId: m.tabId },
            world: 'MAIN',
            args: [[...system.markers.globals]],
            func: pageGlobals,
          })
          .catch(() => []);
        const found = ((r?.result as PageGlobal[] | undefined) ?? []).some((g) => g.present);
        const entry = found ? foundHost(system.id, host, 'UTC') : null;
        if (entry) return { ok: true, site: { system: system.id, name: system.name, host, origins: originsOf(entry.host), listed: false } };
      }
      return { ok: true, site: null };
    },
    'tabel:enable-site': async (m) => {
      const listed = hostEntry(m.host);
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const entry = listed ?? (await addFoundHost({ system: m.system, host: m.host, timeZone }));
      if (!entry) return { ok: false, kind: 'internal', message: `${m.host} is not a diary site Tabel can work on` };
      if (!(await granted(entry))) return { ok: false, kind: 'internal', message: `no permission for ${m.host}` };
      await refreshHosts();
      // The page's script starts with the next load of the page.
      await Promise.resolve()
        .then(() => browser.tabs.reload(m.tabId))
        .catch(() => undefined);
      return { ok: true };
    },
    'tabel:hosts': async () => {
      const enabled = new Set((await ready()).map((c) => c.entry.host.host));
      const known = await knownHosts();
      return {
        ok: true,
        systems: SYSTEMS.map((s) => ({
          id: s.id,
          name: s.name,
          hosts: known
            .filter((e) => e.system === s)
            .map((e) => ({
              host: e.host.host,
              region: e.host.region,
              builtIn: e.host.builtIn,
              enabled: enabled.has(e.host.host),
              origins: originsOf(e.host),
            })),
        })),
      };
    },
  };

  // Only a test build answers these (the same paths as the alarms, for tests that cannot wait for Chrome's alarm granularity).
  const testHandlers: Handlers<TestProtocol> | null = import.meta.env.TABEL_TEST_HOOKS
    ? {
        'tabel:keeper-alarm': async () => {
          await hostsReady;
          await keepers.dispatchAll({ type: 'alarm' });
          await keepPageSessions();
          return { ok: true };
        },
        'tabel:check-now': async () => {
          await check();
          return { ok: true, badge: await alerts.updateBadge() };
        },
        'tabel:forget': async () => {
          for (const c of connections.values()) c.service.forget();
          return { ok: true };
        },
        'tabel:notified': async () => ({ ok: true, ids: [...alerts.notified()] }),
      }
    : null;

  const ownOrigin = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    // Only our own pages and content scripts talk to the background, and a content script only of what its page draws.
    if (!mayAsk(sender, message, browser.runtime.id, ownOrigin)) return undefined;
    const type = (message as { type: string }).type;
    const handler =
      (handlers as Record<string, (m: unknown, s: Sender) => Promise<unknown>>)[type] ??
      (testHandlers as Record<string, (m: unknown, s: Sender) => Promise<unknown>> | null)?.[type];
    return handler ? handler(message, sender) : undefined;
  });

  return { handlers, testHandlers, ready, refreshHosts };
}
