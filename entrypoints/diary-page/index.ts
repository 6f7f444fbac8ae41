import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { childByMarks, prepareReading, readDiaryPage, type PageReading } from '../../lib/anchor/reading';
import { OWN } from '../../lib/anchor/scan';
import { isDiaryPage, isMarksPage, periodOfUrl } from '../../lib/sources/pages';
import type { PageRules } from '../../lib/sources/types';
import { stringsFor } from '../../extension/i18n';
import { ask, LAST_STUDENT, type OverlayAnswer } from '../../extension/messages';
import { buildEnv, factsOf, type FallbackReason, type OverlayEnv } from '../../extension/overlay-env';
import { panel } from './features/panel';
import { subjectResults } from './features/subject-results';
import { prepareFeatures, runFeatures, updateFeatures } from './runtime';

const FEATURES = [subjectResults, panel];

/** How long a marks page may show no subject rows before Tabel says so (the page draws after its own requests). */
const ROWS_GRACE_MS = 2500;

/** A short message in the page's corner when Tabel has to step aside, saying why. */
function notice(text: string, signal: AbortSignal): void {
  const el = document.createElement('div');
  el.dataset.tabelNotice = '';
  el.setAttribute('role', 'status');
  el.style.cssText =
    'position:fixed;left:20px;bottom:20px;z-index:2147483000;max-width:420px;background:#fff4e5;color:#1f2430;border-radius:10px;padding:10px 14px;font:13px/1.4 system-ui,sans-serif;box-shadow:0 2px 10px rgba(0,0,0,.2)';
  el.textContent = text;
  document.body.append(el);
  signal.addEventListener('abort', () => el.remove());
}

/**
 * Sent by each new instance of this script (an extension update in an open tab): an older one
 * stops, but only once its own extension context is gone. The page can send the same event, and
 * must not be able to switch Tabel off with it.
 */
const STARTED = 'tabel:page-script-started';
const orphaned = (): boolean => {
  try {
    return !browser.runtime?.id;
  } catch {
    return true;
  }
};

/** Whether a batch of mutations touched the page's own content (Tabel's own insertions do not count). */
function pageChanged(records: readonly MutationRecord[]): boolean {
  const ours = (n: Node) => n.nodeType === 1 && ((n as Element).matches(OWN) || (n as Element).matches('style[data-tabel-rows]'));
  for (const r of records) {
    const target = r.target.nodeType === 1 ? (r.target as Element) : r.target.parentElement;
    if (target?.closest(OWN)) continue;
    if (r.type !== 'childList') return true;
    for (const n of r.addedNodes) if (!ours(n)) return true;
    for (const n of r.removedNodes) if (!ours(n)) return true;
  }
  return false;
}

/**
 * The diary page's content script: declared in the manifest (wxt.config.ts) on the built-in diary
 * hosts, registered by the background on a regional host the user enables; on the whole host at
 * `document_end`, because a diary SPA reaches its diary pages by pushState from its login
 * callback. It knows no system: which pages are the diary comes with the background's first
 * answer (the system's page rules); off them it only watches the page.
 *
 * It reads the page by its content (lib/anchor): which child it shows (by the names it shows),
 * where each subject's row is (by the subjects' names), and which period the rows show (by their
 * marks, then the period titles). No class name or id of the site's is needed. It follows the
 * page on every change, in the change's own task, so the results appear in the same frame as the
 * rows and never pile up twice.
 *
 * A plain script rather than WXT's `defineContentScript`: its context object cost ≈1 ms of the
 * page's main thread on every load (measured with Chromium's trace), for a location watcher and
 * an invalidation signal this script gets from its own observer and one DOM event.
 */
