import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createDiaryService } from '../../../extension/diary-service';
import type { Diary } from '../../../lib/model/types';
import { SourceError, type DiarySourceAdapter } from '../../../lib/sources/types';
import { openArchive } from '../../../lib/store/archive';
import { mark, sampleDiary } from '../fixtures';

let n = 0;
/** A source whose next answer the test decides. */
function source(answer: () => Diary | SourceError): DiarySourceAdapter {
  return {
    system: 'test',
    listStudents: async () => ({ value: [sampleDiary().student], issues: [] }),
    fetchDiary: async () => {
      const a = answer();
      if (a instanceof SourceError) throw a;
      return { value: structuredClone(a), issues: [] };
    },
  };
}

describe('the diary service and the archive', () => {
  it('answers the last known diary, marked with its time, when the site is down or the grid empty', async () => {
    const archive = openArchive({ name: `svc-${++n}` });
    let next: Diary | SourceError = sampleDiary();
    const svc = createDiaryService(source(() => next), undefined, archive);
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
    await a.merge('mesh', sampleDiary());
    const svc = createDiaryService(source(() => ({ ...sampleDiary(), marks: [...sampleDiary().marks, mark(5, 1, { id: 'new' })] })), undefined, archive);
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
    expect((await a.timeline('mesh', 's1')).map((m) => m.mark.id)).not.toContain('new');
    a.close();
  });
});
