import type { Diary, Mark } from '../../lib/model/types';
import '../../components/all';

type Tag = 'tabel-average' | 'tabel-grade-table' | 'tabel-progress-chart' | 'tabel-summary' | 'tabel-target';

/** Creates a widget with attributes and data, attaches it and waits for its first render. */
export async function mount<T extends Tag>(
  tag: T,
  attrs: Record<string, string> = {},
  data?: { diary?: unknown; marks?: unknown },
): Promise<HTMLElementTagNameMap[T]> {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (data?.diary !== undefined) el.data = data.diary as Diary;
  if (data?.marks !== undefined) el.marks = data.marks as Mark[];
  document.body.append(el);
  await el.updateComplete;
  return el;
}

/** The widget's rendered text, whitespace collapsed. */
export const text = (el: Element): string => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Query inside the widget's shadow root. */
export const $ = <E extends Element = HTMLElement>(el: Element, sel: string): E | null => el.shadowRoot!.querySelector<E>(sel);
export const $$ = <E extends Element = HTMLElement>(el: Element, sel: string): E[] => [...el.shadowRoot!.querySelectorAll<E>(sel)];

/** Removes every widget between tests. */
export function cleanup(): void {
  document.body.innerHTML = '';
  document.documentElement.removeAttribute('lang');
}

/** Five-scale marks of one subject, dated one a day from 2025-09-10. */
export function marksOf(values: Array<number | string | [number | string, number]>, subject = 'alg'): Mark[] {
  return values.map((v, i) => {
    const [value, weight] = Array.isArray(v) ? v : [v, 1];
    return {
      id: `x${i}`,
      value,
      weight,
      date: `2025-09-${String(10 + i).padStart(2, '0')}`,
      subject,
      scale: typeof value === 'string' && value === 'зачёт' ? 'pass-fail' : 'five',
    };
  });
}

/** Waits (a few seconds at most) until the condition holds. */
export async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
