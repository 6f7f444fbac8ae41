import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { importFileOf, jsonOfDiaries } from '../../../lib/export/files';
import type { Diary, Mark } from '../../../lib/model/types';
import { openArchive, type Archive } from '../../../lib/store/archive';
import { dumpProblems, repeatedIds } from '../../../lib/store/backup';
import { mark, sampleDiary } from '../fixtures';

/**
 * The JSON export as the archive's backup: export → delete all → import gives the archive back
 * exactly (first-seen dates, teachers' edits and removals, the diary's own past figures, year marks,
 * what was set aside); over a child the archive knows, a mark the file has otherwise is a conflict,
 * reported and set aside, never dropped.
 */
let n = 0;
const fresh = () => openArchive({ name: `backup-test-${++n}` });
const ACC = 'mesh|school.mos.ru|7700120';
const T1 = new Date('2025-12-01T18:00:00Z');
const T2 = new Date('2025-12-10T18:00:00Z');
const T3 = new Date('2026-09-10T18:00:00Z');

const m1 = mark(3, 1, { id: 'x1', date: '2025-10-01', subject: 'alg', period: 't1' });
const m2 = mark(5, 2, { id: 'x2', date: '2025-10-02', subject: 'alg', period: 't1' });
const m3 = mark(4, 1, { id: 'x3', date: '2025-10-03', subject: 'rus' });

/** An archive with a history: an edit, a removal, a year's own figures that became past, a year mark, a record set aside. */
async function lived(a: Archive): Promise<void> {
  const d = sampleDiary();
  await a.merge(ACC, { ...d, marks: [m1, m2, m3], finals: [{ year: '2024-2025', subject: 'Алгебра', value: 5 }] }, T1);
  // The teacher changes x1 and removes x2.
  await a.merge(ACC, { ...d, marks: [{ ...m1, value: 4 }, m3] }, T2);
  // A new school year: last year's periods and MESH's own figures for them become past.
  const next: Diary = {
    ...d,
    periods: [{ id: 'y2', name: '2026/2027 учебный год', start: '2026-09-01', end: '2027-05-31', kind: 'year' }],
    marks: [mark(5, 1, { id: 'x4', date: '2026-09-05', subject: 'alg' })],
    reported: [],
    attendance: [{ date: '2026-09-07', kind: 'absent' }],
  };
  await a.merge(ACC, next, T3, { covered: [{ from: '2026-09-01', to: '2026-09-10' }] });
  await a.setAside([{ from: 'buckets', reason: 'unreadable by v5', at: T3.toISOString(), record: { odd: true } }]);
}

