/**
 * Reading the MESH diary pages (school.mos.ru/diary/*) for the overlay: where each subject's row
 * is, which child the page shows, which period is chosen. The site's class names are CSS-module
 * hashes that change with each release, so matches go by the stable stem (`subject-name`, `row`)
 * and every function tolerates a missing element by returning null or an empty list.
 */

export interface SubjectRow {
  /** The row element the overlay anchors to. */
  row: HTMLElement;
  /** The subject's name as the page shows it. */
  name: string;
  /** Where a per-subject result goes: after the page's own average cell when there is one. */
  anchor: HTMLElement;
}

const stem = (s: string) => `[class*="style_${s}__"]`;

export const MESH_PAGE = {
  marksPath: '/diary/marks/current-marks',
  row: stem('row'),
  subjectName: stem('subject-name'),
  average: stem('average'),
  studentSwitch: '#student-switch, select[class*="student-select"]',
  periodButton: '[data-period][aria-pressed="true"]',
} as const;

export const isDiaryPath = (path: string): boolean => path.startsWith('/diary/');
export const isMarksPage = (url: URL | Location): boolean => url.pathname.startsWith(MESH_PAGE.marksPath) && !new URLSearchParams(url.search).has('view');

/** The subject rows of the marks page, in page order; empty when the layout is not recognised. */
export function subjectRows(root: ParentNode): SubjectRow[] {
  const out: SubjectRow[] = [];
  for (const name of root.querySelectorAll<HTMLElement>(MESH_PAGE.subjectName)) {
    const row = name.closest<HTMLElement>(MESH_PAGE.row);
    const text = name.textContent?.trim();
    if (!row || !text) continue;
    out.push({ row, name: text, anchor: row.querySelector<HTMLElement>(MESH_PAGE.average) ?? name });
  }
  return out;
}

/** The student id the page's own child switch shows; null when there is no switch (a student's own account). */
export function shownStudentId(doc: Document): string | null {
  const select = doc.querySelector<HTMLSelectElement>(MESH_PAGE.studentSwitch);
  return select?.value || null;
}

/** The period the page has chosen, by its title ("1 триместр"); null when none is marked. */
export function shownPeriodName(doc: Document): string | null {
  return doc.querySelector<HTMLElement>(MESH_PAGE.periodButton)?.textContent?.trim() || null;
}
