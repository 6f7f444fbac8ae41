import { findSubjectRows, textNodes, type SubjectRow } from './rows';
import { normalizeText, periodKey, studentMatcher, type Named } from './text';

/**
 * What a diary page shows, read from its content: which child (by the names it shows), which
 * subject rows (rows.ts), which period (by the marks in the rows, the figures beside them and the
 * period titles). Every answer says how it was told, and "cannot be told" is an answer: the
 * overlay then says so instead of showing another period's numbers.
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

/** ARIA and form state that says "this one is chosen" (not a class name: those change with every release). */
function chosen(el: Element | null, depth = 4): boolean {
  for (let a = el, i = 0; a && i < depth; a = a.parentElement, i++) {
    for (const attr of ['aria-selected', 'aria-pressed', 'aria-checked']) if (a.getAttribute(attr) === 'true') return true;
    const current = a.getAttribute('aria-current');
    if (current && current !== 'false') return true;
    if (a.tagName === 'INPUT' && (a as HTMLInputElement).checked) return true;
  }
  return false;
}

/** The texts a `<select>` shows: its chosen option's only (the others are a closed list). */
function selectTexts(root: Element): Array<{ text: string; el: Element }> {
  return [...root.querySelectorAll('select')].flatMap((s) => {
    const o = (s as HTMLSelectElement).selectedOptions?.[0] ?? (s as HTMLSelectElement).options?.[(s as HTMLSelectElement).selectedIndex];
    return o?.textContent ? [{ text: o.textContent, el: s as Element }] : [];
  });
}

/** Visible texts of the page (chosen options included), short enough to be a name or a title. */
function shortTexts(root: Element, max: number): Array<{ text: string; el: Element }> {
  const out = textNodes(root, (t) => t.length <= max && /\S/.test(t)).map((w) => ({ text: w.text, el: w.node.parentElement! }));
  return [...out, ...selectTexts(root)];
}

/** Which child the page shows, by the names it shows. */
export function shownStudent(root: Element, students: readonly Named[]): Told<string> {
  if (students.length === 1) return { id: students[0]!.id, how: 'the only child', candidates: [] };
  if (!students.length) return { id: null, how: 'no children', candidates: [] };
  const match = studentMatcher(students);
  const found = new Map<string, Element[]>();
  for (const { text, el } of shortTexts(root, 120)) {
    for (const id of match(text)) found.set(id, [...(found.get(id) ?? []), el]);
  }
  if (found.size === 1) return { id: [...found.keys()][0]!, how: 'name', candidates: [] };
  const named = [...found.keys()];
  if (named.length > 1) {
    // Several names on the page (tabs, a list): the one marked as chosen.
    const marked = named.filter((id) => found.get(id)!.some((el) => chosen(el) || el.tagName === 'SELECT'));
    if (marked.length === 1) return { id: marked[0]!, how: 'chosen name', candidates: [] };
  }
  return { id: null, how: named.length ? 'several names' : 'no name', candidates: named.length ? named : students.map((s) => s.id) };
}

const MARK = /^(?:10|[1-9]|[1-9][+-]|н|нв|см|осв|зач|незач|н\/а|бол|оп|уп)$/;
const DECIMAL = /^\d[.,]\d\d?$/;

/** The marks and figures a row shows (its name and Tabel's own result aside); subscripts are weights, not marks. */
export function rowTokens(row: SubjectRow): { marks: string[]; decimals: string[] } {
  const marks: string[] = [];
  const decimals: string[] = [];
  for (const { node, text } of textNodes(row.row, (t) => t.length <= 8, (el) => el === row.name || el.tagName === 'SUB' || el.tagName === 'SUP')) {
    void node;
    const t = normalizeText(text);
    if (!t) continue;
    if (MARK.test(t)) marks.push(t);
    else if (DECIMAL.test(t)) decimals.push(t.replace(',', '.').padEnd(4, '0'));
  }
  return { marks, decimals };
}

/** |A ∩ B| and |A △ B| of two multisets. */
function overlap(a: readonly string[], b: readonly string[]): { common: number; apart: number } {
  const left = new Map<string, number>();
  for (const x of a) left.set(x, (left.get(x) ?? 0) + 1);
  let common = 0;
  for (const y of b) {
    const n = left.get(y) ?? 0;
    if (n > 0) {
      left.set(y, n - 1);
      common++;
    }
  }
  return { common, apart: a.length + b.length - 2 * common };
}

