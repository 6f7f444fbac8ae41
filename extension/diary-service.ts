import type { Diary, Mark, Student } from '../lib/model/types';
import { addDays, recentWindowStart, todayIn } from '../lib/dates';
import { accountKey } from '../lib/sources/registry';
import { SourceError, type AccountRef, type DiaryFetch, type DiarySourceAdapter, type SchemaIssue } from '../lib/sources/types';
import { StoreError, type Archive } from '../lib/store/archive';
import type { Answer, DiaryAnswer, Failure } from './messages';

/** One host's children, as its site (or, offline, the archive) tells them. */
export type StudentsAnswer = Answer<{ students: Student[]; asOf?: string }>;

/**
 * The background's view of one host's diary: reads through its system's source with the browser's
 * own cookies (a token is never kept), archives what it reads under the account (system, host, the
 * person logged in), and keeps the last answer in memory for a short while so the overlay, popup and
 * options share one set of requests.
 */
const FRESH_MS = 60_000;

interface Cached<T> {
  at: number;
  value: T;
  issues: SchemaIssue[];
}

function failureOf(err: unknown, onUnauthorized: () => void): Failure {
  if (err instanceof SourceError) {
    if (err.kind === 'session-expired') onUnauthorized();
    return { ok: false, kind: err.kind, message: err.message, ...(err.why ? { why: err.why } : {}) };
  }
  return { ok: false, kind: 'internal', message: 'Unexpected error while reading the diary' };
}

type OfflineReason = NonNullable<Extract<DiaryAnswer, { ok: true }>['offline']>;

/** How long the whole year read once stands in for the older windows: after that, a page load reads the year again. */
const FULL_READ_MS = 24 * 3600_000;

/**
 * Whether this fetch may ask only for the recent window: the archive read the whole current year
 * less than a day ago. The recent window starts on the 1st of this month, or of the last one in a
 * month's first week, when late marks for the month before still arrive.
 */
async function windowPlan(a: Archive | null, account: string, studentId: string, now = new Date()): Promise<{ since: string } | null> {
  const prior = a ? await a.record(account, studentId).catch(() => null) : null;
  if (!prior?.fullAt || now.getTime() - Date.parse(prior.fullAt) > FULL_READ_MS) return null;
  const year = prior.periods.find((p) => p.kind === 'year');
  const today = todayIn(prior.timeZone, now);
  if (!year || today < year.start.slice(0, 10) || today > year.end.slice(0, 10)) return null;
  return { since: recentWindowStart(today) };
}

/** Whether the windows read cover the year up to today (a full read that answered in every window). */
function coversYear(r: DiaryFetch): boolean {
  const year = r.value.periods.find((p) => p.kind === 'year');
  if (!year) return false;
  const sorted = [...r.covered.marks].sort((x, y) => (x.from < y.from ? -1 : 1));
  let next = year.start.slice(0, 10);
  for (const w of sorted) {
    if (w.from > next) return false;
    if (w.to >= next) next = addDays(w.to, 1);
  }
  return sorted.length > 0 && sorted[0]!.from <= year.start.slice(0, 10);
}

/** Failures the last known diary can stand in for (not a logout: then the user should log in). */
const OFFLINE_KINDS = new Set(['site-down', 'network', 'timeout', 'bad-json', 'schema', 'http']);

export interface DiaryServiceOptions {
  source: DiarySourceAdapter;
  /** The system and host read; the person comes from the source (who is logged in), else `person`. */
  login: Omit<AccountRef, 'person'>;
  /** The person last logged in on this host, as remembered: the account while the site cannot tell. */
  person?: string | null;
  /** Told about every 401/403, so the session keeper can renew. */
  onUnauthorized?: () => void;
  /** The archive every fetch is merged into, and the offline view is read from. */
  archive?: Promise<Archive | null>;
  /** Told after each merge: marks seen for the first time, and whether the archive was empty before. */
  onMerged?: (studentId: string, added: number, first: boolean) => void;
  /** Told whenever the site says who is logged in, with the students that login sees (before anything of theirs is archived). */
  onLogin?: (account: AccountRef, students: readonly Student[]) => Promise<void> | void;
  clock?: () => Date;
}

