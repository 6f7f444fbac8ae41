export interface BenchRow {
  name: string;
  value: string;
  unit: string;
  note?: string;
  target?: string;
  ok?: boolean;
}

/** Median wall time of `runs` calls after `warmup` untimed ones, in milliseconds. */
export function measure(fn: () => unknown, runs = 15, warmup = 5): number {
  let sink: unknown;
  for (let i = 0; i < warmup; i++) sink = fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    sink = fn();
    times.push(performance.now() - t0);
  }
  if (sink === Symbol.for('never')) console.log(sink);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
