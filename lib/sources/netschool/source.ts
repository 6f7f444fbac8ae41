import { addDays, mondayOf, todayIn } from '../../dates';
import { inBatches } from '../batches';
import { acceptedDiary } from '../../model/accept';
import type { Diary, Mark, Period, Student } from '../../model/types';
import {
  failureIssue,
  SourceError,
  type DayRange,
  type DiaryFetch,
  type DiarySourceAdapter,
  type FetchOptions,
  type SchemaIssue,
} from '../types';
import {
  ASSIGN,
  INIT,
  readAssignWeight,
  readInit,
  readTermChoices,
  readTermRange,
  readTypes,
  readWeek,
  readYear,
  termKind,
  WEEK,
  type DiaryInit,
  type WeekMark,
  type WeekTask,
} from './parse';

/**
 * The «Сетевой город» source: reads `/webapi/` with the page's own session (the `at` token and
 * cookie, which the caller's `api` carries; never kept here) into the data model. Not in the
 * registry yet: the page script that lends it the page's token, the system's hosts and its
 * emulator come next (issue 14).
 */

/** The calls the source makes, relative to `/webapi/`; each rejects only with `SourceError`. */
export interface NetSchoolApi {
  get(path: string, query?: Record<string, string>): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
}

export interface NetSchoolSourceOptions {
  /** The school's time zone: which day is today. */
  timeZone: string;
  now?: () => Date;
  /**
   * Weights already known, by assignment id: a weight does not change once given, so each marked
   * assignment's `assigns/{id}` is asked once and kept by the caller (the archive) across reads.
   */
  weights?: Map<string, number>;
  /** How many requests at once (the site is one server per region). Default 3. */
  parallel?: number;
}

export const NETSCHOOL = 'netschool';

/** The Monday-to-Sunday weeks from one day to another, clipped to them. */
export function weeksBetween(from: string, to: string): DayRange[] {
  const out: DayRange[] = [];
  for (let start = mondayOf(from); start <= to; start = addDays(start, 7)) {
    const end = addDays(start, 6);
    out.push({ from: start < from ? from : start, to: end > to ? to : end });
  }
  return out;
}

/** The week diary's marks as the model's: the real weight where the school weights (1 where it does not), a «точка» as `•`. */
export function marksOf(
  week: readonly WeekMark[],
  o: { weighted: boolean | null; weights: ReadonlyMap<string, number>; types: ReadonlyMap<number, string>; maxMark: number | null },
): { marks: Mark[]; issues: SchemaIssue[] } {
  const issues: SchemaIssue[] = [];
  const marks = week.map((w): Mark => {
    let weight = 1;
    if (o.weighted !== false && w.value !== null) {
      const known = o.weights.get(w.assignment);
      if (known === undefined)
        issues.push({ endpoint: ASSIGN.replace('{id}', w.assignment), path: 'weight', message: 'weight not known: counted as 1' });
      else weight = known;
    }
    const m: Mark = {
      id: w.assignment,
      value: w.value ?? '•',
      weight,
      date: w.date,
      subject: w.subject,
      scale: o.maxMark === 10 ? 'ten' : 'five',
    };
    const kind = w.typeId === null ? undefined : o.types.get(w.typeId);
    if (kind) m.kind = kind;
    if (w.name || w.comment) m.comment = [w.comment, w.name].filter(Boolean).join(' · ');
    return m;
  });
  return { marks, issues };
}

