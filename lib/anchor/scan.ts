import { normalizeText, periodKey, studentMatcher, subjectMatcher, wordsOf, type Named, type SubjectIndex } from './text';

/**
 * One pass over a diary page's texts, collecting the elements that name a subject, a child or a
 * period (the rows' marks are read per row, reading.ts). No filter callback (a callback per node,
 * across the DOM binding, cost the page more than everything else together): each text is judged
 * by cheap tests on the string first, and only what passes them is checked against the page
 * (hidden, Tabel's own, a script) with one native `closest`.
 */

/** Tabel's own elements: never read as the page's, never anchored to. */
export const OWN = '[data-tabel-subject],[data-tabel-host],[data-tabel-notice],[data-tabel-probe]';

/** What is not the page's visible text: scripts and styles, closed lists, what the page hides, Tabel's own (dates.ts skips the same). */
export const UNSEEN = `script,style,noscript,template,textarea,title,svg,canvas,iframe,option,optgroup,datalist,[hidden],[aria-hidden="true"],[style*="display: none"],[style*="display:none"],${OWN}`;

export const MARK = /^(?:10|[1-9]|[1-9][+-]|н|нв|см|осв|зач|незач|н\/а|бол|оп|уп)$/;
export const DECIMAL = /^\d[.,]\d\d?$/;

/** The matchers for one set of facts, built once and kept with them. */
export interface Readers {
  subject: (text: string) => string | null;
  students: (text: string) => string[];
  /** Lower-case words a child's name has: a text without one of them names no child. */
  studentWords: readonly string[];
  /** Period id by `periodKey`. */
  periods: ReadonlyMap<string, string>;
  /** Lower-case words of the period titles (without digits): a text without one is no title. */
  periodWords: readonly string[];
  /** First letters: of every form of a subject's name, of every word of a child's name, of the period titles' words (and Roman numerals). */
  subjectInitials: ReadonlySet<string>;
  studentInitials: ReadonlySet<string>;
  periodInitials: ReadonlySet<string>;
}

const readers = new WeakMap<object, Readers>();

/** The matchers for these subjects, children and periods; cached by the identity of the `key` object (the facts). */
export function readersFor(
  key: object,
  index: SubjectIndex,
  students: readonly Named[],
  periods: ReadonlyArray<{ id: string; name: string }>,
): Readers {
  let r = readers.get(key);
  if (r) return r;
  const words = (s: string) => wordsOf(normalizeText(s)).filter((w) => w.length > 1 && !/^\d+$/.test(w));
  const studentWords = [...new Set(students.flatMap((s) => words(s.name)))];
  const periodWords = [...new Set(periods.flatMap((p) => words(p.name)))];
  r = {
    subject: subjectMatcher(index),
    students: studentMatcher(students),
    studentWords,
    periods: new Map(periods.map((p) => [periodKey(p.name), p.id])),
    periodWords,
    subjectInitials: new Set(index.initials),
    studentInitials: new Set(studentWords.map((w) => w[0]!)),
    periodInitials: new Set([...periodWords.map((w) => w[0]!), 'i', 'v']),
  };
  readers.set(key, r);
  return r;
}

export interface Found<T> {
  value: T;
  el: HTMLElement;
}

export interface PageScan {
  /** Elements whose text names one subject (the first element of each). */
  names: Array<Found<string>>;
  /** Elements whose text names children (each child's elements). */
  students: Map<string, HTMLElement[]>;
  /** Elements whose text is a period's title. */
  titles: Array<Found<string>>;
}

const seen = (el: Element) => !el.closest(UNSEEN);

/**
 * The page's texts of two characters or more, in document order. A marks page is mostly
 * one-character texts (the marks and their weights), which only the rows need (read per row).
 * A plain tree walk: XPath's `normalize-space` filter measured slower in Chromium (0.2–0.7 ms
 * against ≤ 0.1 ms on a saved marks page).
 */
function candidateTexts(root: Element): Text[] {
  const out: Text[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, 0x4 /* SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const d = (n as Text).data;
    if (d.length > 1 && d.length <= 120 && d.trim().length > 1) out.push(n as Text);
  }
  return out;
}

/** Reads `root`'s texts once. */
export function scanPage(root: Element, r: Readers): PageScan {
  const out: PageScan = { names: [], students: new Map(), titles: [] };
  /** A period's title, «1 четверть» or «Четверть 1». */
  const title = (t: string, el: HTMLElement) => {
    const lower = t.toLowerCase();
    if (!r.periodWords.some((w) => lower.includes(w))) return;
    const id = r.periods.get(periodKey(t));
    if (id !== undefined && seen(el)) out.titles.push({ value: id, el });
  };
  let lastName: Element | null = null;
  for (const n of candidateTexts(root)) {
    const t = n.data.trim();
    const c = t.charCodeAt(0);
    // Figures («4.40») and marks are the rows' business (read per row); a digit first can still be a title («1 четверть»).
    if (c >= 48 && c <= 57) {
      if (t.length > 4 && t.length <= 40) {
        const el = n.parentElement;
        if (el) title(t, el);
      }
      continue;
    }
    const el = n.parentElement;
    if (!el) continue;
    let first = t.charAt(0).toLowerCase();
    if (first === 'ё') first = 'е';
    if (t.length <= 80 && el !== lastName && r.subjectInitials.has(first)) {
      let subject = r.subject(t);
      let at: HTMLElement = el;
      // A name split over several nodes («Физ<wbr>-ра»).
      if (subject === null && el.childNodes.length > 1) {
        const whole = el.textContent ?? '';
        if (whole.length <= 80) subject = r.subject(whole);
      }
      if (subject !== null) {
        if (at.tagName === 'SUB' || at.tagName === 'SUP') at = at.parentElement ?? at;
        if (seen(at)) {
          out.names.push({ value: subject, el: at });
          lastName = el;
        }
        continue;
      }
    }
    // A child's name starts the text («Лебедев Миша, 6-В») or follows a label («Ученик: Миша Лебедев»).
    if (r.studentInitials.has(first) || t.includes(' ')) {
      let lower = t.toLowerCase();
      if (lower.includes('ё')) lower = lower.replace(/ё/g, 'е');
      if (r.studentWords.some((w) => lower.includes(w))) {
        const ids = r.students(t);
        if (ids.length && seen(el)) for (const id of ids) out.students.set(id, [...(out.students.get(id) ?? []), el]);
      }
    }
    if (t.length <= 40 && r.periodInitials.has(first)) title(t, el);
  }
  // A `<select>` shows its chosen option only; its text is read here, the closed list's never.
  for (const s of root.querySelectorAll('select')) {
    const sel = s as HTMLSelectElement;
    const o = sel.selectedOptions?.[0] ?? sel.options?.[sel.selectedIndex];
    const text = o?.textContent?.trim();
    if (!text || !seen(sel)) continue;
    for (const id of r.students(text)) out.students.set(id, [...(out.students.get(id) ?? []), sel]);
    const period = r.periods.get(periodKey(text));
    if (period !== undefined) out.titles.push({ value: period, el: sel });
  }
  return out;
}
