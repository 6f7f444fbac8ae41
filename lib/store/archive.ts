import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { AttendanceEntry, Diary, FinalMark, Mark, Period, ReportedFigure, Student, Subject } from '../model/types';
import { accountKey, accountOf, LEGACY_ACCOUNT, LEGACY_TARGET } from '../sources/registry';
import { planRestore, withFigures, type ArchiveDump } from './backup';

/** Inclusive `YYYY-MM-DD` days (the shape of a source's `covered` ranges). */
export interface Days {
  from: string;
  to: string;
}

/**
 * The archive: every diary fetch is merged into IndexedDB per account and student, so marks
 * outlive the school year (MESH returns only the current one) and the last known diary is there
 * when the site is down. Lives in the extension's own origin (background or extension pages).
 *
 * A mark is keyed by its source id, or by a stable key built from subject, date, control form and
 * its order among such marks. The first time Tabel saw it is kept; a teacher's edit or removal is
 * recorded as such, never silently overwritten. Merging the same data twice changes nothing.
 *
 * Marks are stored in buckets, one record per student, subject and school year (v3): five years of
 * three children is about 225 records instead of 60,000, which is what makes ingesting a whole
 * archive take well under two seconds in Chromium and a subject's timeline a handful of reads.
 */

export const ARCHIVE_DB = 'tabel-archive';

export interface MarkChange {
  at: string;
  change: 'edited' | 'removed' | 'restored';
  /** The mark as it was before the change. */
  before: Mark;
}

/** One mark as a bucket holds it (account, student and subject are the bucket's). */
interface BucketEntry {
  key: string;
  /** YYYY-MM-DD */
  date: string;
  mark: Mark;
  firstSeen: string;
  lastSeen: string;
  /** Set while the mark is gone from the diary. */
  removedAt?: string;
  history: MarkChange[];
}

/** An archived mark with whose it is: what `timeline` answers (and the v1–v2 record). */
export interface ArchivedMark extends BucketEntry {
  account: string;
  student: string;
  subject: string;
}

export interface ArchivedStudent {
  account: string;
  student: string;
  info: Student;
  subjects: Subject[];
  periods: Period[];
  reported: ReportedFigure[];
  /** When the diary was last merged (the "as of" of the offline view). */
  fetchedAt: string;
  /** Subjects and periods of earlier fetches the diary no longer lists (past years): the archive's marks still need their names and dates. (v2) */
  pastSubjects?: Subject[];
  pastPeriods?: Period[];
  /** The diary's own figures (period and year marks) for those past periods. */
  pastReported?: ReportedFigure[];
  /** Missed lessons as read, window by window: a fetch replaces the days it covered and keeps the rest. */
  attendance?: AttendanceEntry[];
  /** When a fetch last read the whole school year's marks (the others read only the recent window). */
  fullAt?: string;
  /** The school's time zone, as the source named it: what "today" is for this student. */
  timeZone?: string;
}

/** A finished year's year mark, as first and last seen. (v2) */
export interface ArchivedFinal {
  account: string;
  student: string;
  year: string;
  subject: string;
  final: FinalMark;
  firstSeen: string;
}

/** A student's marks of one subject in one school year (v3). */
export interface MarkBucket {
  account: string;
  student: string;
  subject: string;
  /** The calendar year the school year starts in ("2025" for 2025/26). */
  year: string;
  marks: BucketEntry[];
}

/**
 * A stored record a newer version could not read, kept aside instead of lost (v4): listed by the
 * options page and written into the JSON export, never the reason the rest is not carried over.
 */
export interface QuarantinedRecord {
  id?: number;
  /** The store it came from. */
  from: string;
  /** Why it could not be carried over. */
  reason: string;
  /** When it was set aside (ISO). */
  at: string;
  record: unknown;
}

interface ArchiveSchema extends DBSchema {
  /** v1–v2: one record per mark; v3 moves them into `buckets` and drops this store. */
  marks: {
    key: [string, string, string];
    value: ArchivedMark;
    indexes: { 'by-student': [string, string]; 'by-subject': [string, string, string, string] };
  };
  buckets: { key: [string, string, string, string]; value: MarkBucket };
  students: { key: [string, string]; value: ArchivedStudent };
  finals: { key: [string, string, string, string]; value: ArchivedFinal; indexes: { 'by-student': [string, string] } };
  quarantine: { key: number; value: QuarantinedRecord };
}

