import { decimalFraction, toFixedExact } from '../lib/grades/fraction';

/** The extension's own strings (overlay, popup, options); the widgets carry theirs. */
const RU = {
  tabel: 'Табель',
  openPanel: 'Табель: средние, цели, динамика',
  close: 'Закрыть',
  tabAverages: 'Средние',
  tabTarget: 'Цель',
  tabChart: 'Динамика',
  tabTable: 'Таблица',
  needed: (n: number, v: number, goal: string) => (n === 0 ? `цель ${goal} достигнута` : `до ${goal}: ещё ${n}×${v}`),
  unreachable: (goal: string) => `до ${goal}: недостижимо`,
  meshAverage: 'МЭШ',
  reasonPoints: 'МЭШ не учитывает «точки»',
  reasonUnknown: 'причина расхождения неизвестна',
  layoutChanged: 'Страница дневника изменилась: Табель показывает результаты здесь.',
  loading: 'Загружаем оценки…',
  sessionExpired: 'Сессия дневника истекла — войдите заново, и Табель продолжит.',
  siteDown: 'Дневник сейчас недоступен (технические работы). Попробуйте позже.',
  failed: 'Не удалось загрузить оценки',
  newMarks: (n: number) => `новых оценок: ${n}`,
  rule: 'Правило',
  asOf: (t: string) => `Дневник сейчас недоступен: Табель показывает последние известные данные на ${t}.`,
  period: 'Период',
};
type Strings = typeof RU;
const EN: Strings = {
  tabel: 'Tabel',
  openPanel: 'Tabel: averages, targets, progress',
  close: 'Close',
  tabAverages: 'Averages',
  tabTarget: 'Target',
  tabChart: 'Progress',
  tabTable: 'Table',
  needed: (n, v, goal) => (n === 0 ? `target ${goal} reached` : `to ${goal}: ${n} more ×${v}`),
  unreachable: (goal) => `to ${goal}: out of reach`,
  meshAverage: 'MESH',
  reasonPoints: 'MESH leaves out «точки» (provisional marks)',
  reasonUnknown: 'reason unknown',
  layoutChanged: 'The diary page changed: Tabel shows its results here.',
  loading: 'Loading marks…',
  sessionExpired: 'The diary session expired — log in again and Tabel will carry on.',
  siteDown: 'The diary is down right now (maintenance). Try again later.',
  failed: 'Could not load the marks',
  newMarks: (n) => `new marks: ${n}`,
  rule: 'Rule',
  asOf: (t) => `The diary is unavailable right now: Tabel shows the last known data as of ${t}.`,
  period: 'Period',
};

export const stringsFor = (lang: 'ru' | 'en'): Strings => (lang === 'en' ? EN : RU);
/**
 * "4,57" (ru) / "4.57" (en), rounded half-up on the exact decimal. Not Intl: building a number
 * format costs ~10 ms in every fresh content-script world, more than the whole overlay.
 */
export function formatAverage(x: number, lang: 'ru' | 'en'): string {
  const f = decimalFraction(x);
  if (!f) return '—';
  const text = toFixedExact(f, 2);
  return lang === 'ru' ? text.replace('.', ',') : text;
}
