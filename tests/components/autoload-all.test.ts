import { describe, expect, it, vi } from 'vitest';

describe('the autoloader on a page with many kinds of element', () => {
  it(`loads every element in one file (tabel-all) when it first sees three kinds or more`, async () => {
    document.body.innerHTML = '<tabel-average></tabel-average><tabel-target></tabel-target><div><tabel-summary></tabel-summary></div>';
    const { ALL_AT } = await import('../../components/tabel');
    expect(ALL_AT).toBe(3);
    // All five, the two the page does not show included: the one file holds them all.
    await vi.waitFor(() => {
      for (const tag of ['tabel-average', 'tabel-grade-table', 'tabel-progress-chart', 'tabel-summary', 'tabel-target'])
        expect(customElements.get(tag), tag).toBeDefined();
    }, 10_000);
  });
});
