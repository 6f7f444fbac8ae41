import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { isDiaryPath, isMarksPage, MESH_PAGE, shownPeriodName, shownStudentId } from '../../lib/sources/mesh/page';
import { stringsFor } from '../../extension/i18n';
import { ask, LAST_STUDENT, type OverlayAnswer } from '../../extension/messages';
import { buildEnv, type OverlayEnv, type OverlayView } from '../../extension/overlay-env';
import { panel } from './features/panel';
import { subjectResults } from './features/subject-results';
import { prepareFeatures, runFeatures } from './runtime';

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

/** Sent by each new instance of this script (an extension update in an open tab): older ones stop. */
const STARTED = 'tabel:page-script-started';

/**
 * The diary page's content script, declared in the manifest (wxt.config.ts): on all of
 * school.mos.ru at `document_end`, because the SPA reaches /diary/* by pushState from
 * /auth/callback; off the diary routes it only watches the page. At `document_end` the page's own
 * requests are in flight, and the overlay can be asked for while both wait on the network.
 *
 * A plain script rather than WXT's `defineContentScript`: its context object cost ≈1 ms of the
 * page's main thread on every load (measured with Chromium's trace), for a location watcher and
 * an invalidation signal this script gets from its own observer and one DOM event.
 */
export default defineUnlistedScript(() => {
  let current: AbortController | null = null;
  let key = '';
  let running = false;
  const started = Date.now();
  // Asked at once for the child shown last (the background knows which) and today's period,
  // while the page still waits for its own data: one round trip, no storage read, no diary.
  let early: Promise<OverlayAnswer> | null = isDiaryPath(location.pathname) ? ask({ type: 'tabel:overlay', studentId: LAST_STUDENT, shownPeriod: null, today: today() }) : null;
  // "New since the last visit" is measured from the start of this page load, per child.
  const sinceOf = new Map<string, string | null>();
  // Until the first answer the page's language is unknown; a failure before it speaks Russian.
  let lang: 'ru' | 'en' = 'ru';

  // One overlay model per answer, so that what was prepared for an answer is what gets shown.
  const envs = new WeakMap<OverlayView, OverlayEnv>();
  const envOf = (answer: Extract<OverlayAnswer, { ok: true }>): OverlayEnv => {
    const { view } = answer;
    let env = envs.get(view);
    if (env) return env;
    const id = view.student.id;
    if (!sinceOf.has(id)) sinceOf.set(id, view.since);
    const loadDiary = () => ask({ type: 'tabel:diary', studentId: id }).then((d) => (d.ok ? d.diary : Promise.reject(new Error(d.message))));
    let offlineNote: string | null = null;
    if (answer.asOf) {
      const when = new Date(answer.asOf).toLocaleString(view.lang === 'en' ? 'en-GB' : 'ru-RU', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
      offlineNote = stringsFor(view.lang).asOf(when);
    }
    env = buildEnv(view, sinceOf.get(id) ?? null, loadDiary, offlineNote);
    envs.set(view, env);
    return env;
  };
  // The elements are made while the page still waits for its data, in its idle time; when the
  // rows appear they only have to be put in place.
  void early?.then((a) => a.ok && requestIdleCallback(() => prepareFeatures(FEATURES, envOf(a)), { timeout: 500 }));

  async function rebuild(): Promise<void> {
    current?.abort();
    const run = new AbortController();
    current = run;
    key = pageKey();
    if (!isDiaryPath(location.pathname)) return;
    try {
      let studentId = shownStudentId(document);
      // The page draws its child switch after its own requests; give it a moment before assuming a student account.
      if (!studentId && Date.now() - started < 2500 && !document.querySelector(MESH_PAGE.subjectName)) {
        key = '';
        setTimeout(check, 300);
        return;
      }
      const failed = (a: { kind: string; message: string }) => {
        const t = stringsFor(lang);
        notice(a.kind === 'session-expired' ? t.sessionExpired : a.kind === 'site-down' ? t.siteDown : `${t.failed}: ${a.message}`, run.signal);
      };
      if (!studentId) {
        const students = await ask({ type: 'tabel:students' });
        if (!students.ok) return failed(students);
        studentId = students.students[0]?.id ?? null;
      }
      if (!studentId || run.signal.aborted) return;
      const shown = shownPeriodName(document);
      const pre = early ? await early : null;
      early = null;
      // The answer asked for at load fits if it is this child's, for the period the page shows.
      const fits = pre?.ok && pre.view.student.id === studentId && (shown === null || pre.view.period?.name === shown);
      const answer = fits ? pre : await ask({ type: 'tabel:overlay', studentId, shownPeriod: shown, today: today() });
      if (run.signal.aborted) return;
      if (!answer.ok) return failed(answer);
      lang = answer.view.lang;
      const env = envOf(answer);
      if (env.offlineNote) notice(env.offlineNote, run.signal);
      const arrived = performance.now();
      const id = studentId;
      runFeatures(FEATURES, env, run.signal);
      // For the benchmark: data arrival to the overlay's first paint, in ms.
      requestAnimationFrame(() => setTimeout(() => (document.documentElement.dataset.tabelPaintMs = (performance.now() - arrived).toFixed(1))));
      // The visit is recorded by the background, after the drawing; this page keeps its "since".
      setTimeout(() => void ask({ type: 'tabel:visit', studentId: id, today: today() }));
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
  // The SPA redraws on every route change; history moves without a redraw are caught too.
  const observer = new MutationObserver(check);
  window.addEventListener('popstate', check);
  document.dispatchEvent(new CustomEvent(STARTED));
  const stop = () => {
    observer.disconnect();
    window.removeEventListener('popstate', check);
    document.removeEventListener(STARTED, stop);
    current?.abort();
  };
  document.addEventListener(STARTED, stop);
  const first = () => {
    // Watching starts once the page's own HTML is parsed: nothing before that is Tabel's business.
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-pressed', 'value'] });
    running = true;
    void rebuild().finally(() => (running = false));
  };
  if (document.body) first();
  else document.addEventListener('DOMContentLoaded', first, { once: true });
});
