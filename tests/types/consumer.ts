/**
 * A portal's TypeScript, as a consumer of the built library (`@tabel/widgets`, resolved from
 * dist/widgets/ by tests/browser/widgets-package.test.ts): every element's properties and events,
 * typed without a cast. It is type-checked only, never run. Each `@ts-expect-error` is a mistake
 * the declarations must catch.
 */
import { discover, type Diary, type TargetChangeDetail } from '@tabel/widgets';
import { TabelAverage } from '@tabel/widgets/tabel-average';
import type { TabelTarget } from '@tabel/widgets/tabel-target';
import { parseDiary, averageOf } from '@tabel/widgets/engine';

declare const diary: Diary;

const average = document.querySelector('tabel-average')!;
average.data = diary;
average.subject = 'alg';
average.period = 'current';
average.policy = 'point6';
average.rules = { id: 'school', lowest: 2, thresholds: [{ mark: 5, from: 4.4 }] };
const shown: number | null = average.average;
const mark: number | null = average.periodMark;
const counted: number = average.count;
// @ts-expect-error read-only
average.average = 5;
const ctor: typeof TabelAverage = customElements.get('tabel-average') as typeof TabelAverage;

const table = document.createElement('tabel-grade-table');
table.since = '2026-11-01';
table.sort = 'average';
table.descending = true;
table.target = 4.5;
table.targetMark = 5;
const order: string[] = table.subjects;
// @ts-expect-error not a sort column
table.sort = 'teacher';

const chart = document.querySelector('tabel-progress-chart')!;
chart.marks = diary.marks;
chart.targetMark = 4;
const drawn: unknown = chart.chart;

const summary = document.querySelector('tabel-summary')!;
summary.since = '2026-11-01';
const below: string[] = summary.below;
const fresh = summary.newMarks.map((m) => m.value);

const target: TabelTarget = document.querySelector('tabel-target')!;
target.whatIf = [{ value: 5 }, { value: 4, weight: 2 }];
target.nextValue = 5;
target.nextWeight = 1;
target.riskValue = 2;
const needed: number | null = target.needed;
const tolerated: number | null = target.tolerated;
const inForce: number | null = target.targetAverage;
// @ts-expect-error a what-if mark has a value
target.whatIf = [{ weight: 2 }];

target.addEventListener('tabel-change', (e) => {
  const d: TargetChangeDetail = e.detail;
  const n: number | null = e.detail.needed;
  const next: { value: number; weight: number } = e.detail.next;
  // @ts-expect-error no such field in the detail
  void e.detail.nope;
  void [d, n, next];
});
average.addEventListener('tabel-load', (e) => {
  const src: string = e.detail.src;
  void src;
});
document.addEventListener('tabel-error', (e) => {
  const message: string = e.detail.error.message;
  void message;
});

const checked = parseDiary(diary);
if (checked.ok) void averageOf(checked.value.marks).average;
void discover(document.body);

void [shown, mark, counted, ctor, order, drawn, below, fresh, needed, tolerated, inForce];
