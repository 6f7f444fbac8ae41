import { afterEach, describe, expect, it } from 'vitest';
import { averageOf, marksNeeded, marksTolerated, POLICIES, thresholdFor, whatIf } from '../../lib/grades';
import type { TargetChangeDetail } from '../../components/tabel';
import { sampleDiary } from '../unit/fixtures';
import { $, $$, cleanup, marksOf, mount, text } from './helpers';

afterEach(cleanup);

const ALG = marksOf([5, 4, [3, 2], 4, 5, [4, 3]]); // Σ 5+4+6+4+5+12 = 36 / 9 = 4.00

async function calc(attrs: Record<string, string> = {}) {
  return mount('tabel-target', { subject: 'alg', ...attrs }, { marks: ALG });
}

function changes(el: HTMLElement): TargetChangeDetail[] {
  const seen: TargetChangeDetail[] = [];
  el.addEventListener('tabel-change', (e) => seen.push((e as CustomEvent<TargetChangeDetail>).detail));
  return seen;
}

describe('<tabel-target>', () => {
  it('counts how many fives reach the next period mark, by default', async () => {
    const el = await calc();
    expect(el.targetAverage).toBe(4.5); // the current mark is 4: aim at a 5
    expect(el.needed).toBe(marksNeeded(ALG, 4.5, { value: 5, weight: 1 }));
    expect(el.needed).toBe(9);
    expect(el.tolerated).toBeNull(); // not reached yet: nothing to lose
    expect($(el, '[role=status]')!.textContent).toMatch(/До 4,5 нужно получить ещё 9 пятёрок\./);
  });

  it('takes target (an average) and target-mark (a period mark, as the policy’s threshold)', async () => {
    const el = await calc({ target: '4.2' });
    expect(el.targetAverage).toBe(4.2);
    expect(el.needed).toBe(marksNeeded(ALG, 4.2));
    el.removeAttribute('target');
    el.setAttribute('target-mark', '4');
    expect(el.targetAverage).toBe(thresholdFor(4));
    expect(el.needed).toBe(0);
    expect(el.tolerated).toBe(marksTolerated(ALG, 3.5, { value: 2, weight: 1 }));
    await el.updateComplete;
    expect($(el, '[role=status]')!.textContent).toContain('Цель 3,5 уже достигнута.');
    expect($(el, '[role=status]')!.textContent).toMatch(/Можно получить ещё \d+ двойк\S* и остаться на 3,5\./);
    el.setAttribute('policy', 'point7');
    expect(el.targetAverage).toBe(thresholdFor(4, POLICIES.point7));
    el.setAttribute('target', '4,3'); // a Russian comma is fine
    expect(el.targetAverage).toBe(4.3);
  });

  it('counts in any value and weight (next-value, next-weight)', async () => {
    const el = await calc({ 'target-mark': '5', 'next-value': '5', 'next-weight': '3' });
    expect(el.needed).toBe(marksNeeded(ALG, 4.5, { value: 5, weight: 3 }));
    expect(el.needed).toBe(3);
    await el.updateComplete;
    expect(text(el)).toContain('нужно получить ещё 3 пятёрки с весом 3');
    el.setAttribute('next-value', '4');
    expect(el.needed).toBeNull();
    await el.updateComplete;
    expect($(el, '[role=status] .bad')!.textContent).toBe('Недостижимо: оценками «4» средний не поднять до 4,5.');
  });

  it('ignores attribute values that are not numbers (the defaults apply)', async () => {
    const el = await calc({ 'next-value': 'пять', 'next-weight': '', target: 'x' });
    expect(el.needed).toBe(marksNeeded(ALG, 4.5, { value: 5, weight: 1 }));
  });

  it('drops the what-if marks when another subject is picked', async () => {
    const el = await mount('tabel-target', { subject: 'alg' }, { diary: sampleDiary() });
    el.whatIf = [{ value: 5, weight: 2 }];
    const select = $$<HTMLSelectElement>(el, 'select')[0]!;
    select.value = 'rus';
    select.dispatchEvent(new Event('change'));
    expect(el.subject).toBe('rus');
    expect(el.whatIf).toEqual([]);
  });

  it('says plainly when the rule gives no such mark', async () => {
    const el = await calc({ 'target-mark': '6' });
    expect(el.needed).toBeNull();
    expect(el.targetAverage).toBeNull();
    expect(text(el)).toContain('Недостижимо: правило не даёт такой отметки.');
  });

  it('how many low marks can still come (risk-value, default 2)', async () => {
    const high = marksOf([5, 5, 5, 5, 4]); // 4.8
    const el = await mount('tabel-target', { subject: 'alg', 'target-mark': '5' }, { marks: high });
    expect(el.tolerated).toBe(marksTolerated(high, 4.5, { value: 2, weight: 1 }));
    expect(el.tolerated).toBe(0);
    expect(text(el)).toContain('Даже одна двойка опустит ниже 4,5.');
    el.setAttribute('risk-value', '4');
    expect(el.tolerated).toBe(marksTolerated(high, 4.5, { value: 4, weight: 1 }));
    expect(el.tolerated).toBe(3);
    await el.updateComplete;
    expect(text(el)).toContain('Можно получить ещё 3 четвёрки и остаться на 4,5.');
  });

  it('what-if marks update every result live and fire tabel-change with them', async () => {
    const el = await calc({ 'target-mark': '5' });
    const seen = changes(el);
    ($(el, '[name=wv]') as HTMLInputElement).value = '5';
    ($(el, '[name=ww]') as HTMLInputElement).value = '2';
    $<HTMLButtonElement>(el, 'button.add')!.click();
    const extra = [...ALG, { value: 5, weight: 2, scale: 'five' as const }];
    expect(el.needed).toBe(marksNeeded(extra, 4.5));
    expect(el.average).toBe(whatIf(ALG, [{ value: 5, weight: 2 }]).average);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual({
      subject: 'alg',
      target: 4.5,
      targetMark: 5,
      average: whatIf(ALG, [{ value: 5, weight: 2 }]).average,
      periodMark: whatIf(ALG, [{ value: 5, weight: 2 }]).periodMark,
      needed: marksNeeded(extra, 4.5),
      tolerated: null,
      whatIf: [{ value: 5, weight: 2 }],
      next: { value: 5, weight: 1 },
    });
    await el.updateComplete;
    expect($(el, '[role=status]')!.textContent).toContain('С оценками «что если»');
    expect($$(el, '[part=what-if] [part~=mark]')).toHaveLength(1);
    // Remove it again: back to the diary's own figures.
    const remove = $<HTMLButtonElement>(el, '[part=what-if] li button')!;
    expect(remove.getAttribute('aria-label')).toBe('Убрать 5, вес 2');
    remove.click();
    expect(el.average).toBe(averageOf(ALG).average);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.whatIf).toEqual([]);
  });

  it('editing the target, the counted mark or the subject fires tabel-change with the new results', async () => {
    const d = sampleDiary();
    const el = await mount('tabel-target', { subject: 'alg' }, { diary: d });
    const seen = changes(el);
    const [subject, target] = $$<HTMLSelectElement>(el, 'select');
    target!.value = '4';
    target!.dispatchEvent(new Event('change'));
    expect(seen.at(-1)).toMatchObject({ targetMark: 4, target: 3.5, needed: 0 });
    target!.value = 'avg';
    target!.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const own = $<HTMLInputElement>(el, 'input[step]')!;
    own.value = '4.25';
    own.dispatchEvent(new Event('input'));
    expect(seen.at(-1)).toMatchObject({
      target: 4.25,
      targetMark: null,
      needed: marksNeeded(
        d.marks.filter((m) => m.subject === 'alg'),
        4.25,
      ),
    });
    subject!.value = 'rus';
    subject!.dispatchEvent(new Event('change'));
    expect(seen.at(-1)).toMatchObject({ subject: 'rus', target: 4.25, needed: 0 });
    const [, nextValue, nextWeight] = $$<HTMLInputElement>(el, '.row input');
    nextValue!.value = '4';
    nextValue!.dispatchEvent(new Event('input'));
    nextWeight!.value = '2';
    nextWeight!.dispatchEvent(new Event('input'));
    expect(seen.at(-1)!.next).toEqual({ value: 4, weight: 2 });
    expect(seen).toHaveLength(6);
  });

  it('has labelled controls and a live region for the results', async () => {
    const el = await calc();
    for (const control of $$(el, 'select, input')) expect(control.closest('label')?.textContent?.trim()).toBeTruthy();
    expect($(el, '[part=result]')!.getAttribute('role')).toBe('status');
    expect($(el, 'fieldset legend')!.textContent).toBe('Что если');
  });

  it('speaks English', async () => {
    const el = await calc({ lang: 'en', 'target-mark': '5' });
    expect(text(el)).toContain('9 more fives needed for 4.5.');
    el.setAttribute('next-value', '4');
    await el.updateComplete;
    expect(text(el)).toContain('Unreachable: marks of 4 cannot lift the average to 4.5.');
  });
});
