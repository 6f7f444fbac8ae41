import { todayIn } from '../../dates';
import { schoolYearAround, slashYearLabel, withSchoolYear } from '../periods';
import { datesIn } from '../../anchor/dates';
import { acceptedDiary } from '../../model/accept';
import type { AttendanceEntry, Diary, Mark, Period, Student } from '../../model/types';
import { failureIssue, SourceError, type DiarySourceAdapter, type SchemaIssue, type SourceResult } from '../types';
import { GRADES, periodOfUrl, readGrades, readPupils, readSentry, type GridCell } from './parse';

/**
 * The ЭлЖур source: reads the web diary's own pages with the user's cookie session (its API needs
 * a developer key and a password: never called, regions-findings.md §0.7), into the data model.
 * Its system (hosts, pages, markers) is system.ts.
 *
 * What the pages do not say, and how it is read (each says so where it shows):
 * - weights: the grid shows none, so every mark counts once and is `weightUnknown` unless a cell
 *   says its weight;
 * - the periods' dates: the grid names its periods (`I четверть`) but gives no dates; a period's
 *   dates are the usual ones for its name (a quarter, a half-year, a trimester), stretched to
 *   hold the marks the site filed under it — each mark is filed under the period whose page it was
 *   read from, so averages per period never depend on these dates;
 * - subjects have no ids on the page: a subject's name is its id.
 */

export const ELJUR = 'eljur';

/** Reads one page of the diary's host; rejects only with `SourceError` (a login page is `session-expired`). */
export interface EljurPages {
  get(path: string): Promise<string>;
}

