import type { Difference } from './overlay-lines';

/** The texts of the overlay's per-subject lines, written by the background (extension/overlay-lines.ts); `system` is the diary system's name («МЭШ»). */
const RU = {
  /** `about`: the count is approximate (marks whose weights the site does not show). */
  needed: (n: number, v: number, goal: string, weight = 1, about = false) =>
    n === 0
      ? `цель ${goal} ${about ? 'примерно ' : ''}достигнута`
      : `до ${goal}: ещё ${about ? '≈ ' : ''}${n}×${v}${weight === 1 ? '' : ` (вес ${weight})`}`,
  unreachable: (goal: string) => `до ${goal}: недостижимо`,
  approximate: (system: string) => `Приблизительно: ${system} не показывает вес оценок, каждая посчитана один раз`,
  siteOwn: (system: string) => `Средний балл ${system}: сайт учитывает вес оценок, которого не показывает`,
  plain: (figure: string) => `Tabel без учёта весов: ${figure}`,
  reasons: {
    'counts-points': (system: string) => `${system} учитывает «точки»`,
    'leaves-out-points': (system: string) => `${system} не учитывает «точки»`,
    lags: (system: string) => `${system} ещё не учёл последние оценки`,
    unknown: () => 'причина расхождения неизвестна',
  } as Record<Difference, (system: string) => string>,
};
const EN: typeof RU = {
  needed: (n, v, goal, weight = 1, about = false) =>
    n === 0
      ? `target ${goal} ${about ? 'about ' : ''}reached`
      : `to ${goal}: ${about ? '≈ ' : ''}${n} more ×${v}${weight === 1 ? '' : ` (weight ${weight})`}`,
  unreachable: (goal) => `to ${goal}: out of reach`,
  approximate: (system) => `Approximate: ${system} does not show the marks' weights, so each counts once`,
  siteOwn: (system) => `${system}'s own average: the site weighs the marks, and does not show the weights`,
  plain: (figure) => `Tabel without weights: ${figure}`,
  reasons: {
    'counts-points': (system) => `${system} counts «точки» (provisional marks)`,
    'leaves-out-points': (system) => `${system} leaves out «точки» (provisional marks)`,
    lags: (system) => `${system} has not taken in the latest marks yet`,
    unknown: () => 'reason unknown',
  },
};

export const lineStrings = (lang: 'ru' | 'en') => (lang === 'en' ? EN : RU);
