import type { Diary, Mark } from '../../lib/model/types';

let seq = 0;
/** A five-point mark with defaults; tests state only what matters to them. */
export function mark(value: number | string, weight = 1, extra: Partial<Mark> = {}): Mark {
  seq++;
  return { id: `m${seq}`, value, weight, date: '2025-10-14', subject: 'alg', scale: 'five', ...extra };
}

export const sampleDiary = (): Diary => ({
  version: 1,
  student: { id: 's1', name: 'Миша Лебедев', school: 'Школа № 9999', className: '6-В', grade: 6 },
  subjects: [
    { id: 'alg', name: 'Алгебра' },
    { id: 'rus', name: 'Русский язык' },
    { id: 'art', name: 'ИЗО' },
  ],
  periods: [
    { id: 'y', name: '2025/2026 учебный год', start: '2025-09-01', end: '2026-05-31', kind: 'year' },
    { id: 't1', name: '1 триместр', start: '2025-09-01', end: '2025-11-30', kind: 'trimester', parent: 'y' },
    { id: 't2', name: '2 триместр', start: '2025-12-01', end: '2026-02-28', kind: 'trimester', parent: 'y' },
    { id: 't3', name: '3 триместр', start: '2026-03-01', end: '2026-05-31', kind: 'trimester', parent: 'y' },
  ],
  marks: [
    mark(5, 1, { date: '2025-09-10', subject: 'alg', period: 't1' }),
    mark(4, 2, { date: '2025-10-14', subject: 'alg', period: 't1', kind: 'Контрольная работа', isExam: true }),
    mark('Н', 1, { date: '2025-10-20', subject: 'alg', period: 't1' }),
    mark(3, 1, { date: '2025-12-10', subject: 'alg', period: 't2' }),
    mark(5, 1, { date: '2025-09-12', subject: 'rus' }),
    mark(5, 1, { date: '2025-09-19', subject: 'rus' }),
    mark(4, 1, { date: '2025-12-19', subject: 'rus' }),
    mark('зачёт', 1, { date: '2025-10-01', subject: 'art', scale: 'pass-fail' }),
  ],
  reported: [{ subject: 'alg', period: 't1', average: 4.33, periodMark: 4 }],
  source: { system: 'manual', fetchedAt: '2025-12-20T18:00:00Z' },
});