/** The school year a day belongs to, named by the year it starts in (September on). */
export const schoolYearOf = (day: string): string => {
  const y = Number(day.slice(0, 4));
  return Number.isFinite(y) && y > 0 ? String(Number(day.slice(5, 7)) >= 9 ? y : y - 1) : 'unknown';
};

/** Every key of `[account, student, …]`: the primary-key prefix range of one student. */
const studentRange = (account: string, student: string) => IDBKeyRange.bound([account, student], [account, student, []]);
const subjectRange = (account: string, student: string, subject: string) =>
  IDBKeyRange.bound([account, student, subject], [account, student, subject, []]);

type Upgrade = (
  db: IDBPDatabase<ArchiveSchema>,
  tx: IDBPTransaction<ArchiveSchema, Array<StoreNames<ArchiveSchema>>, 'versionchange'>,
) => void | Promise<void>;

/** Upgrade steps, one per schema version, run in order from the stored version: never edit a shipped step. */
export const UPGRADES: Upgrade[] = [
  // v1: marks and students.
  (db) => {
    const marks = db.createObjectStore('marks', { keyPath: ['account', 'student', 'key'] });
    marks.createIndex('by-student', ['account', 'student']);
    marks.createIndex('by-subject', ['account', 'student', 'subject', 'date']);
    db.createObjectStore('students', { keyPath: ['account', 'student'] });
  },
  // v2: past years' year marks (the certificate average), kept even when the diary stops returning them.
  (db) => {
    const finals = db.createObjectStore('finals', { keyPath: ['account', 'student', 'year', 'subject'] });
    finals.createIndex('by-student', ['account', 'student']);
  },
  // v3: marks move into buckets per student, subject and school year. A record it cannot file
  // stays in `marks` (and the store with it) for v4 to carry over or set aside: never lost.
  async (db, tx) => {
    db.createObjectStore('buckets', { keyPath: ['account', 'student', 'subject', 'year'] });
    const left = await carryMarks(tx, null);
    if (!left) db.deleteObjectStore('marks');
  },
  // v4: records no version can read are set aside in `quarantine`; an archive an earlier failed
  // v3 committed with its marks stranded in `marks` (and an empty `buckets`) is repaired.
  async (db, tx) => {
    db.createObjectStore('quarantine', { keyPath: 'id', autoIncrement: true });
    if (!db.objectStoreNames.contains('marks')) return;
    await carryMarks(tx, new Date().toISOString());
    db.deleteObjectStore('marks');
  },
  // v5: accounts are (system, host, person). The one account before, `mesh`, becomes Moscow's MESH
  // with its login not yet known (''); the background hands its children to the login that sees
  // them (`claim`). Marks, edits, first-seen dates, finals and records move as they are.
  async (_db, tx) => {
    await rekey(tx, LEGACY_ACCOUNT, accountKey(LEGACY_TARGET));
  },
];

/** Moves every record of account `from` to account `to`, in the three stores keyed by account. */
async function rekey(
  tx: IDBPTransaction<ArchiveSchema, Array<StoreNames<ArchiveSchema>>, 'versionchange' | 'readwrite'>,
  from: string,
  to: string,
  students?: ReadonlySet<string>,
): Promise<void> {
  const mine = (r: { account: string; student: string }) => r.account === from && (!students || students.has(r.student));
  const buckets = tx.objectStore('buckets');
  for (const b of (await buckets.getAll(IDBKeyRange.bound([from], [from, []]))).filter(mine)) {
    await buckets.delete([b.account, b.student, b.subject, b.year]);
    await buckets.put({ ...b, account: to });
  }
  const finals = tx.objectStore('finals');
  for (const f of (await finals.getAll(IDBKeyRange.bound([from], [from, []]))).filter(mine)) {
    await finals.delete([f.account, f.student, f.year, f.subject]);
    await finals.put({ ...f, account: to });
  }
  const records = tx.objectStore('students');
  for (const r of (await records.getAll(IDBKeyRange.bound([from], [from, []]))).filter(mine)) {
    await records.delete([r.account, r.student]);
    await records.put({ ...r, account: to });
  }
}

