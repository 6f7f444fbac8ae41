import { parseDocument } from 'htmlparser2';
import { findAll, getAttributeValue, textContent } from 'domutils';
import type { Element } from 'domhandler';
import { nameInUrl } from '../pages';
import type { SchemaIssue } from '../types';

/**
 * Reading ЭлЖур's server-built pages (no JSON endpoint serves the web diary: regions-findings.md
 * §2). What they are known to carry, from four independent scrapers and userscripts
 * (real-samples/eljur/web-session-and-pages.md; no page was ever recorded, so every reading here
 * tolerates the variants those clients show):
 * - every page of a live session: an inline `var sentryData = {…}` with `user {uid, username, role}`;
 *   its absence means the session is gone;
 * - the grades page `/journal-student-grades-action/u.<uid>/sp.<period>`: one cell per mark date,
 *   `<div class="cell" name="<subject>" mark_date="…" id="…">` with the marks in `.cell-data`
 *   (double marks `5/4`, absences `Н`), `id="N"` cells being no mark; an empty period is
 *   `div.page-empty`. The period links carry `/sp.<period>`.
 * HTML is parsed with htmlparser2 (the background has no DOMParser), read by the attributes the
 * clients rely on, never by layout.
 */

export const GRADES = '/journal-student-grades-action/u.{uid}/sp.{period}';

export interface SentryUser {
  uid: string;
  username: string;
  /** `student`, `parent`, … as the site says it. */
  role: string;
}

/** The logged-in user from the page's inline `sentryData`; null when the page has none (not logged in). */
export function readSentry(html: string): SentryUser | null {
  const m = /\bsentryData\s*=\s*(\{[\s\S]*?\})\s*;?\s*(?:<\/script>|\n\s*(?:var|let|const|window)\b)/.exec(html);
  if (!m) return null;
  let data: unknown;
  try {
    data = JSON.parse(m[1]!);
  } catch {
    return null;
  }
  const user = (data as { user?: Record<string, unknown> } | null)?.user;
  const uid = user?.uid ?? user?.id;
  if (!user || (typeof uid !== 'string' && typeof uid !== 'number') || String(uid) === '') return null;
  return {
    uid: String(uid),
    username: typeof user.username === 'string' ? user.username : '',
    role: typeof user.role === 'string' ? user.role : '',
  };
}

/**
 * A parent's children on a page: its links to other pupils' pages (`…-action/u.<id>`), named by
 * their text; the user's own id left out. Not confirmed on a recorded page.
 */
export function readPupils(html: string, uid: string): Array<{ id: string; name: string }> {
  const out = new Map<string, string>();
  for (const a of findAll((e) => e.name === 'a', parseDocument(html).children)) {
    const id = /\/journal-[a-z-]+-action\/u\.(\d+)/.exec(attr(a, 'href') ?? '')?.[1];
    const name = clean(textContent(a));
    if (id && id !== uid && name.length >= 2 && !out.has(id)) out.set(id, name);
  }
  return [...out].map(([id, name]) => ({ id, name }));
}

/** One cell's marks as the grid writes them. */
export interface GridCell {
  subject: string;
  /** The cell's date as written (`14.10`, `14.10.2025`, `2025-10-14`). */
  date: string;
  /** The site's id of the cell, when it has one. */
  id: string | null;
  /** The marks in it: `5/4` is two, `Н` one. */
  values: string[];
  /** A weight the cell says (an attribute some builds may carry); null when it says none. */
  weight: number | null;
}

export interface GradesPage {
  /** Subjects in the grid's order (those without marks included). */
  subjects: string[];
  cells: GridCell[];
  /** The period's page says it has no marks. */
  empty: boolean;
  /** The periods the page links to, as the `sp.` part names them (`I четверть`), in the page's order. */
  periods: string[];
  issues: SchemaIssue[];
}

const attr = (el: Element, name: string): string | null => getAttributeValue(el, name) ?? null;
const classes = (el: Element): string[] => (attr(el, 'class') ?? '').split(/\s+/);
const clean = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Where a grades URL names its period: `…/sp.I+четверть` (the system's page rules give the overlay the same). */
export const PERIOD_IN_URL = '/sp\\.([^/?#]+)';

/** The period named in a grades URL's `sp.` part (`sp.I+четверть` → `I четверть`); null without one. */
export const periodOfUrl = (url: string): string | null => nameInUrl(PERIOD_IN_URL, url);

/** A weight a cell may say: a `weight`/`data-weight` attribute or «вес N» in its title. */
function weightOf(el: Element): number | null {
  const raw = attr(el, 'weight') ?? attr(el, 'data-weight') ?? /вес\s*:?\s*(\d+(?:[.,]\d+)?)/i.exec(attr(el, 'title') ?? '')?.[1] ?? null;
  if (raw === null) return null;
  const n = Number(raw.replace(',', '.'));
  return Number.isFinite(n) && n > 0 && n <= 100 ? n : null;
}

/** The grades grid of one period's page. */
export function readGrades(html: string, endpoint = GRADES): GradesPage {
  const doc = parseDocument(html);
  const issues: SchemaIssue[] = [];
  const subjects: string[] = [];
  const seen = new Set<string>();
  const cells: GridCell[] = [];
  const add = (name: string) => {
    if (!seen.has(name)) {
      seen.add(name);
      subjects.push(name);
    }
  };
  for (const el of findAll(
    (e) => attr(e, 'name') !== null && (attr(e, 'mark_date') !== null || classes(e).includes('cell')),
    doc.children,
  )) {
    const subject = clean(attr(el, 'name') ?? '');
    if (!subject) continue;
    add(subject);
    const date = clean(attr(el, 'mark_date') ?? '');
    if (!date) continue;
    const id = attr(el, 'id');
    if (id === 'N') continue;
    const data = findAll((e) => classes(e).includes('cell-data'), el.children);
    const text = clean(data.length ? data.map((d) => textContent(d)).join('/') : textContent(el));
    const values = text
      .split('/')
      .map((v) => v.trim())
      .filter(Boolean);
    if (!values.length) continue;
    cells.push({ subject, date, id, values, weight: weightOf(el) });
  }
  const empty = findAll((e) => classes(e).includes('page-empty'), doc.children).length > 0;
  const periods: string[] = [];
  for (const a of findAll((e) => e.name === 'a' || e.name === 'option', doc.children)) {
    const p = periodOfUrl(attr(a, 'href') ?? attr(a, 'value') ?? '');
    if (p && !periods.includes(p)) periods.push(p);
  }
  if (!cells.length && !empty && !subjects.length)
    issues.push({ endpoint, path: 'div.cell[name][mark_date]', message: 'no grid of marks and no empty-period notice on the page' });
  return { subjects, cells, empty, periods, issues };
}
