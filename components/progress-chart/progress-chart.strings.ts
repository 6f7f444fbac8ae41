import type { ElementStrings } from '../internal/i18n';

/** `<tabel-progress-chart>`'s own strings (the English ones are `chart` in internal/en.ts). */
export default {
  en: 'chart',
  ru: {
    table: 'Таблица значений',
    date: 'Дата',
    overTime: 'средний балл по датам',
  },
} satisfies ElementStrings<object>;