/** A v1–v2 mark record as a bucket entry, or why it cannot be one. */
function entryOf(m: ArchivedMark): { entry: BucketEntry; year: string } | string {
  if (!m || typeof m !== 'object') return 'not a record';
  if (typeof m.account !== 'string' || typeof m.student !== 'string' || typeof m.subject !== 'string')
    return 'no account, student or subject';
  if (typeof m.key !== 'string') return 'no key';
  if (typeof m.date !== 'string' || !/^\d{4}-\d\d-\d\d/.test(m.date)) return 'no date';
  if (!m.mark || typeof m.mark !== 'object') return 'no mark';
  const entry: BucketEntry = {
    key: m.key,
    date: m.date.slice(0, 10),
    mark: m.mark,
    firstSeen: m.firstSeen,
    lastSeen: m.lastSeen,
    history: Array.isArray(m.history) ? m.history : [],
  };
  if (m.removedAt) entry.removedAt = m.removedAt;
  return { entry, year: schoolYearOf(entry.date) };
}

/**
 * Moves the records of the old `marks` store into buckets (adding to buckets already there, a
 * key once), deleting each one moved. What cannot be moved stays (`quarantinedAt` null: v3) or is
 * set aside (v4). Answers how many stayed.
 */
async function carryMarks(
  tx: IDBPTransaction<ArchiveSchema, Array<StoreNames<ArchiveSchema>>, 'versionchange'>,
  quarantinedAt: string | null,
): Promise<number> {
  const marks = tx.objectStore('marks');
  const store = tx.objectStore('buckets');
  const buckets = new Map<string, MarkBucket>();
  let left = 0;
  const moved: Array<[string, string, string]> = [];
  for (const m of await marks.getAll()) {
    const r = entryOf(m);
    const key = [m?.account, m?.student, m?.key] as [string, string, string];
    if (typeof r === 'string') {
      if (quarantinedAt === null) left++;
      else {
        await tx.objectStore('quarantine').add({ from: 'marks', reason: r, at: quarantinedAt, record: m });
        moved.push(key);
      }
      continue;
    }
    const id = JSON.stringify([m.account, m.student, m.subject, r.year]);
    let b = buckets.get(id);
    if (!b) {
      b = (await store.get([m.account, m.student, m.subject, r.year])) ?? {
        account: m.account,
        student: m.student,
        subject: m.subject,
        year: r.year,
        marks: [],
      };
      buckets.set(id, b);
    }
    if (!b.marks.some((e) => e.key === r.entry.key)) b.marks.push(r.entry);
    moved.push(key);
  }
  await Promise.all([...buckets.values()].map((b) => store.put(b)));
  await Promise.all(moved.map((k) => marks.delete(k)));
  return left;
}
export const ARCHIVE_VERSION = UPGRADES.length;

export type StoreErrorKind = 'quota' | 'blocked' | 'closed' | 'failed';

/** The archive's one error type: a failed write loses nothing already stored (transactions abort whole). */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
  ) {
    super(message);
  }
}

function storeErrorOf(err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const name = (err as { name?: string })?.name;
  if (name === 'QuotaExceededError') return new StoreError('quota', 'The browser has no room left for the diary archive.');
  if (name === 'InvalidStateError') return new StoreError('closed', 'The archive was closed (another version is opening).');
  return new StoreError('failed', `Archive write failed: ${(err as Error)?.message ?? String(err)}`);
}

