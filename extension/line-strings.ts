import type { Difference } from './overlay-lines';

/** The texts of the overlay's per-subject lines, written by the background (extension/overlay-lines.ts). */
const RU = {
  needed: (n: number, v: number, goal: string) => (n === 0 ? `цель ${goal} достигнута` : `до ${goal}: ещё ${n}×${v}`),
  unreachable: (goal: string) => `до ${goal}: недостижимо`,
  meshAverage: 'МЭШ',
  reasons: {
    'counts-points': 'МЭШ учитывает «точки»',
    'leaves-out-points': 'МЭШ не учитывает «точки»',
    lags: 'МЭШ ещё не учёл последние оценки',
    unknown: 'причина расхождения неизвестна',
  } as Record<Difference, string>,
};
const EN: typeof RU = {
  needed: (n, v, goal) => (n === 0 ? `target ${goal} reached` : `to ${goal}: ${n} more ×${v}`),
  unreachable: (goal) => `to ${goal}: out of reach`,
  meshAverage: 'MESH',
  reasons: {
    'counts-points': 'MESH counts «точки» (provisional marks)',
    'leaves-out-points': 'MESH leaves out «точки» (provisional marks)',
    lags: 'MESH has not taken in the latest marks yet',
    unknown: 'reason unknown',
  },
};

export const lineStrings = (lang: 'ru' | 'en') => (lang === 'en' ? EN : RU);
