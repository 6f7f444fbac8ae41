import { afterEach, describe, expect, it } from 'vitest';
import { marksInPeriod, subjectSummaries, thresholdFor } from '../../lib/grades';
import type { Diary } from '../../lib/model/types';
import { sampleDiary } from '../unit/fixtures';
import { $, $$, cleanup, mount, text } from './helpers';

afterEach(cleanup);

/** sampleDiary with a fourth subject and a few more marks, so that sorting has something to do. */
function diary(): Diary {
  const d = sampleDiary();
  d.subjects.push({ id: 'bio', name: 'Биология' });
  d.marks.push(
    { value: 3, weight: 1, date: '2025-10-02', subject: 'bio', scale: 'five', kind: 'Ответ на уроке' },
    { value: 4, weight: 2, date: '2025-10-09', subject: 'bio', scale: 'five', kind: 'Проверочная работа' },
    { value: 5, weight: 1, date: '2025-10-21', subject: 'rus', scale: 'five', kind: 'Практическая работа' },
  );
  return d;
}

const rowNames = (el: Element) => $$(el, 'tbody th[scope=row]').map((th) => th.textContent!.trim());

describe('<tabel-grade-table>', () => {
  it('is a real table: caption, scoped column and row headers, one row per subject', async () => {
    const el = await mount('tabel-grade-table', { period: 't1' }, { diary: diary() });
    const table = $(el, 'table')!;
    expect(table.getAttribute('part')).toBe('table');
    expect(table.querySelector('caption')!.textContent).toContain('1 триместр');
    expect(table.querySelector('caption')!.textContent).toContain('Миша Лебедев');
    expect($$(el, 'thead th').every((th) => th.getAttribute('scope') === 'col')).toBe(true);
    expect(rowNames(el)).toEqual(['Алгебра', 'Русский язык', 'ИЗО', 'Биология']);
  });

  it('shows every mark with its weight and kind, and each subject’s average and period mark from the engine', async () => {
    const d = diary();
    const el = await mount('tabel-grade-table', { period: 't1' }, { diary: d });
    const summaries = subjectSummaries(d, { period: 't1' });
    const rows = $$(el, 'tbody tr');
    rows.forEach((tr, i) => {
      const s = summaries[i]!;
      expect(tr.querySelectorAll('[part~=mark]')).toHaveLength(s.marks.length);
      const cells = tr.querySelectorAll('td');
      const avg =
        s.average === null ? '—' : new Intl.NumberFormat('ru', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(s.average);
      expect(cells[1]!.textContent!.trim()).toBe(avg);
      expect(cells[2]!.textContent).toContain(s.periodMark === null ? '—' : String(s.periodMark));
    });
    const exam = $$(el, '[part~=mark]').find((m) => m.textContent!.includes('Контрольная работа'))!;
    expect(exam.querySelector('sub')!.textContent).toBe('2');
    expect(exam.querySelector('small')!.textContent).toBe('КР');
    // Text marks are shown but marked as not counted.
    const absent = $$(el, '[part~=mark]').find((m) => m.querySelector('b')!.textContent === 'Н')!;
    expect(absent.classList.contains('off')).toBe(true);
    // Forms that would share a label get distinct ones, and the legend explains them.
    const legend = $(el, '[part=legend]')!.textContent!;
    expect(legend).toContain('КР — Контрольная работа');
    expect(legend).toContain('ПР — Практическая работа');
    expect(legend).toContain('ПроР — Проверочная работа');
  });

  it('highlights marks dated on or after `since`, not by colour alone', async () => {
    const d = diary();
    const el = await mount('tabel-grade-table', { since: '2025-10-14' }, { diary: d });
    const fresh = $$(el, '[part~=new-mark]');
    expect(fresh).toHaveLength(d.marks.filter((m) => m.date >= '2025-10-14').length);
    expect(fresh.every((m) => m.classList.contains('new') && m.textContent!.includes('новая'))).toBe(true);
    expect($(el, 'caption')!.textContent).toContain('Новые оценки с 14 окт.');
  });

  it('sorts by subject, average and distance to the target, from attributes and from the headers', async () => {
    const d = diary();
    const el = await mount('tabel-grade-table', { period: 'y', 'target-mark': '5' }, { diary: d });
    const avg = Object.fromEntries(subjectSummaries(d, { period: 'y' }).map((s) => [s.subject.name, s.average]));
    expect(el.subjects).toEqual(['alg', 'rus', 'art', 'bio']);

    el.setAttribute('sort', 'subject');
    await el.updateComplete;
    expect(rowNames(el)).toEqual(['Алгебра', 'Биология', 'ИЗО', 'Русский язык']);

    // Clicking "average": best first; again: worst first. Subjects without an average stay last.
    const button = (i: number) => $$<HTMLButtonElement>(el, 'thead th button')[i]!;
    button(1).click();
    await el.updateComplete;
    expect(el.sort).toBe('average');
    expect(el.descending).toBe(true);
    const byAvg = rowNames(el);
    expect(byAvg.slice(0, 3).map((n) => avg[n])).toEqual([...byAvg.slice(0, 3).map((n) => avg[n]!)].sort((a, b) => b - a));
    expect(byAvg[3]).toBe('ИЗО');
    expect($$(el, 'thead th')[2]!.getAttribute('aria-sort')).toBe('descending');
    button(1).click();
    await el.updateComplete;
    expect($$(el, 'thead th')[2]!.getAttribute('aria-sort')).toBe('ascending');
    expect(rowNames(el).at(-1)).toBe('ИЗО');

    // Distance to the 5's threshold: furthest behind first.
    button(2).click();
    await el.updateComplete;
    expect(el.sort).toBe('distance');
    const t = thresholdFor(5)!;
    const byGap = rowNames(el)
      .slice(0, 3)
      .map((n) => avg[n]! - t);
    expect(byGap).toEqual([...byGap].sort((a, b) => a - b));
    expect($$(el, 'thead th')[4]!.getAttribute('aria-sort')).toBe('ascending');
  });

  it('shows the distance to the target with its sign, rounded so a miss never reads 0,00', async () => {
    const d = diary();
    const el = await mount('tabel-grade-table', { target: '4,5' }, { diary: d });
    expect($$(el, 'thead th').at(-1)!.textContent).toContain('До цели 4,5');
    const alg = $$(el, 'tbody tr')[0]!.querySelectorAll('td')[3]!;
    expect(alg.textContent!.trim()).toBe('−0,50'); // 4.00 vs 4.5
    const rus = $$(el, 'tbody tr')[1]!.querySelectorAll('td')[3]!;
    const rusAvg = subjectSummaries(d)[1]!.average!;
    expect(rus.textContent!.trim()).toBe(
      `+${new Intl.NumberFormat('ru', { minimumFractionDigits: 2 }).format(Math.floor((rusAvg - 4.5) * 100) / 100)}`,
    );
    const none = await mount('tabel-grade-table', {}, { diary: d });
    expect($$(none, 'thead th')).toHaveLength(4);
  });

  it('counts a period’s marks as the engine does (filed there, or dated in it)', async () => {
    const d = diary();
    const el = await mount('tabel-grade-table', { period: 't2' }, { diary: d });
    expect($$(el, '[part~=mark]')).toHaveLength(marksInPeriod(d, 't2').length);
    expect(text(el)).toContain('Нет оценок');
  });

  it('speaks English', async () => {
    const el = await mount('tabel-grade-table', { lang: 'en', period: 't1' }, { diary: diary() });
    expect(text(el)).toContain('Subject');
    expect(text(el)).toContain('Average');
    expect($$(el, 'tbody td')[1]!.textContent).toContain('4.33');
  });
});
