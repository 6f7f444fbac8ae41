import type { Period } from '../model/types';

/** How ЭлЖур and Дневник.ру write a school year («2026/2027»): their systems' `schoolYearLabel`, and the name of the year they read. */
export const slashYearLabel = (start: string, end: string): string => `${start.slice(0, 4)}/${end.slice(0, 4)}`;

/** The school year holding a day: 1 September to 31 August (what a server that names no year is read with). */
export function schoolYearAround(day: string): { start: string; end: string } {
  const y = Number(day.slice(0, 4));
  const first = day.slice(5) >= '09-01' ? y : y - 1;
  return { start: `${first}-09-01`, end: `${first + 1}-08-31` };
}

/**
 * A diary's terms with the school year around them, for a system that names no year of its own
 * (ЭлЖур, Дневник.ру): the school year holding the first term (1 September to 31 August, or
 * `bounds`), stretched to any term outside it, each term its child, the year last. The screens that go by
 * the year need it: the report's year column, year marks across years, the year's average.
 */
export function withSchoolYear(
  terms: readonly Period[],
  label: (start: string, end: string) => string,
  bounds?: { start: string; end: string },
): Period[] {
  const first = terms.map((t) => t.start).sort()[0];
  if (!first && !bounds) return [...terms];
  bounds ??= schoolYearAround(first!);
  const start = [bounds?.start, ...terms.map((t) => t.start)].filter((x): x is string => !!x).sort()[0]!;
  const end = [bounds?.end, ...terms.map((t) => t.end)]
    .filter((x): x is string => !!x)
    .sort()
    .at(-1)!;
  const id = `year:${start.slice(0, 4)}`;
  return [...terms.map((t) => ({ ...t, parent: id })), { id, name: label(start, end), start, end, kind: 'year' }];
}
