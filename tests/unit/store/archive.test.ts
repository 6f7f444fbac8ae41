import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { Diary, Mark } from '../../../lib/model/types';
import { ARCHIVE_VERSION, markKeys, openArchive, StoreError, UPGRADES } from '../../../lib/store/archive';
import { mark, sampleDiary } from '../fixtures';
import { openArchive as openArchiveV4 } from '../../fixtures/archive-v4/archive';

let n = 0;
const fresh = () => `archive-test-${++n}`;
const T1 = new Date('2025-12-20T18:00:00Z');
const T2 = new Date('2025-12-21T18:00:00Z');
const withMarks = (marks: Mark[]): Diary => ({ ...sampleDiary(), marks });

describe('the archive', () => {
  it('keeps the first time each mark was seen, and merging the same data twice changes nothing', async () => {
    const a = await openArchive({ name: fresh() });
    const d = sampleDiary();
    const first = await a.merge('acc', d, T1);
    expect(first.added).toHaveLength(d.marks.length);
    const before = await a.timeline('acc', 's1');
    const again = await a.merge('acc', JSON.parse(JSON.stringify(d)), T2);
    expect(again).toEqual({ added: [], edited: [], removed: [], unchanged: d.marks.length });
    expect(await a.timeline('acc', 's1')).toEqual(before);
    expect(before.every((m) => m.firstSeen === T1.toISOString())).toBe(true);
    a.close();
  });

  it('records a teacher’s edit and removal as such, and a mark that comes back', async () => {
    const a = await openArchive({ name: fresh() });
    const m1 = mark(3, 1, { id: 'x1', date: '2025-10-01' });
    const m2 = mark(5, 1, { id: 'x2', date: '2025-10-02' });
    await a.merge('acc', withMarks([m1, m2]), T1);
    const edited = await a.merge('acc', withMarks([{ ...m1, value: 4 }, m2]), T2);
    expect(edited.edited).toEqual([{ before: m1, after: { ...m1, value: 4 } }]);
    const removed = await a.merge('acc', withMarks([{ ...m1, value: 4 }]), new Date('2025-12-22T00:00:00Z'));
    expect(removed.removed).toEqual([m2]);
    const rec = await a.timeline('acc', 's1');
    expect(rec.find((r) => r.key === 'id:x1')!.history.map((h) => [h.change, h.before.value])).toEqual([['edited', 3]]);
    expect(rec.find((r) => r.key === 'id:x2')!.removedAt).toBe('2025-12-22T00:00:00.000Z');
    expect((await a.lastKnown('acc', 's1'))!.diary.marks).toEqual([{ ...m1, value: 4 }]);
    const back = await a.merge('acc', withMarks([{ ...m1, value: 4 }, m2]), new Date('2025-12-23T00:00:00Z'));
    expect(back.added).toEqual([m2]);
    expect((await a.timeline('acc', 's1')).find((r) => r.key === 'id:x2')!.history.map((h) => h.change)).toEqual(['removed', 'restored']);
    a.close();
  });

  it('removes a mark only when a complete answer for its days no longer has it: a window that failed removes nothing', async () => {
    const a = await openArchive({ name: fresh() });
    const oct = mark(5, 1, { id: 'oct', date: '2025-10-10' });
    const nov = mark(4, 1, { id: 'nov', date: '2025-11-10' });
    await a.merge('acc', withMarks([oct, nov]), T1);
    // October's window failed: the answer has November only, and covers November only.
    const partial = await a.merge('acc', withMarks([nov]), T2, { covered: [{ from: '2025-11-01', to: '2025-11-30' }] });
    expect(partial.removed).toEqual([]);
    expect((await a.lastKnown('acc', 's1'))!.diary.marks.map((m) => m.id).sort()).toEqual(['nov', 'oct']);
    expect((await a.history('acc', 's1'))!.marks.map((m) => m.id)).toContain('oct');
    // A complete answer for October without the mark: now it is removed.
    const full = await a.merge('acc', withMarks([nov]), T2, { covered: [{ from: '2025-10-01', to: '2025-11-30' }] });
    expect(full.removed.map((m) => m.id)).toEqual(['oct']);
    a.close();
  });

  it('keeps marks of past years that the diary no longer returns', async () => {
    const a = await openArchive({ name: fresh() });
    const old = mark(5, 1, { id: 'old', date: '2024-10-01' });
    await a.merge('acc', withMarks([old, mark(4, 1, { id: 'now', date: '2025-10-01' })]), T1);
    const r = await a.merge('acc', withMarks([mark(4, 1, { id: 'now', date: '2025-10-01' })]), T2);
    expect(r.removed).toEqual([]);
    expect((await a.timeline('acc', 's1')).map((m) => m.key)).toEqual(['id:old', 'id:now']);
    a.close();
  });

  it('keys marks without ids stably by subject, date, form and order', () => {
    const a = mark(5, 1, { id: undefined, date: '2025-10-01', kind: 'Ответ' });
    const b = mark(4, 1, { id: undefined, date: '2025-10-01', kind: 'Ответ' });
    expect(markKeys([a, b])).toEqual(['k:alg|2025-10-01|Ответ|0', 'k:alg|2025-10-01|Ответ|1']);
    expect(markKeys([{ ...a, value: 3 }, b])).toEqual(markKeys([a, b]));
  });

  it('answers a per-subject timeline in date order, and the last known diary with its time', async () => {
    const a = await openArchive({ name: fresh() });
    await a.merge('acc', sampleDiary(), T1);
    expect((await a.timeline('acc', 's1', 'alg')).map((m) => m.date)).toEqual(['2025-09-10', '2025-10-14', '2025-10-20', '2025-12-10']);
    const known = await a.lastKnown('acc', 's1');
    expect(known!.fetchedAt).toBe('2025-12-20T18:00:00Z');
    expect(known!.diary.subjects).toEqual(sampleDiary().subjects);
    expect(await a.lastKnown('acc', 'nobody')).toBeNull();
    a.close();
  });

  it('deletes one child, or everything, for real', async () => {
    const a = await openArchive({ name: fresh() });
    await a.merge('acc', sampleDiary(), T1);
    await a.merge('acc', { ...sampleDiary(), student: { id: 's2', name: 'Лиза' } }, T1);
    await a.deleteStudent('acc', 's1');
    expect(await a.timeline('acc', 's1')).toEqual([]);
    expect(await a.lastKnown('acc', 's1')).toBeNull();
    expect((await a.timeline('acc', 's2')).length).toBe(sampleDiary().marks.length);
    await a.deleteAll();
    expect(await a.timeline('acc', 's2')).toEqual([]);
    a.close();
  });

  it('reports a full disk as a quota error and loses nothing already stored', async () => {
    const a = await openArchive({ name: fresh() });
    await a.merge('acc', withMarks([mark(5, 1, { id: 'keep' })]), T1);
    const proto = IDBObjectStore.prototype as unknown as { put: (...args: unknown[]) => unknown };
    const put = proto.put;
    proto.put = function (...args: unknown[]) {
      if ((args[0] as { marks?: Array<{ key: string }> })?.marks?.some((e) => e.key === 'id:boom'))
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
    try {
      const err = await a.merge('acc', withMarks([mark(5, 1, { id: 'keep' }), mark(2, 1, { id: 'boom' })]), T2).catch((e) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err.kind).toBe('quota');
    } finally {
      proto.put = put;
    }
    expect((await a.timeline('acc', 's1')).map((m) => m.key)).toEqual(['id:keep']);
    a.close();
  });

  it('steps aside when a newer version of the archive opens elsewhere', async () => {
    const name = fresh();
    let blocking = 0;
    const a = await openArchive({ name, onBlocking: () => blocking++ });
    await a.merge('acc', sampleDiary(), T1);
    const next = await openDB(name, ARCHIVE_VERSION + 1, { upgrade: () => undefined });
    expect(blocking).toBe(1);
    expect([...next.objectStoreNames].sort()).toEqual(['buckets', 'finals', 'quarantine', 'students']);
    expect((await next.getAll('buckets')).flatMap((b) => b.marks)).toHaveLength(sampleDiary().marks.length);
    next.close();
  });

  it("keeps past years' year marks, and the subjects and periods of earlier years, in the history diary", async () => {
    const a = await openArchive({ name: fresh() });
    const lastYear: Diary = {
      ...sampleDiary(),
      subjects: [{ id: 'geo', name: 'География' }],
      periods: [{ id: 'y24', name: '2024/2025', start: '2024-09-01', end: '2025-05-31', kind: 'year' }],
      marks: [mark(4, 1, { id: 'g1', subject: 'geo', date: '2024-10-01' })],
      reported: [{ subject: 'geo', period: 'y24', yearMark: 4 }],
      finals: [{ year: '2023-2024', subject: 'География', value: 5 }],
    };
    await a.merge('acc', lastYear, T1);
    await a.merge('acc', { ...sampleDiary(), finals: [{ year: '2024-2025', subject: 'География', value: 4 }] }, T2);
    const h = (await a.history('acc', 's1'))!;
    expect(h.subjects.map((x) => x.id)).toEqual(['alg', 'rus', 'art', 'geo']);
    expect(h.periods[0]!.id).toBe('y24');
    expect(h.marks[0]).toMatchObject({ id: 'g1' });
    expect(h.marks).toHaveLength(sampleDiary().marks.length + 1);
    expect(h.finals!.map((f) => f.year).sort()).toEqual(['2023-2024', '2024-2025']);
    // Last year's own figures (its year marks) stay with its period.
    expect(h.reported).toContainEqual({ subject: 'geo', period: 'y24', yearMark: 4 });
    // The offline view stays this year's.
    expect((await a.lastKnown('acc', 's1'))!.diary.subjects.map((x) => x.id)).toEqual(['alg', 'rus', 'art']);
    // A third fetch keeps the history (no duplicates).
    await a.merge('acc', sampleDiary(), new Date('2025-12-22T00:00:00Z'));
    expect((await a.history('acc', 's1'))!.subjects.map((x) => x.id)).toEqual(['alg', 'rus', 'art', 'geo']);
    expect((await a.history('acc', 's1'))!.reported!.filter((r) => r.period === 'y24')).toHaveLength(1);
    a.close();
  });

  it('an import only adds: it never records removals, never overrides a newer mark or the current record', async () => {
    const a = await openArchive({ name: fresh() });
    const now = mark(5, 1, { id: 'n1', date: '2025-10-01' });
    await a.merge('acc', withMarks([now]), T2);
    const exported: Diary = {
      ...sampleDiary(),
      subjects: [...sampleDiary().subjects, { id: 'geo', name: 'География' }],
      marks: [{ ...now, value: 2 }, mark(4, 1, { id: 'old', date: '2024-10-01', subject: 'geo' })],
      source: { system: 'mesh', fetchedAt: '2024-12-01T00:00:00Z' },
    };
    const r = await a.merge('acc', exported, new Date('2026-01-01T00:00:00Z'), { mode: 'import' });
    expect(r).toMatchObject({ added: [{ id: 'old' }], edited: [], removed: [], unchanged: 1 });
    expect((await a.lastKnown('acc', 's1'))!.fetchedAt).toBe('2025-12-20T18:00:00Z');
    const h = (await a.history('acc', 's1'))!;
    expect(h.marks.map((m) => [m.id, m.value])).toEqual([
      ['old', 4],
      ['n1', 5],
    ]);
    expect(h.subjects.map((x) => x.id)).toContain('geo');
    // Importing the same file again changes nothing.
    expect(await a.merge('acc', exported, new Date('2026-01-02T00:00:00Z'), { mode: 'import' })).toMatchObject({ added: [], unchanged: 2 });
    a.close();
  });

  it('upgrades from every earlier schema version, keeping what was stored', async () => {
    // A new version adds its own way of writing the sample data above (the v3 branch is v4's too;
    // v5 only re-keys the one old account, tested with v4's own code below).
    expect(ARCHIVE_VERSION).toBe(5);
    for (let from = 1; from < ARCHIVE_VERSION; from++) {
      const name = fresh();
      // The database as version `from` left it, with data written the way that version wrote it.
      const old = await openDB(name, from, {
        async upgrade(db, oldVersion, _new, tx) {
          for (let v = oldVersion; v < from; v++) await UPGRADES[v]!(db as never, tx as never);
        },
      });
      const d = sampleDiary();
      const keys = markKeys(d.marks);
      const record = (i: number) => {
        const m = d.marks[i]!;
        // The last one was removed by the teacher once: its history must survive the upgrade.
        const removed =
          i === d.marks.length - 1
            ? { removedAt: T1.toISOString(), history: [{ at: T1.toISOString(), change: 'removed' as const, before: m }] }
            : { history: [] };
        return { key: keys[i]!, date: m.date.slice(0, 10), mark: m, firstSeen: T1.toISOString(), lastSeen: T1.toISOString(), ...removed };
      };
      if (from <= 2) {
        for (let i = 0; i < d.marks.length; i++)
          await old.put('marks', { account: 'acc', student: 's1', subject: d.marks[i]!.subject, ...record(i) });
      } else {
        for (let i = 0; i < d.marks.length; i++) {
          const r = record(i);
          const k = ['acc', 's1', d.marks[i]!.subject, String(Number(r.date.slice(0, 4)) - (Number(r.date.slice(5, 7)) >= 9 ? 0 : 1))];
          const b = (await old.get('buckets', k)) ?? { account: 'acc', student: 's1', subject: k[2], year: k[3], marks: [] };
          b.marks.push(r);
          await old.put('buckets', b);
        }
      }
      await old.put('students', {
        account: 'acc',
        student: 's1',
        info: d.student,
        subjects: d.subjects,
        periods: d.periods,
        reported: [],
        fetchedAt: T1.toISOString(),
      });
      old.close();

      const a = await openArchive({ name });
      expect([...a.db.objectStoreNames].sort()).toEqual(['buckets', 'finals', 'quarantine', 'students']);
      expect(a.db.version).toBe(ARCHIVE_VERSION);
      expect((await a.timeline('acc', 's1')).map((m) => m.firstSeen)).toEqual(d.marks.map(() => T1.toISOString()));
      const h = (await a.history('acc', 's1'))!;
      expect(h.marks).toHaveLength(d.marks.length - 1);
      const gone = (await a.timeline('acc', 's1')).find((m) => m.removedAt)!;
      expect(gone.history.map((x) => x.change)).toEqual(['removed']);
      // And it keeps working: merging the same diary changes nothing, a year mark is kept.
      const r = await a.merge('acc', { ...d, finals: [{ year: '2024-2025', subject: 'Алгебра', value: 5 }] }, T2);
      // Only the removed mark comes back (restored); everything else is unchanged.
      expect(r).toMatchObject({ added: [d.marks[d.marks.length - 1]], edited: [], removed: [] });
      expect((await a.lastKnown('acc', 's1'))!.diary.finals).toEqual([{ year: '2024-2025', subject: 'Алгебра', value: 5 }]);
      a.close();
    }
  });

  it('opens what the v4 code wrote under its one account as Moscow’s MESH, nothing lost, and hands it to the login that sees the child', async () => {
    const name = fresh();
    // Written by the archive code as version 4 shipped it: a fetch, an edit and a removal, a year mark.
    const v4 = await openArchiveV4({ name });
    const m1 = mark(3, 1, { id: 'x1', date: '2025-10-01' });
    const m2 = mark(5, 2, { id: 'x2', date: '2025-10-02' });
    const d = {
      ...withMarks([m1, m2]),
      finals: [{ year: '2024-2025', subject: 'Алгебра', value: 5 }],
      source: { system: 'mesh', timeZone: 'Europe/Moscow' },
    };
    await v4.merge('mesh', d, T1, { covered: [{ from: '2025-09-01', to: '2025-12-20' }], full: true });
    await v4.merge('mesh', { ...d, marks: [{ ...m1, value: 4 }] }, T2);
    const before = {
      timeline: await v4.timeline('mesh', 's1'),
      history: await v4.history('mesh', 's1'),
      record: await v4.record('mesh', 's1'),
      known: await v4.lastKnown('mesh', 's1'),
    };
    expect(before.timeline.map((m) => [m.key, m.history.map((h) => h.change), m.removedAt ?? null])).toEqual([
      ['id:x1', ['edited'], null],
      ['id:x2', ['removed'], T2.toISOString()],
    ]);
    v4.close();

    const a = await openArchive({ name });
    expect(a.db.version).toBe(5);
    const legacy = 'mesh|school.mos.ru|';
    const as = (account: string) => before.timeline.map((m) => ({ ...m, account }));
    expect(await a.timeline(legacy, 's1')).toEqual(as(legacy));
    expect(await a.record(legacy, 's1')).toEqual({ ...before.record, account: legacy });
    expect(await a.lastKnown(legacy, 's1')).toEqual(before.known);
    // The history diary as v4 gave it (its system then was the account's name, now the account's system), with the school's zone.
    expect(await a.history(legacy, 's1')).toEqual({
      ...before.history,
      source: { system: 'mesh', fetchedAt: before.record!.fetchedAt, timeZone: 'Europe/Moscow' },
    });
    expect(await a.timeline('mesh', 's1')).toEqual([]);
    // The first login that sees the child takes it over, with everything; a child it does not see stays.
    await a.merge(legacy, { ...withMarks([mark(4, 1, { id: 'y1', date: '2025-10-03' })]), student: { id: 's2', name: 'Лиза' } }, T2);
    const login = 'mesh|school.mos.ru|p1';
    expect(await a.claim(legacy, login, ['s1', 'nobody'])).toEqual(['s1']);
    expect(await a.timeline(login, 's1')).toEqual(as(login));
    expect((await a.lastKnown(login, 's1'))!.diary.finals).toEqual(d.finals);
    expect(await a.timeline(legacy, 's1')).toEqual([]);
    expect((await a.students(legacy)).map((s) => s.id)).toEqual(['s2']);
    // Claiming again moves nothing twice.
    expect(await a.claim(legacy, login, ['s1'])).toEqual([]);
    a.close();
  });

  it('a mark the teacher moves to another subject or school year is still one mark, with its history', async () => {
    const a = await openArchive({ name: fresh() });
    const m = mark(4, 1, { id: 'mv', date: '2025-05-30', subject: 'alg' });
    const wide: Diary = { ...withMarks([m]), periods: [{ id: 'all', name: 'all', start: '2024-09-01', end: '2026-08-31', kind: 'other' }] };
    await a.merge('acc', wide, T1);
    const moved = { ...m, date: '2025-09-02', subject: 'rus' };
    expect((await a.merge('acc', { ...wide, marks: [moved] }, T2)).edited).toHaveLength(1);
    const all = await a.timeline('acc', 's1');
    expect(all.map((x) => [x.key, x.subject, x.date, x.history.map((h) => h.change)])).toEqual([
      ['id:mv', 'rus', '2025-09-02', ['edited']],
    ]);
    expect(await a.timeline('acc', 's1', 'alg')).toEqual([]);
    expect(await a.merge('acc', { ...wide, marks: [moved] }, T2)).toMatchObject({ added: [], edited: [], removed: [], unchanged: 1 });
    a.close();
  });

  it('a source that names the same id twice in one fetch still gets one mark', async () => {
    const a = await openArchive({ name: fresh() });
    const m = mark(4, 1, { id: 'dup', date: '2025-10-01' });
    await a.merge('acc', withMarks([m, { ...m }]), T1);
    expect((await a.timeline('acc', 's1')).map((x) => x.key)).toEqual(['id:dup']);
    expect(await a.merge('acc', withMarks([m, { ...m }]), T2)).toMatchObject({ added: [], edited: [], removed: [] });
    a.close();
  });
});

describe('an archive upgrade never loses history', () => {
  /** A database at version 2 with `good` marks and the records given, as v2 wrote them. */
  async function v2(name: string, good: number, extra: unknown[] = []) {
    const old = await openDB(name, 2, {
      async upgrade(db, oldVersion, _new, tx) {
        for (let v = oldVersion; v < 2; v++) await UPGRADES[v]!(db as never, tx as never);
      },
    });
    for (let i = 0; i < good; i++) {
      const m = mark(4, 1, { id: `g${i}`, date: `2025-10-${String(1 + (i % 28)).padStart(2, '0')}` });
      await old.put('marks', {
        account: 'acc',
        student: 's1',
        subject: m.subject,
        key: `id:${m.id}`,
        date: m.date,
        mark: m,
        firstSeen: T1.toISOString(),
        lastSeen: T1.toISOString(),
        history: [],
      });
    }
    for (const r of extra) await old.put('marks', r as never);
    old.close();
  }

  it('carries every good record over and sets the unreadable one aside, listed: 30 good and one without a date', async () => {
    const name = fresh();
    const bad = {
      account: 'acc',
      student: 's1',
      subject: 'alg',
      key: 'id:nodate',
      mark: mark(5),
      firstSeen: T1.toISOString(),
      lastSeen: T1.toISOString(),
      history: [],
    };
    await v2(name, 30, [bad]);
    const a = await openArchive({ name });
    expect(a.db.version).toBe(ARCHIVE_VERSION);
    expect(await a.timeline('acc', 's1')).toHaveLength(30);
    const q = await a.quarantined();
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ from: 'marks', reason: 'no date', record: bad });
    expect([...a.db.objectStoreNames]).not.toContain('marks');
    a.close();
    // And on the next start nothing changes.
    const again = await openArchive({ name });
    expect(await again.timeline('acc', 's1')).toHaveLength(30);
    again.close();
  });

  it('repairs an archive a failed v3 upgrade committed with its marks stranded and its buckets empty', async () => {
    const name = fresh();
    // What the old bug left: version 3, an empty `buckets`, every mark still in `marks`.
    const broken = await openDB(name, 3, {
      async upgrade(db, oldVersion, _new, tx) {
        for (let v = oldVersion; v < 2; v++) await UPGRADES[v]!(db as never, tx as never);
        if (oldVersion < 3) db.createObjectStore('buckets', { keyPath: ['account', 'student', 'subject', 'year'] });
      },
    });
    for (let i = 0; i < 31; i++) {
      const m = mark(3, 1, { id: `s${i}`, date: '2025-11-03' });
      await broken.put('marks', {
        account: 'acc',
        student: 's1',
        subject: m.subject,
        key: `id:${m.id}`,
        date: m.date,
        mark: m,
        firstSeen: T1.toISOString(),
        lastSeen: T1.toISOString(),
        history: [],
      });
    }
    broken.close();
    const a = await openArchive({ name });
    expect(await a.timeline('acc', 's1')).toHaveLength(31);
    expect([...a.db.objectStoreNames]).not.toContain('marks');
    a.close();
  });

  it('a step that fails midway takes the whole upgrade with it: the archive says so, and the old version keeps everything', async () => {
    const name = fresh();
    await v2(name, 12);
    const real = UPGRADES[2]!;
    // A v3 step that fails after its first awaited request, as the reported one did.
    UPGRADES[2] = async (db, tx) => {
      db.createObjectStore('buckets', { keyPath: ['account', 'student', 'subject', 'year'] });
      await tx.objectStore('marks').getAll();
      throw new Error('boom');
    };
    try {
      await expect(openArchive({ name })).rejects.toMatchObject({
        name: 'StoreError',
        kind: 'failed',
        message: expect.stringContaining('boom'),
      });
    } finally {
      UPGRADES[2] = real;
    }
    const still = await openDB(name);
    expect(still.version).toBe(2);
    expect(await still.count('marks')).toBe(12);
    still.close();
    // With the step fixed, the next start upgrades and nothing was lost.
    const a = await openArchive({ name });
    expect(await a.timeline('acc', 's1')).toHaveLength(12);
    a.close();
  });
});

