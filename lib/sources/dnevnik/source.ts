import { addDays, todayIn } from '../../dates';
import { slashYearLabel, withSchoolYear } from '../periods';
import { inBatches } from '../batches';
import { acceptedDiary } from '../../model/accept';
import type { Diary, Mark, Period, ReportedFigure, Student } from '../../model/types';
import { failureIssue, SourceError, type DayRange, type DiarySourceAdapter, type SchemaIssue, type SourceResult } from '../types';
import {
  PERIOD_TABLE,
  readInitialState,
  readPeriodTable,
  readSchedule,
  SCHEDULE,
  USERFEED,
  type DnevnikPeriod,
  type InitialState,
} from './parse';

/**
 * The Дневник.ру source: the userfeed page's inline state (who, whose diaries, the periods) and the
 * schedule JSON that page fetches with the user's cookies (each day's lessons with their marks),
 * read a week at a time, and the old period table with the site's own average. Never the OAuth
 * API. Its system (hosts, pages) is system.ts.
 *
 * No weight exists anywhere (regions-findings.md §0.8): every mark counts once and is
 * `weightUnknown`, so every figure says it is approximate; the site's own weighted average (its
 * period table) is to be shown as the authority beside it.
 */

export const DNEVNIK = 'dnevnik';

export interface DnevnikSite {
  /** An HTML page of the diary's host; rejects only with `SourceError` (a login page is `session-expired`). */
  page(path: string): Promise<string>;
  /** A JSON answer of the same origin; rejects only with `SourceError`. */
  json(path: string): Promise<unknown>;
}

export interface DnevnikSourceOptions {
  timeZone: string;
  /** Where the period table is (`https://schools.dnevnik.ru`, a parent's `https://children.dnevnik.ru`): the site's own average and period mark per subject. */
  schoolsOrigin?: string;
  now?: () => Date;
  /** Schedule requests at once. Default 3. */
  parallel?: number;
}

/** Days per schedule request (what the site's own feed asks for). */
export const WINDOW_DAYS = 7;

const KIND: Record<string, Period['kind']> = {
  quarter: 'quarter',
  halfyear: 'half-year',
  semester: 'half-year',
  trimester: 'trimester',
  module: 'module',
};
const WORD: Partial<Record<Period['kind'], string>> = { quarter: 'четверть', 'half-year': 'полугодие', trimester: 'триместр' };

/** A period of the site's as the model's: its kind from the site's type, named as a Russian diary names it («2 четверть»). */
export function periodOf(p: DnevnikPeriod): Period {
  const kind = KIND[(p.type ?? '').toLowerCase().replace(/[^a-z]/g, '')] ?? 'other';
  const word = WORD[kind];
  const name =
    p.number !== null
      ? word
        ? `${p.number} ${word}`
        : `Период ${p.number}`
      : `${p.start.split('-').reverse().join('.')}–${p.end.split('-').reverse().join('.')}`;
  return { id: p.id, name, start: p.start, end: p.end, kind };
}

/** The `date` parameter of a schedule request: the day's midnight as Unix seconds (UTC midnight: the zone the site means is not known). */
export const unixDay = (dayIso: string): number =>
  Date.UTC(Number(dayIso.slice(0, 4)), Number(dayIso.slice(5, 7)) - 1, Number(dayIso.slice(8, 10))) / 1000;

