import { datesShown, periodOfDates } from './dates';
import { rowsOf, type SubjectRow } from './rows';
import { DECIMAL, MARK, OWN, readersFor, scanPage, type PageScan, type Readers } from './scan';
import { normalizeText, type Named, type SubjectIndex } from './text';

/**
 * What a diary page shows, read from its content: which child (by the names it shows), which
 * subject rows (rows.ts), which period (by the marks in the rows, the figures beside them and the
 * period titles). Every answer says how it was told, and "cannot be told" is an answer: the
 * overlay then says so instead of showing another period's numbers. One walk over the page's
 * text serves them all (scan.ts).
 */

/** What one subject row of one period should show, as the diary has it. */
export interface RowFacts {
  subject: string;
  /** Each mark as the diary writes it («5», «4», «См», «8» on the ten scale). */
  marks: readonly string[];
  /** The diary system's own average for the row, two decimals with a dot, where it reports one. */
  reported?: string;
}

export interface PeriodFacts {
  id: string;
  name: string;
  /** Inclusive ISO dates, where known: what a week diary's dates are matched against. */
  start?: string;
  end?: string;
  rows: readonly RowFacts[];
}

export interface PageFacts {
  /** Every child of the account, to tell which one the page shows. */
  students: readonly Named[];
  /** The subjects of the child the facts are for. */
  subjects: readonly Named[];
  periods: readonly PeriodFacts[];
  /** The current period (lib's one rule): the tie-breaker when the page's own evidence is equal. */
  current: string | null;
  /** `subjectIndex(subjects)` (names.ts), built where code is warm: the background sends it with the view. */
  index: SubjectIndex;
}

/** An answer with how it was told; `candidates` are what remained when it could not be (`id` null). */
export type Told<T> = { id: T | null; how: string; candidates: T[] };

export interface PageReading {
  /** The child whose name the page shows as chosen; null with the candidates when it cannot be told. */
  student: Told<string>;
  rows: SubjectRow[];
  /** The period the rows show; null with the candidates when it cannot be told. */
  period: Told<string>;
}

const NO_SUBJECTS: SubjectIndex = { exact: [], acronyms: [], forms: [], initials: [] };

const readersOf = (facts: PageFacts): Readers => readersFor(facts, facts.index, facts.students, facts.periods);

/** Builds what reading a page with these facts needs (the matchers), so that the first read only reads. */
export function prepareReading(facts: PageFacts): void {
  readersOf(facts);
}

/** ARIA and form state that says "this one is chosen" (not a class name: those change with every release). */
function chosen(el: Element | null, depth = 4): boolean {
  if (el?.tagName === 'SELECT') return true;
  for (let a = el, i = 0; a && i < depth; a = a.parentElement, i++) {
    for (const attr of ['aria-selected', 'aria-pressed', 'aria-checked']) if (a.getAttribute(attr) === 'true') return true;
    const current = a.getAttribute('aria-current');
    if (current && current !== 'false') return true;
    if (a.tagName === 'INPUT' && (a as HTMLInputElement).checked) return true;
  }
  return false;
}

function studentOf(scan: PageScan, students: readonly Named[]): Told<string> {
  if (students.length === 1) return { id: students[0]!.id, how: 'the only child', candidates: [] };
  if (!students.length) return { id: null, how: 'no children', candidates: [] };
  const named = [...scan.students.keys()];
  if (named.length === 1) return { id: named[0]!, how: 'name', candidates: [] };
  if (named.length > 1) {
    // Several names on the page (tabs, a list): the one marked as chosen.
    const marked = named.filter((id) => scan.students.get(id)!.some((el) => chosen(el)));
    if (marked.length === 1) return { id: marked[0]!, how: 'chosen name', candidates: [] };
  }
  return { id: null, how: named.length ? 'several names' : 'no name', candidates: named.length ? named : students.map((s) => s.id) };
}

/** Which child the page shows, by the names it shows. */
export function shownStudent(root: Element, students: readonly Named[]): Told<string> {
  if (students.length <= 1) return studentOf({ names: [], students: new Map(), titles: [] }, students);
  return studentOf(scanPage(root, readersFor(students, NO_SUBJECTS, students, [])), students);
}

export interface RowTokens {
  marks: string[];
  decimals: string[];
}

