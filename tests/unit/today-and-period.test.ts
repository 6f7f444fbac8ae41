import { describe, expect, it } from 'vitest';
import { addDays, todayIn, todayOf } from '../../lib/dates';
import { currentPeriod } from '../../lib/grades';
import { diaryScopedTo, marksInPeriod } from '../../lib/grades/diary';
import { parseDiary } from '../../lib/model/validate';
import type { Diary, Period } from '../../lib/model/types';
import { sampleDiary } from './fixtures';

describe('one "today": the local day in the diary’s time zone', () => {
  it('at 01:30 in Moscow on 1 January it is 1 January, though UTC still says 31 December', () => {
    const at = new Date('2026-12-31T22:30:00Z');
    expect(at.toISOString().slice(0, 10)).toBe('2026-12-31');
    expect(todayIn('Europe/Moscow', at)).toBe('2027-01-01');
    expect(todayOf({ source: { timeZone: 'Europe/Moscow' } }, at)).toBe('2027-01-01');
    // Vladivostok's school day starts earlier still; Kaliningrad's later.
    expect(todayIn('Asia/Vladivostok', new Date('2026-09-01T15:30:00Z'))).toBe('2026-09-02');
    expect(todayIn('Europe/Kaliningrad', new Date('2026-09-01T22:30:00Z'))).toBe('2026-09-02');
  });

  it('without a zone, or with one the browser does not know, it is the browser’s own local day', () => {
    const at = new Date(2026, 0, 1, 0, 30);
    expect(todayIn(undefined, at)).toBe('2026-01-01');
    expect(todayIn('Mars/Olympus_Mons', at)).toBe('2026-01-01');
    expect(todayOf(null, at)).toBe('2026-01-01');
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });
});

describe('one "current period"', () => {
  const year: Period = { id: 'y', name: '2026-2027', start: '2026-09-01', end: '2027-08-31', kind: 'year' };
  const q = (n: number, start: string, end: string): Period => ({
    id: `q${n}`,
    name: `${n} четверть`,
    start,
    end,
    kind: 'quarter',
    parent: 'y',
  });
  const periods = [
    year,
    q(1, '2026-09-01', '2026-10-24'),
    q(2, '2026-11-03', '2026-12-26'),
    q(3, '2027-01-12', '2027-03-20'),
    q(4, '2027-03-30', '2027-05-26'),
  ];

  it('is the term that holds today', () => {
    expect(currentPeriod(periods, '2026-10-14')?.id).toBe('q1');
    expect(currentPeriod(periods, '2026-11-03')?.id).toBe('q2');
  });

  it('during a school holiday it is the term just ended, never the empty next one nor the year', () => {
    expect(currentPeriod(periods, '2026-10-30')?.id).toBe('q1');
    expect(currentPeriod(periods, '2027-01-05')?.id).toBe('q2');
    expect(currentPeriod(periods, '2027-07-10')?.id).toBe('q4');
  });

  it('before the first term it is the first; without terms, the year by the same rule', () => {
    expect(currentPeriod(periods, '2026-08-25')?.id).toBe('q1');
    expect(currentPeriod([year], '2026-10-01')?.id).toBe('y');
    expect(currentPeriod([], '2026-10-01')).toBeNull();
  });

  it('is the same in the overlay, popup, report and widgets: every one of them calls it', async () => {
    const { readFileSync } = await import('node:fs');
    for (const file of [
      'extension/overlay-lines.ts',
      'entrypoints/popup/main.tsx',
      'entrypoints/report/main.tsx',
      'components/internal/base.ts',
    ]) {
      const src = readFileSync(file, 'utf8');
      // The widgets reach it through periodChosen (their `period="current"`), which calls it.
      expect(src, file).toMatch(file.startsWith('components/') ? /periodChosen\(/ : /currentPeriod\(/);
      expect(src, file).not.toMatch(/periodOn\(|toISOString\(\)\.slice\(0, 10\)/);
    }
  });
});

describe('what a view of a period or a subject is given of a diary', () => {
  it('keeps that period’s marks, that subject, the periods and the student, and nothing else', () => {
    const d: Diary = {
      ...sampleDiary(),
      attendance: [{ date: '2025-10-01', kind: 'absent' }],
      finals: [{ year: '2024-2025', subject: 'Алгебра', value: 5 }],
    };
    const t1 = diaryScopedTo(d, { period: 't1' });
    expect(t1.marks.map((m) => [m.subject, m.date])).toEqual(marksInPeriod(d, 't1').map((m) => [m.subject, m.date]));
    expect(t1.marks.some((m) => m.date >= '2025-12-01')).toBe(false);
    expect(t1.subjects).toEqual(d.subjects);
    expect(Object.keys(t1).sort()).toEqual(['marks', 'periods', 'student', 'subjects', 'version']);
    const alg = diaryScopedTo(d, { subject: 'alg', period: 't1' });
    expect(alg.subjects.map((s) => s.id)).toEqual(['alg']);
    expect(alg.marks).toHaveLength(3);
    // A chart of one subject across the year: every period's marks of that subject.
    expect(diaryScopedTo(d, { subject: 'rus' }).marks).toHaveLength(3);
    expect(parseDiary(diaryScopedTo(d, { subject: 'alg' })).ok).toBe(true);
  });
});

describe('the period, rule and target a screen is given', () => {
  it('periodChosen: current, an id, none, or an id the diary lacks', async () => {
    const { periodChosen } = await import('../../lib/grades');
    const periods = sampleDiary().periods;
    expect(periodChosen(periods, '', '2026-01-10')).toBeNull();
    expect(periodChosen(periods, undefined, '2026-01-10')).toBeNull();
    expect(periodChosen(periods, periods[0]!.id, '2026-01-10')).toBe(periods[0]);
    expect(periodChosen(periods, 'nope', '2026-01-10')).toBeUndefined();
    expect(periodChosen(periods, 'current', '2026-01-10')).toBe(currentPeriod(periods, '2026-01-10'));
  });

  it('policyInForce: a usable own rule wins; a broken one falls back to the preset; an unknown preset is null', async () => {
    const { policyInForce, POLICIES } = await import('../../lib/grades');
    const own = {
      id: 'school',
      lowest: 2,
      thresholds: [
        { mark: 5, from: 4.4 },
        { mark: 4, from: 3.4 },
        { mark: 3, from: 2.4 },
      ],
    };
    expect(policyInForce(own, 'point6')).toBe(own);
    expect(
      policyInForce(
        {
          ...own,
          thresholds: [
            { mark: 5, from: 9 },
            { mark: 4, from: 10 },
          ],
        },
        'point6',
      ),
    ).toBe(POLICIES.point6);
    expect(policyInForce(undefined)).toBe(POLICIES.standard);
    expect(policyInForce(undefined, 'nope')).toBeNull();
  });

  it('targetIn: an average wins over a mark, whose threshold it becomes; the fallback mark without either', async () => {
    const { targetIn, POLICIES } = await import('../../lib/grades');
    expect(targetIn(POLICIES.standard, 4.2, 5)).toEqual({ value: 4.2, mark: null });
    expect(targetIn(POLICIES.standard, undefined, 5)).toEqual({ value: 4.5, mark: 5 });
    expect(targetIn(POLICIES.point6, NaN, 4)).toEqual({ value: 3.6, mark: 4 });
    expect(targetIn(POLICIES.standard, undefined, undefined, 4)).toEqual({ value: 3.5, mark: 4 });
    expect(targetIn(POLICIES.standard, undefined, 9)).toEqual({ value: null, mark: 9 });
    expect(targetIn(POLICIES.standard)).toBeNull();
  });
});
