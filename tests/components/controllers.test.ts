import { afterEach, describe, expect, it, vi } from 'vitest';
import { followingCount } from '../../components/internal/lang-controller';
import { mount, text } from './helpers';
import { sampleDiary } from '../unit/fixtures';

afterEach(() => {
  document.body.innerHTML = '';
  document.documentElement.lang = '';
  vi.unstubAllGlobals();
});

describe('LangController', () => {
  it('follows <html lang> while connected; the page observer goes when the last element does', async () => {
    const el = await mount('tabel-average', { subject: 'alg' }, { diary: sampleDiary() });
    expect(followingCount()).toBe(1);
    expect(text(el)).toMatch(/Средний балл/);
    document.documentElement.lang = 'en';
    await vi.waitFor(() => expect(text(el)).toMatch(/Average/));
    el.remove();
    expect(followingCount()).toBe(0);
    document.body.append(el);
    expect(followingCount()).toBe(1);
  });
});

describe('DataController', () => {
  it('fetches a src once per change, aborts the previous request, and drops a late answer', async () => {
    const signals: AbortSignal[] = [];
    let answer: ((r: Response) => void) | undefined;
    const fetch = vi.fn((_url: string, init?: RequestInit) => {
      signals.push(init!.signal!);
      return new Promise<Response>((resolve) => (answer = resolve));
    });
    vi.stubGlobal('fetch', fetch);
    const el = await mount('tabel-average', { subject: 'alg', src: '/a.json' });
    expect(text(el)).toMatch(/Загрузка/);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    const first = answer!;
    el.setAttribute('src', '/b.json');
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    expect(signals[0]!.aborted).toBe(true);
    // Re-rendering (a new language, a new subject) fetches nothing more.
    el.setAttribute('policy', 'point6');
    await el.updateComplete;
    expect(fetch).toHaveBeenCalledTimes(2);
    const json = (d: unknown) => new Response(JSON.stringify(d), { headers: { 'content-type': 'application/json' } });
    first(json({ version: 1 }));
    answer!(json(sampleDiary()));
    await vi.waitFor(() => expect(el.diary).not.toBeNull());
    await el.updateComplete;
    // The first answer (an invalid diary) came after the second request began: it is never shown.
    expect(text(el)).not.toMatch(/Не удалось/);
    expect(el.average).not.toBeNull();
    // Data from script wins over a request in flight.
    el.setAttribute('src', '/c.json');
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(3));
    el.data = sampleDiary();
    expect(signals[2]!.aborted).toBe(true);
  });
});
