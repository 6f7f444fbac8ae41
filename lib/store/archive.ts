import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Diary, Mark, Period, ReportedFigure, Student, Subject } from '../model/types';

/**
 * The archive: every diary fetch is merged into IndexedDB per account and student, so marks
 * outlive the school year (MESH returns only the current one) and the last known diary is there
 * when the site is down. Lives in the extension's own origin (background or extension pages).
 *
 * A mark is keyed by its source id, or by a stable key built from subject, date, control form and
 * its order among such marks. The first time Tabel saw it is kept; a teacher's edit or removal is
 * recorded as such, never silently overwritten. Merging the same data twice changes nothing.
 */

export const ARCHIVE_DB = 'tabel-archive';

export interface MarkChange {
  at: string;
  change: 'edited' | 'removed' | 'restored';
  /** The mark as it was before the change. */
  before: Mark;
}

export interface ArchivedMark {
  account: string;
  student: string;
  key: string;
  subject: string;
  date: string;
  mark: Mark;
  firstSeen: string;
  lastSeen: string;
  /** Set while the mark is gone from the diary. */
  removedAt?: string;
  history: MarkChange[];
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
}

interface ArchiveSchema extends DBSchema {
  marks: {
    key: [string, string, string];
    value: ArchivedMark;
    indexes: { 'by-student': [string, string]; 'by-subject': [string, string, string, string] };
  };
  students: { key: [string, string]; value: ArchivedStudent };
}

/** Upgrade steps, one per schema version, run in order from the stored version: never edit a shipped step. */
export const UPGRADES: Array<(db: IDBPDatabase<ArchiveSchema>) => void> = [
  // v1: marks and students.
  (db) => {
    const marks = db.createObjectStore('marks', { keyPath: ['account', 'student', 'key'] });
    marks.createIndex('by-student', ['account', 'student']);
    marks.createIndex('by-subject', ['account', 'student', 'subject', 'date']);
    db.createObjectStore('students', { keyPath: ['account', 'student'] });
  },
];
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

export interface ArchiveOptions {
  name?: string;
  /** Called when an older open connection blocks an upgrade, or this one blocks a newer. */
  onBlocked?: () => void;
  onBlocking?: () => void;
  onTerminated?: () => void;
}

export async function openArchive(options: ArchiveOptions = {}) {
  let db: IDBPDatabase<ArchiveSchema>;
  try {
    db = await openDB<ArchiveSchema>(options.name ?? ARCHIVE_DB, ARCHIVE_VERSION, {
      upgrade(database, oldVersion) {
        for (let v = oldVersion; v < ARCHIVE_VERSION; v++) UPGRADES[v]!(database);
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
    throw storeErrorOf(err);
  }

  /** The period range the fetched diary covers: marks outside it are history, not removals. */
  function coverage(diary: Diary): [string, string] | null {
    if (!diary.periods.length) return null;
    const starts = diary.periods.map((p) => p.start.slice(0, 10)).sort();
    const ends = diary.periods.map((p) => p.end.slice(0, 10)).sort();
    return [starts[0]!, ends[ends.length - 1]!];
  }

  return {
    db,
    /** Merges one fetched diary; returns what changed. Idempotent. */
    async merge(account: string, diary: Diary, now: Date = new Date()): Promise<MergeResult> {
      const at = now.toISOString();
      const student = diary.student.id;
      const result: MergeResult = { added: [], edited: [], removed: [], unchanged: 0 };
      try {
        const tx = db.transaction(['marks', 'students'], 'readwrite');
        const marks = tx.objectStore('marks');
        const existing = new Map((await marks.index('by-student').getAll([account, student])).map((r) => [r.key, r]));
        const keys = markKeys(diary.marks);
        const present = new Set<string>();
        // Queued, not awaited one by one: the transaction commits them together or not at all.
        const writes: Promise<unknown>[] = [];
        for (let i = 0; i < diary.marks.length; i++) {
          const mark = diary.marks[i]!;
          const key = keys[i]!;
          present.add(key);
          const old = existing.get(key);
          if (!old) {
            writes.push(marks.put({ account, student, key, subject: mark.subject, date: mark.date.slice(0, 10), mark, firstSeen: at, lastSeen: at, history: [] }));
            result.added.push(mark);
          } else if (old.removedAt) {
            writes.push(marks.put({ ...old, mark, lastSeen: at, removedAt: undefined, history: [...old.history, { at, change: 'restored', before: old.mark }] }));
            result.added.push(mark);
          } else if (!sameMark(old.mark, mark)) {
            writes.push(marks.put({ ...old, mark, subject: mark.subject, date: mark.date.slice(0, 10), lastSeen: at, history: [...old.history, { at, change: 'edited', before: old.mark }] }));
            result.edited.push({ before: old.mark, after: mark });
          } else {
            // lastSeen is not rewritten for unchanged marks: merging the same data twice changes nothing.
            result.unchanged++;
          }
        }
        const range = coverage(diary);
        if (range) {
          for (const old of existing.values()) {
            if (present.has(old.key) || old.removedAt || old.date < range[0] || old.date > range[1]) continue;
            writes.push(marks.put({ ...old, removedAt: at, history: [...old.history, { at, change: 'removed', before: old.mark }] }));
            result.removed.push(old.mark);
          }
        }
        writes.push(tx.objectStore('students').put({
          account,
          student,
          info: diary.student,
          subjects: diary.subjects,
          periods: diary.periods,
          reported: diary.reported ?? [],
          fetchedAt: diary.source?.fetchedAt ?? at,
        }));
        await Promise.all([...writes, tx.done]);
      } catch (err) {
        throw storeErrorOf(err);
      }
      return result;
    },
    /** Every archived mark of a student (removed ones included, flagged), optionally one subject, in date order. */
    async timeline(account: string, student: string, subject?: string): Promise<ArchivedMark[]> {
      if (subject === undefined) return (await db.getAllFromIndex('marks', 'by-student', [account, student])).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      return db.getAllFromIndex('marks', 'by-subject', IDBKeyRange.bound([account, student, subject, ''], [account, student, subject, '\uffff']));
    },
    /** The last known diary of a student (current marks only), for the offline view; null if never seen. */
    async lastKnown(account: string, student: string): Promise<{ diary: Diary; fetchedAt: string } | null> {
      const s = await db.get('students', [account, student]);
      if (!s) return null;
      const marks = (await db.getAllFromIndex('marks', 'by-student', [account, student])).filter((m) => !m.removedAt).map((m) => m.mark);
      return { diary: { version: 1, student: s.info, subjects: s.subjects, periods: s.periods, marks, reported: s.reported }, fetchedAt: s.fetchedAt };
    },
    /** The students archived for an account, for the offline popup. */
    async students(account: string): Promise<Student[]> {
      return (await db.getAll('students')).filter((s) => s.account === account).map((s) => s.info);
    },
    async deleteStudent(account: string, student: string): Promise<void> {
      const tx = db.transaction(['marks', 'students'], 'readwrite');
      const idx = tx.objectStore('marks').index('by-student');
      for (let c = await idx.openCursor([account, student]); c; c = await c.continue()) await c.delete();
      await tx.objectStore('students').delete([account, student]);
      await tx.done;
    },
    async deleteAll(): Promise<void> {
      const tx = db.transaction(['marks', 'students'], 'readwrite');
      await Promise.all([tx.objectStore('marks').clear(), tx.objectStore('students').clear(), tx.done]);
    },
    close: () => db.close(),
  };
}

export type Archive = Awaited<ReturnType<typeof openArchive>>;
