/**
 * MESH's diary pages (school.mos.ru/diary/*), by their URLs: which routes are the diary and which
 * is the marks page. What a page shows (its child, rows and period) is read from its content by
 * lib/anchor, never from the site's markup: its class names are CSS-module hashes that change with
 * every release.
 */

export const MESH_MARKS_PATH = '/diary/marks/current-marks';

export const isDiaryPath = (path: string): boolean => path.startsWith('/diary/');

/** The marks page: all subjects of a period (not one subject's page, `?view=by_subject`). */
export const isMarksPage = (url: URL | Location): boolean => url.pathname.startsWith(MESH_MARKS_PATH) && !new URLSearchParams(url.search).has('view');
