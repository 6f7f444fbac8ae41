import { afterEach, describe, expect, it } from 'vitest';
import { overallAverage, subjectSummaries } from '../../lib/grades';
import type { Diary } from '../../lib/model/types';
import { sampleDiary } from '../unit/fixtures';
import { $, $$, cleanup, mount, text } from './helpers';

afterEach(cleanup);

function withAttendance(): Diary {
  const d = sampleDiary();
  d.attendance = [
    { date: '2025-10-01', kind: 'sick' },
    { date: '2025-10-02', kind: 'sick' },
    { date: '2025-10-20', subject: 'alg', kind: 'absent' },
    { date: '2025-12-03', subject: 'rus', kind: 'late' },
  ];
  return d;
}

describe('<tabel-summary>', () => {
  it('shows the student, the overall average and its period-mark mean', async () => {
    const d = sampleDiary();
    const el = await mount('tabel-summary', {}, { diary: d });
    const all = overallAverage(subjectSummaries(d));
    expect(el.average).toBe(all.meanOfAverages);
    expect($(el, '[part=base]')!.getAttribute('aria-label')).toBe('Миша Лебедев');
    expect(text(el)).toContain('Миша Лебедев');
    expect(text(el)).toContain('6-В · Школа № 9999 · за всё время');
    expect(text(el)).toContain('Средний балл 4,33');
  });

  it('lists the subjects below the target (default: the threshold of a 4)', async () => {
    const d = sampleDiary();
    const el = await mount('tabel-summary', { period: 't2' }, { diary: d });
    expect(el.below).toEqual(['alg']); // 3.00 < 3.5
    expect(text(el)).toMatch(/Ниже цели \(4\) Алгебра 3,00/);
    expect(el.below).toEqual(
      subjectSummaries(d, { period: 't2' })
        .filter((s) => s.average !== null && s.average < 3.5)
        .map((s) => s.subject.id),
    );
  });

  it('takes target and target-mark', async () => {
    const d = sampleDiary();
    const el = await mount('tabel-summary', { 'target-mark': '5' }, { diary: d });
    expect(el.below).toEqual(['alg']); // 4.00 < 4.5; rus 4.67 is not
    expect(text(el)).toContain('Ниже цели (5)');
    expect(text(el)).toMatch(/Алгебра 4,00/);
    el.setAttribute('target', '4.7');
    expect(el.below).toEqual(['alg', 'rus']);
  });

  it('shows new marks since a date, grouped by subject, newest first (default: the last week with marks)', async () => {
    const d = sampleDiary();
    const el = await mount('tabel-summary', {}, { diary: d });
    // The latest mark is 2025-12-19: the default is from 2025-12-13.
    expect(el.newMarks.map((m) => m.date)).toEqual(['2025-12-19']);
    expect(text(el)).toContain('Новые оценки с 13 дек.');
    el.setAttribute('since', '2025-10-14');
    expect(el.newMarks.map((m) => m.date)).toEqual(['2025-12-19', '2025-12-10', '2025-10-20', '2025-10-14']);
    await el.updateComplete;
    expect($$(el, '.fresh li').map((li) => li.querySelector('.muted')!.textContent)).toEqual(['Русский язык', 'Алгебра']);
  });

  it('shows attendance only where the diary has it, per kind, in the period', async () => {
    const plain = await mount('tabel-summary', {}, { diary: sampleDiary() });
    expect(text(plain)).not.toContain('Пропуски');
    const el = await mount('tabel-summary', { period: 't1' }, { diary: withAttendance() });
    expect(text(el)).toContain('Пропуски и опоздания по болезни: 2 · без уважительной причины: 1');
    expect(text(el)).not.toContain('опоздания: 1');
  });

  it('several on one page, one per child', async () => {
    const a = sampleDiary();
    const b = sampleDiary();
    b.student = { id: 's2', name: 'Аня Лебедева', className: '3-А' };
    b.marks = b.marks.map((m) => (typeof m.value === 'number' ? { ...m, value: 5 } : m));
    const first = await mount('tabel-summary', {}, { diary: a });
    const second = await mount('tabel-summary', { lang: 'en' }, { diary: b });
    expect(first.average).not.toBe(second.average);
    expect(second.average).toBe(5);
    expect(text(second)).toContain('Аня Лебедева');
    expect(text(second)).toContain('Average 5.00');
    expect(text(first)).toContain('Средний балл');
  });
});
