/**
 * Runs inside Chromium (bundled by archive.bench.ts): builds a five-year archive for three children
 * in the page's real IndexedDB through lib/store/archive.ts and times it.
 */
import type { Diary, Mark, Period } from '../lib/model/types';
import { openArchive } from '../lib/store/archive';

const SUBJECTS = [
  'Алгебра',
  'Геометрия',
  'Русский язык',
  'Литература',
  'Английский язык',
  'История',
  'Обществознание',
  'География',
  'Биология',
  'Физика',
  'Химия',
  'Информатика',
  'Физическая культура',
  'ОБЗР',
  'Вероятность и статистика',
];
const KINDS = ['Ответ на уроке', 'Самостоятельная работа', 'Контрольная работа', 'Домашнее задание', 'Практическая работа'];

function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** One school year of one child: the year, four quarters, 15 subjects, `count` marks with ids. */
export function yearDiary(child: number, startYear: number, count: number): Diary {
  const rand = random(child * 7919 + startYear);
  const year: Period = {
    id: `y${startYear}`,
    name: `${startYear}/${startYear + 1}`,
    start: `${startYear}-09-01`,
    end: `${startYear + 1}-05-31`,
    kind: 'year',
  };
  const quarters: Period[] = [
    [`${startYear}-09-01`, `${startYear}-10-26`],
    [`${startYear}-11-05`, `${startYear}-12-28`],
    [`${startYear + 1}-01-09`, `${startYear + 1}-03-22`],
    [`${startYear + 1}-04-01`, `${startYear + 1}-05-31`],
  ].map(([start, end], i) => ({
    id: `q${startYear}-${i + 1}`,
    name: `${i + 1} четверть`,
    start: start!,
    end: end!,
    kind: 'quarter',
    parent: year.id,
  }));
  const first = Date.parse(`${startYear}-09-01T00:00:00Z`);
  const days = 272;
  const marks: Mark[] = Array.from({ length: count }, (_, i) => ({
    id: `c${child}-${startYear}-${i}`,
    value: 2 + Math.floor(rand() * 4),
    weight: 1 + Math.floor(rand() * 3),
    date: iso(new Date(first + Math.floor(rand() * days) * 86_400_000)),
    subject: `s${i % SUBJECTS.length}`,
    scale: 'five',
    kind: KINDS[Math.floor(rand() * KINDS.length)]!,
  }));
  return {
    version: 1,
    student: { id: `child-${child}`, name: `Ученик ${child + 1}`, className: `${5 + child}-А`, grade: 5 + child },
    subjects: SUBJECTS.map((name, i) => ({ id: `s${i}`, name })),
    periods: [year, ...quarters],
    marks,
    finals: SUBJECTS.map((name) => ({ year: `${startYear - 1}-${startYear}`, subject: name, value: 3 + Math.floor(rand() * 3) })),
    source: { system: 'mesh', fetchedAt: `${startYear + 1}-05-31T12:00:00Z` },
  };
}

export interface ArchiveBenchResult {
  marks: number;
  yearlyMs: number;
  importMs: number;
  timelineMs: number;
  timelineMarks: number;
  historyMs: number;
  refetchMs: number;
  usageBytes: number;
}

async function run(opts: { children: number; years: number; perYear: number }): Promise<ArchiveBenchResult> {
  const years = Array.from({ length: opts.years }, (_, i) => 2021 + i);
  const children = Array.from({ length: opts.children }, (_, i) => i);
  for (const name of ['bench-yearly', 'bench-import'])
    await new Promise((r) => {
      const q = indexedDB.deleteDatabase(name);
      q.onsuccess = q.onerror = q.onblocked = r;
    });
  const diaries = years.flatMap((y) => children.map((c) => yearDiary(c, y, opts.perYear)));

  // 1. As it happens over five years: each year's diary merged as fetched (the last fetch of each year).
  const a = await openArchive({ name: 'bench-yearly' });
  let t0 = performance.now();
  for (const d of diaries) await a.merge('mesh', d, new Date(d.source!.fetchedAt!));
  const yearlyMs = performance.now() - t0;

  // A day's fetch of this year into the full archive: nothing new, everything compared (median of 5).
  const last = diaries[diaries.length - 1]!;
  const refetch: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    await a.merge('mesh', last, new Date(last.source!.fetchedAt!));
    refetch.push(performance.now() - s);
  }
  refetch.sort((x, y) => x - y);

  // 2. Timeline of one subject of one child over all five years (median of 21).
  const times: number[] = [];
  let timelineMarks = 0;
  for (let i = 0; i < 21; i++) {
    const s = performance.now();
    timelineMarks = (await a.timeline('mesh', 'child-0', `s${i % 15}`)).length;
    times.push(performance.now() - s);
  }
  times.sort((x, y) => x - y);
  t0 = performance.now();
  await a.history('mesh', 'child-0');
  const historyMs = performance.now() - t0;
  const usageBytes = (await navigator.storage.estimate()).usage ?? 0;
  a.close();

  // 3. The same archive loaded at once from an export file: one five-year diary per child.
  const b = await openArchive({ name: 'bench-import' });
  const merged = children.map((c) => {
    const own = diaries.filter((d) => d.student.id === `child-${c}`);
    return {
      ...own[own.length - 1]!,
      periods: own.flatMap((d) => d.periods),
      marks: own.flatMap((d) => d.marks),
      finals: own.flatMap((d) => d.finals ?? []),
    };
  });
  t0 = performance.now();
  for (const d of merged) await b.merge('mesh', d, new Date(), { mode: 'import' });
  const importMs = performance.now() - t0;
  b.close();
  return {
    marks: diaries.reduce((n, d) => n + d.marks.length, 0),
    yearlyMs,
    importMs,
    timelineMs: times[10]!,
    timelineMarks,
    historyMs,
    refetchMs: refetch[2]!,
    usageBytes,
  };
}

(globalThis as unknown as { tabelArchiveBench: typeof run }).tabelArchiveBench = run;
