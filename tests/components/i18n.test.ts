import { describe, expect, it } from 'vitest';
import { decimalFraction } from '../../lib/grades';
import { formatAverage, formatDate, kindShort, langOf, loadStrings, plural, ruleText, stringsFor } from '../../components/internal/i18n';
import { POLICIES } from '../../lib/grades';
import average from '../../components/average/average.strings';
import { countOfMarks } from '../../components/target/count-of-marks';
import { kindLabels } from '../../components/grade-table/kind-labels';
import target from '../../components/target/target.strings';

describe('formatting', () => {
  it('averages: two decimals, Russian comma, never rounded up onto a whole tenth', () => {
    expect(formatAverage(32 / 7, 'ru')).toBe('4,57');
    expect(formatAverage(32 / 7, 'en')).toBe('4.57');
    expect(formatAverage(14 / 3, 'ru')).toBe('4,67');
    expect(formatAverage(4.4966, 'ru')).toBe('4,49');
    expect(formatAverage(4.995, 'ru')).toBe('4,99');
    expect(formatAverage(4.5, 'ru')).toBe('4,50');
    expect(formatAverage(null, 'ru')).toBe('—');
    // Exact on fractions: 1210/269 = 4.4981…
    expect(formatAverage({ n: 1210n, d: 269n }, 'ru')).toBe('4,49');
    expect(formatAverage(decimalFraction('4.125'), 'ru')).toBe('4,13');
  });

  it('dates, plurals, counts of marks, the rule', async () => {
    await loadStrings('en');
    expect(formatDate('2025-10-14', 'ru')).toBe('14 окт.');
    expect(formatDate('2025-10-14', 'en')).toBe('Oct 14');
    const ru = stringsFor('ru', target);
    expect([1, 2, 5, 11, 21, 22].map((n) => plural('ru', n, ru.marks))).toEqual([
      'оценка',
      'оценки',
      'оценок',
      'оценок',
      'оценка',
      'оценки',
    ]);
    expect(countOfMarks(ru, 'ru', 1, 5)).toBe('пятёрку');
    expect(countOfMarks(ru, 'ru', 3, 5, 2)).toBe('пятёрки с весом 2');
    expect(countOfMarks(ru, 'ru', 5, 10)).toBe('оценок «10»');
    expect(countOfMarks(stringsFor('en', target), 'en', 2, 4, 1.5)).toBe('fours (weight 1.5)');
    expect(ruleText(POLICIES.point6.thresholds, ru, 'ru')).toBe('5 от 4,6 · 4 от 3,6 · 3 от 2,6');
  });

  it('short labels for control forms, unique within a set', () => {
    expect(kindShort('Контрольная работа')).toBe('КР');
    expect(kindShort('Диктант')).toBe('Дик');
    expect([...kindLabels(['Проверочная работа', 'Практическая работа', 'Проверочная работа']).values()]).toEqual(['ПР', 'ПраР']);
  });

  it('English strings load on first use; Russian needs nothing loaded', async () => {
    expect(loadStrings('ru')).toBeUndefined();
    await loadStrings('en-GB');
    expect(loadStrings('en')).toBeUndefined();
    expect(stringsFor('en', average).how).toBe('How it was calculated');
    expect(stringsFor('ru', average).how).toBe('Как посчитано');
    // The common strings come with every element's own.
    expect(stringsFor('en', target).periodMark).toBe('Period mark');
    expect(stringsFor('ru', average).periodMark).toBe('Итог');
  });

  it('language: the element’s own, else the nearest ancestor’s, else Russian', () => {
    const outer = document.createElement('section');
    const inner = document.createElement('div');
    outer.append(inner);
    expect(langOf(inner)).toBe('ru');
    outer.lang = 'en-GB';
    expect(langOf(inner)).toBe('en-GB');
    inner.lang = 'ru';
    expect(langOf(inner)).toBe('ru');
  });
});

describe('a page’s malformed language tag', () => {
  it('falls back to Russian instead of breaking the widget: <html lang="en-">', async () => {
    const { mount, text } = await import('./helpers');
    const { sampleDiary } = await import('../unit/fixtures');
    document.documentElement.setAttribute('lang', 'en-');
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    window.addEventListener('error', onError);
    process.on('unhandledRejection', onError);
    try {
      const holder = document.createElement('div');
      document.body.append(holder);
      expect(langOf(holder)).toBe('ru');
      const el = await mount('tabel-average', { subject: 'alg', period: 't1' }, { diary: sampleDiary() });
      expect(text(el)).toContain('Средний балл');
      expect(text(el)).toContain('4,33');
      expect(errors).toEqual([]);
    } finally {
      document.documentElement.setAttribute('lang', 'ru');
      window.removeEventListener('error', onError);
      process.off('unhandledRejection', onError);
    }
  });
});
