import type { PageRules } from './types';

/**
 * A system's page rules applied to a URL (the rules are the system's, lib/sources/<system>/; these
 * two functions are the one reading of them, in the background and on the diary page alike).
 */

/** One of the diary's own pages (where the overlay may draw). */
export const isDiaryPage = (rules: PageRules, url: { pathname: string }): boolean =>
  rules.diary.some((prefix) => url.pathname.startsWith(prefix));

/** The marks page: all subjects of a period, or of a week of it. */
export function isMarksPage(rules: PageRules, url: { pathname: string; search: string }): boolean {
  if (!rules.marks.paths.some((prefix) => url.pathname.startsWith(prefix))) return false;
  const q = new URLSearchParams(url.search);
  return !(rules.marks.without ?? []).some((k) => q.has(k));
}
