import { parseDocument } from 'htmlparser2';
import { findAll, getAttributeValue, textContent } from 'domutils';
import type { AnyNode, Element, Text } from 'domhandler';
import type { SchemaIssue } from '../types';

/**
 * Reading Дневник.ру's web pages and the JSON they fetch with the user's cookies (never its OAuth
 * API, which needs an app key: regions-findings.md §3). What is known, from ≥ 6 independent
 * clients and one model of the whole object (real-samples/dnevnik-ru/web-initial-state.model.md);
 * only an empty schedule day was recorded, so every reading tolerates missing fields:
 * - `https://dnevnik.ru/userfeed` sets `window.__USER__START__PAGE__INITIAL__STATE__ = {…};` with
 *   the person logged in and their context (`userContext.currentContextPerson`: ids, names, the
 *   school's `reportingPeriodGroup.periods`), the children of a parent (`userSchedule.children`,
 *   `userContext.contextPersons`), and `analytics {personId, schoolId, groupId}`; ids are strings;
 * - `/api/userfeed/persons/{p}/schools/{s}/groups/{g}/schedule?date=<unix>&takeDays=<n>` answers
 *   `{days: [{date, lessons: [{subject {id, name}, workMarks: [{workId, marks: [{id, value, mood}]}],
 *   importantWorks: […]}]}]}`.
 * No weight anywhere: not on a mark, not on a work type.
 */

export const USERFEED = '/userfeed';
export const SCHEDULE = '/api/userfeed/persons/{person}/schools/{school}/groups/{group}/schedule';

export interface DnevnikPerson {
  personId: string;
  schoolId: string;
  groupId: string;
  name: string;
}

export interface DnevnikPeriod {
  id: string;
  /** 1-based within the year. */
  number: number | null;
  start: string;
  end: string;
  isCurrent: boolean;
  /** `Quarter`, `HalfYear`, `Trimester`… as the site says it; null when it does not. */
  type: string | null;
}

export interface InitialState {
  /** Who is logged in. */
  user: DnevnikPerson | null;
  isParent: boolean;
  /** Whose diaries this login sees: the children of a parent, or the student. */
  pupils: DnevnikPerson[];
  periods: DnevnikPeriod[];
  issues: SchemaIssue[];
}

const str = (x: unknown): string | null =>
  typeof x === 'string' && x ? x : typeof x === 'number' && Number.isFinite(x) ? String(x) : null;
const obj = (x: unknown): Record<string, unknown> | null =>
  x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : null;
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const day = (x: unknown): string | null => {
  const s = str(x);
  return s && /^\d{4}-\d\d-\d\d/.test(s) ? s.slice(0, 10) : null;
};

/** The JSON object a script assigns to a global, read by matching its braces (strings respected); null when absent or unreadable. */
export function assignedObject(html: string, global: string): unknown {
  const at = html.indexOf(`${global}`);
  if (at < 0) return null;
  const start = html.indexOf('{', at);
  if (start < 0 || !/^\s*=\s*$/.test(html.slice(at + global.length, start))) return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < html.length; i++) {
    const c = html[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      try {
        return JSON.parse(html.slice(start, i + 1));
      } catch {
        return null;
      }
    }
  }
  return null;
}

function personOf(x: unknown): DnevnikPerson | null {
  const p = obj(x);
  if (!p) return null;
  const personId = str(p.personId);
  const schoolId = str(p.schoolId ?? obj(p.school)?.id);
  const groupId = str(p.groupId ?? obj(p.group)?.id);
  if (!personId || !schoolId || !groupId) return null;
  const name = [str(p.firstName), str(p.lastName)].filter(Boolean).join(' ') || str(p.shortName) || str(p.name) || personId;
  return { personId, schoolId, groupId, name };
}

/** What the userfeed page's inline state says; `null` state (a page without it) is a logged-out page. */
export function readInitialState(html: string, endpoint = USERFEED): InitialState | null {
  const state = obj(assignedObject(html, 'window.__USER__START__PAGE__INITIAL__STATE__'));
  if (!state) return null;
  const issues: SchemaIssue[] = [];
  const context = obj(state.userContext);
  const current = obj(context?.currentContextPerson);
  const analytics = obj(state.analytics);
  const user = personOf(current) ?? personOf(analytics);
  if (!user) issues.push({ endpoint, path: 'userContext.currentContextPerson', message: 'expected personId, schoolId and groupId' });
  const isParent = obj(context?.userContextInfo)?.isParent === true;
  const pupils: DnevnikPerson[] = [];
  const add = (p: DnevnikPerson | null) => {
    if (p && !pupils.some((x) => x.personId === p.personId)) pupils.push(p);
  };
  // Names come with the context persons; the schedule's children carry the ids the schedule wants.
  const named = new Map(arr(context?.contextPersons).flatMap((x) => (personOf(x) ? [[personOf(x)!.personId, personOf(x)!.name]] : [])));
  for (const c of arr(obj(state.userSchedule)?.children)) {
    const p = personOf(c);
    if (p) add({ ...p, name: named.get(p.personId) ?? p.name });
  }
  if (isParent) for (const c of arr(context?.contextPersons)) add(personOf(c));
  if (!pupils.length && user) add(user);
  const periods: DnevnikPeriod[] = [];
  arr(obj(current?.reportingPeriodGroup)?.periods).forEach((x, i) => {
    const p = obj(x);
    const id = str(p?.id);
    const start = day(p?.dateStart);
    const end = day(p?.dateFinish);
    if (!p || !id || !start || !end) {
      issues.push({
        endpoint,
        path: `userContext.currentContextPerson.reportingPeriodGroup.periods[${i}]`,
        message: 'expected id, dateStart, dateFinish',
      });
      return;
    }
    periods.push({
      id,
      number: typeof p.number === 'number' ? p.number : null,
      start,
      end,
      isCurrent: p.isCurrent === true,
      type: str(p.type),
    });
  });
  return { user, isParent, pupils, periods, issues };
}

