import type { Mark, ReportedFigure } from '../model/types';
import { parseDiary, parseMarks, type DataIssue } from '../model/validate';
import { accountOf } from '../sources/registry';
import type { ArchivedFinal, ArchivedStudent, MarkBucket, QuarantinedRecord } from './archive';

/**
 * The archive as a backup: every store as it is (marks with their first-seen dates, edits and
 * removals, the records with the diary's own past figures, the year marks, what was set aside),
 * written into the JSON export so that export → delete all → import gives the archive back exactly.
 * Read back from a file, it is untrusted input: validated whole before anything is written.
 */
export interface ArchiveDump {
  archiveVersion: number;
  students: ArchivedStudent[];
  buckets: MarkBucket[];
  finals: ArchivedFinal[];
  quarantine: Array<Omit<QuarantinedRecord, 'id'>>;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isText = (x: unknown): x is string => typeof x === 'string' && x.length > 0;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const CHANGES = new Set(['edited', 'removed', 'restored']);

/** Every problem of a dump read from a file, with its path; none means it may be restored. */
export function dumpProblems(input: unknown, at = 'archive'): DataIssue[] {
  const out: DataIssue[] = [];
  const say = (keys: Array<string | number>, message: string) => {
    const path = [at, ...keys].reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : p ? `${p}.${k}` : k), '');
    out.push({ path, keys: [at, ...keys], message });
  };
  if (!isObject(input)) {
    say([], 'expected the archive’s stores');
    return out;
  }
  if (typeof input.archiveVersion !== 'number') say(['archiveVersion'], 'expected a number');
  const lists = ['students', 'buckets', 'finals', 'quarantine'] as const;
  for (const name of lists) if (!Array.isArray(input[name])) say([name], 'expected a list');
  if (out.length) return out;
  const owner = (x: Record<string, unknown>, keys: Array<string | number>) => {
    if (!isText(x.account) || !accountOf(x.account)) say([...keys, 'account'], 'expected an account `system|host|person`');
    if (!isText(x.student)) say([...keys, 'student'], 'expected a student id');
  };
  const marks = (list: unknown[], keys: Array<string | number>) => {
    const r = parseMarks(list);
    if (!r.ok) for (const i of r.error.issues) say([...keys, ...i.keys], i.message);
  };
  (input.students as unknown[]).forEach((s, i) => {
    if (!isObject(s)) return say(['students', i], 'expected a student’s record');
    owner(s, ['students', i]);
    const subjects = [...((s.subjects as unknown[]) ?? []), ...((s.pastSubjects as unknown[]) ?? [])];
    const periods = [...((s.periods as unknown[]) ?? []), ...((s.pastPeriods as unknown[]) ?? [])];
    const reported = [...((s.reported as unknown[]) ?? []), ...((s.pastReported as unknown[]) ?? [])];
    // The record's parts are the data model's: checked as one diary without marks (shapes, not which subject a figure names).
    const named = new Set(subjects.map((x) => (isObject(x) ? x.id : undefined)));
    const extra = reported.flatMap((r) =>
      isObject(r) && typeof r.subject === 'string' && !named.has(r.subject) ? [{ id: r.subject, name: r.subject }] : [],
    );
    const r = parseDiary({
      version: 1,
      student: s.info,
      subjects: [...subjects, ...new Map(extra.map((x) => [x.id, x])).values()],
      periods,
      marks: [],
      reported,
      ...(s.attendance !== undefined ? { attendance: s.attendance } : {}),
    });
    if (!r.ok) for (const issue of r.error.issues) say(['students', i, ...issue.keys], issue.message);
    if (!isText(s.fetchedAt) || !INSTANT.test(s.fetchedAt)) say(['students', i, 'fetchedAt'], 'expected an ISO time');
  });
  (input.buckets as unknown[]).forEach((b, i) => {
    if (!isObject(b)) return say(['buckets', i], 'expected a bucket of marks');
    owner(b, ['buckets', i]);
    if (!isText(b.subject)) say(['buckets', i, 'subject'], 'expected a subject id');
    if (!isText(b.year) || !/^\d{4}$/.test(b.year)) say(['buckets', i, 'year'], 'expected a year such as "2025"');
    if (!Array.isArray(b.marks)) return say(['buckets', i, 'marks'], 'expected a list');
    b.marks.forEach((e: unknown, j: number) => {
      const k = ['buckets', i, 'marks', j];
      if (!isObject(e)) return say(k, 'expected an archived mark');
      if (!isText(e.key)) say([...k, 'key'], 'expected a key');
      if (!isText(e.date) || !DAY.test(e.date)) say([...k, 'date'], 'expected YYYY-MM-DD');
      for (const t of ['firstSeen', 'lastSeen'] as const) if (!isText(e[t]) || !INSTANT.test(e[t])) say([...k, t], 'expected an ISO time');
      if (e.removedAt !== undefined && (!isText(e.removedAt) || !INSTANT.test(e.removedAt)))
        say([...k, 'removedAt'], 'expected an ISO time');
      if (!Array.isArray(e.history)) return say([...k, 'history'], 'expected a list');
      const befores: unknown[] = [];
      e.history.forEach((h: unknown, n: number) => {
        if (!isObject(h) || !isText(h.at) || !INSTANT.test(h.at) || !CHANGES.has(h.change as string))
          return say([...k, 'history', n], 'expected a change {at, change, before}');
        befores.push(h.before);
      });
      marks([e.mark, ...befores], k);
    });
  });
  (input.finals as unknown[]).forEach((f, i) => {
    if (!isObject(f)) return say(['finals', i], 'expected a year mark');
    owner(f, ['finals', i]);
    if (!isText(f.year) || !isText(f.subject)) say(['finals', i], 'expected its year and subject');
    const r = parseDiary({ version: 1, student: { id: 'x', name: 'x' }, subjects: [], periods: [], marks: [], finals: [f.final] });
    if (!r.ok) for (const issue of r.error.issues) say(['finals', i, 'final', ...issue.keys.slice(2)], issue.message);
    if (!isText(f.firstSeen) || !INSTANT.test(f.firstSeen)) say(['finals', i, 'firstSeen'], 'expected an ISO time');
  });
  (input.quarantine as unknown[]).forEach((q, i) => {
    if (!isObject(q) || !isText(q.from) || !isText(q.reason) || !isText(q.at))
      say(['quarantine', i], 'expected a record set aside {from, reason, at, record}');
  });
  return out;
}

