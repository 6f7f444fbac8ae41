import { describe, expect, it, vi } from 'vitest';
import * as engine from '../../components/engine';
import { define, VERSION } from '../../components/internal/define';

const TAGS = ['tabel-average', 'tabel-grade-table', 'tabel-progress-chart', 'tabel-summary', 'tabel-target'];
const nextTask = () => new Promise((r) => setTimeout(r, 0));

describe('the autoloader (tabel.js)', () => {
  it('registers an element when its tag is in the page, and one added later; nothing else', async () => {
    document.body.innerHTML = '<main><tabel-average></tabel-average></main>';
    const { discover } = await import('../../components/tabel');
    await vi.waitFor(() => expect(customElements.get('tabel-average')).toBeDefined(), 10_000);
    expect(customElements.get('tabel-target')).toBeUndefined();
    // An element added after load (a portal's client-side render) is found by the page's observer.
    const later = document.createElement('section');
    later.innerHTML = '<p><tabel-target></tabel-target></p>';
    document.body.append(later);
    await vi.waitFor(() => expect(customElements.get('tabel-target')).toBeDefined(), 10_000);
    expect(customElements.get('tabel-summary')).toBeUndefined();
    // In a shadow root the observer cannot see, `discover(root)` does it.
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<tabel-summary></tabel-summary>';
    await nextTask();
    expect(customElements.get('tabel-summary')).toBeUndefined();
    await discover(shadow);
    expect(customElements.get('tabel-summary')).toBeDefined();
    expect(customElements.get('tabel-grade-table')).toBeUndefined();
  });
});

describe('tabel-all.js and the engine entry', () => {
  it('tabel-all registers every element and exports the classes; the engine entry the engine and the model', async () => {
    const all = await import('../../components/all');
    for (const tag of TAGS) expect(customElements.get(tag), tag).toBeDefined();
    expect(customElements.get('tabel-average')).toBe(all.TabelAverage);
    expect(all.TabelTarget.tabelVersion).toBe(VERSION);
    expect(typeof engine.weightedAverage).toBe('function');
    expect(typeof engine.marksNeeded).toBe('function');
    expect(typeof engine.parseDiary).toBe('function');
    expect(typeof engine.TabelDataError).toBe('function');
    expect(engine.POLICIES.standard.id).toBe('standard');
    // The element entries carry only what the elements use: the engine's surface is not re-exported there.
    expect('parseDiary' in all).toBe(false);
  });

  it('defining again, or a tag the page already has, never throws and keeps the first; another version is told once', async () => {
    const { TabelAverage } = await import('../../components/all');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // The same version loaded twice (tabel-all and an element's entry): silent.
    await expect(import('../../components/summary/tabel-summary')).resolves.toBeDefined();
    define('tabel-average', TabelAverage);
    expect(warn).not.toHaveBeenCalled();
    // Another version of the library defined the tag first: this copy is not used, and the console names both, once.
    class Newer extends HTMLElement {}
    class Older extends HTMLElement {
      static tabelVersion = '0.0.1';
    }
    customElements.define('tabel-version-probe', Older);
    define('tabel-version-probe', Newer);
    define('tabel-version-probe', Newer);
    expect(customElements.get('tabel-version-probe')).toBe(Older);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/<tabel-version-probe> is already defined by Tabel 0\.0\.1; this copy \(Tabel source\)/);
    // The same class under a second name is refused by the registry: swallowed.
    expect(() => define('tabel-average-copy', TabelAverage)).not.toThrow();
    // A page that defined a tabel- tag first keeps its own, and hears why once.
    class PageOwn extends HTMLElement {}
    customElements.define('tabel-page-own', PageOwn);
    expect(() => define('tabel-page-own', TabelAverage)).not.toThrow();
    expect(customElements.get('tabel-page-own')).toBe(PageOwn);
    expect(String(warn.mock.calls[1]![0])).toMatch(/<tabel-page-own> is already defined by another script/);
    warn.mockRestore();
  });
});
