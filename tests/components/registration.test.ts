import { describe, expect, it } from 'vitest';
import * as tabel from '../../components/tabel';
import * as engine from '../../components/engine';
import { define } from '../../components/internal/define';
import { TabelAverage } from '../../components/average/tabel-average';

const TAGS = ['tabel-average', 'tabel-grade-table', 'tabel-progress-chart', 'tabel-summary', 'tabel-target'];

describe('registration', () => {
  it('tabel.ts registers every element', () => {
    for (const tag of TAGS) expect(customElements.get(tag), tag).toBeDefined();
    expect(customElements.get('tabel-average')).toBe(TabelAverage);
  });

  it('exports the element classes; the engine entry exports the engine and the model', () => {
    expect(tabel.TabelTarget).toBeDefined();
    expect(tabel.TabelAverage).toBe(TabelAverage);
    expect(typeof engine.weightedAverage).toBe('function');
    expect(typeof engine.marksNeeded).toBe('function');
    expect(typeof engine.parseDiary).toBe('function');
    expect(typeof engine.TabelDataError).toBe('function');
    expect(engine.POLICIES.standard.id).toBe('standard');
    // tabel.js carries only what the elements use: the engine's surface is not re-exported there.
    expect('parseDiary' in tabel).toBe(false);
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
