import type { ElementStrings } from '../internal/i18n';

/** `<tabel-grade-table>`'s own strings (the English ones are `gradeTable` in internal/en.ts). */
export default {
  en: 'gradeTable',
  ru: {
    marksCol: 'Оценки',
    avgCol: 'Средний',
    toTarget: 'До цели',
    sort: 'сортировать',
    weightLegend: 'маленькая цифра — вес оценки',
  },
} satisfies ElementStrings<object>;
