import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createDiaryService } from '../../../extension/diary-service';
import type { Diary } from '../../../lib/model/types';
import { SourceError, type DiarySourceAdapter, type FetchOptions } from '../../../lib/sources/types';
import { openArchive } from '../../../lib/store/archive';
import { mark, sampleDiary } from '../fixtures';

/** Moscow's MESH; the test sources do not say who is logged in, so the account's person is '' (not known). */
const LOGIN = { system: 'mesh', host: 'school.mos.ru' };
const ACC = 'mesh|school.mos.ru|';

let n = 0;
/** A source whose next answer the test decides. */
function source(answer: () => Diary | SourceError): DiarySourceAdapter {
  return {
    system: 'test',
    listStudents: async () => ({ value: [sampleDiary().student], issues: [] }),
    fetchDiary: async () => {
      const a = answer();
      if (a instanceof SourceError) throw a;
      return { value: structuredClone(a), issues: [], covered: { marks: [{ from: '2025-09-01', to: '2026-05-31' }], attendance: [] } };
    },
  };
}

describe('the diary service and the archive', () => {
  it('answers the last known diary, marked with its time, when the site is down or the grid empty', async () => {
    const archive = openArchive({ name: `svc-${++n}` });
    let next: Diary | SourceError = sampleDiary();
    const svc = createDiaryService({ source: source(() => next), login: LOGIN, archive });
    const live = await svc.diary('s1');
    expect(live.ok && live.asOf).toBeUndefined();
    next = new SourceError('site-down', '/marks', 'HTTP 503', 503);
    const down = await svc.diary('s1', true);
    expect(down).toMatchObject({ ok: true, offline: 'site-down' });
    expect(down.ok && down.asOf).toBeTruthy();
    expect(down.ok && down.diary.marks).toHaveLength(sampleDiary().marks.length);
    next = { ...sampleDiary(), marks: [] };
    expect(await svc.diary('s1', true)).toMatchObject({ ok: true, offline: 'empty' });
    // A logout is not an outage: the user should log in, not read old data.
    next = new SourceError('session-expired', '/marks', 'HTTP 401', 401);
    expect(await svc.diary('s1', true)).toMatchObject({ ok: false, kind: 'session-expired' });
    (await archive).close();
  });

  it('says so when the archive is full, and still answers the fresh diary', async () => {
    const archive = openArchive({ name: `svc-${++n}` });
    const a = await archive;
    await a.merge(ACC, sampleDiary());
    const svc = createDiaryService({
      source: source(() => ({ ...sampleDiary(), marks: [...sampleDiary().marks, mark(5, 1, { id: 'new' })] })),
      login: LOGIN,
      archive,
    });
    const proto = IDBObjectStore.prototype as unknown as { put: (...args: unknown[]) => unknown };
    const put = proto.put;
    proto.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const r = await svc.diary('s1', true);
      expect(r).toMatchObject({ ok: true, archive: 'quota' });
      expect(r.ok && r.diary.marks).toHaveLength(sampleDiary().marks.length + 1);
    } finally {
      proto.put = put;
    }
    expect((await a.timeline(ACC, 's1')).map((m) => m.mark.id)).not.toContain('new');
    a.close();
  });

  it('reads the whole year once a day; in between only the recent window, the days before from the archive', async () => {
    const archive = openArchive({ name: `svc-${++n}` });
    const asked: Array<FetchOptions | undefined> = [];
    const year = { from: '2025-09-01', to: '2026-05-31' };
    const full = sampleDiary();
    const src: DiarySourceAdapter = {
      system: 'test',
      listStudents: async () => ({ value: [full.student], issues: [] }),
      fetchDiary: async (_id, options) => {
        asked.push(options);
        const since = options?.since;
        const d = structuredClone(full);
        if (since) d.marks = d.marks.filter((m) => m.date >= since);
        return { value: d, issues: [], covered: { marks: [since ? { from: since, to: year.to } : year], attendance: [] } };
      },
    };
    let now = new Date('2025-12-15T09:00:00Z');
    const svc = createDiaryService({ source: src, login: LOGIN, archive, clock: () => now });
    const first = await svc.diary('s1');
    expect(asked[0]).toEqual({});
    expect((await (await archive).record(ACC, 's1'))!.fullAt).toBe(now.toISOString());
    // Later that day: only December is asked, and the answer still has the whole year.
    now = new Date('2025-12-15T18:00:00Z');
    const later = await svc.diary('s1', true);
    expect(asked[1]).toEqual({ since: '2025-12-01', pastYears: false });
    expect(later.ok && later.diary.marks.map((m) => m.id).sort()).toEqual(first.ok && first.diary.marks.map((m) => m.id).sort());
    // A removed mark in an old window is not "removed" by a read that did not ask for that window.
    expect((await (await archive).timeline(ACC, 's1')).filter((m) => m.removedAt)).toEqual([]);
    // The next day the whole year again.
    now = new Date('2025-12-16T10:00:00Z');
    await svc.diary('s1', true);
    expect(asked[2]).toEqual({});
    (await archive).close();
  });

  it('a source that reads more than the recent window it was asked for (whole periods): every mark once, none twice from the archive', async () => {
    const archive = openArchive({ name: `svc-${++n}` });
    const year = { from: '2025-09-01', to: '2026-05-31' };
    const full = sampleDiary();
    const src: DiarySourceAdapter = {
      system: 'test',
      listStudents: async () => ({ value: [full.student], issues: [] }),
      // Asked for a recent window or not, it reads (and says it read) the whole year.
      fetchDiary: async () => ({ value: structuredClone(full), issues: [], covered: { marks: [year], attendance: [] } }),
    };
    let now = new Date('2025-12-15T09:00:00Z');
    const svc = createDiaryService({ source: src, login: LOGIN, archive, clock: () => now });
    await svc.diary('s1');
    now = new Date('2025-12-15T18:00:00Z');
    const later = await svc.diary('s1', true);
    const ids = later.ok ? later.diary.marks.map((m) => m.id) : [];
    expect(ids).toHaveLength(full.marks.length);
    expect(new Set(ids).size).toBe(ids.length);
    (await archive).close();
  });
});
