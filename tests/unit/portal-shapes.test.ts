import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { averageOf, toFixedExact } from '../../lib/grades';
import { parseMarksByDate } from '../../lib/sources/mesh';
import * as api from '../../portal/mesh-api';
import { createWorld } from '../../portal/world';

/**
 * The emulator is ours, so it is held to what the real API sent: its answers have the recorded
 * responses' keys and values (tests/fixtures/real-samples/mesh), and its own averages are MESH's
 * («точки» counted, as the recorded progress report shows).
 */
const DIR = resolve(import.meta.dirname, '../fixtures/real-samples/mesh');
const sample = (name: string): any => JSON.parse(readFileSync(resolve(DIR, name), 'utf8'));
const keys = (o: object) => Object.keys(o).sort();

const world = createWorld({ seed: 3, today: '2026-11-20' });
const child = world.children[1]!;

describe('the emulated MESH answers follow the recorded ones', () => {
  it('a mark has the recorded mark’s keys, «5-балльная» with nmax 6.0, a 10-digit id, 30/60/80/100 on the hundred scale', () => {
    const recorded = sample('marks.web.recorded.lessonlink.json').payload[0];
    const ours = api.marksJson(world, child, '2026-09-01', '2026-09-30').payload.find((m) => m.values)!;
    expect(keys(ours)).toEqual(keys(recorded));
    expect(keys(ours.values![0]!)).toEqual(keys(recorded.values[0]));
    const five = api
      .marksJson(world, world.children[0]!, '2026-09-01', '2026-09-30')
      .payload.filter((m) => m.original_grade_system_type === 'five' && m.values);
    expect(five[0]!.values![0]).toMatchObject({ name: '5-балльная', nmax: 6.0, grade_system_type: 'five' });
    expect(String(five[0]!.id)).toMatch(/^\d{10}$/);
    const hundred = Object.fromEntries(five.map((m) => [m.value, m.values![0]!.grade.hundred]));
    expect(hundred).toMatchObject({ '2': 30, '3': 60, '4': 80, '5': 100 });
    expect(parseMarksByDate({ payload: five }).issues).toEqual([]);
  });

  it('subject_marks periods have the strict model’s keys, a null target, and MESH’s average counts «точки»', () => {
    const probe = sample('derived/subject_marks.strict-shape.real-progress-marks.json').payload[0];
    const ours = api.subjectMarksJson(world, child).payload;
    expect(keys(ours[0]!)).toEqual(keys(probe));
    expect(keys(ours[0]!.periods[0]!)).toEqual(keys(probe.periods[0]));
    let withPoints = 0;
    for (const s of ours) {
      for (const p of s.periods) {
        expect(p.target).toBeNull();
        const marks = child.marks.filter(
          (m) => m.subjectId === s.subject_id && m.date >= p.start_iso && m.date <= p.end_iso && m.date <= world.today,
        );
        const subject = child.subjects.find((x) => x.id === s.subject_id)!;
        const counted = marks.flatMap((m) =>
          Number.isFinite(Number(m.value))
            ? [{ value: subject.scale === 'ten' ? Number(m.value) / 2 : Number(m.value), weight: m.weight, isPoint: m.isPoint }]
            : [],
        );
        const ours2 = counted.length ? toFixedExact(averageOf(counted, undefined, { countPoints: true }).exact!) : '';
        expect(p.value, `${s.subject_name} ${p.title}`).toBe(ours2);
        if (marks.some((m) => m.isPoint)) withPoints++;
      }
    }
    expect(withPoints).toBeGreaterThan(0);
  });

  it('periods_schedules in dd.MM.yyyy with holidays, and a schedule that is not the student’s', () => {
    const recorded = sample('attestation_periods_schedules.teacher.har-excerpt.unattributed.json');
    const ours = api.periodsSchedulesJson(child);
    expect(ours).toHaveLength(2);
    for (const k of ['id', 'name', 'periods']) expect(ours[0]).toHaveProperty(k);
    expect(ours[0]!.periods[0]!.begin_date).toMatch(/^\d\d\.\d\d\.\d{4}$/);
    expect(recorded[0].periods[0].begin_date).toMatch(/^\d\d\.\d\d\.\d{4}$/);
    expect(ours[0]!.periods.some((p) => p.is_vacation)).toBe(true);
  });

  it('the short schedule has lessons with subject_id null and 0, as the strict model allows', () => {
    const probe = sample('derived/schedule_short.strict-shape.json').payload[0].lessons;
    const monday = '2026-11-16';
    const tuesday = '2026-11-17';
    const lessons = api.scheduleShortJson(child, [monday, tuesday]).payload.flatMap((d) => d.lessons) as Array<Record<string, unknown>>;
    expect(lessons.some((l) => l.subject_id === null && l.lesson_name === 'Разговоры о важном')).toBe(true);
    expect(lessons.some((l) => l.subject_id === 0)).toBe(true);
    expect(keys(lessons.find((l) => typeof l.subject_id === 'number' && l.subject_id > 0)!)).toEqual(keys(probe[0]));
  });

  it('academic years are named as the copied answer names them, with a calendar id', () => {
    const copied = sample('academic_years.web.copied-response.unattributed.json')[0];
    const ours = api.academicYearsJson(world);
    expect(ours.at(-1)).toMatchObject({
      id: 13,
      name: '2026 - 2027',
      begin_date: '2026-09-01',
      end_date: '2027-08-31',
      current_year: true,
    });
    for (const k of keys(copied)) expect(ours[0]).toHaveProperty(k);
  });
});