export function createDnevnikSource(site: DnevnikSite, options: DnevnikSourceOptions): DiarySourceAdapter {
  const today = () => todayIn(options.timeZone, options.now?.() ?? new Date());

  async function state(): Promise<InitialState> {
    const html = await site.page(USERFEED);
    const s = readInitialState(html);
    if (!s || !s.user) throw new SourceError('session-expired', USERFEED, 'the page has no initial state with a person: not logged in');
    return s;
  }

  async function listStudents(): Promise<SourceResult<Student[]> & { person?: string }> {
    const s = await state();
    return { value: s.pupils.map((p) => ({ id: p.personId, name: p.name })), issues: s.issues, person: s.user!.personId };
  }

  return {
    system: DNEVNIK,
    listStudents,
    async fetchDiary(studentId, fetchOptions = {}) {
      const s = await state();
      const issues: SchemaIssue[] = [...s.issues];
      const pupil = s.pupils.find((p) => p.personId === studentId);
      if (!pupil) throw new SourceError('schema', USERFEED, `no pupil ${studentId} in the page's state`, undefined, issues);
      const periods = s.periods.map(periodOf);
      const end = today();
      const first = periods.map((p) => p.start).sort()[0] ?? addDays(end, -7 * WINDOW_DAYS);
      // Asked for the recent days only (the archive has the rest): the weeks from then; the period tables all the same.
      const start = fetchOptions.since && fetchOptions.since > first ? fetchOptions.since : first;
      const windows: DayRange[] = [];
      for (let d = start; d <= end; d = addDays(d, WINDOW_DAYS)) {
        const last = addDays(d, WINDOW_DAYS - 1);
        windows.push({ from: d, to: last > end ? end : last });
      }
      const path = (w: DayRange) =>
        `${SCHEDULE.replace('{person}', pupil.personId).replace('{school}', pupil.schoolId).replace('{group}', pupil.groupId)}?date=${unixDay(w.from)}&takeDays=${WINDOW_DAYS}`;
      const read = await inBatches(windows, options.parallel ?? 3, async (w) => {
        try {
          return { w, r: readSchedule(await site.json(path(w))) };
        } catch (err) {
          if (err instanceof SourceError && err.kind === 'session-expired') throw err;
          issues.push(failureIssue(SCHEDULE, err, `date=${w.from}`));
          return null;
        }
      });
      const subjects = new Map<string, string>();
      const marks: Mark[] = [];
      const covered: DayRange[] = [];
      for (const x of read) {
        if (!x) continue;
        issues.push(...x.r.issues);
        covered.push(x.w);
        for (const m of x.r.marks) {
          if (m.date < x.w.from || m.date > x.w.to) continue;
          subjects.set(m.subject.id, m.subject.name);
          const numeric = /^\d+([.,]\d+)?$/.test(m.value);
          const mark: Mark = {
            value: numeric ? Number(m.value.replace(',', '.')) : m.value,
            weight: 1,
            weightUnknown: true,
            date: m.date,
            subject: m.subject.id,
            scale: 'five',
          };
          if (m.id) mark.id = m.id;
          if (m.important) mark.kind = 'Важная работа';
          marks.push(mark);
        }
      }
      // The site's own average and period mark per subject and period: its period table (the authority, since it
      // knows the weights Tabel does not). A table that cannot be read is an issue; the marks stand without it.
      const reported: ReportedFigure[] = [];
      if (options.schoolsOrigin) {
        const byName = new Map([...subjects].map(([id, name]) => [name, id]));
        for (const [i, p] of s.periods.entries()) {
          const period = periods[i]!;
          if (period.start > end || p.number === null) continue;
          try {
            // A parent's table names the child (`child=`, as a client of children.dnevnik.ru asks it); a student's is their own.
            const whose = s.isParent ? `&child=${encodeURIComponent(pupil.personId)}` : '';
            const html = await site.page(
              `${options.schoolsOrigin}/marks.aspx?school=${encodeURIComponent(pupil.schoolId)}${whose}&tab=period&period=${p.number}`,
            );
            const t = readPeriodTable(html);
            issues.push(...t.issues);
            for (const row of t.rows) {
              let id = byName.get(row.subject);
              if (!id) subjects.set((id = row.subject), row.subject);
              const figure: ReportedFigure = { subject: id, period: period.id };
              if (row.average !== null) figure.average = row.average;
              if (row.periodMark !== null) figure.periodMark = /^\d+$/.test(row.periodMark) ? Number(row.periodMark) : row.periodMark;
              if (figure.average !== undefined || figure.periodMark !== undefined) reported.push(figure);
            }
          } catch (err) {
            if (err instanceof SourceError && err.kind === 'session-expired') throw err;
            issues.push(failureIssue(PERIOD_TABLE, err, `period=${p.number}`));
          }
        }
      }
      const diary: Diary = {
        version: 1,
        student: { id: pupil.personId, name: pupil.name },
        subjects: [...subjects].map(([id, name]) => ({ id, name })),
        periods: withSchoolYear(periods, slashYearLabel),
        marks,
        ...(reported.length ? { reported } : {}),
        source: { system: DNEVNIK, fetchedAt: (options.now?.() ?? new Date()).toISOString(), timeZone: options.timeZone },
      };
      const accepted = acceptedDiary(diary);
      for (const r of accepted.rejected) issues.push({ endpoint: SCHEDULE, path: r.path, message: r.message });
      if (!accepted.diary) throw new SourceError('schema', SCHEDULE, 'nothing usable in the schedule', undefined, issues);
      return { value: accepted.diary, issues, covered: { marks: covered, attendance: [] } };
    },
  };
}
