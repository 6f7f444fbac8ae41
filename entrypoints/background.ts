import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createAlerts } from '../extension/alerts';
import { createDiaryService } from '../extension/diary-service';
import { openArchive, StoreError, type Archive } from '../lib/store/archive';
import { parseDiary } from '../lib/model';
import { ACCOUNT } from '../extension/diary-service';
import { startKeeper } from '../extension/keeper';
import { lastStudentItem, seenItem, settingsItem, type Seen } from '../extension/storage';
import { normalizeSettings, type Settings } from '../lib/settings';
import { overlayView } from '../extension/overlay-lines';
import { todayOf } from '../lib/dates';
import { LAST_STUDENT, mayAsk, type Failure, type HistoryAnswer, type ImportAnswer, type OverlayAnswer, type Request, type SessionInfo } from '../extension/messages';
import type { OverlayView } from '../extension/overlay-env';
import type { Diary, Student } from '../lib/model/types';

export default defineBackground(() => {
  const keeper = startKeeper();
  // The archive failing to open (private mode, a broken profile) must not stop the rest.
  const archive: Promise<Archive | null> = openArchive().catch((err) => {
    console.warn('Tabel archive unavailable:', err instanceof Error ? err.message : err);
    return null;
  });
  const alerts = createAlerts(archive);
  const diary = createDiaryService(
    undefined,
    () => void keeper.dispatch({ type: 'unauthorized' }),
    archive,
    // The first fetch fills the archive; only later ones can bring "new" marks to notify about.
    (studentId, added, first) => void alerts.merged(studentId, added, first),
  );

  // The periodic check for new marks, with the live session only (it never renews by itself).
  const CHECK = 'tabel-check';
  const check = async () => {
    await alerts.flush();
    const s = await keeper.snapshot();
    if (s.state !== 'alive' && s.state !== 'expiring') return;
    const students = await diary.students(true);
    if (!students.ok || students.asOf) return;
    for (const st of students.students) await diary.diary(st.id, true);
  };
  void browser.alarms.create(CHECK, { periodInMinutes: 30 });
  browser.alarms.onAlarm.addListener((a) => {
    if (a.name === CHECK) void check();
  });
  void alerts.updateBadge();
  const applyConfig = (raw: unknown) => {
    const { keeper: k } = normalizeSettings(raw);
    void keeper.dispatch({ type: 'config', enabled: k.enabled, limit: k.limit });
  };
  void settingsItem.getValue().then(applyConfig);
  settingsItem.watch(applyConfig);
  const session = async (): Promise<SessionInfo> => {
    const s = await keeper.snapshot();
    return { state: s.state, expiresAt: s.exp !== null ? new Date(s.exp).toISOString() : null, reason: s.reason, renewals: s.renewals, enabled: s.enabled };
  };
  // The child the diary showed last, in memory: a page load asks for it before it can know it itself.
  let lastStudent: string | null = null;
  void lastStudentItem.getValue().then((v) => (lastStudent ??= v));
  lastStudentItem.watch((v) => (lastStudent = v));
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
  const viewOf = (d: Diary, id: string, s: Settings, since: string | null, students: readonly Student[]): OverlayView => {
    let bySettings = views.get(d);
    if (!bySettings) views.set(d, (bySettings = new WeakMap()));
    let byKey = bySettings.get(s);
    if (!byKey) bySettings.set(s, (byKey = new Map()));
    const key = `${id}|${since ?? ''}|${students.map((x) => `${x.id}:${x.name}`).join(',')}|${todayOf(d)}`;
    let v = byKey.get(key);
    if (!v) byKey.set(key, (v = overlayView(d, id, s, since, students)));
    return v;
  };
  const overlayFor = async (studentId: string): Promise<OverlayAnswer> => {
    // The account's children: the page tells which one it shows by their names.
    const students = diary.students();
    let id = studentId === LAST_STUDENT ? (lastStudent ?? (lastStudent = await lastStudentItem.getValue())) : studentId;
    if (!id) {
      // Never shown a child yet: the account's first, until the page says which it shows.
      const list = await students;
      if (!list.ok) return list;
      id = list.students[0]?.id ?? null;
      if (!id) return { ok: false, kind: 'internal', message: 'No child in this account' };
    }
    const [answer, s, visits, list] = await Promise.all([diary.diary(id), settings, seen, students]);
    if (!answer.ok) return answer;
    try {
      const view = viewOf(answer.diary, id, s, visits[id]?.at ?? null, list.ok ? list.students : [answer.diary.student]);
      return { ok: true, fetchedAt: answer.fetchedAt, issues: answer.issues, asOf: answer.asOf, offline: answer.offline, view };
    } catch (err) {
      return { ok: false, kind: 'internal', message: err instanceof Error ? err.message : String(err) };
    }
  };
  // What the page showed stops being new; the page's child becomes the one shown last.
  const visit = async (studentId: string | undefined) => {
    if (studentId) {
      lastStudent = studentId;
      const d = await diary.diary(studentId);
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
      if ((await lastStudentItem.getValue()) !== studentId) await lastStudentItem.setValue(studentId);
    }
    await keeper.dispatch({ type: 'visit' });
    return { ok: true } as const;
  };

  const storeFailure = (err: unknown): Failure => ({
    ok: false,
    kind: 'internal',
    message: err instanceof StoreError && err.kind === 'quota' ? 'The browser has no room left for the diary archive' : err instanceof Error ? err.message : 'The archive is unavailable',
  });
  const history = async (studentId?: string): Promise<HistoryAnswer> => {
    const a = await archive;
    if (!a) return { ok: false, kind: 'internal', message: 'The archive is unavailable in this browser profile' };
    try {
      const ids = studentId !== undefined ? [studentId] : (await a.students(ACCOUNT)).map((s) => s.id);
      const diaries = (await Promise.all(ids.map((id) => a.history(ACCOUNT, id)))).filter((d) => d !== null);
      // The whole archive's export carries what could not be read too: set aside, never dropped.
      const quarantined = studentId === undefined ? await a.quarantined() : [];
      return quarantined.length ? { ok: true, diaries, quarantined } : { ok: true, diaries };
    } catch (err) {
      return storeFailure(err);
    }
  };
  const importDiaries = async (raw: unknown[]): Promise<ImportAnswer> => {
    const a = await archive;
    if (!a) return { ok: false, kind: 'internal', message: 'The archive is unavailable in this browser profile' };
    // Checked again here: the archive takes nothing the data model does not.
    const parsed = raw.map(parseDiary);
    const bad = parsed.find((r) => !r.ok);
    if (bad && !bad.ok) return { ok: false, kind: 'schema', message: bad.error.message };
    try {
      let added = 0;
      for (const r of parsed) if (r.ok) added += (await a.merge(ACCOUNT, r.value, new Date(), { removals: false })).added.length;
      diary.forget();
      alerts.forget();
      void alerts.updateBadge();
      return { ok: true, added, diaries: parsed.length };
    } catch (err) {
      return storeFailure(err);
    }
  };

  const ownOrigin = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    // Only our own pages and content scripts talk to the background, and a content script only of what its page draws.
    if (!mayAsk(sender, message, browser.runtime.id, ownOrigin)) return undefined;
    const m = message as Request;
    switch (m?.type) {
      case 'tabel:students':
        return diary.students(m.fresh);
      case 'tabel:diary':
        return diary.diary(String(m.studentId), m.fresh);
      case 'tabel:overlay':
        return overlayFor(String(m.studentId));
      case 'tabel:session':
        return session();
      case 'tabel:visit':
        return visit(m.studentId === undefined ? undefined : String(m.studentId));
      case 'tabel:keeper-alarm':
        // The same path as the alarm, for tests that cannot wait for Chrome's alarm granularity.
        return keeper.dispatch({ type: 'alarm' }).then(() => ({ ok: true }));
      case 'tabel:check-now':
        // The same path as the periodic alarm, for tests.
        return check().then(() => alerts.updateBadge()).then((badge) => ({ ok: true, badge }));
      case 'tabel:forget':
        diary.forget();
        return Promise.resolve({ ok: true });
      case 'tabel:history':
        return history(m.studentId);
      case 'tabel:import':
        return importDiaries(Array.isArray(m.diaries) ? m.diaries : []);
      case 'tabel:delete-all':
        return archive.then(async (a) => {
          await a?.deleteAll();
          diary.forget();
          alerts.forget();
          void alerts.updateBadge();
          return { ok: true };
        });
      case 'tabel:forget-student':
        return archive.then(async (a) => {
          await a?.deleteStudent(ACCOUNT, String(m.studentId));
          diary.forget();
          alerts.forget();
          void alerts.updateBadge();
          return { ok: true };
        });
      default:
        return undefined;
    }
  });
});
