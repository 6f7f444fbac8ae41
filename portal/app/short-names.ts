/** Short forms of subject names, as diary pages write them on cards and in narrow columns («Физ-ра», «ИЗО», «Англ. яз.»). */
export const SHORT: Record<string, string> = {
  'Физическая культура': 'Физ-ра',
  'Изобразительное искусство': 'ИЗО',
  'Английский язык': 'Англ. яз.',
  'Русский язык': 'Рус. яз.',
  Литература: 'Лит-ра',
  'Вероятность и статистика': 'ВиС',
  'Труд (технология)': 'Технология',
};
