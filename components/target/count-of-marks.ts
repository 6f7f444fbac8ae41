import { formatNumber, plural } from '../internal/i18n';

/** The strings `countOfMarks` words a count with. */
export interface CountStrings {
  markNames: Record<number, string[]>;
  markOf: (v: string) => string[];
  withWeight: (w: string) => string;
}

/** "2 пятёрки", "1 mark of 10" — `n` marks of `value`, with the weight when it is not 1. */
export function countOfMarks(s: CountStrings, locale: string, n: number, value: number, weight = 1): string {
  const what = plural(locale, n, s.markNames[value] ?? s.markOf(formatNumber(value, locale)));
  return `${what}${weight !== 1 ? s.withWeight(formatNumber(weight, locale)) : ''}`;
}
