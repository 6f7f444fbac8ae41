/**
 * Calendar days as `YYYY-MM-DD` strings: the one definition of "today" and of day arithmetic.
 * Diary dates are school-local days, so arithmetic runs in UTC, where no daylight-saving switch
 * can shift a day.
 */

const formats = new Map<string, Intl.DateTimeFormat | null>();

/** A cached formatter for a zone; null for a zone the browser does not know. */
function formatFor(timeZone: string): Intl.DateTimeFormat | null {
  let f = formats.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      f = null;
    }
    formats.set(timeZone, f);
  }
  return f;
}

const pad = (x: number) => String(x).padStart(2, '0');

/**
 * The calendar day it is `now` in the diary's time zone (IANA, e.g. `Europe/Moscow`): at 01:30 in
 * Moscow on 1 January that is 1 January, while UTC still says 31 December. Without a zone (or with
 * one the browser does not know) it is the browser's own local day.
 */
export function todayIn(timeZone?: string, now: Date = new Date()): string {
  const f = timeZone ? formatFor(timeZone) : null;
  if (f) {
    const parts = f.formatToParts(now);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  }
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** `today` of a diary: the day in the time zone its source names (`source.timeZone`). */
export const todayOf = (diary: { source?: { timeZone?: string } } | null | undefined, now: Date = new Date()): string =>
  todayIn(diary?.source?.timeZone, now);

export function addDays(day: string, n: number): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Monday of the week a day (`YYYY-MM-DD`) is in. */
export function mondayOf(day: string): string {
  const dow = new Date(`${day.slice(0, 10)}T12:00:00Z`).getUTCDay();
  return addDays(day, -((dow + 6) % 7));
}

/**
 * Where the recent window of a diary starts on `today`: the 1st of this month, or of the month
 * before during a month's first week, while late marks for it still arrive (teachers enter marks
 * hours or days after the lesson).
 */
export function recentWindowStart(today: string): string {
  const first = `${today.slice(0, 7)}-01`;
  return Number(today.slice(8, 10)) <= 7 ? `${addDays(first, -1).slice(0, 7)}-01` : first;
}
