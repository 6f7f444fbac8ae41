import type { ElementStrings } from '../internal/i18n';

/** `<tabel-summary>`'s own strings (the English ones are `summary` in internal/en.ts). */
export default {
  en: 'summary',
  ru: {
    below: (t: string) => `Ниже цели (${t})`,
    absences: 'Пропуски и опоздания',
    attendance: { sick: 'по болезни', excused: 'по уважительной причине', absent: 'без уважительной причины', late: 'опоздания' } as Record<
      string,
      string
    >,
  },
} satisfies ElementStrings<object>;
