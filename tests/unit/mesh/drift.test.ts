import { describe, expect, it } from 'vitest';
import { parseDiary } from '../../../lib/model';
import {
  createMeshSource,
  MESH_ENDPOINTS as E,
  parseHomeworks,
  parseMarksByDate,
  parseProfile,
  parseScheduleShort,
  parseSubjectMarks,
} from '../../../lib/sources/mesh';
import { fakeTransport, fixture, MISHA, TODAY } from './helpers';

/** Renames `from` to `to` in an object, keeping the value. */
function rename(obj: Record<string, unknown>, from: string, to: string): void {
  obj[to] = obj[from];
  delete obj[from];
}

describe('schema drift: marks', () => {
  it('a renamed weight costs that mark only, and names endpoint and path', () => {
    const json = fixture('marks');
    rename(json.payload[3], 'weight', 'mark_weight');
    const r = parseMarksByDate(json);
    expect(r.issues).toEqual([{ endpoint: '/api/family/web/v1/marks', path: 'payload[3].weight', message: 'missing' }]);
    expect(r.value!.items).toHaveLength(10);
    expect(r.value!.items.map((m) => m.id)).not.toContain('990100204');
  });

  it('each required field missing is reported at its path', () => {
    const json = fixture('marks');
    delete json.payload[0].date;
    delete json.payload[1].subject_id;
    delete json.payload[2].value;
    json.payload[4].weight = 'heavy';
    json.payload[5].date = '14/10/2026';
    const r = parseMarksByDate(json);
    expect(r.issues).toEqual([
      { endpoint: E.marks, path: 'payload[0].date', message: 'missing' },
      { endpoint: E.marks, path: 'payload[1].subject_id', message: 'missing' },
      { endpoint: E.marks, path: 'payload[2].value', message: 'missing' },
      { endpoint: E.marks, path: 'payload[4].weight', message: 'expected a number' },
      { endpoint: E.marks, path: 'payload[5].date', message: 'expected a date (YYYY-MM-DD)' },
    ]);
    expect(r.value!.items).toHaveLength(6);
  });

  it('a mark without an id is kept, and the missing id reported', () => {
    const json = fixture('marks');
    delete json.payload[0].id;
    const r = parseMarksByDate(json);
    expect(r.issues).toEqual([{ endpoint: E.marks, path: 'payload[0].id', message: 'missing' }]);
    expect(r.value!.items).toHaveLength(11);
    expect(r.value!.items[0]).not.toHaveProperty('id');
  });

  it('a value outside its scale is caught by the model and reported at the MESH path', () => {
    const json = fixture('marks');
    json.payload[0].value = '7';
    const r = parseMarksByDate(json);
    expect(r.issues).toEqual([{ endpoint: E.marks, path: 'payload[0].value', message: 'expected a mark from 1 to 5 on the five scale' }]);
    expect(r.value!.items).toHaveLength(10);
  });

  it('an optional field of the wrong type is reported and left out, the mark kept', () => {
    const json = fixture('marks');
    json.payload[2].point_date = 20261008;
    json.payload[2].is_exam = 'no';
    const r = parseMarksByDate(json);
    expect(r.issues.map((i) => i.path)).toEqual(['payload[2].is_exam', 'payload[2].point_date']);
    const m = r.value!.items.find((x) => x.id === '990100203')!;
    expect(m.pointDate).toBeUndefined();
    expect(m.isExam).toBeUndefined();
    expect(m.isPoint).toBe(true);
  });

  it('the diary still comes through, with the issue, when a mark drifts', async () => {
    const json = fixture('marks');
    rename(json.payload[3], 'weight', 'mark_weight');
    // The server answers each month window with its own days.
    const { transport } = fakeTransport({
      [E.marks]: (q: any) => ({ payload: json.payload.filter((m: any) => m.date >= q.from && m.date <= q.to) }),
    });
    const r = await createMeshSource(transport, { today: TODAY }).fetchDiary(MISHA);
    const window = json.payload[3].date < '2026-10-01' ? '?from=2026-09-01&to=2026-09-30' : '?from=2026-10-01&to=2026-10-14';
    const index = json.payload
      .filter((m: any) => (window.includes('09-01') ? m.date < '2026-10-01' : m.date >= '2026-10-01'))
      .indexOf(json.payload[3]);
    expect(r.issues).toEqual([{ endpoint: E.marks + window, path: `payload[${index}].weight`, message: 'missing' }]);
    expect(r.value.marks).toHaveLength(10);
    expect(r.value.schedule).toHaveLength(14);
    expect(parseDiary(r.value).ok).toBe(true);
  });
});

