import type { Diary } from './types';
import { parseDiary, type DataIssue } from './validate';

/**
 * The step every source ends with: the diary as the model accepts it, keeping all it can. An item
 * the validator refuses is left out (a mark, a period, a lesson), or only its dangling reference is
 * cut (a mark filed under a period that is not there stays, filed nowhere); an optional field of
 * the student is dropped; the whole diary is refused only when the student itself is unusable.
 * Every left-out thing is answered with the validator's issue (its keys say where), for the
 * source to report against its own endpoints. Nothing is dropped silently.
 */

/** The diary's lists whose items can be left out one by one. */
const LISTS = new Set(['subjects', 'periods', 'marks', 'attendance', 'homework', 'schedule', 'reported', 'finals']);
/** References that can be cut without losing the item. */
const CUTTABLE: Record<string, string> = { marks: 'period', periods: 'parent', attendance: 'subject' };
/** The student's fields a diary can do without. */
const OPTIONAL_STUDENT = new Set(['school', 'className', 'grade']);

export interface Accepted {
  /** The diary with what was refused left out; null when the student itself is refused. */
  diary: Diary | null;
  /** What was left out, and why (the validator's issues, in the order found). */
  rejected: DataIssue[];
}

function without(d: Diary, found: readonly DataIssue[]): Diary | null {
  const drop = new Map<string, Set<number>>();
  const cut = new Map<string, Set<number>>();
  const student: Record<string, unknown> = { ...d.student };
  for (const { keys } of found) {
    const [list, index, field] = keys;
    if (list === 'student' && typeof index === 'string' && OPTIONAL_STUDENT.has(index)) {
      delete student[index];
      continue;
    }
    if (typeof list !== 'string' || !LISTS.has(list) || typeof index !== 'number') return null;
    const target = CUTTABLE[list] !== undefined && field === CUTTABLE[list] ? cut : drop;
    const set = target.get(list) ?? new Set<number>();
    set.add(index);
    target.set(list, set);
  }
  const next: Record<string, unknown> = { ...d, student };
  for (const list of LISTS) {
    const items = (d as unknown as Record<string, readonly object[] | undefined>)[list];
    if (!items) continue;
    next[list] = items.flatMap((entry, i) => {
      if (drop.get(list)?.has(i)) return [];
      if (!cut.get(list)?.has(i)) return [entry];
      const copy: Record<string, unknown> = { ...entry };
      delete copy[CUTTABLE[list]!];
      return [copy];
    });
  }
  return next as unknown as Diary;
}

/** The diary as `parseDiary` accepts it; cascades (a period left out, then its marks' references) take a few rounds. */
export function acceptedDiary(diary: Diary): Accepted {
  const rejected: DataIssue[] = [];
  let current = diary;
  for (let round = 0; round < 6; round++) {
    const r = parseDiary(current);
    if (r.ok) return { diary: r.value, rejected };
    rejected.push(...r.error.issues);
    const next = without(current, r.error.issues);
    if (!next) return { diary: null, rejected };
    current = next;
  }
  return { diary: null, rejected };
}
