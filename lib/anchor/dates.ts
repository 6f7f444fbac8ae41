import { UNSEEN } from './scan';

/**
 * The dates a page shows, read from its text: how a week diary tells which week, and so which
 * period, its rows are of. The real «Сетевой город» day headers were not recorded, so every form a
 * Russian diary writes is read: `30.11.2026`, `30.11.26`, `30.11` (two digits each: «3.10» is an
 * average, not a date), `30 ноября [2026 г.]`, `30 нояб.`, `2026-11-30`. A date without a year
 * takes the year that puts it inside the school year's range; one that fits none is not a date
 * this page's periods know.
 */

const MONTHS = 'янв|фев|мар|апр|ма|июн|июл|авг|сен|окт|ноя|дек'.split('|');
// Day, month, optional year: numeric (not part of a longer number or a decimal), worded, ISO.
const DATE = new RegExp(
  `(?<![\\d.,])(\\d\\d?)\\.(\\d\\d?)(?:\\.(\\d{4}|\\d\\d))?(?![\\d,]|\\.\\d)|(?<!\\d)(\\d\\d?)\\s+(${MONTHS.join('|')})[а-я]*\\.?(?:\\s+(\\d{4}))?|(?<!\\d)(\\d{4})-(\\d\\d)-(\\d\\d)(?!\\d)`,
  'g',
);

/** The ISO date of a day, or null for one that does not exist (31 November); a missing year is the one that puts it in [from, to]. */
function isoOf(y: number | null, m: number, d: number, from: string, to: string): string | null {
  for (let year = y ?? Number(from.slice(0, 4)); year <= (y ?? Number(to.slice(0, 4))); year++) {
    const t = new Date(Date.UTC(year, m - 1, d));
    const iso = t.toISOString().slice(0, 10);
    if (t.getUTCMonth() === m - 1 && (y !== null || (iso >= from && iso <= to))) return iso;
  }
  return null;
}

/** The ISO dates one text writes, within [from, to] where it gives no year. Pure. */
export function datesIn(text: string, from: string, to: string): string[] {
  const out: string[] = [];
  for (const x of text.toLowerCase().matchAll(DATE)) {
    let iso: string | null = null;
    if (x[7]) iso = isoOf(+x[7], +x[8]!, +x[9]!, from, to);
    else if (x[4]) iso = isoOf(x[6] ? +x[6] : null, MONTHS.findIndex((p) => x[5]!.startsWith(p)) + 1, +x[4], from, to);
    else if (x[3] || (x[1]!.length > 1 && x[2]!.length > 1))
      iso = isoOf(x[3] ? (x[3].length < 3 ? 2000 : 0) + +x[3] : null, +x[2]!, +x[1]!, from, to);
    if (iso) out.push(iso);
  }
  return out;
}

/** Every distinct date the page shows as its text (not what it hides, not Tabel's own), in order. */
export function datesShown(root: Element, from: string, to: string): string[] {
  const found = new Set<string>();
  const walker = root.ownerDocument.createTreeWalker(root, 0x4 /* SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = (n as Text).data;
    // A date is in a short text with a digit: whole paragraphs and texts without one are not read.
    if (t.length > 80 || !/\d/.test(t)) continue;
    const dates = datesIn(t, from, to);
    if (dates.length && !(n as Text).parentElement?.closest(UNSEEN)) for (const d of dates) found.add(d);
  }
  return [...found].sort();
}

export interface DatedPeriod {
  id: string;
  start?: string;
  end?: string;
}

/**
 * The period a week of dates belongs to: of the periods holding any of them, those that hold no
 * smaller one (a term, not the year around it), and of these the one holding the most. Null with
 * the candidates when two hold them equally (a week across a term's end, split evenly) or none does.
 */
export function periodOfDates(dates: readonly string[], periods: readonly DatedPeriod[]): { id: string | null; candidates: string[] } {
  const holding = periods
    .map((p) => ({ p, n: dates.filter((d) => d >= p.start! && d <= p.end!).length }))
    .filter((x) => x.p.start && x.p.end && x.n);
  const smallest = holding.filter(
    ({ p }) => !holding.some(({ p: q }) => q !== p && q.start! >= p.start! && q.end! <= p.end! && q.start + q.end! !== p.start + p.end!),
  );
  const most = Math.max(0, ...smallest.map((x) => x.n));
  const top = smallest.filter((x) => x.n === most).map((x) => x.p.id);
  return top.length === 1 ? { id: top[0]!, candidates: [] } : { id: null, candidates: top };
}