describe('schema drift: other endpoints', () => {
  it('profile: a child without id is skipped, the other listed', () => {
    const json = fixture('profile');
    rename(json.children[0], 'id', 'person_id');
    const r = parseProfile(json);
    expect(r.issues).toEqual([{ endpoint: E.profile, path: 'children[0].id', message: 'missing' }]);
    expect(r.value!.students.map((s) => s.student.id)).toEqual(['31500888']);
  });

  it('subject_marks: a renamed start_iso is reported, the period still matched by title', async () => {
    const json = fixture('subject_marks');
    rename(json.payload[0].periods[0], 'start_iso', 'begin_iso');
    expect(parseSubjectMarks(json).issues).toEqual([
      { endpoint: E.subjectMarks, path: 'payload[0].periods[0].start_iso', message: 'missing' },
    ]);
    const { transport } = fakeTransport({ [E.subjectMarks]: json });
    const r = await createMeshSource(transport, { today: TODAY }).fetchDiary(MISHA);
    expect(r.value.reported).toContainEqual({
      subject: '33623620',
      period: 'period:2026-09-01',
      average: 4.33,
      count: 3,
      target: { mark: 5, remaining: 3 },
    });
  });

  it('subject_marks: a period that matches nothing loses its figures, reported', async () => {
    const json = fixture('subject_marks');
    const p = json.payload[0].periods[0];
    delete p.start_iso;
    p.title = 'Неведомый период';
    const { transport } = fakeTransport({ [E.subjectMarks]: json });
    const r = await createMeshSource(transport, { today: TODAY }).fetchDiary(MISHA);
    expect(r.issues).toContainEqual({
      endpoint: E.subjectMarks,
      path: 'payload[0].periods[0]',
      message: 'no matching period; its figures are left out',
    });
    expect(r.value.reported!.filter((f) => f.subject === '33623620' && f.period === 'period:2026-09-01')).toEqual([]);
    // Those marks are no longer filed by the server, so their dates decide.
    expect(r.value.marks.find((m) => m.id === '990100201')!.period).toBeUndefined();
  });

  it('a renamed payload leaves that part out of the diary instead of showing it empty', async () => {
    const json = fixture('schedule_short');
    rename(json, 'payload', 'days');
    expect(parseScheduleShort(json)).toEqual({ value: null, issues: [{ endpoint: E.scheduleShort, path: 'payload', message: 'missing' }] });
    const { transport } = fakeTransport({ [E.scheduleShort]: json });
    const r = await createMeshSource(transport, { today: TODAY }).fetchDiary(MISHA);
    expect(r.value.schedule).toBeUndefined();
    expect(r.value.homework).toHaveLength(3);
  });

  it('homework without any text field is reported and skipped', () => {
    const json = fixture('homeworks');
    delete json.payload[1].description;
    delete json.payload[1].homework;
    const r = parseHomeworks(json);
    expect(r.issues).toEqual([{ endpoint: E.homeworks, path: 'payload[1].description', message: 'missing' }]);
    expect(r.value!.items).toHaveLength(2);
  });

  it('homework falls back to `homework` when `description` is gone', () => {
    const json = fixture('homeworks');
    delete json.payload[0].description;
    const r = parseHomeworks(json);
    expect(r.issues).toEqual([]);
    expect(r.value!.items[0]!.text).toBe('№ 214, 217');
  });
});
