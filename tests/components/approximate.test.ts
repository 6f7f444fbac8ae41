import { afterEach, describe, expect, it } from 'vitest';
import type { Diary } from '../../lib/model/types';
import { mount, text } from './helpers';
import { sampleDiary } from '../unit/fixtures';

/** The sample diary as a site that does not say its marks' weights would give it: every mark counted once. */
const unweighted = (): Diary => {
  const d = sampleDiary();
  return { ...d, marks: d.marks.map((m) => ({ ...m, weight: 1, weightUnknown: true })) };
};
const RU = 'Приблизительно: сайт не показывает вес оценок';
const parts = (el: Element) => [...el.shadowRoot!.querySelectorAll('[part~=approximate]')].map((x) => x.textContent);

afterEach(() => {
  document.body.innerHTML = '';
});

describe('every widget says when a figure is approximate (a mark’s weight unknown)', () => {
  it('<tabel-average>: ≈ before the figure, and why, in Russian and English; nothing of it with weights known', async () => {
    const el = await mount('tabel-average', { subject: 'alg', period: 't1' }, { diary: unweighted() });
    expect(el.shadowRoot!.querySelector('[part=value]')!.textContent).toMatch(/≈ 4,50/);
    expect(parts(el)).toEqual([expect.stringContaining(RU)]);
    const en = await mount('tabel-average', { subject: 'alg', period: 't1', lang: 'en' }, { diary: unweighted() });
    expect(text(en)).toContain("Approximate: the site does not show the marks' weights");
    const known = await mount('tabel-average', { subject: 'alg', period: 't1' }, { diary: sampleDiary() });
    expect(text(known)).not.toContain('≈');
    expect(parts(known)).toEqual([]);
    // The whole diary: approximate when one subject is.
    const all = await mount('tabel-average', { period: 't1' }, { diary: unweighted() });
    expect(parts(all)).toHaveLength(1);
  });

  it('<tabel-grade-table>, <tabel-summary>, <tabel-target>, <tabel-progress-chart>', async () => {
    const table = await mount('tabel-grade-table', { period: 't1' }, { diary: unweighted() });
    expect(text(table)).toMatch(/≈ 4,50/);
    // A mark's chip does not show the 1 it counts as: its weight is not known.
    const chip = table.shadowRoot!.querySelector('[part~=mark]')!;
    expect(chip.querySelector('sub')).toBeNull();
    expect(chip.getAttribute('title')).toContain('вес не указан');
    expect(parts(table)).toHaveLength(1);
    const summary = await mount('tabel-summary', { period: 't1' }, { diary: unweighted() });
    expect(text(summary)).toContain('≈');
    expect(parts(summary)).toHaveLength(1);
    const target = await mount('tabel-target', { subject: 'alg', period: 't1', 'target-mark': '5' }, { diary: unweighted() });
    expect(target.shadowRoot!.querySelector('[part=result]')!.textContent).toContain(RU);
    const chart = await mount('tabel-progress-chart', { subject: 'alg' }, { diary: unweighted() });
    expect(parts(chart)).toHaveLength(1);
    for (const el of [
      await mount('tabel-grade-table', { period: 't1' }, { diary: sampleDiary() }),
      await mount('tabel-summary', { period: 't1' }, { diary: sampleDiary() }),
      await mount('tabel-target', { subject: 'alg', period: 't1' }, { diary: sampleDiary() }),
      await mount('tabel-progress-chart', { subject: 'alg' }, { diary: sampleDiary() }),
    ])
      expect(parts(el), el.localName).toEqual([]);
  });
});
