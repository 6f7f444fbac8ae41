/** The panel's own strings, in both languages: loaded with the panel (overlay-panel.js), not with every diary page. */
const RU = {
  close: 'Закрыть',
  tabAverages: 'Средние',
  tabTarget: 'Цель',
  tabChart: 'Динамика',
  tabTable: 'Таблица',
  periodUnknown: (name: string) => `Табель не может определить, какой период показывает страница: ниже — ${name}.`,
  studentUnknown: 'Табель не может определить, чей дневник показывает страница: результаты — в этой панели.',
  noRows: 'Табель не нашёл на странице строк предметов: результаты — в этой панели.',
  loading: 'Загружаем оценки…',
  period: 'Период',
};
type Strings = typeof RU;
const EN: Strings = {
  close: 'Close',
  tabAverages: 'Averages',
  tabTarget: 'Target',
  tabChart: 'Progress',
  tabTable: 'Table',
  periodUnknown: (name) => `Tabel cannot tell which period the page shows: below is ${name}.`,
  studentUnknown: 'Tabel cannot tell whose diary the page shows: the results are in this panel.',
  noRows: 'Tabel found no subject rows on the page: the results are in this panel.',
  loading: 'Loading marks…',
  period: 'Period',
};

export const panelStringsFor = (lang: 'ru' | 'en'): Strings => (lang === 'en' ? EN : RU);