/**
 * How well the rows fit a period's facts: each mark present counts for, each one missing or extra
 * against; the system's own figure shown beside a row counts for. Subjects the page does not show
 * do not count.
 */
export function fitOf(tokens: ReadonlyMap<SubjectRow, { marks: string[]; decimals: string[] }>, period: PeriodFacts): number {
  const facts = new Map(period.rows.map((r) => [r.subject, r]));
  let score = 0;
  for (const [row, t] of tokens) {
    const f = facts.get(row.subject);
    const expected = (f?.marks ?? []).map((m) => normalizeText(m));
    const { common, apart } = overlap(expected, t.marks);
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

/** The period titles the page shows as chosen (or the only one it shows at all). */
function titledPeriods(root: Element, periods: readonly PeriodFacts[]): { chosen: string[]; shown: string[] } {
  const byKey = new Map<string, string>();
  for (const p of periods) byKey.set(periodKey(p.name), p.id);
  const chosenIds = new Set<string>();
  const shownIds = new Set<string>();
  for (const { text, el } of shortTexts(root, 40)) {
    const id = byKey.get(periodKey(text));
    if (!id) continue;
    shownIds.add(id);
    if (chosen(el) || el.tagName === 'SELECT') chosenIds.add(id);
  }
  return { chosen: [...chosenIds], shown: [...shownIds] };
}

/** Which period the rows show: by their marks first, then the titles, then the current period among equals. */
export function shownPeriod(root: Element, rows: readonly SubjectRow[], facts: PageFacts): Told<string> {
  const { periods } = facts;
  if (!periods.length) return { id: null, how: 'no periods', candidates: [] };
  const titles = titledPeriods(root, periods);
  const byTitle = titles.chosen.length === 1 ? titles.chosen[0]! : titles.shown.length === 1 ? titles.shown[0]! : null;
  const tokens = new Map(rows.map((r) => [r, rowTokens(r)]));
  const scored = periods.map((p) => ({ p, score: fitOf(tokens, p) }));
  const top = Math.max(...scored.map((x) => x.score));
  const tied = scored.filter((x) => x.score === top).map((x) => x.p);
  if (tied.length === 1) return { id: tied[0]!.id, how: 'marks', candidates: [] };
  // Equal evidence: the title decides; where the tied periods show the same marks, any of them gives the same figures.
  if (byTitle && tied.some((p) => p.id === byTitle)) return { id: byTitle, how: 'title', candidates: [] };
  // A period whose title the page does not show at all (the year, beside tabs of terms) is the less likely one.
  const titled = tied.filter((p) => titles.shown.includes(p.id));
  if (titled.length === 1) return { id: titled[0]!.id, how: 'marks and the titles shown', candidates: [] };
  if (tied.every((p) => sameMarks(p, tied[0]!))) {
    const current = tied.find((p) => p.id === facts.current);
    return { id: (current ?? tied[0]!).id, how: current ? 'current (same marks)' : 'same marks', candidates: [] };
  }
  return { id: null, how: 'marks fit several periods', candidates: tied.map((p) => p.id) };
}

/**
 * The child a page shows when its names do not tell (every child's name on the page, none marked
 * as chosen): the one whose marks fit the page's rows best, if one fits better than the others.
 */
export function childByMarks(root: Element, candidates: ReadonlyArray<{ id: string; facts: PageFacts }>): Told<string> {
  const fits: Array<{ id: string; fit: number }> = [];
  for (const { id, facts } of candidates) {
    const rows = findSubjectRows(root, facts.subjects);
    if (!rows.length) continue;
    const tokens = new Map(rows.map((r) => [r, rowTokens(r)]));
    fits.push({ id, fit: Math.max(...facts.periods.map((p) => fitOf(tokens, p))) });
  }
  fits.sort((x, y) => y.fit - x.fit);
  if (fits.length && (fits.length === 1 || fits[0]!.fit > fits[1]!.fit)) return { id: fits[0]!.id, how: 'marks', candidates: [] };
  return { id: null, how: 'marks fit several children', candidates: candidates.map((c) => c.id) };
}

/** Everything the overlay needs to know about the page it is on, for one child's facts. */
export function readDiaryPage(root: Element, facts: PageFacts): PageReading {
  const student = shownStudent(root, facts.students);
  const rows = findSubjectRows(root, facts.subjects);
  const period: Told<string> = rows.length ? shownPeriod(root, rows, facts) : { id: null, how: 'no rows', candidates: [] };
  return { student, rows, period };
}
