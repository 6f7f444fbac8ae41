import type { PageRules } from '../types';

/**
 * MESH's diary pages (/diary/* on school.mos.ru and on every «Моя школа» node), by their URLs:
 * which routes are the diary and which is the marks page. What a page shows (its child, rows and
 * period) is read from its content by lib/anchor, never from the site's markup: its class names are
 * CSS-module hashes that change with every release.
 */
export const MESH_MARKS_PATH = '/diary/marks/current-marks';

export const MESH_PAGES: PageRules = {
  diary: ['/diary/'],
  // One subject's page (`?view=by_subject`) is not the marks page of all subjects.
  marks: { paths: [MESH_MARKS_PATH], without: ['view'] },
};
