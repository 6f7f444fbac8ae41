import { describe, expect, it } from 'vitest';
import { parseDiary } from '../../../lib/model';
import { createMeshSource, MESH_ENDPOINTS as E } from '../../../lib/sources/mesh';
import { monthWindows } from '../../../lib/sources/mesh/dates';
import { SourceError } from '../../../lib/sources/types';
import { fakeTransport, MISHA, TODAY } from './helpers';

const NOW = () => new Date('2026-10-14T15:00:00Z');
const source = (answers: Parameters<typeof fakeTransport>[0] = {}) => {
  const fake = fakeTransport(answers);
  return { ...fake, src: createMeshSource(fake.transport, { today: TODAY, now: NOW }) };
};

describe('marks and attendance month by month', () => {
  it('splits a span into calendar months, the last ending on the given day', () => {
    expect(monthWindows('2026-09-01', '2026-10-14')).toEqual([
      { from: '2026-09-01', to: '2026-09-30' },
      { from: '2026-10-01', to: '2026-10-14' },
    ]);
    expect(monthWindows('2027-01-20', '2027-03-02')).toEqual([
      { from: '2027-01-20', to: '2027-01-31' },
      { from: '2027-02-01', to: '2027-02-28' },
      { from: '2027-03-01', to: '2027-03-02' },
    ]);
    expect(monthWindows('2026-10-14', '2026-10-14')).toEqual([{ from: '2026-10-14', to: '2026-10-14' }]);
  });

  it('a failed window is an issue and missing from what the diary covers, never a rejected diary', async () => {
    const { src } = source({
      [E.marks]: (q: any) =>
        q.from === '2026-09-01' ? Promise.reject(new SourceError('timeout', E.marks, 'no answer within 20000 ms')) : { payload: [] },
    });
    const r = await src.fetchDiary(MISHA);
    expect(r.covered.marks).toEqual([{ from: '2026-10-01', to: '2026-10-14' }]);
    expect(r.covered.attendance).toEqual([
      { from: '2026-09-01', to: '2026-09-30' },
      { from: '2026-10-01', to: '2026-10-14' },
    ]);
    expect(r.issues).toContainEqual({ endpoint: `${E.marks}?from=2026-09-01&to=2026-09-30`, path: '', message: 'not loaded (timeout)' });
    expect(parseDiary(r.value).ok).toBe(true);
  });

  it('every window failing rejects with the error; a lost session in any window rejects at once', async () => {
    const down = source({ [E.marks]: new SourceError('site-down', E.marks, 'HTTP 503', 503) });
    await expect(down.src.fetchDiary(MISHA)).rejects.toMatchObject({ kind: 'site-down' });
    const lost = source({
      [E.marks]: (q: any) =>
        q.from === '2026-10-01' ? Promise.reject(new SourceError('session-expired', E.marks, 'HTTP 401', 401)) : { payload: [] },
    });
    await expect(lost.src.fetchDiary(MISHA)).rejects.toMatchObject({ kind: 'session-expired' });
  });

  it('asks only for the recent window when the caller knows the days before, and no finished years then', async () => {
    const { src, calls } = source();
    const r = await src.fetchDiary(MISHA, { since: '2026-10-01', pastYears: false });
    expect(calls.filter((c) => c.path === E.marks).map((c) => c.query)).toEqual([
      { student_id: MISHA, from: '2026-10-01', to: '2026-10-14' },
    ]);
    expect(calls.filter((c) => c.path === E.events).map((c) => c.query!.begin_date)).toEqual(['2026-10-01']);
    expect(calls.filter((c) => c.path === E.finalMarksV2).map((c) => c.query!.academic_year_id)).toEqual(['13']);
    expect(r.covered.marks).toEqual([{ from: '2026-10-01', to: '2026-10-14' }]);
    expect(r.value.marks.every((m) => m.date >= '2026-10-01')).toBe(true);
  });

  it('runs at most three windows at once', async () => {
    let running = 0;
    let most = 0;
    const wide = fakeTransport({
      [E.marks]: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return { payload: [] };
      },
    });
    // In May the year so far is nine months: nine windows, three at a time.
    await createMeshSource(wide.transport, { today: '2027-05-20', now: NOW }).fetchDiary(MISHA);
    expect(wide.calls.filter((c) => c.path === E.marks)).toHaveLength(9);
    expect(most).toBe(3);
  });
});

describe('year marks as the site reads them (final_marks/v2)', () => {
  it('finished years become finals with their attestation and terms; a subject without a year mark says so', async () => {
    const { src } = source();
    const r = await src.fetchDiary(MISHA);
    expect(r.value.finals).toEqual([
      {
        year: '2025-2026',
        subject: 'Алгебра',
        subjectId: '33610020',
        value: 5,
        terms: [
          { name: '1 триместр', start: '2025-09-01', end: '2025-11-30', value: 4 },
          { name: '2 триместр', start: '2025-12-01', end: '2026-02-28', value: 5 },
          { name: '3 триместр', start: '2026-03-01', end: '2026-05-31', value: 5 },
        ],
      },
      {
        year: '2025-2026',
        subject: 'Русский язык',
        subjectId: '33610021',
        value: 4,
        attestation: 4,
        terms: [{ name: '1 триместр', start: '2025-09-01', end: '2025-11-30', value: 4 }],
      },
    ]);
    expect(parseDiary(r.value).ok).toBe(true);
  });

  it('this year’s give the term mark a term’s figure lacks, the year mark and the attestation', async () => {
    const v2 = (q: any) =>
      q.academic_year_id === '13'
        ? {
            subjects: [
              {
                id: 33623623,
                name: 'Физика',
                periods: [{ name: '1 триместр', start_date: '01.09.2026', end_date: '30.11.2026', final_mark: '5' }],
                year_mark: '5',
                intermediate_attestation_mark: '5',
                training_camp_mark: null,
              },
            ],
          }
        : { subjects: [] };
    const { src } = source({ [E.finalMarksV2]: v2 });
    const r = await src.fetchDiary(MISHA);
    const phys = r.value.reported!.filter((f) => f.subject === '33623623');
    expect(phys.find((f) => f.period === 'period:2026-09-01')!.periodMark).toBe(5);
    expect(phys.find((f) => f.period === 'year:13')).toMatchObject({ yearMark: 5, attestation: 5 });
  });

  it('where v2 is not served, reads v1’s list of past year marks', async () => {
    const v1 = { payload: [{ academic_year: '2025-2026', academic_year_id: 12, subject_id: 1, subject_name: 'Алгебра', final_mark: '4' }] };
    const { src, calls } = source({ [E.finalMarksV2]: new SourceError('http', E.finalMarksV2, 'HTTP 404', 404), [E.finalMarks]: v1 });
    const r = await src.fetchDiary(MISHA);
    expect(calls.filter((c) => c.path === E.finalMarksV2)).toHaveLength(1);
    expect(r.value.finals).toEqual([{ year: '2025-2026', subject: 'Алгебра', subjectId: '1', value: 4 }]);
    expect(r.issues).toContainEqual({ endpoint: E.finalMarksV2, path: '', message: 'not loaded (http 404)' });
  });
});
