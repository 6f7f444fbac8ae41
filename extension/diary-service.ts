import type { Diary, Student } from '../lib/model/types';
import { createMeshSource, MeshClient } from '../lib/sources/mesh';
import { SourceError, type DiarySourceAdapter, type SchemaIssue } from '../lib/sources/types';
import type { DiaryAnswer, Failure, StudentsAnswer } from './messages';

/**
 * The background's view of the diary: reads through the MESH source with the browser's own
 * cookies (no token is ever copied out of the cookie jar), and keeps the last answer in memory
 * for a short while so the overlay, popup and options share one set of requests.
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
    return { ok: false, kind: err.kind, message: err.message };
  }
  return { ok: false, kind: 'internal', message: 'Unexpected error while reading the diary' };
}

export function createDiaryService(
  source: DiarySourceAdapter = createMeshSource(new MeshClient({ auth: { mode: 'cookie' } })),
  /** Told about every 401/403, so the session keeper can renew. */
  onUnauthorized: () => void = () => {},
) {
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

  return {
    async students(fresh = false): Promise<StudentsAnswer> {
      if (!fresh && students && Date.now() - students.at < FRESH_MS) {
        return { ok: true, students: students.value, issues: students.issues, fetchedAt: new Date(students.at).toISOString() };
      }
      try {
        const r = await once('students', () => source.listStudents());
        students = { at: Date.now(), value: r.value, issues: r.issues };
        return { ok: true, students: r.value, issues: r.issues, fetchedAt: new Date().toISOString() };
      } catch (err) {
        return failureOf(err, onUnauthorized);
      }
    },
    async diary(studentId: string, fresh = false): Promise<DiaryAnswer> {
      const hit = diaries.get(studentId);
      if (!fresh && hit && Date.now() - hit.at < FRESH_MS) {
        return { ok: true, diary: hit.value, issues: hit.issues, fetchedAt: new Date(hit.at).toISOString() };
      }
      try {
        const r = await once(`diary:${studentId}`, () => source.fetchDiary(studentId));
        diaries.set(studentId, { at: Date.now(), value: r.value, issues: r.issues });
        return { ok: true, diary: r.value, issues: r.issues, fetchedAt: new Date().toISOString() };
      } catch (err) {
        return failureOf(err, onUnauthorized);
      }
    },
    forget(): void {
      students = null;
      diaries.clear();
    },
  };
}