export function createNetSchoolSource(api: NetSchoolApi, o: NetSchoolSourceOptions): DiarySourceAdapter {
  const now = o.now ?? (() => new Date());
  const weights = o.weights ?? new Map<string, number>();
  const parallel = o.parallel ?? 3;
  let init: Promise<{ value: DiaryInit; issues: SchemaIssue[] }> | null = null;
  const initOnce = () => (init ??= api.get('student/diary/init').then(readInit));

  async function terms(yearId: string, yearPeriod: string): Promise<{ periods: Period[]; issues: SchemaIssue[] }> {
    const issues: SchemaIssue[] = [];
    try {
      const choices = readTermChoices(await api.get('reports/studentGrades'));
      issues.push(...choices.issues);
      const periods = await inBatches(choices.value.terms, parallel, async (t): Promise<Period | null> => {
        try {
          const r = readTermRange(
            await api.post('v2/reports/studentgrades/initfilters', {
              params: null,
              selectedData: [{ filterId: 'TERMID', filterValue: t.id }],
            }),
          );
          issues.push(...r.issues);
          return r.value
            ? { id: `term-${t.id}`, name: t.name, start: r.value.start, end: r.value.end, kind: termKind(t.name), parent: yearPeriod }
            : null;
        } catch (err) {
          issues.push(failureIssue('/webapi/v2/reports/studentgrades/initfilters', err));
          return null;
        }
      });
      void yearId;
      return { periods: periods.filter((p): p is Period => p !== null), issues };
    } catch (err) {
      issues.push(failureIssue('/webapi/reports/studentGrades', err));
      return { periods: [], issues };
    }
  }

  return {
    system: NETSCHOOL,
    async listStudents() {
      const r = await initOnce();
      return { value: r.value.students, issues: r.issues };
    },
    async fetchDiary(studentId: string, options: FetchOptions = {}): Promise<DiaryFetch> {
      const { value: start, issues } = await initOnce();
      const student: Student | undefined = start.students.find((s) => s.id === studentId);
      if (!student) throw new SourceError('schema', INIT, `no student ${studentId} in this account`, undefined, issues);
      const yr = readYear(await api.get('years/current'));
      issues.push(...yr.issues);
      if (!yr.value) throw new SourceError('schema', '/webapi/years/current', 'the school year could not be read', undefined, issues);
      const year = yr.value;
      const yearPeriod = `year-${year.id}`;
      const types = await api.get('grade/assignment/types', { all: 'false' }).then(readTypes, (err) => {
        issues.push(failureIssue('/webapi/grade/assignment/types', err));
        return { value: new Map<number, string>(), issues: [] };
      });
      issues.push(...types.issues);
      const termsRead = await terms(year.id, yearPeriod);
      issues.push(...termsRead.issues);

      const today = todayIn(o.timeZone, now());
      const from = options.since && options.since > year.start ? options.since : year.start;
      const to = today < year.end ? today : year.end;
      const weeks = from <= to ? weeksBetween(from, to) : [];
      const covered: DayRange[] = [];
      const week: WeekMark[] = [];
      const tasks: WeekTask[] = [];
      let failed: unknown = null;
      await inBatches(weeks, parallel, async (w) => {
        const monday = mondayOf(w.from);
        try {
          const r = readWeek(
            await api.get('student/diary', { studentId, yearId: year.id, weekStart: monday, weekEnd: addDays(monday, 6) }),
          );
          issues.push(...r.issues);
          week.push(...r.value.marks.filter((m) => m.date >= w.from && m.date <= w.to));
          // The week's homework, the days after today too: what is due next is what a parent looks for.
          tasks.push(...r.value.tasks);
          covered.push(w);
        } catch (err) {
          if (err instanceof SourceError && err.kind === 'session-expired') throw err;
          failed = err;
          issues.push({ ...failureIssue(WEEK, err), path: `weekStart=${monday}` });
        }
      });
      if (weeks.length && !covered.length) throw failed instanceof SourceError ? failed : new SourceError('network', WEEK, String(failed));
      // Our reads of other weeks move the week the server remembers for the page: put it back.
      if (start.weekStart) {
        await api
          .get('student/diary', { studentId, yearId: year.id, weekStart: start.weekStart, weekEnd: addDays(start.weekStart, 6) })
          .catch((err) => issues.push({ ...failureIssue(WEEK, err), path: 'restoring the page’s week' }));
      }
      // Each marked assignment's real weight, once (the week diary's own `weight` is 0).
      const unreadWeight = new Set<string>();
      if (start.weighted !== false) {
        const unknown = [...new Set(week.filter((m) => m.value !== null && !weights.has(m.assignment)).map((m) => m.assignment))];
        await inBatches(unknown, parallel, async (id) => {
          try {
            const r = readAssignWeight(await api.get(`student/diary/assigns/${id}`, { studentId }));
            if (r.value !== null) weights.set(id, r.value);
            else issues.push(...r.issues.map((x) => ({ ...x, endpoint: ASSIGN.replace('{id}', id) })));
          } catch (err) {
            if (err instanceof SourceError && err.kind === 'session-expired') throw err;
            unreadWeight.add(id);
            issues.push(failureIssue(ASSIGN.replace('{id}', id), err));
          }
        });
      }
      // A mark whose weight could not be asked (the request failed, not an answer without one) would
      // count with a made-up weight: its week is left out of this read, so what was known of it stands.
      const partial = new Set(week.filter((m) => unreadWeight.has(m.assignment)).map((m) => mondayOf(m.date)));
      const kept = week.filter((m) => !partial.has(mondayOf(m.date)));
      const coveredWhole = covered.filter((w) => !partial.has(mondayOf(w.from)));
      const made = marksOf(
        kept.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
        { weighted: start.weighted, weights, types: types.value, maxMark: start.maxMark },
      );
      issues.push(...made.issues);

      // Homework is the assignments of the homework type («Домашнее задание»: id 3 in every client we know; the site's own list decides).
      const homeworkTypes = new Set([...types.value].filter(([, name]) => /^домашн/i.test(name)).map(([id]) => id));
      if (!homeworkTypes.size) homeworkTypes.add(3);
      const homework = tasks
        .filter((x) => x.typeId !== null && homeworkTypes.has(x.typeId))
        .map((x) => ({ date: x.date, subject: x.subject, text: x.text }))
        .filter((h, i, all) => all.findIndex((o) => o.date === h.date && o.subject === h.subject && o.text === h.text) === i);
      // The subjects with marks, then those with homework only (a subject no teacher has marked yet).
      const subjects = [...new Set([...made.marks.map((m) => m.subject), ...homework.map((h) => h.subject)])].map((name) => ({
        id: name,
        name,
      }));
      const diary: Diary = {
        version: 1,
        student,
        // The week diary names subjects only: the name is the id (unique within a child's diary).
        subjects,
        periods: [{ id: yearPeriod, name: year.name, start: year.start, end: year.end, kind: 'year' }, ...termsRead.periods],
        marks: made.marks,
        ...(homework.length ? { homework } : {}),
        source: { system: NETSCHOOL, fetchedAt: now().toISOString(), timeZone: o.timeZone },
      };
      const accepted = acceptedDiary(diary);
      if (!accepted.diary) throw new SourceError('schema', INIT, 'the student could not be read', undefined, issues);
      for (const r of accepted.rejected) issues.push({ endpoint: WEEK, path: r.path, message: r.message });
      return { value: accepted.diary, issues, covered: { marks: coveredWhole, attendance: [] } };
    },
  };
}