export function createDiaryService(o: DiaryServiceOptions) {
  const { source, login } = o;
  const onUnauthorized = o.onUnauthorized ?? (() => {});
  const archive = o.archive ?? Promise.resolve(null);
  const onMerged = o.onMerged ?? (() => {});
  const clock = o.clock ?? (() => new Date());
  let person: string | null = o.person ?? null;
  /** The account key the archive files this host's diaries under: the person logged in, '' until one is known. */
  const account = () => accountKey({ ...login, person: person ?? '' });
  let students: Cached<Student[]> | null = null;
  const diaries = new Map<string, Cached<Diary>>();
  const inflight = new Map<string, Promise<unknown>>();

  // One request per key at a time, whoever asks.
  function once<T>(key: string, run: () => Promise<T>): Promise<T> {
    const running = inflight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const p = run().finally(() => inflight.delete(key));
    inflight.set(key, p);
    return p;
  }

  async function studentsAnswer(fresh = false): Promise<StudentsAnswer> {
    if (!fresh && students && Date.now() - students.at < FRESH_MS) {
      return { ok: true, students: students.value, issues: students.issues, fetchedAt: new Date(students.at).toISOString() };
    }
    try {
      const r = await once('students', () => source.listStudents());
      if (r.person !== undefined) person = r.person;
      if (person !== null) await o.onLogin?.({ ...login, person }, r.value);
      students = { at: Date.now(), value: r.value, issues: r.issues };
      return { ok: true, students: r.value, issues: r.issues, fetchedAt: new Date().toISOString() };
    } catch (err) {
      const failure = failureOf(err, onUnauthorized);
      const a = await archive;
      const known = a && OFFLINE_KINDS.has(failure.kind) ? await a.students(account()).catch(() => []) : [];
      if (!known.length) return failure;
      return { ok: true, students: known, issues: [], fetchedAt: new Date().toISOString(), asOf: 'archive' };
    }
  }

  return {
    students: studentsAnswer,
    async diary(studentId: string, fresh = false): Promise<DiaryAnswer> {
      const hit = diaries.get(studentId);
      if (!fresh && hit && Date.now() - hit.at < FRESH_MS) {
        return { ok: true, diary: hit.value, issues: hit.issues, fetchedAt: new Date(hit.at).toISOString() };
      }
      const a = await archive;
      // Who is logged in decides where the diary is archived: asked once (the students' answer is kept a minute).
      if (person === null) await studentsAnswer();
      const acc = account();
      const lastKnown = async (offline: OfflineReason): Promise<DiaryAnswer | null> => {
        const known = a ? await a.lastKnown(acc, studentId).catch(() => null) : null;
        if (!known || !known.diary.marks.length) return null;
        return { ok: true, diary: known.diary, issues: [], fetchedAt: new Date().toISOString(), asOf: known.fetchedAt, offline };
      };
      try {
        // Once a day the whole year is read; in between only the recent window, the rest from the archive.
        const plan = await windowPlan(a, acc, studentId, clock());
        let r = await once(`diary:${studentId}`, () => source.fetchDiary(studentId, plan ? { since: plan.since, pastYears: false } : {}));
        // Days the recent read left out: the archive's marks for them, read before anything is written.
        let before: Mark[] | null = null;
        if (plan && a) {
          const start = r.value.periods.find((p) => p.kind === 'year')?.start ?? plan.since;
          before = await a.marksBetween(acc, studentId, start.slice(0, 10), addDays(plan.since, -1)).catch(() => null);
          // Without the archive's part, the answer would lack those days: read the whole year after all.
          if (before === null) r = await once(`diary-full:${studentId}`, () => source.fetchDiary(studentId));
        }
        const partial = before !== null;
        // «Пустая сетка»: the site answered, with nothing in it. The archive knows better.
        if (!r.value.marks.length && !partial) {
          const known = await lastKnown('empty');
          if (known) return known;
        }
        let added: number | undefined;
        let archiveProblem: 'quota' | 'failed' | undefined;
        let archivedAttendance = r.value.attendance;
        if (a && (r.value.marks.length || partial)) {
          try {
            const fetchedAt = clock().toISOString();
            // The adapter names its system; only a source that did not gets it from here.
            const m = await a.merge(
              acc,
              { ...r.value, source: { ...r.value.source, system: r.value.source?.system ?? source.system, fetchedAt } },
              clock(),
              {
                covered: r.covered.marks,
                attendanceCovered: r.covered.attendance,
                full: !partial && r.covered.marks.length > 0 && coversYear(r),
              },
            );
            added = m.added.length;
            onMerged(studentId, added, m.unchanged === 0 && m.edited.length === 0 && !partial);
            if (partial) archivedAttendance = (await a.record(acc, studentId).catch(() => null))?.attendance ?? archivedAttendance;
          } catch (err) {
            // Not swallowed: the answer says so, and the popup tells the user in words.
            archiveProblem = err instanceof StoreError && err.kind === 'quota' ? 'quota' : 'failed';
            r.issues.push({ endpoint: 'archive', path: '', message: err instanceof Error ? err.message : String(err) });
          }
        }
        // The answer is the whole year either way: the recent window as read, the days before as archived. A source
        // may read more than it was asked (ЭлЖур's pages are whole periods): the archive stands in only for days it did not read.
        const read = (day: string) => r.covered.marks.some((w) => w.from <= day && day <= w.to);
        const diary: Diary = partial
          ? {
              ...r.value,
              marks: [...before!.filter((m) => !read(m.date.slice(0, 10))), ...r.value.marks],
              ...(archivedAttendance ? { attendance: archivedAttendance } : {}),
            }
          : r.value;
        diaries.set(studentId, { at: Date.now(), value: diary, issues: r.issues });
        const answer: DiaryAnswer = { ok: true, diary, issues: r.issues, fetchedAt: new Date().toISOString(), added };
        if (archiveProblem) answer.archive = archiveProblem;
        return answer;
      } catch (err) {
        const failure = failureOf(err, onUnauthorized);
        if (OFFLINE_KINDS.has(failure.kind)) return (await lastKnown(failure.kind as OfflineReason)) ?? failure;
        return failure;
      }
    },
    forget(): void {
      students = null;
      diaries.clear();
    },
    /** The account the archive files this host's diaries under now. */
    account,
    /** Whether the students' answer (who is logged in) is known. */
    knowsLogin: () => person !== null,
  };
}
