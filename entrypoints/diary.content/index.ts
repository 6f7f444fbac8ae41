import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isDiaryPath, isMarksPage, MESH_PAGE, shownPeriodName, shownStudentId } from '../../lib/sources/mesh/page';
import { stringsFor } from '../../extension/i18n';
import { ask } from '../../extension/messages';
import { loadSettings, seenItem } from '../../extension/storage';
import { buildEnv } from './env';
import { panel } from './features/panel';
import { subjectResults } from './features/subject-results';
import { runFeatures } from './runtime';

const FEATURES = [subjectResults, panel];

/** A short message in the page's corner when Tabel has to step aside, saying why. */
function notice(text: string, signal: AbortSignal): void {
  const el = document.createElement('div');
  el.dataset.tabelNotice = '';
  el.setAttribute('role', 'status');
  el.style.cssText = 'position:fixed;right:20px;bottom:20px;z-index:2147483000;max-width:360px;background:#fff4e5;color:#1f2430;border-radius:10px;padding:10px 14px;font:13px/1.4 system-ui,sans-serif;box-shadow:0 2px 10px rgba(0,0,0,.2)';
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
  runAt: 'document_idle',
  main(ctx: ContentScriptContext) {
    let current: AbortController | null = null;
    let key = '';
    let running = false;

    async function rebuild(): Promise<void> {
      current?.abort();
      const run = new AbortController();
      current = run;
      key = pageKey();
      if (!isDiaryPath(location.pathname)) return;
      try {
        const settings = await loadSettings();
        const t = stringsFor(settings.language);
        let studentId = shownStudentId(document);
        if (!studentId) {
          const students = await ask({ type: 'tabel:students' });
          if (!students.ok) return notice(students.kind === 'session-expired' ? t.sessionExpired : students.kind === 'site-down' ? t.siteDown : `${t.failed}: ${students.message}`, run.signal);
          studentId = students.students[0]?.id ?? null;
        }
        if (!studentId || run.signal.aborted) return;
        const answer = await ask({ type: 'tabel:diary', studentId });
        if (run.signal.aborted) return;
        if (!answer.ok) {
          return notice(answer.kind === 'session-expired' ? t.sessionExpired : answer.kind === 'site-down' ? t.siteDown : `${t.failed}: ${answer.message}`, run.signal);
        }
        const seen = await seenItem.getValue();
        const since = seen[studentId]?.at ?? null;
        const env = buildEnv(answer.diary, studentId, settings, shownPeriodName(document), since, today());
        runFeatures(FEATURES, env, run.signal);
        // The visit is recorded for next time; this visit keeps showing what was new when it began.
        await seenItem.setValue({ ...seen, [studentId]: { ids: answer.diary.marks.flatMap((m) => (m.id ? [m.id] : [])), at: today() } });
      } catch (err) {
        console.warn('Tabel stepped aside:', err instanceof Error ? err.message : err);
      }
    }

    // The SPA redraws without reloading: rebuild when the route, child or period changes, or when
    // the page's redraw removed what Tabel had added.
    let scheduled = false;
    const check = () => {
      scheduled = false;
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
    const observer = new MutationObserver(() => {
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(check);
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-pressed', 'value'] });
    ctx.addEventListener(window, 'wxt:locationchange', check);
    ctx.onInvalidated(() => {
      observer.disconnect();
      current?.abort();
    });
    running = true;
    void rebuild().finally(() => (running = false));
  },
});
