/**
 * The diary page's own strings (the overlay's notices, results and panel), in both languages: they
 * ship in the content script, so only what the page itself writes is here. The lines' texts are the
 * background's (extension/line-strings.ts); the widgets carry theirs.
 */
const RU = {
  tabel: 'Табель',
  openPanel: 'Табель: средние, цели, динамика',
  close: 'Закрыть',
  tabAverages: 'Средние',
  tabTarget: 'Цель',
  tabChart: 'Динамика',
  tabTable: 'Таблица',
  periodUnknown: (name: string) => `Табель не может определить, какой период показывает страница: ниже — ${name}.`,
  studentUnknown: 'Табель не может определить, чей дневник показывает страница: результаты — в этой панели.',
  noRows: 'Табель не нашёл на странице строк предметов: результаты — в этой панели.',
  loading: 'Загружаем оценки…',
  sessionExpired: 'Сессия дневника истекла — войдите заново, и Табель продолжит.',
  siteDown: 'Дневник сейчас недоступен (технические работы). Попробуйте позже.',
  failed: 'Не удалось загрузить оценки',
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
  periodUnknown: (name) => `Tabel cannot tell which period the page shows: below is ${name}.`,
  studentUnknown: 'Tabel cannot tell whose diary the page shows: the results are in this panel.',
  noRows: 'Tabel found no subject rows on the page: the results are in this panel.',
  loading: 'Loading marks…',
  sessionExpired: 'The diary session expired — log in again and Tabel will carry on.',
  siteDown: 'The diary is down right now (maintenance). Try again later.',
  failed: 'Could not load the marks',
  rule: 'Rule',
  asOf: (t) => `The diary is unavailable right now: Tabel shows the last known data as of ${t}.`,
  period: 'Period',
};

export const stringsFor = (lang: 'ru' | 'en'): Strings => (lang === 'en' ? EN : RU);
