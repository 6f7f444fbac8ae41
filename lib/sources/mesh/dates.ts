/**
 * Calendar arithmetic on `YYYY-MM-DD` strings. Done in UTC so that a daylight-saving switch in the
 * browser's zone can never shift a day; the strings themselves are school-local dates.
 */

function utcOf(day: string): Date {
  return new Date(`${day.slice(0, 10)}T00:00:00Z`);
}

function dayOfUtc(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = utcOf(day);
  d.setUTCDate(d.getUTCDate() + n);
  return dayOfUtc(d);
}

/** The browser's local calendar day: a Moscow family's "today", not UTC's. */
export function localDayOf(now: Date): string {
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Monday to Saturday of the school week around `today`. On Sunday the coming week is the one a
 * family looks at, so it is that week's.
 */
export function schoolWeekOf(today: string): string[] {
  const weekday = utcOf(today).getUTCDay();
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