/** A row's marks and figures (its name and Tabel's own result aside); subscripts are weights, not marks. */
function tokensOfRow(row: SubjectRow): RowTokens {
  const out: RowTokens = { marks: [], decimals: [] };
  const walker = row.row.ownerDocument.createTreeWalker(row.row, 0x4 /* SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const d = (n as Text).data;
    if (d.length > 12) continue;
    const t = d.trim();
    if (!t || t.length > 4) continue;
    const c = t.charCodeAt(0);
    const digit = c >= 48 && c <= 57;
    const lower = digit ? t : t.toLowerCase();
    if (!(MARK.test(lower) || (digit && DECIMAL.test(t)))) continue;
    const p = (n as Text).parentElement;
    if (!p || p.tagName === 'SUB' || p.tagName === 'SUP' || p === row.name || p.closest(OWN)) continue;
    if (MARK.test(lower)) out.marks.push(lower);
    else out.decimals.push(t.replace(',', '.').padEnd(4, '0'));
  }
  // Sorted once, compared with every period's (sorted) marks by one merge each.
  out.marks.sort();
  return out;
}

/** Each row's marks and figures. */
function tokensOf(rows: readonly SubjectRow[]): Map<SubjectRow, RowTokens> {
  return new Map(rows.map((r) => [r, tokensOfRow(r)]));
}

const expected = new WeakMap<PeriodFacts, Map<string, { marks: string[]; reported?: string }>>();

/** A period's rows by subject, marks written as the page's are read (lower case), made once per facts. */
function expectedOf(period: PeriodFacts): Map<string, { marks: string[]; reported?: string }> {
  let m = expected.get(period);
  if (!m) {
    m = new Map(
      period.rows.map((r) => [
        r.subject,
        {
          marks: r.marks.map((x) => (/^[0-9a-zа-я+\-/]*$/.test(x) ? x : normalizeText(x))).sort(),
          ...(r.reported ? { reported: r.reported } : {}),
        },
      ]),
    );
    expected.set(period, m);
  }
  return m;
}

/** |A ∩ B| and |A △ B| of two multisets, each given sorted: one merge, nothing allocated. */
function overlap(a: readonly string[], b: readonly string[]): { common: number; apart: number } {
  let common = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return { common, apart: a.length + b.length - 2 * common };
}

/**
 * How well the rows fit a period's facts: each mark present counts for, each one missing or extra
 * against; the system's own figure shown beside a row counts for. Subjects the page does not show
 * do not count.
 */
export function fitOf(tokens: ReadonlyMap<SubjectRow, RowTokens>, period: PeriodFacts): number {
  const facts = expectedOf(period);
  let score = 0;
  for (const [row, t] of tokens) {
    const f = facts.get(row.subject);
    const { common, apart } = overlap(f?.marks ?? [], t.marks);
    score += common - apart;
    if (f?.reported && t.decimals.includes(f.reported)) score += 1;
  }
  return score;
}

/** Two periods whose rows would show the same marks: either reading gives the same figures. */
function sameMarks(a: PeriodFacts, b: PeriodFacts): boolean {
  const key = (p: PeriodFacts) => JSON.stringify(p.rows.map((r) => [r.subject, [...r.marks].sort()]).sort());
  return key(a) === key(b);
}

function periodOf(scan: PageScan, rows: readonly SubjectRow[], facts: PageFacts): Told<string> {
  const { periods } = facts;
  if (!periods.length) return { id: null, how: 'no periods', candidates: [] };
  const shownIds = [...new Set(scan.titles.map((t) => t.value))];
  // The title the page shows as chosen (a pressed tab, a select's value) is what it shows: the rows'
  // marks are read only where no title is chosen, or several are (reading every mark of a page
  // costs its main thread a millisecond or two in a fresh content-script world).
  const chosenIds = [...new Set(scan.titles.filter((t) => chosen(t.el)).map((t) => t.value))];
  if (chosenIds.length === 1) return { id: chosenIds[0]!, how: 'chosen title', candidates: [] };
  const byTitle = (): string | null => (shownIds.length === 1 ? shownIds[0]! : null);
  const tokens = tokensOf(rows);
  const scored = periods.map((p) => ({ p, score: fitOf(tokens, p) }));
  const top = Math.max(...scored.map((x) => x.score));
  const tied = scored.filter((x) => x.score === top).map((x) => x.p);
  if (tied.length === 1) return { id: tied[0]!.id, how: 'marks', candidates: [] };
  // Equal evidence: the title decides; where the tied periods show the same marks, any of them gives the same figures.
  const title = byTitle();
  if (title && tied.some((p) => p.id === title)) return { id: title, how: 'title', candidates: [] };
  // A period whose title the page does not show at all (the year, beside tabs of terms) is the less likely one.
  const titled = tied.filter((p) => shownIds.includes(p.id));
  if (titled.length === 1) return { id: titled[0]!.id, how: 'marks and the titles shown', candidates: [] };
  if (tied.every((p) => sameMarks(p, tied[0]!))) {
    const current = tied.find((p) => p.id === facts.current);
    return { id: (current ?? tied[0]!).id, how: current ? 'current (same marks)' : 'same marks', candidates: [] };
  }
  return { id: null, how: 'marks fit several periods', candidates: tied.map((p) => p.id) };
}

/** Which period the rows show: the title the page shows as chosen; else the rows' marks, then the titles shown, then the current period among equals. */
export function shownPeriod(root: Element, rows: readonly SubjectRow[], facts: PageFacts): Told<string> {
  return periodOf(scanPage(root, readersOf(facts)), rows, facts);
}

/** The marks and figures a row shows. */
export function rowTokens(row: SubjectRow): RowTokens {
  return tokensOfRow(row);
}

/**
 * The child a page shows when its names do not tell (every child's name on the page, none marked
 * as chosen): the one whose marks fit the page's rows best, if one fits better than the others.
 */
export function childByMarks(root: Element, candidates: ReadonlyArray<{ id: string; facts: PageFacts }>): Told<string> {
  const fits: Array<{ id: string; fit: number }> = [];
  for (const { id, facts } of candidates) {
    const scan = scanPage(root, readersOf(facts));
    const rows = rowsOf(root, scan.names);
    if (!rows.length) continue;
    const tokens = tokensOf(rows);
    fits.push({ id, fit: Math.max(...facts.periods.map((p) => fitOf(tokens, p))) });
  }
  fits.sort((x, y) => y.fit - x.fit);
  if (fits.length && (fits.length === 1 || fits[0]!.fit > fits[1]!.fit)) return { id: fits[0]!.id, how: 'marks', candidates: [] };
  return { id: null, how: 'marks fit several children', candidates: candidates.map((c) => c.id) };
}

/**
 * Which period a week diary's rows are of: a title the page shows as chosen, else the period its
 * dates fall in (its rows show one week's marks, which fit no whole period's).
 */
export function weekPeriod(root: Element, scan: PageScan, facts: PageFacts): Told<string> {
  const chosenIds = [...new Set(scan.titles.filter((t) => chosen(t.el)).map((t) => t.value))];
  if (chosenIds.length === 1) return { id: chosenIds[0]!, how: 'chosen title', candidates: [] };
  const dated = facts.periods.filter((p) => p.start && p.end);
  if (!dated.length) return { id: null, how: 'no period dates', candidates: [] };
  const from = dated.reduce((a, p) => (p.start! < a ? p.start! : a), dated[0]!.start!);
  const to = dated.reduce((a, p) => (p.end! > a ? p.end! : a), dated[0]!.end!);
  const dates = datesShown(root, from, to);
  if (!dates.length) return { id: null, how: 'no dates', candidates: [] };
  const { id, candidates } = periodOfDates(dates, dated);
  return { id, how: id ? 'dates' : candidates.length ? 'dates in several periods' : 'dates in no period', candidates };
}

/**
 * Everything the overlay needs to know about the page it is on, for one child's facts, in one
 * walk. `rows: false` reads only the child (a diary page without subject rows); `week: true` is
 * a week diary, whose period is told by its dates (`weekPeriod`).
 */
export function readDiaryPage(
  root: Element,
  facts: PageFacts,
  o: { rows?: boolean; student?: string; week?: boolean; /** The period the URL names (`periodOfUrl`). */ urlPeriod?: string | null } = {},
): PageReading {
  const scan = scanPage(root, readersOf(facts));
  const student = studentOf(scan, facts.students);
  if (o.rows === false) return { student, rows: [], period: { id: null, how: 'not a marks page', candidates: [] } };
  // The page shows another child than the facts are for: their rows are not these facts' to read.
  if (o.student !== undefined && student.id !== null && student.id !== o.student)
    return { student, rows: [], period: { id: null, how: 'another child', candidates: [] } };
  const rows = rowsOf(root, scan.names);
  const period: Told<string> = !rows.length
    ? { id: null, how: 'no rows', candidates: [] }
    : o.urlPeriod
      ? { id: o.urlPeriod, how: 'url', candidates: [] }
      : o.week
        ? weekPeriod(root, scan, facts)
        : periodOf(scan, rows, facts);
  return { student, rows, period };
}
