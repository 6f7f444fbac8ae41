/**
 * Strings and number formats, per element: an element follows its own `lang` attribute, then the
 * nearest ancestor's (`<html lang>` in the end); Russian unless the language is English. The English
 * strings are a chunk of their own (en.ts), fetched the first time an element shows English.
 */

/** The strings every element uses (Russian); each element adds its own (`<element>.strings.ts`). */
const common = {
  error: 'Не удалось показать данные.',
  loading: 'Загрузка…',
  empty: 'Нет данных.',
  noMarks: 'Нет оценок',
  noSubject: (x: string) => `Нет предмета «${x}».`,
  noPeriod: (x: string) => `Нет периода «${x}».`,
  noPolicy: (x: string) => `Неизвестное правило «${x}» (есть: standard, point6, point7).`,
  allTime: 'за всё время',
  marks: ['оценка', 'оценки', 'оценок'],
  from: 'от',
  weight: 'вес',
  average: 'Средний балл',
  periodMark: 'Итог',
  marksOfPeriod: 'среднее итоговых',
  isNew: 'новая',
  none: 'нет',
  newMarks: (d: string) => `Новые оценки с ${d}`,
  target: 'Цель',
  subject: 'Предмет',
  weightUnknown: 'вес не указан',
  approximate: 'Приблизительно: сайт не показывает вес оценок, каждая оценка посчитана один раз.',
};

export type Common = typeof common;
/** What an element reads as `this.s`: the common strings and its own. */
export type Strings<Own extends object = object> = Common & Own;

/**
 * An element's strings: its Russian ones, and the key of its English ones in the English chunk
 * (en.ts holds every element's, under these keys).
 */
export interface ElementStrings<Own extends object> {
  ru: Own;
  en: string;
}

/** A language tag `Intl` accepts, canonical; Russian for one it does not (`en-`, `123`): a widget never breaks on a page's typo. */
function tagOrRussian(tag: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'ru';
  } catch {
    return 'ru';
  }
}

/** The language tag an element follows: its own `lang`, else the nearest ancestor's (`<html lang>`); `ru` by default and for a malformed tag. */
export function langOf(el: HTMLElement): string {
  const up = el.parentElement ?? (el.getRootNode() as Partial<ShadowRoot>).host;
  return tagOrRussian(el.lang || up?.closest('[lang]')?.getAttribute('lang') || 'ru');
}

export const isEn = (tag: string): boolean => /^en\b/i.test(tag);

let en: Record<string, object> | undefined;
let enLoading: Promise<unknown> | undefined;
/**
 * Makes sure the strings of a language are there: a promise while the English chunk loads (Russian
 * stays in use if it cannot be fetched), undefined when nothing is to wait for.
 */
export function loadStrings(tag: string): Promise<unknown> | undefined {
  if (!isEn(tag) || en) return undefined;
  return (enLoading ??= import('./en').then(
    (m) => (en = m.en),
    () => (en = {}),
  ));
}

const merged = new WeakMap<object, { ru: object; en?: object }>();
/** An element's strings in a language (Russian until the English ones have loaded: see `loadStrings`). */
export function stringsFor<Own extends object>(tag: string, own: ElementStrings<Own>): Strings<Own> {
  let m = merged.get(own);
  if (!m) merged.set(own, (m = { ru: { ...common, ...own.ru } }));
  if (isEn(tag) && en?.common) m.en ??= { ...en.common, ...en[own.en] };
  return ((isEn(tag) && m.en) || m.ru) as Strings<Own>;
}
/** The locale given to `Intl`: the tag itself when it is English, else Russian. */
export const localeFor = (tag: string): string => (isEn(tag) ? tag : 'ru');

const formats = new Map<string, Intl.NumberFormat>();
/** `Intl.NumberFormat` for a locale with `min`–`max` decimals, cached. */
export function nf(locale: string, min: number, max = min): Intl.NumberFormat {
  const key = `${locale}|${min}|${max}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { minimumFractionDigits: min, maximumFractionDigits: max });
    } catch {
      f = new Intl.NumberFormat('ru', { minimumFractionDigits: min, maximumFractionDigits: max });
    }
    formats.set(key, f);
  }
  return f;
}

/** How every Tabel screen prints an average (lib/grades/format.ts): the widgets print it the same way. */
export { formatAverage } from '../../lib/grades/format';

/** A number as people write it (a threshold 4.5, a weight 2): up to two decimals. */
export const formatNumber = (x: number, locale: string): string => nf(locale, 0, 2).format(x);

/** A date `YYYY-MM-DD` as "14 окт." / "Oct 14". */
export function formatDate(day: string, locale: string): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return d.toLocaleDateString(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** The form of a counted noun for `n`: forms are [one, few, many] in Russian, [one, other] in English. */
export function plural(locale: string, n: number, forms: readonly string[]): string {
  const i = ['one', 'few'].indexOf(new Intl.PluralRules(locale).select(n));
  return forms[i < 0 ? forms.length - 1 : Math.min(i, forms.length - 1)]!;
}

/** "5 от 4,5 · 4 от 3,5 · 3 от 2,5": the rounding rule in use, always shown. */
export function ruleText(
  thresholds: ReadonlyArray<{ mark: number; from: number | string }>,
  s: Pick<Common, 'from'>,
  locale: string,
): string {
  return thresholds.map((t) => `${t.mark} ${s.from} ${formatNumber(Number(String(t.from).replace(',', '.')), locale)}`).join(' · ');
}

/**
 * "КР" for "Контрольная работа": a short visible label for a mark's control form. `longer` gives
 * the fuller form used when two forms would share one label ("Про Р" / "Пра Р").
 */
export function kindShort(kind: string, longer = false): string {
  const words = kind.split(/[\s-]+/).filter((w) => w.length > 2);
  if (words.length < 2) return kind.slice(0, longer ? 5 : 3);
  const initials = words
    .map((w) => w[0]!.toUpperCase())
    .join('')
    .slice(0, 3);
  return longer ? words[0]!.slice(0, 3) + initials.slice(1) : initials;
}