describe('the JSON export as the archive’s backup', () => {
  it('restores the archive exactly after export, delete all and import', async () => {
    const a = await fresh();
    await lived(a);
    const before = await a.dump();
    // What the test stands on: the history is really in it.
    const entries = before.buckets.flatMap((b) => b.marks);
    expect(entries.find((e) => e.key === 'id:x1')!.history.map((h) => h.change)).toEqual(['edited']);
    expect(entries.find((e) => e.key === 'id:x2')!.removedAt).toBe(T2.toISOString());
    expect(before.students[0]!.pastReported).toEqual([{ subject: 'alg', period: 't1', average: 4.33, periodMark: 4 }]);
    expect(before.quarantine).toHaveLength(1);

    const history = (await a.history(ACC, 's1'))!;
    const text = jsonOfDiaries([history], T3, before.quarantine, before);
    await a.deleteAll();
    expect((await a.dump()).buckets).toEqual([]);
    const file = importFileOf(text);
    expect(file.ok && file.archive).toBeTruthy();
    const r = await a.restore(file.ok ? file.archive! : (null as never), T3);
    expect(r).toEqual({ added: entries.length, conflicts: 0, students: 1 });
    expect(await a.dump()).toEqual(before);
    expect(await a.timeline(ACC, 's1')).toEqual(
      await (async () => {
        const b = await fresh();
        await b.restore(before);
        return b.timeline(ACC, 's1');
      })(),
    );
    // Restoring the same file again changes nothing.
    expect(await a.restore(before, T3)).toEqual({ added: 0, conflicts: 0, students: 1 });
    expect(await a.dump()).toEqual(before);
    a.close();
  });

  it('over a child the archive knows: adds what it lacks, keeps its own where the file differs, and reports that', async () => {
    const a = await fresh();
    await lived(a);
    const backup = await a.dump();
    const b = await fresh();
    // This profile, started in the new year, has seen x1 otherwise, and nothing else of last year.
    const year2 = [{ id: 'y2', name: '2026/2027 учебный год', start: '2026-09-01', end: '2027-05-31', kind: 'year' as const }];
    await b.merge(ACC, { ...sampleDiary(), periods: year2, reported: [], marks: [{ ...m1, period: undefined, value: 2 }] }, T1);
    const r = await b.restore(backup, T3);
    expect(r.conflicts).toBe(1);
    const mine = await b.timeline(ACC, 's1');
    expect(mine.find((e) => e.key === 'id:x1')!.mark.value).toBe(2);
    expect(mine.find((e) => e.key === 'id:x1')!.firstSeen).toBe(T1.toISOString());
    // The others came with their own first-seen dates and history.
    expect(mine.find((e) => e.key === 'id:x2')).toMatchObject({ firstSeen: T1.toISOString(), removedAt: T2.toISOString() });
    expect(mine.find((e) => e.key === 'id:x4')!.firstSeen).toBe(T3.toISOString());
    // The file's x1 is set aside, not dropped.
    const aside = await b.quarantined();
    expect(aside.filter((q) => q.from === 'import')).toHaveLength(1);
    expect(JSON.stringify(aside)).toContain('"key":"id:x1"');
    // MESH's own figures of the past year come over too.
    expect((await b.record(ACC, 's1'))!.pastReported).toEqual([{ subject: 'alg', period: 't1', average: 4.33, periodMark: 4 }]);
    a.close();
    b.close();
  });

  it('a diaries-only file into a profile that knows the child keeps MESH’s own past figures', async () => {
    const a = await fresh();
    const next: Diary = {
      ...sampleDiary(),
      periods: [{ id: 'y2', name: '2026/2027 учебный год', start: '2026-09-01', end: '2027-05-31', kind: 'year' }],
      marks: [mark(5, 1, { id: 'x4', date: '2026-09-05', subject: 'alg' })],
      reported: [],
    };
    await a.merge(ACC, next, T3);
    // An old export of last year, with MESH's figures for its trimester.
    await a.merge(ACC, { ...sampleDiary(), marks: [m1] }, T3, { mode: 'import' });
    expect((await a.record(ACC, 's1'))!.pastReported).toEqual([{ subject: 'alg', period: 't1', average: 4.33, periodMark: 4 }]);
    a.close();
  });

  it('a second mark with one id in a file is found, not merged away', () => {
    const twin: Mark = { ...m1, value: 5 };
    expect(repeatedIds([m1, m2, twin, m1])).toEqual({ kept: [m1, m2], repeated: [twin] });
  });

  it('refuses a backup with a bad record, naming where, and nothing of it is written', async () => {
    const a = await fresh();
    await lived(a);
    const backup = JSON.parse(JSON.stringify(await a.dump()));
    backup.buckets[0].marks[0].mark.weight = -1;
    backup.students[0].account = 'nonsense';
    backup.finals[0].firstSeen = 'yesterday';
    const problems = dumpProblems(backup).map((p) => p.path);
    expect(problems).toEqual(
      expect.arrayContaining(['archive.students[0].account', 'archive.buckets[0].marks[0][0].weight', 'archive.finals[0].firstSeen']),
    );
    const file = importFileOf(jsonOfDiaries([(await a.history(ACC, 's1'))!], T3, [], backup));
    expect(file.ok).toBe(false);
    expect(!file.ok && file.error.message).toContain('archive.students[0].account');
    expect(dumpProblems({ archiveVersion: 5 })).toHaveLength(4);
    a.close();
  });
});
