/**
 * The diary page's own strings, in both languages: what the page script writes at load (its
 * notices, the results' titles, the panel's button). They ship in the script every diary page
 * loads, so only those are here; the panel's inside has its own (panel-strings.ts, loaded with the
 * panel). The lines' texts are the background's (extension/line-strings.ts); the widgets carry theirs.
 */
const RU = {
  tabel: 'Табель',
  openPanel: 'Табель: средние, цели, динамика',
  sessionExpired: 'Сессия дневника истекла — войдите заново, и Табель продолжит.',
  siteDown: 'Дневник сейчас недоступен (технические работы). Попробуйте позже.',
  failed: 'Не удалось загрузить оценки',
  noPanel: 'Панель Табеля на этом сайте не открывается: результаты — рядом с предметами.',
  rule: 'Правило',
  asOf: (t: string) => `Дневник сейчас недоступен: Табель показывает последние известные данные на ${t}.`,
};
type Strings = typeof RU;
const EN: Strings = {
  tabel: 'Tabel',
  openPanel: 'Tabel: averages, targets, progress',
  sessionExpired: 'The diary session expired — log in again and Tabel will carry on.',
  siteDown: 'The diary is down right now (maintenance). Try again later.',
  failed: 'Could not load the marks',
  noPanel: "Tabel's panel cannot open on this site: the results are beside the subjects.",
  rule: 'Rule',
  asOf: (t) => `The diary is unavailable right now: Tabel shows the last known data as of ${t}.`,
};

export const stringsFor = (lang: 'ru' | 'en'): Strings => (lang === 'en' ? EN : RU);
