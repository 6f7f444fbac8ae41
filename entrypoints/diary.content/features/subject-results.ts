import { isMarksPage, subjectRows } from '../../../lib/sources/mesh/page';
import { stringsFor } from '../../../extension/i18n';
import type { OverlayEnv } from '../../../extension/overlay-env';
import type { Feature } from '../runtime';

/** Period-mark tints; the figure itself carries the mark, so colour is never the only signal. */
const BADGE: Record<number, string> = { 5: '#dff3e4', 4: '#e3ecfd', 3: '#fff1d6', 2: '#fde2e0' };

/** Next to each subject on the marks page: our average and period mark, the marks needed, MESH's figure where it differs. */
export const subjectResults: Feature<OverlayEnv> = {
  id: 'subject-results',
  include: (loc) => isMarksPage(loc),
  init(env, signal) {
    const rows = subjectRows(document);
    if (!rows.length) {
      env.fallback.active = true;
      env.fallback.reason = 'no subject rows';
      env.onFallback.forEach((f) => f());
      return;
    }
    const t = stringsFor(env.lang);
    const added: HTMLElement[] = [];
    const rule = `${t.tabel}: ${t.rule} ${env.rule}`;
    for (const row of rows) {
      const line = env.lines.find((x) => x.subject === row.name);
      if (!line || row.row.querySelector('[data-tabel-subject]')) continue;
      const host = document.createElement('span');
      host.dataset.tabelSubject = row.name;
      host.dataset.tabelAverage = line.average2 ?? '';
      // In a grid row it takes a line of its own under the marks; elsewhere it simply follows the row's content.
      host.style.cssText = 'display:flex;flex-wrap:wrap;align-items:center;gap:2px 8px;grid-column:2 / -1;margin:2px 0 0;font:12px/1.3 system-ui,sans-serif;color:#5b6475;';
      // Plain DOM, not a widget: these load with the page, and the widgets load only with the panel.
      const fig = document.createElement('b');
      fig.style.cssText = `color:#1f2430;background:${BADGE[line.periodMark ?? 0] ?? '#eef2fa'};border-radius:6px;padding:1px 6px;`;
      fig.textContent = line.figure;
      fig.title = rule;
      host.append(fig);
      if (line.notes.length) {
        const note = document.createElement('span');
        note.textContent = line.notes.join(' · ');
        host.append(note);
      }
      row.row.append(host);
      added.push(host);
    }
    signal.addEventListener('abort', () => added.forEach((h) => h.remove()));
  },
};