export interface LessonMark {
  id: string | null;
  date: string;
  subject: { id: string; name: string };
  value: string;
  /** The work is one of the day's important works (the site's only hint of weight). */
  important: boolean;
}

/** The marks of a schedule answer, day by day; the days it covers (an empty day is a day without marks). */
export function readSchedule(json: unknown, endpoint = SCHEDULE): { marks: LessonMark[]; days: string[]; issues: SchemaIssue[] } {
  const issues: SchemaIssue[] = [];
  const root = obj(json);
  if (!root || !Array.isArray(root.days)) {
    issues.push({ endpoint, path: 'days', message: 'expected a list of days' });
    return { marks: [], days: [], issues };
  }
  const marks: LessonMark[] = [];
  const days: string[] = [];
  root.days.forEach((d, i) => {
    const date = day(obj(d)?.date);
    if (!date) {
      issues.push({ endpoint, path: `days[${i}].date`, message: 'expected a date' });
      return;
    }
    days.push(date);
    arr(obj(d)?.lessons).forEach((l, j) => {
      const lesson = obj(l);
      const subject = obj(lesson?.subject);
      const sid = str(subject?.id);
      const name = str(subject?.name);
      const works = arr(lesson?.workMarks);
      if (!works.length) return;
      if (!sid || !name) {
        issues.push({ endpoint, path: `days[${i}].lessons[${j}].subject`, message: 'expected id and name' });
        return;
      }
      const important = new Set(
        arr(lesson?.importantWorks).flatMap((w) => [str(obj(w)?.id), str(obj(w)?.workId)].filter((x): x is string => !!x)),
      );
      works.forEach((w, k) => {
        const work = obj(w);
        const workId = str(work?.workId);
        arr(work?.marks).forEach((m, n) => {
          const value = str(obj(m)?.value);
          if (!value) {
            issues.push({ endpoint, path: `days[${i}].lessons[${j}].workMarks[${k}].marks[${n}].value`, message: 'expected a value' });
            return;
          }
          marks.push({ id: str(obj(m)?.id), date, subject: { id: sid, name }, value, important: !!workId && important.has(workId) });
        });
      });
    });
  });
  return { marks, days, issues };
}

export const PERIOD_TABLE = '/marks.aspx?tab=period';

/** One row of the period table: the subject, its marks, and the site's own average and period mark (the row's last two marks). */
export interface PeriodRow {
  subject: string;
  marks: string[];
  average: number | null;
  periodMark: string | null;
}

const text = (e: Element) => textContent(e).replace(/\s+/g, ' ').trim();
const has = (e: Element, cls: string) => (getAttributeValue(e, 'class') ?? '').split(/\s+/).includes(cls);
const AVERAGE_HEAD = /^средн/i;

/** A row's own cells (not those of a table nested in it). */
const cellsOf = (tr: Element): Element[] =>
  tr.children.filter((c): c is Element => c.type === 'tag' && (c.name === 'td' || c.name === 'th'));

/** The row's subject, marks, average and period mark from its cells: the subject's the first with a letter, the last two the site's figures. */
function rowByCells(cells: Element[]): PeriodRow | null {
  const at = cells.findIndex((c) => /\p{L}{2}/u.test(text(c)));
  if (at < 0) return null;
  const rest = cells.slice(at + 1).map(text);
  const tokens = (xs: string[]) => xs.flatMap((x) => x.split(' ')).filter(Boolean);
  if (rest.length < 3) return { subject: text(cells[at]!), marks: tokens(rest), average: null, periodMark: null };
  return figures(text(cells[at]!), tokens(rest.slice(0, -2)), rest.at(-2)!, rest.at(-1)!);
}

function figures(subject: string, marks: string[], average: string, final: string): PeriodRow {
  // A decimal as the site writes it («4,67»): not «1e9», not a negative.
  const avg = /^\d{1,3}([.,]\d+)?$/.test(average) ? Number(average.replace(',', '.')) : 0;
  return {
    subject,
    marks,
    average: avg > 0 ? avg : null,
    periodMark: final && final !== '—' && final !== '-' ? final : null,
  };
}

