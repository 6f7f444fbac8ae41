import type { ElementStrings } from '../internal/i18n';

/** `<tabel-target>`'s own strings (the English ones are `target` in internal/en.ts). */
export default {
  en: 'target',
  ru: {
    ownAverage: 'свой средний балл',
    counting: 'Считать оценками',
    now: 'Сейчас',
    withWhatIf: 'С оценками «что если»',
    reached: (t: string) => `Цель ${t} уже достигнута.`,
    needed: (n: number, what: string, t: string) => `До ${t} нужно получить ещё ${n} ${what}.`,
    unreachable: (what: string, t: string) => `Недостижимо: ${what} средний не поднять до ${t}.`,
    noThreshold: 'Недостижимо: правило не даёт такой отметки.',
    tolerated: (n: number, what: string, t: string) => `Можно получить ещё ${n} ${what} и остаться на ${t}.`,
    toleratedNone: (what: string, t: string) => `Даже одна ${what} опустит ниже ${t}.`,
    withMarks: (v: string) => `оценками «${v}»`,
    whatIf: 'Что если',
    add: 'Добавить',
    remove: 'Убрать',
    mark: 'Оценка',
    // Accusative/genitive forms after a number: 1 пятёрку, 2 пятёрки, 5 пятёрок.
    markNames: {
      5: ['пятёрку', 'пятёрки', 'пятёрок'],
      4: ['четвёрку', 'четвёрки', 'четвёрок'],
      3: ['тройку', 'тройки', 'троек'],
      2: ['двойку', 'двойки', 'двоек'],
    } as Record<number, string[]>,
    one: { 5: 'пятёрка', 4: 'четвёрка', 3: 'тройка', 2: 'двойка' } as Record<number, string>,
    oneOf: (v: string) => `оценка «${v}»`,
    markOf: (v: string) => [`оценку «${v}»`, `оценки «${v}»`, `оценок «${v}»`],
    withWeight: (w: string) => ` с весом ${w}`,
  },
} satisfies ElementStrings<object>;
