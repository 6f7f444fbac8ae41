import { describe, expect, it } from 'vitest';
import * as tabel from '../../components/tabel';
import { define } from '../../components/internal/define';
import { TabelAverage } from '../../components/average/tabel-average';

const TAGS = ['tabel-average', 'tabel-grade-table', 'tabel-progress-chart', 'tabel-summary', 'tabel-target'];

describe('registration', () => {
  it('tabel.ts registers every element', () => {
    for (const tag of TAGS) expect(customElements.get(tag), tag).toBeDefined();
    expect(customElements.get('tabel-average')).toBe(TabelAverage);
  });

  it('keeps the engine and the model among its exports', () => {
    expect(typeof tabel.weightedAverage).toBe('function');
    expect(typeof tabel.marksNeeded).toBe('function');
    expect(typeof tabel.parseDiary).toBe('function');
    expect(typeof tabel.TabelDataError).toBe('function');
    expect(tabel.POLICIES.standard.id).toBe('standard');
    expect(tabel.TabelTarget).toBeDefined();
  });

  it('defining again, or a tag the page already has, never throws and keeps the first', async () => {
    class Other extends HTMLElement {}
    expect(() => define('tabel-average', Other)).not.toThrow();
    expect(customElements.get('tabel-average')).toBe(TabelAverage);
    // The same class under a second name is refused by the registry: swallowed.
    expect(() => define('tabel-average-copy', TabelAverage)).not.toThrow();
    // Importing an element's own entry after tabel.js is harmless too.
    await expect(import('../../components/summary/tabel-summary')).resolves.toBeDefined();
    // A page that defined a tabel- tag first keeps its own.
    class PageOwn extends HTMLElement {}
    customElements.define('tabel-page-own', PageOwn);
    expect(() => define('tabel-page-own', TabelAverage)).not.toThrow();
    expect(customElements.get('tabel-page-own')).toBe(PageOwn);
  });
});