describe('the merge as a pure plan', () => {
  const T = new Date('2025-12-20T18:00:00Z');
  it('decides what to write without touching the state it is given, and plans nothing more over its own result', async () => {
    const { planMerge } = await import('../../../lib/store/archive');
    const d = sampleDiary();
    const empty = { buckets: [], finals: [], record: null };
    const first = planMerge('acc', empty, d, T);
    expect(first.result.added).toHaveLength(d.marks.length);
    expect(first.deleteBuckets).toEqual([]);
    const state = { buckets: first.put.buckets, finals: first.put.finals, record: first.put.record };
    const frozen = JSON.stringify(state);
    // An edit and a removal, planned over the state: the plan says so, the state stays as it was.
    const m0 = d.marks[0]!;
    const next = planMerge(
      'acc',
      state,
      { ...d, marks: [{ ...m0, value: m0.value === 5 ? 4 : 5 }, ...d.marks.slice(2)] },
      new Date('2025-12-21T18:00:00Z'),
    );
    expect(next.result.edited).toHaveLength(1);
    expect(next.result.removed).toEqual([d.marks[1]]);
    expect(JSON.stringify(state)).toBe(frozen);
    // The same diary over the state it produced: nothing to change.
    const again = planMerge('acc', state, d, new Date('2025-12-22T00:00:00Z'));
    expect(again.result).toEqual({ added: [], edited: [], removed: [], unchanged: d.marks.length });
    // An import over the edited state (the plan's writes applied to it) changes no mark and removes none.
    const id = (b: { subject: string; year: string }) => `${b.subject}|${b.year}`;
    const written = new Map([...state.buckets, ...next.put.buckets].map((b) => [id(b), b]));
    for (const k of next.deleteBuckets) written.delete(`${k[2]}|${k[3]}`);
    const edited = { buckets: [...written.values()], finals: [...state.finals, ...next.put.finals], record: next.put.record };
    expect(planMerge('acc', edited, d, T, { mode: 'import' }).result).toMatchObject({ edited: [], removed: [], added: [] });
  });
});
