import { html, nothing, type TemplateResult } from 'lit';
import type { Mark } from '../../lib/model/types';
import { formatDate, formatNumber, kindShort, type Common } from './i18n';

/** What a mark chip is drawn with: the strings and locale in use, and unique short labels of control forms if the element has them. */
export interface ChipContext {
  s: Pick<Common, 'weight' | 'isNew' | 'weightUnknown'>;
  loc: string;
  kinds?: Map<string, string>;
}

/** A mark as a chip: value, weight, short control form; full details for screen readers and as a tooltip. */
export function chip(
  { s, loc, kinds }: ChipContext,
  m: Pick<Mark, 'value' | 'weight'> & Partial<Mark>,
  counted = true,
  isNew = false,
): TemplateResult {
  const value = typeof m.value === 'number' ? formatNumber(m.value, loc) : m.value;
  // A weight the site does not say is not shown as the 1 it counts as.
  const weight = m.weightUnknown ? s.weightUnknown : `${s.weight} ${formatNumber(m.weight, loc)}`;
  const info = [value, weight, m.kind, m.date && formatDate(m.date, loc)].filter(Boolean).join(', ');
  return html`<span class="mk${counted ? '' : ' off'}${isNew ? ' new' : ''}" part=${isNew ? 'mark new-mark' : 'mark'} title=${info}
    ><b aria-hidden="true">${value}</b>${m.weightUnknown ? nothing : html`<sub aria-hidden="true">${formatNumber(m.weight, loc)}</sub>`}${
      m.kind ? html`<small aria-hidden="true">${kinds?.get(m.kind) ?? kindShort(m.kind)}</small>` : nothing
    }<span class="sr">${info}${isNew ? `, ${s.isNew}` : ''}</span></span
  >`;
}

/** The sign before a figure that is approximate (a counted mark's weight unknown: `AverageResult.approximate`). */
export const approx = (approximate: boolean | undefined): string => (approximate ? '≈ ' : '');

/** The note under a figure that is approximate, saying why; nothing otherwise. */
export function approxNote(s: Pick<Common, 'approximate'>, approximate: boolean | undefined): TemplateResult | typeof nothing {
  return approximate ? html`<p class="muted approx" part="approximate">${s.approximate}</p>` : nothing;
}

/** A period mark as a badge (the number is always written: colour is never the only signal). */
export function badge(mark: number | null, label: string): TemplateResult {
  return mark === null
    ? html`<span class="pm muted" part="period-mark" title=${label}>—</span>`
    : html`<span class="pm m${mark}" part="period-mark" title=${label}><span class="sr">${label} </span>${mark}</span>`;
}