/** Stable key of a mark: its source id, or subject|date|kind|ordinal among equal ones in the fetch. */
export function markKeys(marks: readonly Mark[]): string[] {
  const seen = new Map<string, number>();
  return marks.map((m) => {
    if (m.id) return `id:${m.id}`;
    const base = `${m.subject}|${m.date.slice(0, 10)}|${m.kind ?? ''}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `k:${base}|${n}`;
  });
}

const sameMark = (a: Mark, b: Mark) => JSON.stringify(a) === JSON.stringify(b);

export interface MergeResult {
  added: Mark[];
  edited: Array<{ before: Mark; after: Mark }>;
  removed: Mark[];
  unchanged: number;
}

export interface MergeOptions {
  /**
   * `fetch` (default): the diary is the site's answer, the current state — a mark it no longer has
   * (within `covered`) is removed by the teacher, a changed mark is an edit, a removed one that comes
   * back is restored, its year marks and its record (subjects, periods, figures, attendance) replace
   * the archived ones. `import`: an export file, which only adds — it never removes, never overrides
   * a mark or year mark the archive has, never brings back a removed one, and keeps the current
   * record, adding only the subjects and periods it lacks.
   */
  mode?: 'fetch' | 'import';
  /**
   * The days the diary's marks are complete for (the windows that answered): a mark is removed only
   * when a complete answer for its day no longer has it. Default: the diary's period range.
   */
  covered?: readonly Days[];
  /** The days its attendance is complete for: those are replaced, the others kept. Default: all of it (none kept). */
  attendanceCovered?: readonly Days[];
  /** This fetch read the whole year's marks (`fullAt` is set to now). */
  full?: boolean;
}

/** What the archive holds of one student before a merge (what `planMerge` reads). */
export interface StudentState {
  buckets: readonly MarkBucket[];
  /** The archived year marks of the years and subjects the diary names. */
  finals: readonly ArchivedFinal[];
  record: ArchivedStudent | null;
}

/** What a merge writes: buckets to put and to delete, year marks and the record to put; and what changed. */
export interface MergePlan {
  result: MergeResult;
  put: { buckets: MarkBucket[]; finals: ArchivedFinal[]; record: ArchivedStudent };
  deleteBuckets: Array<[string, string, string, string]>;
}

/** The period range a fetched diary covers: marks outside it are history, not removals. */
function coverage(diary: Diary): [string, string] | null {
  if (!diary.periods.length) return null;
  const starts = diary.periods.map((p) => p.start.slice(0, 10)).sort();
  const ends = diary.periods.map((p) => p.end.slice(0, 10)).sort();
  return [starts[0]!, ends[ends.length - 1]!];
}

/**
 * The merge of one diary into a student's archived state, decided without I/O: what changed and what
 * to write. Pure: the same state, diary, time and options give the same plan, and `prior` is not
 * touched. Idempotent: planning the same diary over the state it produced changes nothing.
 */
export function planMerge(account: string, prior: StudentState, diary: Diary, now: Date, options: MergeOptions = {}): MergePlan {
  const at = now.toISOString();
  const fetched = (options.mode ?? 'fetch') === 'fetch';
  const student = diary.student.id;
  const result: MergeResult = { added: [], edited: [], removed: [], unchanged: 0 };
  const buckets = new Map<string, MarkBucket>();
  const where = new Map<string, { bucket: MarkBucket; entry: BucketEntry }>();
  for (const old of prior.buckets) {
    const b = { ...old, marks: [...old.marks] };
    buckets.set(JSON.stringify([b.subject, b.year]), b);
    for (const entry of b.marks) where.set(entry.key, { bucket: b, entry });
  }
  const dirty = new Set<MarkBucket>();
  const bucketFor = (subject: string, day: string) => {
    const year = schoolYearOf(day);
    const id = JSON.stringify([subject, year]);
    let b = buckets.get(id);
    if (!b) buckets.set(id, (b = { account, student, subject, year, marks: [] }));
    return b;
  };
  /** Puts an entry where its subject and date file it, out of the bucket it was in. */
  const place = (entry: BucketEntry, from: MarkBucket | null) => {
    const to = bucketFor(entry.mark.subject, entry.date);
    if (from && from !== to) {
      from.marks = from.marks.filter((e) => e.key !== entry.key);
      dirty.add(from);
    }
    if (from === to) to.marks = to.marks.map((e) => (e.key === entry.key ? entry : e));
    else to.marks.push(entry);
    dirty.add(to);
    // A key the same fetch names twice (a source's duplicate id) stays one mark.
    where.set(entry.key, { bucket: to, entry });
  };
  const keys = markKeys(diary.marks);
  const present = new Set<string>();
  for (let i = 0; i < diary.marks.length; i++) {
    const mark = diary.marks[i]!;
    const key = keys[i]!;
    const date = mark.date.slice(0, 10);
    present.add(key);
    const found = where.get(key);
    const old = found?.entry;
    if (!old) {
      place({ key, date, mark, firstSeen: at, lastSeen: at, history: [] }, null);
      result.added.push(mark);
    } else if ((old.removedAt || !sameMark(old.mark, mark)) && !fetched) {
      // An import never overrides what the site said later, nor brings back what the teacher removed.
      result.unchanged++;
    } else if (old.removedAt) {
      const { removedAt: _gone, ...rest } = old;
      place({ ...rest, mark, date, lastSeen: at, history: [...old.history, { at, change: 'restored', before: old.mark }] }, found.bucket);
      result.added.push(mark);
    } else if (!sameMark(old.mark, mark)) {
      place({ ...old, mark, date, lastSeen: at, history: [...old.history, { at, change: 'edited', before: old.mark }] }, found.bucket);
      result.edited.push({ before: old.mark, after: mark });
    } else {
      // lastSeen is not rewritten for unchanged marks: merging the same data twice changes nothing.
      result.unchanged++;
    }
  }
  const whole = coverage(diary);
  const covered = options.covered ?? (whole ? [{ from: whole[0], to: whole[1] }] : []);
  if (fetched && covered.length) {
    for (const [key, { bucket, entry }] of where) {
      if (present.has(key) || entry.removedAt || !within(entry.date, covered)) continue;
      const current = bucket.marks.find((e) => e.key === key);
      if (!current) continue;
      place({ ...current, removedAt: at, history: [...current.history, { at, change: 'removed', before: current.mark }] }, bucket);
      result.removed.push(current.mark);
    }
  }
  const finals: ArchivedFinal[] = [];
  for (const f of diary.finals ?? []) {
    const old = prior.finals.find((x) => x.year === f.year && x.subject === f.subject);
    if (!old) finals.push({ account, student, year: f.year, subject: f.subject, final: f, firstSeen: at });
    else if (fetched && JSON.stringify(old.final) !== JSON.stringify(f)) finals.push({ ...old, final: f });
  }
  return {
    result,
    put: {
      buckets: [...dirty].filter((b) => b.marks.length),
      finals,
      record: recordAfter(account, prior.record, diary, at, fetched, options),
    },
    deleteBuckets: [...dirty].filter((b) => !b.marks.length).map((b) => [b.account, b.student, b.subject, b.year]),
  };
}

/** The student's record after a merge: the site's answer replaces it (what it no longer lists becomes history); an import only adds to it. */
function recordAfter(
  account: string,
  prior: ArchivedStudent | null,
  diary: Diary,
  at: string,
  fetched: boolean,
  options: MergeOptions,
): ArchivedStudent {
  const student = diary.student.id;
  if (fetched || !prior) {
    const attendanceCovered = options.attendanceCovered;
    const attendance = diary.attendance
      ? [
          ...(attendanceCovered ? (prior?.attendance ?? []).filter((e) => !within(e.date.slice(0, 10), attendanceCovered)) : []),
          ...diary.attendance,
        ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
      : prior?.attendance;
    const fullAt = options.full ? at : prior?.fullAt;
    return {
      account,
      student,
      info: diary.student,
      subjects: diary.subjects,
      periods: diary.periods,
      reported: diary.reported ?? [],
      fetchedAt: diary.source?.fetchedAt ?? at,
      pastSubjects: pastOf([...(prior?.subjects ?? []), ...(prior?.pastSubjects ?? [])], diary.subjects),
      pastPeriods: pastOf([...(prior?.periods ?? []), ...(prior?.pastPeriods ?? [])], diary.periods),
      pastReported: pastReportedOf(prior ?? undefined, diary),
      ...(attendance ? { attendance } : {}),
      ...(fullAt ? { fullAt } : {}),
      ...(diary.source?.timeZone ? { timeZone: diary.source.timeZone } : {}),
    };
  }
  const known = (xs: ReadonlyArray<{ id: string }>) => new Set(xs.map((x) => x.id));
  const subj = known([...prior.subjects, ...(prior.pastSubjects ?? [])]);
  const per = known([...prior.periods, ...(prior.pastPeriods ?? [])]);
  return {
    ...prior,
    pastSubjects: [...(prior.pastSubjects ?? []), ...diary.subjects.filter((x) => !subj.has(x.id))],
    pastPeriods: [...(prior.pastPeriods ?? []), ...diary.periods.filter((x) => !per.has(x.id))],
    // The diary's own figures the archive lacks (an export's past period and year marks): added, never replacing one it has.
    ...withFigures(prior, diary.reported ?? []),
  };
}

const within = (day: string, ranges: readonly Days[]) => ranges.some((r) => r.from <= day && day <= r.to);

/** Figures of periods the new diary no longer has (a finished year's period and year marks), kept once each. */
function pastReportedOf(prior: ArchivedStudent | undefined, diary: Diary): ReportedFigure[] {
  const now = new Set(diary.periods.map((p) => p.id));
  const seen = new Set<string>();
  return [...(prior?.reported ?? []), ...(prior?.pastReported ?? [])].filter((r) => {
    if (r.period === undefined || now.has(r.period)) return false;
    const k = `${r.subject}|${r.period}`;
    return !seen.has(k) && (seen.add(k), true);
  });
}

/** Items of `before` that `now` lacks (by id, first of each), to keep as history. */
function pastOf<T extends { id: string }>(before: readonly T[], now: readonly T[]): T[] {
  const ids = new Set(now.map((x) => x.id));
  return before.filter((x) => !ids.has(x.id) && (ids.add(x.id), true));
}

export interface ArchiveOptions {
  name?: string;
  /** Called when an older open connection blocks an upgrade, or this one blocks a newer. */
  onBlocked?: () => void;
  onBlocking?: () => void;
  onTerminated?: () => void;
}

export async function openArchive(options: ArchiveOptions = {}) {
  let db: IDBPDatabase<ArchiveSchema>;
  // A step that fails must take the whole version change with it: IndexedDB would otherwise commit
  // the half-done upgrade (the new version, its stores empty, the old data stranded), and the step
  // would never run again.
  let failed: unknown = null;
  try {
    db = await openDB<ArchiveSchema>(options.name ?? ARCHIVE_DB, ARCHIVE_VERSION, {
      // Steps may read and rewrite stored data: each runs after the one before, inside the one upgrade transaction.
      async upgrade(database, oldVersion, _newVersion, tx) {
        try {
          for (let v = oldVersion; v < ARCHIVE_VERSION; v++) await UPGRADES[v]!(database, tx);
        } catch (err) {
          failed = err;
          // The aborted transaction's own promise is answered here: the reason travels as `failed`.
          tx.done.catch(() => {});
          try {
            tx.abort();
          } catch {
            /* already finished: the open request reports it */
          }
        }
      },
      blocked: () => options.onBlocked?.(),
      // A newer version wants to open: step aside so it can.
      blocking: () => {
        db?.close();
        options.onBlocking?.();
      },
      terminated: () => options.onTerminated?.(),
    });
  } catch (err) {
    if (failed)
      throw new StoreError(
        'failed',
        `The archive could not be upgraded to version ${ARCHIVE_VERSION}; nothing was changed: ${(failed as Error)?.message ?? String(failed)}`,
      );
    throw storeErrorOf(err);
  }
  if (failed) {
    // The transaction had already committed when the step failed (an await past its last request).
    db.close();
    throw new StoreError('failed', `The archive upgrade failed: ${(failed as Error)?.message ?? String(failed)}`);
  }

  /** The last known diary of a student (current marks only), for the offline view; null if never seen. */
  async function lastKnown(account: string, student: string): Promise<{ diary: Diary; fetchedAt: string } | null> {
    const s = await db.get('students', [account, student]);
    if (!s) return null;
    const marks = (await db.getAll('buckets', studentRange(account, student))).flatMap((b) =>
      b.marks.filter((e) => !e.removedAt).map((e) => e.mark),
    );
    const finals = (await db.getAllFromIndex('finals', 'by-student', [account, student])).map((f) => f.final);
    const diary: Diary = { version: 1, student: s.info, subjects: s.subjects, periods: s.periods, marks, reported: s.reported };
    if (finals.length) diary.finals = finals;
    if (s.attendance) diary.attendance = s.attendance;
    return { diary, fetchedAt: s.fetchedAt };
  }

  return {
    db,
    /** Merges one diary (a fetch, or an import with `mode: 'import'`): the plan (`planMerge`), written in one transaction. Idempotent. */
    async merge(account: string, diary: Diary, now: Date = new Date(), mergeOptions: MergeOptions = {}): Promise<MergeResult> {
      const student = diary.student.id;
      try {
        const tx = db.transaction(['buckets', 'students', 'finals'], 'readwrite');
        const [buckets, finals, record] = await Promise.all([
          tx.objectStore('buckets').getAll(studentRange(account, student)),
          tx.objectStore('finals').getAll(studentRange(account, student)),
          tx.objectStore('students').get([account, student]),
        ]);
        const plan = planMerge(account, { buckets, finals, record: record ?? null }, diary, now, mergeOptions);
        // Queued, not awaited one by one: the transaction commits them together or not at all.
        const writes: Promise<unknown>[] = [
          ...plan.put.buckets.map((b) => tx.objectStore('buckets').put(b)),
          ...plan.deleteBuckets.map((k) => tx.objectStore('buckets').delete(k)),
          ...plan.put.finals.map((f) => tx.objectStore('finals').put(f)),
          tx.objectStore('students').put(plan.put.record),
        ];
        await Promise.all([...writes, tx.done]);
        return plan.result;
      } catch (err) {
        throw storeErrorOf(err);
      }
    },
    /** Every archived mark of a student (removed ones included, flagged), optionally one subject, in date order. */
    async timeline(account: string, student: string, subject?: string): Promise<ArchivedMark[]> {
      const buckets = await db.getAll(
        'buckets',
        subject === undefined ? studentRange(account, student) : subjectRange(account, student, subject),
      );
      const out: ArchivedMark[] = [];
      for (const b of buckets) {
        for (const e of b.marks) {
          const m: ArchivedMark = {
            account,
            student,
            key: e.key,
            subject: b.subject,
            date: e.date,
            mark: e.mark,
            firstSeen: e.firstSeen,
            lastSeen: e.lastSeen,
            history: e.history,
          };
          if (e.removedAt) m.removedAt = e.removedAt;
          out.push(m);
        }
      }
      // Stable: marks of one day keep the order the diary gave them.
      return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    },
    lastKnown,
    /** The records a newer version could not read, set aside (v4): for the options page and the export. */
    quarantined: async (): Promise<QuarantinedRecord[]> => db.getAll('quarantine'),
    /** The student's archived record (what the last fetch left, `fullAt` included); null if never seen. */
    record: async (account: string, student: string): Promise<ArchivedStudent | null> =>
      (await db.get('students', [account, student])) ?? null,
    /** The marks standing (not removed) between two days, inclusive: the windows a recent-only fetch did not ask for. */
    async marksBetween(account: string, student: string, from: string, to: string): Promise<Mark[]> {
      const out: Mark[] = [];
      for (const b of await db.getAll('buckets', studentRange(account, student)))
        for (const e of b.marks) if (!e.removedAt && e.date >= from && e.date <= to) out.push(e.mark);
      return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    },
    /**
     * Everything the archive knows of a student as one `Diary` in the data model: every mark still
     * standing (past years too), the subjects and periods of every fetch, the year marks. What
     * export writes and charts across years read; importable again.
     */
    async history(account: string, student: string): Promise<Diary | null> {
      const known = await lastKnown(account, student);
      const s = await db.get('students', [account, student]);
      if (!known || !s) return null;
      const byDate = (a: { start: string }, b: { start: string }) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0);
      return {
        ...known.diary,
        marks: known.diary.marks.slice().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
        subjects: [...s.subjects, ...(s.pastSubjects ?? [])],
        reported: [...s.reported, ...(s.pastReported ?? [])],
        periods: [...s.periods, ...(s.pastPeriods ?? [])].sort(byDate),
        source: { system: accountOf(account)?.system ?? account, fetchedAt: s.fetchedAt, ...(s.timeZone ? { timeZone: s.timeZone } : {}) },
      };
    },
    /** The students archived for an account, for the offline popup. */
    async students(account: string): Promise<Student[]> {
      return (await db.getAll('students')).filter((s) => s.account === account).map((s) => s.info);
    },
    /** Every archived student with the account it is filed under. */
    async everyone(): Promise<Array<{ account: string; student: Student }>> {
      return (await db.getAll('students')).map((s) => ({ account: s.account, student: s.info }));
    },
    /**
     * Hands children archived under one account to another (a login's children archived before
     * Tabel told logins apart): each of `students` the new account does not have yet moves, with
     * everything it holds; the others stay where they are. Answers which moved.
     */
    async claim(from: string, to: string, students: readonly string[]): Promise<string[]> {
      if (from === to) return [];
      try {
        const tx = db.transaction(['buckets', 'students', 'finals'], 'readwrite');
        const records = tx.objectStore('students');
        const moving = new Set<string>();
        for (const id of students) if ((await records.get([from, id])) && !(await records.get([to, id]))) moving.add(id);
        if (moving.size) await rekey(tx, from, to, moving);
        await tx.done;
        return [...moving];
      } catch (err) {
        throw storeErrorOf(err);
      }
    },
    /** Every store as it is: the backup written into the JSON export (lib/store/backup.ts). */
    async dump(): Promise<ArchiveDump> {
      const tx = db.transaction(['buckets', 'students', 'finals', 'quarantine'], 'readonly');
      const [students, buckets, finals, quarantine] = await Promise.all([
        tx.objectStore('students').getAll(),
        tx.objectStore('buckets').getAll(),
        tx.objectStore('finals').getAll(),
        tx.objectStore('quarantine').getAll(),
      ]);
      return { archiveVersion: ARCHIVE_VERSION, students, buckets, finals, quarantine: quarantine.map(({ id: _id, ...q }) => q) };
    },
    /**
     * Restores a backup (validated by the caller with `dumpProblems`): into an empty archive exactly
     * as it was; over what the archive holds, only adding, conflicts set aside (`planRestore`). One
     * transaction: all of it or nothing.
     */
    async restore(dump: ArchiveDump, now: Date = new Date()): Promise<{ added: number; conflicts: number; students: number }> {
      try {
        const tx = db.transaction(['buckets', 'students', 'finals', 'quarantine'], 'readwrite');
        const [students, buckets, finals, quarantine] = await Promise.all([
          tx.objectStore('students').getAll(),
          tx.objectStore('buckets').getAll(),
          tx.objectStore('finals').getAll(),
          tx.objectStore('quarantine').getAll(),
        ]);
        const plan = planRestore(
          { students, buckets, finals, quarantine: quarantine.map(({ id: _id, ...q }) => q) },
          dump,
          now.toISOString(),
        );
        const writes: Promise<unknown>[] = [
          ...plan.put.students.map((x) => tx.objectStore('students').put(x)),
          ...plan.put.buckets.map((x) => tx.objectStore('buckets').put(x)),
          ...plan.put.finals.map((x) => tx.objectStore('finals').put(x)),
          ...plan.put.quarantine.map((x) => tx.objectStore('quarantine').add(x)),
        ];
        await Promise.all([...writes, tx.done]);
        return { added: plan.added, conflicts: plan.conflicts, students: dump.students.length };
      } catch (err) {
        throw storeErrorOf(err);
      }
    },
    /** Keeps records aside (an import's conflicts): listed in the options, written into the export. */
    async setAside(records: ReadonlyArray<Omit<QuarantinedRecord, 'id'>>): Promise<void> {
      if (!records.length) return;
      try {
        const tx = db.transaction('quarantine', 'readwrite');
        await Promise.all([...records.map((r) => tx.store.add(r)), tx.done]);
      } catch (err) {
        throw storeErrorOf(err);
      }
    },
    async deleteStudent(account: string, student: string): Promise<void> {
      const tx = db.transaction(['buckets', 'students', 'finals'], 'readwrite');
      await Promise.all([
        tx.objectStore('buckets').delete(studentRange(account, student)),
        tx.objectStore('finals').delete(studentRange(account, student)),
        tx.objectStore('students').delete([account, student]),
        tx.done,
      ]);
    },
    async deleteAll(): Promise<void> {
      const tx = db.transaction(['buckets', 'students', 'finals', 'quarantine'], 'readwrite');
      await Promise.all([
        tx.objectStore('buckets').clear(),
        tx.objectStore('students').clear(),
        tx.objectStore('finals').clear(),
        tx.objectStore('quarantine').clear(),
        tx.done,
      ]);
    },
    close: () => db.close(),
  };
}

export type Archive = Awaited<ReturnType<typeof openArchive>>;