export default defineUnlistedScript(() => {
  const started = Date.now();
  /** Each child's overlay view, asked for once per page load (the background answers from its cache). */
  const views = new Map<string, Promise<OverlayAnswer>>();
  const answered = new Map<string, OverlayAnswer>();
  /** The child the answers are for: the one shown last at load, then the one the page shows. */
  let wanted = LAST_STUDENT;
  const viewOf = (studentId: string): OverlayAnswer | undefined => answered.get(studentId);
  /** Which of this host's pages are the diary and which the marks page: the system's rules, sent with every answer. */
  let rules: PageRules | null = null;
  function request(studentId: string): void {
    if (views.has(studentId)) return;
    const p = ask({ type: 'tabel:overlay', studentId, url: location.href });
    views.set(studentId, p);
    void p.then((a) => {
      if ('pages' in a && a.pages) rules = a.pages;
      answered.set(studentId, a);
      const id = a.ok && a.view ? a.view.student.id : null;
      // The answer for "the child shown last" is that child's answer too, and a newer one for that child is its answer.
      if (id && studentId === LAST_STUDENT && !answered.has(id)) {
        answered.set(id, a);
        views.set(id, p);
      }
      const last = answered.get(LAST_STUDENT);
      if (id && studentId !== LAST_STUDENT && last?.ok && last.view?.student.id === id) answered.set(LAST_STUDENT, a);
      askAgainWhileDown(a, id ?? studentId);
      schedule();
    });
  }
  // Shown from the archive because the site was down: asked again, less and less often, until the
  // site answers (Chromium refuses an extension's requests for a while after a host's 503s, so the
  // first ask on a site that is back may still fail).
  const retries = new Map<string, number>();
  function askAgainWhileDown(a: OverlayAnswer, id: string): void {
    const n = retries.get(id) ?? 0;
    const down = a.ok ? !!a.asOf : a.kind === 'site-down' || a.kind === 'network' || a.kind === 'timeout';
    if (!down || n >= 6) return;
    retries.set(id, n + 1);
    setTimeout(
      () => {
        views.delete(id);
        request(id);
      },
      2000 * 2 ** n,
    );
  }
  // Asked at once for the child shown last (the background knows which, and whether this URL is a
  // diary page at all), while the page still waits for its own data: one round trip, no storage
  // read, no diary.
  request(LAST_STUDENT);

  // "New since the last visit" is measured from the start of this page load, per child.
  const sinceOf = new Map<string, string | null>();
  const visited = new Set<string>();
  // Until the first answer the page's language is unknown; a failure before it speaks Russian.
  let lang: 'ru' | 'en' = 'ru';

  let env: OverlayEnv | null = null;
  let run: AbortController | null = null;
  let noticeRun: AbortController | null = null;
  let noticeKey = '';
  const envs = new Map<string, OverlayEnv>();

  type Drawn = Extract<OverlayAnswer, { ok: true }> & { view: NonNullable<Extract<OverlayAnswer, { ok: true }>['view']> };
  function envFor(answer: Drawn, periodId: string | null, fallback: FallbackReason | null): OverlayEnv {
    const { view } = answer;
    const key = `${view.student.id}|${periodId ?? ''}|${fallback ?? ''}|${answer.fetchedAt}`;
    let e = envs.get(key);
    if (e) return e;
    const id = view.student.id;
    if (!sinceOf.has(id)) sinceOf.set(id, view.since);
    const loadDiary = () =>
      ask({ type: 'tabel:diary', studentId: id }).then((d) => (d.ok ? d.diary : Promise.reject(new Error(d.message))));
    let offlineNote: string | null = null;
    if (answer.asOf) {
      const when = new Date(answer.asOf).toLocaleString(view.lang === 'en' ? 'en-GB' : 'ru-RU', {
        day: 'numeric',
        month: 'long',
        hour: '2-digit',
        minute: '2-digit',
      });
      offlineNote = stringsFor(view.lang).asOf(when);
    }
    e = buildEnv(view, periodId, fallback, sinceOf.get(id) ?? null, loadDiary, offlineNote);
    envs.set(key, e);
    return e;
  }

  // The elements and matchers are made as soon as the view arrives, while the page still waits for
  // its own data: when the rows appear they only have to be read and put in place. (An idle callback
  // came too late: the page has no idle frame between its requests and its rows.)
  void views.get(LAST_STUDENT)?.then((a) => {
    if (!a.ok || !a.view) return;
    prepareReading(factsOf(a.view));
    prepareFeatures(FEATURES, envFor(a as Drawn, a.view.current, null));
  });

  function say(key: string, text: string | null): void {
    if (key === noticeKey) return;
    noticeKey = key;
    noticeRun?.abort();
    noticeRun = null;
    if (text === null) return;
    noticeRun = new AbortController();
    notice(text, noticeRun.signal);
  }

  function show(next: OverlayEnv | null): void {
    if (next === env) return;
    run?.abort();
    run = null;
    env = next;
    if (!next) return;
    run = new AbortController();
    runFeatures(FEATURES, next, run.signal);
    if (next.offlineNote) say(`offline|${next.offlineNote}`, next.offlineNote);
    else say('', null);
    const arrived = performance.now();
    // For the benchmark: data arrival to the overlay's first paint, in ms.
    requestAnimationFrame(() =>
      setTimeout(() => (document.documentElement.dataset.tabelPaintMs = (performance.now() - arrived).toFixed(1))),
    );
    // The visit is recorded by the background, after the drawing; this page keeps its "since".
    if (!visited.has(next.studentId)) {
      visited.add(next.studentId);
      const id = next.studentId;
      setTimeout(() => void ask({ type: 'tabel:visit', studentId: id }));
    }
  }

  function failed(a: Extract<OverlayAnswer, { ok: false }>): void {
    show(null);
    const t = stringsFor(lang);
    say(
      `failed|${a.kind}|${a.message}`,
      a.kind === 'session-expired' ? t.sessionExpired : a.kind === 'site-down' ? t.siteDown : `${t.failed}: ${a.message}`,
    );
  }

  /**
   * The child the page shows among several it does not tell apart by name: the one whose marks
   * fit the rows best, once every candidate's view is here. Undefined while views are on the way.
   */
  function childByMarksOf(candidates: readonly string[]): string | null | undefined {
    for (const id of candidates) request(id);
    const known: Array<{ id: string; facts: ReturnType<typeof factsOf> }> = [];
    for (const id of candidates) {
      const a = viewOf(id);
      if (!a) return undefined;
      if (a.ok && a.view) known.push({ id, facts: factsOf(a.view) });
    }
    return childByMarks(document.body, known).id;
  }

  /** Reads the page and draws what it shows; asks the background for another child's view when the page shows another child. */
  function pass(): void {
    if (rules && !isDiaryPage(rules, location)) {
      show(null);
      say('', null);
      return;
    }
    if (!views.size) request(LAST_STUDENT);
    const base = viewOf(wanted) ?? viewOf(LAST_STUDENT);
    if (!base) return; // the first answer is on its way; it calls back
    if (!base.ok) return failed(base);
    if (!base.view) {
      // Answered for a page that was not the diary (the SPA moved on from its login callback): ask again, for this one.
      for (const m of [views, answered]) m.delete(LAST_STUDENT);
      wanted = LAST_STUDENT;
      request(LAST_STUDENT);
      return;
    }
    lang = base.view.lang;
    const marksPage = !!rules && isMarksPage(rules, location);
    // One read of the page with this child's facts: which child it shows (by the names), its rows and period.
    const week = rules?.marks.shows === 'week';
    const facts = factsOf(base.view);
    const urlPeriod = rules ? periodOfUrl(rules, location.href, facts.periods, base.view.current) : null;
    const reading = readDiaryPage(document.body, facts, { rows: marksPage, student: base.view.student.id, week, urlPeriod });
    const told = reading.student;
    let studentId = told.id;
    if (studentId === null && marksPage) {
      // Neither a name nor a row yet: the page has not drawn; nothing to tell apart until it has.
      if (told.how === 'no name' && !reading.rows.length) return draw(base, marksPage, false, reading);
      const byMarks = childByMarksOf(told.candidates);
      if (byMarks === undefined) return; // the candidates' views are on their way
      studentId = byMarks;
    }
    if (studentId !== null && studentId !== base.view.student.id) {
      wanted = studentId;
      request(studentId);
      const other = viewOf(studentId);
      if (!other) {
        // Another child's results must not stay in this child's rows while its view is on the way.
        show(null);
        return;
      }
      return draw(
        other,
        marksPage,
        false,
        other.ok && other.view ? readDiaryPage(document.body, factsOf(other.view), { rows: marksPage, week, urlPeriod }) : null,
      );
    }
    draw(base, marksPage, studentId === null && base.view.students.length > 1, reading);
  }

  function draw(answer: OverlayAnswer, marksPage: boolean, studentUnknown: boolean, reading: PageReading | null): void {
    if (!answer.ok) return failed(answer);
    if (!answer.view) return show(null);
    let fallback: FallbackReason | null = null;
    let periodId: string | null = answer.view.current;
    if (marksPage && reading) {
      if (!reading.rows.length) {
        // The page draws its rows after its own requests: give it a moment before saying there are none.
        const wait = ROWS_GRACE_MS - (Date.now() - started);
        if (wait > 0) {
          setTimeout(schedule, wait + 20);
          return;
        }
        fallback = 'no-rows';
      } else if (studentUnknown) fallback = 'student';
      else if (reading.period.id === null) fallback = 'period';
      else periodId = reading.period.id;
    }
    const next = envFor(answer as Drawn, periodId, fallback);
    show(next);
    updateFeatures(FEATURES, next, { rows: fallback ? [] : (reading?.rows ?? []) });
  }

  let queued = false;
  /** A pass as soon as possible, once however many things ask for one. */
  function schedule(): void {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      try {
        pass();
      } catch (err) {
        console.warn('Tabel stepped aside:', err instanceof Error ? err.message : err);
      }
    });
  }

  // Checked in the observer's own microtask, so the overlay draws in the same frame as the rows.
  // The SPA redraws on every route change; history moves without a redraw are caught too.
  const observer = new MutationObserver((records) => {
    if (pageChanged(records)) schedule();
  });
  window.addEventListener('popstate', schedule);
  document.dispatchEvent(new CustomEvent(STARTED));
  const stop = () => {
    if (!orphaned()) return;
    observer.disconnect();
    window.removeEventListener('popstate', schedule);
    document.removeEventListener(STARTED, stop);
    show(null);
    say('', null);
  };
  document.addEventListener(STARTED, stop);
  const first = () => {
    // Watching starts once the page's own HTML is parsed: nothing before that is Tabel's business.
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['aria-pressed', 'aria-selected', 'aria-checked', 'aria-current', 'value', 'hidden'],
    });
    schedule();
  };
  if (document.body) first();
  else document.addEventListener('DOMContentLoaded', first, { once: true });
});