export interface EljurSourceOptions {
  timeZone: string;
  now?: () => Date;
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/**
 * The usual dates of a period by its name in a school year starting `y`-09-01 (`I четверть`,
 * `2 полугодие`, `III триместр`); null for a name that says none of these. Nominal, tiling the
 * year: between two terms the holidays go to the one before.
 */
export function nominalDates(name: string, y: number): { start: string; end: string; kind: Period['kind'] } | null {
  const m = /^\s*([ivx]+|\d)\s*[-.]?\s*(четверт|полугоди|триместр)/i.exec(name);
  const n = m ? ROMAN[m[1]!.toLowerCase()] : undefined;
  if (!m || !n) return null;
  const span = (a: string, b: string) => ({
    start: a.replace('Y', String(y)).replace('N', String(y + 1)),
    end: b.replace('Y', String(y)).replace('N', String(y + 1)),
  });
  const word = m[2]!.toLowerCase();
  const table: Record<string, Array<[string, string]>> = {
    четверт: [
      ['Y-09-01', 'Y-11-04'],
      ['Y-11-05', 'N-01-08'],
      ['N-01-09', 'N-03-31'],
      ['N-04-01', 'N-08-31'],
    ],
    полугоди: [
      ['Y-09-01', 'N-01-08'],
      ['N-01-09', 'N-08-31'],
    ],
    триместр: [
      ['Y-09-01', 'Y-11-30'],
      ['Y-12-01', 'N-02-28'],
      ['N-03-01', 'N-08-31'],
    ],
  };
  const row = table[word]?.[n - 1];
  if (!row) return null;
  const kind = word === 'четверт' ? 'quarter' : word === 'полугоди' ? 'half-year' : 'trimester';
  return { ...span(row[0], row[1]), kind };
}

/** A cell's date as ISO: `14.10.2025`, `2025-10-14`, or `14.10` / `1.9` in the school year. */
export function cellDate(text: string, year: { start: string; end: string }): string | null {
  const t = text
    .trim()
    .replace(/^(\d)\./, '0$1.')
    .replace(/\.(\d)(?=$|\.)/, '.0$1');
  return datesIn(t, year.start, year.end)[0] ?? null;
}

/** The marks of one grid cell: `5/4` is two marks of that day; «Н» is a mark that is never averaged. */
/**
 * What a cell's letter says of attendance: «Н» absent, «ОП» late (ЭлЖур's own API writes both as
 * marks that do not count: diary-systems.md §3). Other letters are not read as attendance.
 */
const ATTENDANCE: Record<string, AttendanceEntry['kind']> = { н: 'absent', оп: 'late' };

/** A cell's absences and lateness, one entry per letter. */
export function attendanceOfCell(cell: GridCell, date: string): AttendanceEntry[] {
  return cell.values.flatMap((v) => {
    const kind = ATTENDANCE[v.toLowerCase()];
    return kind ? [{ date, subject: cell.subject, kind }] : [];
  });
}

export function marksOfCell(cell: GridCell, date: string, period: string): Mark[] {
  return cell.values.map((v, i) => {
    const numeric = /^\d+([.,]\d+)?$/.test(v);
    const mark: Mark = {
      value: numeric ? Number(v.replace(',', '.')) : v,
      weight: cell.weight ?? 1,
      date,
      subject: cell.subject,
      scale: 'five',
      period,
    };
    if (cell.weight === null) mark.weightUnknown = true;
    // The cell's id and the mark's place in it: a second mark that day keeps the first one's id.
    if (cell.id) mark.id = `${cell.id}:${i}`;
    return mark;
  });
}

const gradesPath = (uid: string, period: string | null) =>
  period === null
    ? `/journal-student-grades-action/u.${encodeURIComponent(uid)}`
    : GRADES.replace('{uid}', encodeURIComponent(uid)).replace('{period}', encodeURIComponent(period).replace(/%20/g, '+'));

export function createEljurSource(pages: EljurPages, options: EljurSourceOptions): DiarySourceAdapter {
  const today = () => todayIn(options.timeZone, options.now?.() ?? new Date());
  /** The names the site gave its pupils (the grades pages do not say whose they are in a form to rely on). */
  const pupils = new Map<string, string>();

  /** The user the page says is logged in; a page without `sentryData` is a logged-out one. */
  async function user(): Promise<{ uid: string; username: string; role: string; html: string }> {
    const html = await pages.get('/journal-app');
    const u = readSentry(html);
    if (!u) throw new SourceError('session-expired', '/journal-app', 'the page has no sentryData: not logged in');
    return { ...u, html };
  }

  async function listStudents(): Promise<SourceResult<Student[]> & { person?: string }> {
    const u = await user();
    // Where the page links no other pupil, the person logged in is the student.
    const children = readPupils(u.html, u.uid);
    const value: Student[] = children.length ? children : [{ id: u.uid, name: u.username || u.uid }];
    for (const s of value) pupils.set(s.id, s.name);
    return { value, issues: [], person: u.uid };
  }

  return {
    system: ELJUR,
    listStudents,

    async fetchDiary(studentId) {
      const issues: SchemaIssue[] = [];
      // The pupil's name comes with the list: read it first where this background has not yet.
      if (!pupils.has(studentId)) await listStudents().catch(() => undefined);
      const year = schoolYearAround(today());
      const first = await pages.get(gradesPath(studentId, null));
      if (!readSentry(first)) throw new SourceError('session-expired', GRADES, 'the grades page has no sentryData: not logged in');
      const start = readGrades(first, GRADES);
      const names = start.periods.length ? start.periods : [];
      if (!names.length)
        issues.push({ endpoint: GRADES, path: 'a[href*="/sp."]', message: 'the page names no periods: its own grid is read as one' });
      const byPeriod = new Map<string, ReturnType<typeof readGrades>>();
      for (const name of names) {
        try {
          const html = await pages.get(gradesPath(studentId, name));
          if (!readSentry(html)) throw new SourceError('session-expired', GRADES, 'the grades page has no sentryData: not logged in');
          const page = readGrades(html, GRADES);
          issues.push(...page.issues);
          byPeriod.set(name, page);
        } catch (err) {
          if (err instanceof SourceError && err.kind === 'session-expired') throw err;
          issues.push(failureIssue(gradesPath(studentId, name), err));
        }
      }
      if (!names.length) byPeriod.set(periodOfUrl(gradesPath(studentId, null)) ?? 'period', start);

      const subjects: string[] = [];
      const marks: Mark[] = [];
      const periods: Period[] = [];
      // The grid's «Н» stays a mark (what the page shows, counted nowhere) and is an absence too (what it means).
      const attendance: AttendanceEntry[] = [];
      const y = Number(year.start.slice(0, 4));
      for (const [name, page] of byPeriod) {
        for (const s of page.subjects) if (!subjects.includes(s)) subjects.push(s);
        const own: Mark[] = [];
        for (const cell of page.cells) {
          const date = cellDate(cell.date, year);
          if (!date) {
            issues.push({
              endpoint: GRADES,
              path: `cell[name="${cell.subject}"][mark_date]`,
              message: `expected a date, got "${cell.date}"`,
            });
            continue;
          }
          own.push(...marksOfCell(cell, date, name));
          attendance.push(...attendanceOfCell(cell, date));
        }
        const nominal = nominalDates(name, y);
        const dates = own.map((m) => m.date).sort();
        if (!nominal && !dates.length) {
          issues.push({ endpoint: GRADES, path: `sp.${name}`, message: 'a period without marks whose name tells no dates: left out' });
          continue;
        }
        const startDay = [nominal?.start, dates[0]].filter(Boolean).sort()[0]!;
        const endDay = [nominal?.end, dates.at(-1)].filter(Boolean).sort().at(-1)!;
        periods.push({ id: name, name, start: startDay, end: endDay, kind: nominal?.kind ?? 'other' });
        marks.push(...own);
      }
      const diary: Diary = {
        version: 1,
        student: { id: studentId, name: pupils.get(studentId) ?? studentId },
        subjects: subjects.map((name) => ({ id: name, name })),
        periods: withSchoolYear(periods, slashYearLabel, year),
        marks,
        ...(attendance.length ? { attendance } : {}),
        source: { system: ELJUR, fetchedAt: (options.now?.() ?? new Date()).toISOString(), timeZone: options.timeZone },
      };
      const accepted = acceptedDiary(diary);
      for (const r of accepted.rejected) issues.push({ endpoint: GRADES, path: r.path, message: r.message });
      if (!accepted.diary) throw new SourceError('schema', GRADES, 'nothing usable in the grades pages', undefined, issues);
      // What was read whole: the days of each period whose page answered (a period that failed keeps what the archive has).
      const read = periods.filter((p) => p.start <= today()).map((p) => ({ from: p.start, to: p.end < today() ? p.end : today() }));
      return { value: accepted.diary, issues, covered: { marks: read, attendance: read } };
    },
  };
}
