import { addDays } from '../../dates';

/** MESH's school days are Moscow's (regional «Моя школа» nodes run the same API; their zones come with issue 13). */
export const MESH_TIME_ZONE = 'Europe/Moscow';

export { addDays };

/**
 * Monday to Saturday of the school week around `today`. On Sunday the coming week is the one a
 * family looks at, so it is that week's.
 */
export function schoolWeekOf(today: string): string[] {
  const weekday = new Date(`${today.slice(0, 10)}T00:00:00Z`).getUTCDay();
  const monday = weekday === 0 ? addDays(today, 1) : addDays(today, 1 - weekday);
  return [0, 1, 2, 3, 4, 5].map((i) => addDays(monday, i));
}

/**
 * Calendar-month windows from `from` to `to` (inclusive): the first from `from` to its month's
 * end, then whole months, the last ending at `to`. Each is what one request asks (≤ 31 days).
 */
export function monthWindows(from: string, to: string): Array<{ from: string; to: string }> {
  const out: Array<{ from: string; to: string }> = [];
  let start = from;
  while (start <= to) {
    const next = `${start.slice(0, 7)}-01`;
    const monthEnd = addDays(addDays(next, 32).slice(0, 8) + '01', -1);
    const end = monthEnd < to ? monthEnd : to;
    out.push({ from: start, to: end });
    start = addDays(end, 1);
  }
  return out;
}

/** A school year as MESH names it in year marks: "2025-2026" (the academic years list writes "2025 - 2026"). */
export const schoolYearLabel = (year: { start: string; end: string }): string => `${year.start.slice(0, 4)}-${year.end.slice(0, 4)}`;
