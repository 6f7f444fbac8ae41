import type { PageRules } from './types';

/**
 * A system's page rules applied to a URL (the rules are the system's, lib/sources/<system>/; these
 * two functions are the one reading of them, in the background and on the diary page alike).
 */

/** One of the diary's own pages (where the overlay may draw). */
export const isDiaryPage = (rules: PageRules, url: { pathname: string }): boolean =>
  rules.diary.some((prefix) => url.pathname.startsWith(prefix));

/** The first group of `pattern` in `href`, decoded as a URL writes a name (`I+%D1%87…` → `I ч…`); null without a match. */
export function nameInUrl(pattern: string, href: string): string | null {
  const m = new RegExp(pattern).exec(href);
  if (!m?.[1]) return null;
  const raw = m[1].replace(/\+/g, ' ');
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // A malformed escape: the name as written.
  }
  return name.replace(/\s+/g, ' ').trim();
}

/**
 * The period a marks page's URL names (`periodInUrl`), by its name or id among the diary's. A URL
 * of such a system that names none is the site's default page, taken to show the current period
 * (`current`; assumed, not seen on a recorded page). Null where the rules have no such hint, or
 * the URL names a period the diary does not have: the page's content decides then.
 */
export function periodOfUrl(
  rules: PageRules,
  href: string,
  periods: ReadonlyArray<{ id: string; name: string }>,
  current: string | null,
): string | null {
  if (!rules.marks.periodInUrl) return null;
  const name = nameInUrl(rules.marks.periodInUrl, href);
  if (name === null) return current;
  return periods.find((p) => p.name === name || p.id === name)?.id ?? null;
}

/** The marks page: all subjects of a period, or of a week of it. */
export function isMarksPage(rules: PageRules, url: { pathname: string; search: string }): boolean {
  if (!rules.marks.paths.some((prefix) => url.pathname.startsWith(prefix))) return false;
  const q = new URLSearchParams(url.search);
  return !(rules.marks.without ?? []).some((k) => q.has(k));
}
