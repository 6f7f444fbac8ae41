/**
 * Runs `run` over `items`, `n` at a time, in order of start; the results in the items' order. What
 * every source uses to read many windows or records without flooding a regional server.
 */
export async function inBatches<T, R>(items: readonly T[], n: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}
