import { averageOf, marksNeeded, periodMark, weightedAverage } from '../lib/grades';
import type { Mark } from '../lib/model/types';
import { measure, type BenchRow } from './harness';

/** A million marks shaped like real data: values 2–5, weights 1–3, some text marks and «точки». */
function millionMarks(): Mark[] {
  const marks: Mark[] = new Array(1_000_000);
  let x = 12345;
  for (let i = 0; i < marks.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const text = x % 50 === 0;
    marks[i] = {
      value: text ? 'Н' : 2 + (x % 4),
      weight: 1 + ((x >> 3) % 3),
      date: '2025-10-14',
      subject: 's',
      scale: 'five',
      isPoint: x % 97 === 0,
    };
  }
  return marks;
}

export function run(): BenchRow[] {
  const marks = millionMarks();
  const n = marks.length;
  const rows: BenchRow[] = [];
  const row = (name: string, fn: () => unknown) => {
    const ms = measure(fn);
    rows.push({
      name,
      value: ms.toFixed(1),
      unit: 'ms',
      note: `${(((n / ms) * 1000) / 1e6).toFixed(0)} M marks/s`,
      target: '≤ 50 ms',
      ok: ms <= 50,
    });
  };
  row('weightedAverage, 1,000,000 marks', () => weightedAverage(marks));
  row('average + periodMark, 1,000,000 marks', () => periodMark(weightedAverage(marks)));
  row('averageOf (exact, with period mark), 1,000,000 marks', () => averageOf(marks));
  row('marksNeeded to 4.5, 1,000,000 marks', () => marksNeeded(marks, 4.5));
  row('marksNeeded to 4.6 with weight-2 fives, 1,000,000 marks', () => marksNeeded(marks, '4.6', { value: 5, weight: 2 }));
  return rows;
}
