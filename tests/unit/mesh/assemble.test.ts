import { describe, expect, it } from 'vitest';
import { parseDiary } from '../../../lib/model';
import type { Mark } from '../../../lib/model/types';
import { assembleDiary, MESH_ENDPOINTS as E, type MeshDiaryParts } from '../../../lib/sources/mesh';

const year = { id: '13', name: '2026-2027', start: '2026-09-01', end: '2027-08-31' };
const mark = (id: string, value: Mark['value'], extra: Partial<Mark> = {}): Mark => ({
  id,
  value,
  weight: 1,
  date: '2026-10-01',
  subject: '1',
  scale: 'five',
  ...extra,
});

function parts(extra: Partial<MeshDiaryParts> = {}): MeshDiaryParts {
  return {
    student: { id: '7', name: 'Миша Лебедев' },
    year,
    subjects: [{ id: '1', name: 'Алгебра' }],
    marks: { items: [mark('a', 5), mark('b', 4)], subjects: [] },
    ...extra,
  };
}

describe('assembleDiary', () => {
  it('drops only what the model rejects, reporting it against the endpoint it came from', () => {
    const r = assembleDiary(
      parts({
        marks: { items: [mark('a', 5), mark('b', 9), mark('c', 4)], subjects: [] },
        schedule: {
          items: [
            { date: '2026-10-12', subject: '1', start: '08:30' },
            { date: '2026-10-13', subject: '1', start: '8.30' },
          ],
          subjects: [],
        },
      }),
    );
    expect(r.value!.marks.map((m) => m.id)).toEqual(['a', 'c']);
    expect(r.value!.schedule).toEqual([{ date: '2026-10-12', subject: '1', start: '08:30' }]);
    expect(r.issues).toEqual([
      { endpoint: E.marks, path: 'diary.marks[1].value', message: 'expected a mark from 1 to 5 on the five scale; left out' },
      { endpoint: E.scheduleShort, path: 'diary.schedule[1].start', message: 'expected a time HH:MM; left out' },
    ]);
    expect(parseDiary(r.value).ok).toBe(true);
  });

  it('a rejected period takes no marks with it: they are only unfiled', () => {
    const r = assembleDiary(
      parts({
        schedules: [
          {
            periods: [
              { id: 'period:2026-11-30', name: 'кривой', start: '2026-11-30', end: '2026-09-01', kind: 'other', parent: 'year:13' },
            ],
          },
        ],
        marks: { items: [mark('a', 5, { period: 'period:2026-11-30' })], subjects: [] },
      }),
    );
    expect(r.value!.periods.map((p) => p.id)).toEqual(['year:13']);
    expect(r.value!.marks).toEqual([mark('a', 5)]);
    expect(r.issues.map((i) => i.path)).toEqual(['diary.periods[1].end', 'diary.marks[0].period']);
  });

  it('an out-of-range student field is dropped, the student kept', () => {
    const r = assembleDiary(parts({ student: { id: '7', name: 'Миша', grade: 12 } }));
    expect(r.value!.student).toEqual({ id: '7', name: 'Миша' });
    expect(r.issues).toEqual([{ endpoint: E.profile, path: 'diary.student.grade', message: 'expected a grade 1–11; left out' }]);
  });

  it('is null when the student itself is unusable', () => {
    expect(assembleDiary(parts({ student: { id: '7', name: '' } })).value).toBeNull();
  });

  it('names subjects nobody named, and cuts attendance references to unknown subjects', () => {
    const r = assembleDiary(
      parts({
        subjects: [],
        marks: { items: [mark('a', 5, { subject: '99' })], subjects: [] },
        attendance: { items: [{ date: '2026-10-01', subject: '55', kind: 'absent' }], subjects: [] },
      }),
    );
    expect(r.value!.subjects).toEqual([{ id: '99', name: 'Предмет 99' }]);
    expect(r.value!.attendance).toEqual([{ date: '2026-10-01', kind: 'absent' }]);
    expect(r.issues).toEqual([]);
  });

  it('leaves out the lists whose endpoint did not load, keeps empty ones that did', () => {
    const d = assembleDiary(parts({ homework: { items: [], subjects: [] } })).value!;
    expect(d.homework).toEqual([]);
    expect(d).not.toHaveProperty('schedule');
    expect(d).not.toHaveProperty('attendance');
    expect(d).not.toHaveProperty('reported');
  });
});