const AVERAGE_LABEL = /^средн[а-яё]*(?: балл)?\s*:?\s*(\d{1,3}(?:[.,]\d+)?)?$/i;
const FINAL_LABEL = /^итог[а-яё]*(?: оценка| отметка)?\s*:?\s*(\S{1,6})?$/i;
const LABEL_WORD = /^(?:средн|итог|оценк)/i;

/** The smallest elements under `root` whose text is a label (`re`), with or without its figure. */
const labelsIn = (root: AnyNode[], re: RegExp): Element[] =>
  findAll((e) => re.test(text(e)) && !e.children.some((c) => c.type === 'tag' && re.test(text(c as Element))), root);

const inside = (el: Element, of: Element): boolean => {
  for (let a: Element | null = el; a; a = a.parent && a.parent.type === 'tag' ? (a.parent as Element) : null) if (a === of) return true;
  return false;
};

/** The texts under a node, in order, leaving out those inside `skip`. */
function textsIn(node: AnyNode, skip: readonly Element[], out: string[] = []): string[] {
  if (node.type === 'text') {
    const t = (node as Text).data.replace(/\s+/g, ' ').trim();
    if (t) out.push(t);
  } else if ((node.type === 'tag' || node.type === 'root') && !skip.includes(node as Element))
    for (const c of (node as Element).children) textsIn(c, skip, out);
  return out;
}

/**
 * Where there is no table: each subject a block of its own whose text labels the site's figures
 * («Средняя: 4,67», «Итоговая: 5»); the block is the largest element holding one such label, its
 * subject the first text with words that is no label, its marks the rest.
 */
function rowsByLabels(root: AnyNode[]): PeriodRow[] {
  const labels = labelsIn(root, AVERAGE_LABEL);
  const rows: PeriodRow[] = [];
  for (const label of labels) {
    let block = label;
    for (let up = block.parent; up && up.type === 'tag'; up = up.parent) {
      if (labels.filter((l) => inside(l, up as Element)).length !== 1) break;
      block = up as Element;
    }
    const final = labelsIn([block], FINAL_LABEL)[0];
    const texts = textsIn(block, final ? [label, final] : [label]);
    const at = texts.findIndex((t) => /\p{L}{2}/u.test(t) && !LABEL_WORD.test(t));
    if (at < 0 || block === label) continue;
    const marks = texts
      .slice(at + 1)
      .flatMap((t) => t.split(' '))
      .filter((t) => t && !LABEL_WORD.test(t));
    rows.push(figures(texts[at]!, marks, AVERAGE_LABEL.exec(text(label))?.[1] ?? '', (final && FINAL_LABEL.exec(text(final))?.[1]) ?? ''));
  }
  return rows;
}

/**
 * The old server-built period table (`schools.dnevnik.ru/marks.aspx?tab=period`, and
 * `children.dnevnik.ru/marks.aspx?child=…` for a parent). Known markup first, as scrapers have read
 * it for years: `table#journal`, per row the subject in `strong.u` and the marks in `span.mark`, of
 * which the last two are the site's own (weighted) average and the period mark (regions-findings.md
 * §3). Where that markup is gone, by content: the table with a column headed «Средн…», each row's
 * subject its first cell with words in it, the last two cells the site's figures; without a table,
 * blocks whose text labels the figures (`rowsByLabels`). The exact markup of today's page is not
 * recorded anywhere, so every reading stands.
 */
export function readPeriodTable(html: string, endpoint = PERIOD_TABLE): { rows: PeriodRow[]; issues: SchemaIssue[] } {
  const doc = parseDocument(html);
  const issues: SchemaIssue[] = [];
  const tables = findAll((e) => e.name === 'table', doc.children);
  const table =
    tables.find((e) => getAttributeValue(e, 'id') === 'journal') ??
    tables.find((t) => findAll((e) => e.name === 'tr', t.children).some((tr) => cellsOf(tr).some((c) => AVERAGE_HEAD.test(text(c)))));
  if (!table) {
    const rows = rowsByLabels(doc.children);
    if (!rows.length)
      issues.push({
        endpoint,
        path: 'table',
        message: 'no period table on the page (neither table#journal, nor a column headed «Средн…», nor figures labelled so)',
      });
    return { rows, issues };
  }
  const rows: PeriodRow[] = [];
  for (const tr of findAll((e) => e.name === 'tr', table.children)) {
    const cells = cellsOf(tr);
    if (!cells.length || cells.every((c) => c.name === 'th') || cells.some((c) => AVERAGE_HEAD.test(text(c)))) continue;
    const name = findAll((e) => e.name === 'strong' && has(e, 'u'), tr.children)[0];
    const spans = findAll((e) => e.name === 'span' && has(e, 'mark'), tr.children).map(text);
    if (!name || !spans.length) {
      const row = rowByCells(cells);
      if (row) rows.push(row);
      continue;
    }
    const subject = text(name);
    if (!subject) continue;
    rows.push(
      spans.length < 2
        ? { subject, marks: spans, average: null, periodMark: null }
        : figures(subject, spans.slice(0, -2).filter(Boolean), spans.at(-2)!, spans.at(-1)!),
    );
  }
  if (!rows.length) issues.push({ endpoint, path: 'table tr', message: 'no subject rows in the period table' });
  return { rows, issues };
}
