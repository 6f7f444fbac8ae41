import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isDiaryPath, isMarksPage, MESH_PAGE, shownPeriodName, shownStudentId } from '../../lib/sources/mesh/page';
import { stringsFor } from '../../extension/i18n';
import { ask, LAST_STUDENT, type DiaryAnswer } from '../../extension/messages';
import { readPageState, recordVisit } from '../../extension/page-storage';
import { buildEnv, choosePeriod, linesKey } from '../../extension/overlay-env';
import { panel } from './features/panel';
import { subjectResults } from './features/subject-results';
import { runFeatures } from './runtime';

const FEATURES = [subjectResults, panel];

/** A short message in the page's corner when Tabel has to step aside, saying why. */
function notice(text: string, signal: AbortSignal): void {
  const el = document.createElement('div');
  el.dataset.tabelNotice = '';
  el.setAttribute('role', 'status');
  el.style.cssText = 'position:fixed;left:20px;bottom:20px;z-index:2147483000;max-width:420px;background:#fff4e5;color:#1f2430;border-radius:10px;padding:10px 14px;font:13px/1.4 system-ui,sans-serif;box-shadow:0 2px 10px rgba(0,0,0,.2)';
  el.textContent = text;
  document.body.append(el);
  signal.addEventListener('abort', () => el.remove());
}

const today = () => new Date().toISOString().slice(0, 10);

/** What the overlay depends on: a change in any of these rebuilds it. */
const pageKey = () => `${location.pathname}${location.search}|${shownStudentId(document) ?? ''}|${shownPeriodName(document) ?? ''}`;

export default defineContentScript({
  // All of school.mos.ru, because the SPA reaches /diary/* by pushState from /auth/callback; off
  // the diary routes the script only watches the location.
  matches: ['https://school.mos.ru/*'],
  // Once the HTML is parsed: the page's own requests are then in flight, and the diary can be
  // fetched while both wait on the network, without holding up the page's parsing.
  runAt: 'document_end',
  main(ctx: ContentScriptContext) {
    let current: AbortController | null = null;
    let key = '';
    let running = false;
    const started = Date.now();
    // "New since the last visit" is measured from the start of this page load.
    const stateP = readPageState();
    const settingsP = stateP.then((s) => s.settings);
    const seenP = stateP.then((s) => s.seen);
    // Asked at once for the child shown last (the background knows which), while the page still
    // waits for its own data: one round trip, no storage read first.
    let early: Promise<DiaryAnswer> | null = isDiaryPath(location.pathname) ? ask({ type: 'tabel:diary', studentId: LAST_STUDENT }) : null;

    async function rebuild(): Promise<void> {
      current?.abort();
      const run = new AbortController();
      current = run;
      key = pageKey();
      if (!isDiaryPath(location.pathname)) return;
      try {
        const settings = await settingsP;
        const t = stringsFor(settings.language);
        let studentId = shownStudentId(document);
        // The page draws its child switch after its own requests; give it a moment before assuming a student account.
        if (!studentId && Date.now() - started < 2500 && !document.querySelector(MESH_PAGE.subjectName)) {
          key = '';
          setTimeout(check, 300);
          return;
        }
        if (!studentId) {
          const students = await ask({ type: 'tabel:students' });
          if (!students.ok) return notice(students.kind === 'session-expired' ? t.sessionExpired : students.kind === 'site-down' ? t.siteDown : `${t.failed}: ${students.message}`, run.signal);
          studentId = students.students[0]?.id ?? null;
        }
        if (!studentId || run.signal.aborted) return;
        void ask({ type: 'tabel:visit' });
        const pre = early ? await early : null;
        early = null;
        const answer = pre?.ok && pre.diary.student.id === studentId ? pre : await ask({ type: 'tabel:diary', studentId });
        if (run.signal.aborted) return;
        if (!answer.ok) {
          return notice(answer.kind === 'session-expired' ? t.sessionExpired : answer.kind === 'site-down' ? t.siteDown : `${t.failed}: ${answer.message}`, run.signal);
        }
        let offlineNote: string | null = null;
        if (answer.asOf) {
          const when = new Date(answer.asOf).toLocaleString(settings.language === 'en' ? 'en-GB' : 'ru-RU', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
          offlineNote = t.asOf(when);
          notice(offlineNote, run.signal);
        }
        const seen = await seenP;
        const since = seen[studentId]?.at ?? null;
        const arrived = performance.now();
        // The lines came with the diary for today's period; another period shown, or other settings, asks again.
        const period = choosePeriod(answer.diary, shownPeriodName(document), today());
        let lines = answer.lines;
        if (!lines || lines.key !== linesKey(answer.diary, studentId, settings, period?.id)) {
          const again = await ask({ type: 'tabel:lines', studentId, shownPeriod: shownPeriodName(document), today: today() });
          if (run.signal.aborted) return;
          if (!again.ok) return notice(`${t.failed}: ${again.message}`, run.signal);
          lines = again.lines;
        }
        const env = buildEnv(answer.diary, studentId, settings, period, lines, since, offlineNote);
        runFeatures(FEATURES, env, run.signal);
        // For the benchmark: data arrival to the overlay's first paint, in ms.
        requestAnimationFrame(() => setTimeout(() => (document.documentElement.dataset.tabelPaintMs = (performance.now() - arrived).toFixed(1))));
        // The visit is recorded for next time; this visit keeps showing what was new when it began.
        await recordVisit(studentId, answer.diary.marks.flatMap((m) => (m.id ? [m.id] : [])), today());
      } catch (err) {
        console.warn('Tabel stepped aside:', err instanceof Error ? err.message : err);
      }
    }

    // The SPA redraws without reloading: rebuild when the route, child or period changes, or when
    // the page's redraw removed what Tabel had added.
    const check = () => {
      if (running) return;
      const lost =
        isDiaryPath(location.pathname) &&
        (!document.querySelector('[data-tabel-host], [data-tabel-notice]') ||
          (isMarksPage(location) && !!document.querySelector(MESH_PAGE.subjectName) && !document.querySelector('[data-tabel-subject]')));
      if (pageKey() !== key || (lost && current && !current.signal.aborted && key !== '')) {
        running = true;
        void rebuild().finally(() => (running = false));
      }
    };
    // Checked in the observer's own microtask, so the overlay draws in the same frame as the rows.
    const observer = new MutationObserver(check);
    ctx.addEventListener(window, 'wxt:locationchange', check);
    ctx.onInvalidated(() => {
      observer.disconnect();
      current?.abort();
    });
    const first = () => {
      // Watching starts once the page's own HTML is parsed: nothing before that is Tabel's business.
      observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-pressed', 'value'] });
      running = true;
      void rebuild().finally(() => (running = false));
    };
    if (document.body) first();
    else document.addEventListener('DOMContentLoaded', first, { once: true });
  },
});
