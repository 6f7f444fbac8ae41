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

/** 1 September to 31 August around `today`: the school year when the server does not say. */
export function schoolYearAround(today: string): { start: string; end: string } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const first = month >= 9 ? year : year - 1;
  return { start: `${first}-09-01`, end: `${first + 1}-08-31` };
}