/** What the archive holds now, of the accounts and students a dump names. */
export interface RestoreState {
  students: readonly ArchivedStudent[];
  buckets: readonly MarkBucket[];
  finals: readonly ArchivedFinal[];
  quarantine: ReadonlyArray<Omit<QuarantinedRecord, 'id'>>;
}

export interface RestorePlan {
  put: { students: ArchivedStudent[]; buckets: MarkBucket[]; finals: ArchivedFinal[]; quarantine: Array<Omit<QuarantinedRecord, 'id'>> };
  /** Marks the archive did not have, now added with their own dates and history. */
  added: number;
  /** Marks and year marks the file has otherwise than the archive: the archive's kept, the file's set aside. */
  conflicts: number;
}

/**
 * A record's figures with those of `figures` it lacks (by subject and period) added, never one it
 * has replaced: a current period's into `reported`, a past one's into `pastReported`.
 */
export function withFigures(
  prior: ArchivedStudent,
  figures: readonly ReportedFigure[],
): Pick<ArchivedStudent, 'reported' | 'pastReported'> {
  const known = new Set([...prior.reported, ...(prior.pastReported ?? [])].map((r) => `${r.subject}|${r.period ?? ''}`));
  const current = new Set(prior.periods.map((p) => p.id));
  const lacking = figures.filter((r) => {
    const k = `${r.subject}|${r.period ?? ''}`;
    return !known.has(k) && (known.add(k), true);
  });
  return {
    reported: [...prior.reported, ...lacking.filter((r) => r.period !== undefined && current.has(r.period))],
    pastReported: [...(prior.pastReported ?? []), ...lacking.filter((r) => r.period === undefined || !current.has(r.period))],
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const studentKey = (x: { account: string; student: string }) => JSON.stringify([x.account, x.student]);

/**
 * Restoring a dump over what the archive holds, decided without I/O. Into an empty archive it
 * writes the dump as it is. Over a child the archive knows, nothing there is overwritten: marks,
 * year marks and figures it lacks are added (with their first-seen dates and history), and one the
 * file has otherwise is a conflict — the archive's stays, the file's is set aside (quarantine),
 * counted, never dropped.
 */
export function planRestore(now: RestoreState, dump: ArchiveDump, at: string): RestorePlan {
  const plan: RestorePlan = { put: { students: [], buckets: [], finals: [], quarantine: [] }, added: 0, conflicts: 0 };
  const aside = (reason: string, record: unknown) => {
    plan.conflicts++;
    plan.put.quarantine.push({ from: 'import', reason, at, record });
  };
  const records = new Map(now.students.map((s) => [studentKey(s), s]));
  for (const s of dump.students) {
    const old = records.get(studentKey(s));
    if (!old) {
      plan.put.students.push(s);
      records.set(studentKey(s), s);
      continue;
    }
    const ids = (xs: ReadonlyArray<{ id: string }>) => new Set(xs.map((x) => x.id));
    const subj = ids([...old.subjects, ...(old.pastSubjects ?? [])]);
    const per = ids([...old.periods, ...(old.pastPeriods ?? [])]);
    plan.put.students.push({
      ...old,
      pastSubjects: [
        ...(old.pastSubjects ?? []),
        ...[...s.subjects, ...(s.pastSubjects ?? [])].filter((x) => !subj.has(x.id) && (subj.add(x.id), true)),
      ],
      pastPeriods: [
        ...(old.pastPeriods ?? []),
        ...[...s.periods, ...(s.pastPeriods ?? [])].filter((x) => !per.has(x.id) && (per.add(x.id), true)),
      ],
      // The diary's own figures the archive lacks (a finished year's period and year marks).
      ...withFigures(old, [...s.reported, ...(s.pastReported ?? [])]),
    });
  }
  // Marks by key per student, wherever (which bucket) they are filed now.
  const buckets = new Map<string, MarkBucket>();
  const where = new Map<string, MarkBucket>();
  const bucketId = (b: Pick<MarkBucket, 'account' | 'student' | 'subject' | 'year'>) =>
    JSON.stringify([b.account, b.student, b.subject, b.year]);
  for (const b of now.buckets) {
    const copy = { ...b, marks: [...b.marks] };
    buckets.set(bucketId(b), copy);
    for (const e of b.marks) where.set(`${studentKey(b)}|${e.key}`, copy);
  }
  const dirty = new Set<MarkBucket>();
  for (const b of dump.buckets) {
    for (const e of b.marks) {
      const k = `${studentKey(b)}|${e.key}`;
      const found = where.get(k);
      if (found) {
        const mine = found.marks.find((x) => x.key === e.key)!;
        if (!same(mine, e))
          aside('differs from the archived mark with the same key', {
            account: b.account,
            student: b.student,
            subject: b.subject,
            entry: e,
          });
        continue;
      }
      let to = buckets.get(bucketId(b));
      if (!to) buckets.set(bucketId(b), (to = { account: b.account, student: b.student, subject: b.subject, year: b.year, marks: [] }));
      to.marks.push(e);
      where.set(k, to);
      dirty.add(to);
      plan.added++;
    }
  }
  plan.put.buckets = [...dirty];
  const finals = new Map(now.finals.map((f) => [JSON.stringify([f.account, f.student, f.year, f.subject]), f]));
  for (const f of dump.finals) {
    const k = JSON.stringify([f.account, f.student, f.year, f.subject]);
    const old = finals.get(k);
    if (!old) {
      plan.put.finals.push(f);
      finals.set(k, f);
    } else if (!same(old.final, f.final)) aside('differs from the archived year mark', f);
  }
  for (const q of dump.quarantine) if (!now.quarantine.some((x) => same(x, q))) plan.put.quarantine.push(q);
  return plan;
}

/**
 * Marks of one diary that repeat an earlier mark's id with other content: one id is one mark to
 * the archive, so these are set aside and reported instead of silently merged away.
 */
export function repeatedIds(marks: readonly Mark[]): { kept: Mark[]; repeated: Mark[] } {
  const first = new Map<string, Mark>();
  const kept: Mark[] = [];
  const repeated: Mark[] = [];
  for (const m of marks) {
    const seen = m.id === undefined ? undefined : first.get(m.id);
    if (seen === undefined) {
      if (m.id !== undefined) first.set(m.id, m);
      kept.push(m);
    } else if (!same(seen, m)) repeated.push(m);
  }
  return { kept, repeated };
}
