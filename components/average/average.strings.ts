import type { ElementStrings } from '../internal/i18n';

/** `<tabel-average>`'s own strings (the English ones are `average` in internal/en.ts). */
export default {
  en: 'average',
  ru: {
    allSubjects: 'Все предметы',
    how: 'Как посчитано',
    formula: 'Σ (оценка × вес) / Σ весов',
    subjectsMean: 'Среднее средних по предметам',
    counted: 'Учтены',
    excluded: 'Не учтены',
    reasons: { 'non-numeric': 'не число', 'other-scale': 'другая шкала', point: 'точка', 'bad-weight': 'неверный вес' } as Record<
      string,
      string
    >,
  },
} satisfies ElementStrings<object>;
