import { afterEach, describe, expect, it, vi } from 'vitest';
import { averageOf, explainAverage, marksInPeriod, overallAverage, POLICIES, subjectSummaries } from '../../lib/grades';
import { sampleDiary } from '../unit/fixtures';
import { $, $$, cleanup, marksOf, mount, text, until } from './helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('<tabel-average>', () => {
  it('shows a subject’s weighted average, its period mark and the count, as the engine computes them', async () => {
    const diary = sampleDiary();
    const el = await mount('tabel-average', { subject: 'alg' }, { diary });
    const expected = averageOf(diary.marks.filter((m) => m.subject === 'alg'));
    expect(el.average).toBe(expected.average);
    expect(el.periodMark).toBe(expected.periodMark);
    expect(el.count).toBe(expected.count);
    expect(el.count).toBe(3);
    expect($(el, '[part=value]')!.textContent).toContain('4,00');
    expect($(el, '[part=period-mark]')!.textContent).toContain('4');
    expect(text(el)).toContain('3 оценки');
    expect(text(el)).toContain('5 от 4,5 · 4 от 3,5 · 3 от 2,5');
  });

  it('limits to a period (marks filed there, or dated in it)', async () => {
    const diary = sampleDiary();
    const el = await mount('tabel-average', { subject: 'alg', period: 't1' }, { diary });
    expect(el.average).toBe(averageOf(marksInPeriod(diary, 't1').filter((m) => m.subject === 'alg')).average);
    expect(el.average).toBeCloseTo(13 / 3, 12);
    expect($(el, '[part=value]')!.textContent).toContain('4,33');
    expect(text(el)).toContain('1 триместр');
    el.setAttribute('period', 't2');
    expect(el.average).toBe(3);
  });

  it('period="current": the term of today in the school’s zone, else the one just ended (the one rule)', async () => {
    const diary = { ...sampleDiary(), source: { system: 'manual', timeZone: 'Europe/Moscow' } };
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-07-01T12:00:00Z')); // the summer: the 3rd trimester ended last
      const el = await mount('tabel-average', { subject: 'alg', period: 'current' }, { diary });
      expect(text(el)).toContain('3 триместр');
      expect(el.average).toBeNull();
      vi.setSystemTime(new Date('2025-10-01T12:00:00Z')); // in the 1st trimester
      el.setAttribute('policy', 'standard'); // any change recomputes
      expect(el.average).toBeCloseTo(13 / 3, 12);
      // 23:30 UTC on 30 November is already 1 December in Moscow: the 2nd trimester.
      vi.setSystemTime(new Date('2025-11-30T23:30:00Z'));
      el.setAttribute('policy', 'point6');
      await el.updateComplete;
      expect(text(el)).toContain('2 триместр');
      expect(el.average).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('takes a subject by its name too, and the whole diary without one', async () => {
    const diary = sampleDiary();
    const byName = await mount('tabel-average', { subject: 'Русский язык' }, { diary });
    expect(byName.average).toBeCloseTo(14 / 3, 12);
    expect($(byName, '[part=value]')!.textContent).toContain('4,67');
    const all = await mount('tabel-average', {}, { diary });
    const summaries = subjectSummaries(diary);
    expect(all.average).toBe(overallAverage(summaries).meanOfAverages);
    expect(all.count).toBe(summaries.reduce((n, s) => n + s.count, 0));
    expect(text(all)).toContain('Все предметы');
    expect(text(all)).toContain('Алгебра: 4,00');
  });

  it('explains which marks counted, with their weights, and what was left out and why', async () => {
    const diary = sampleDiary();
    const el = await mount('tabel-average', { subject: 'alg' }, { diary });
    const details = $<HTMLDetailsElement>(el, 'details')!;
    expect(details.querySelector('summary')!.textContent).toContain('Как посчитано');
    const x = explainAverage(diary.marks.filter((m) => m.subject === 'alg'));
    expect(details.textContent).toContain(`= ${x.sum} / ${x.weight} = 4,00`);
    const chips = $$(el, 'details [part~=mark]');
    expect(chips).toHaveLength(4);
    expect(chips[1]!.textContent).toContain('вес 2');
    expect(chips[1]!.textContent).toContain('Контрольная работа');
    expect(details.textContent).toMatch(/Не учтены:.*Н.*не число/);
  });

  it('applies the rounding policy and shows its rule', async () => {
    const marks = marksOf([5, 4]); // 4.5: a 5 under the standard rule, a 4 from x.6
    const el = await mount('tabel-average', { subject: 'alg' }, { marks });
    expect(el.periodMark).toBe(5);
    el.setAttribute('policy', 'point6');
    expect(el.periodMark).toBe(averageOf(marks, POLICIES.point6).periodMark);
    expect(el.periodMark).toBe(4);
    await el.updateComplete;
    expect(text(el)).toContain('5 от 4,6 · 4 от 3,6 · 3 от 2,6');
    el.setAttribute('policy', 'point7');
    expect(el.periodMark).toBe(4);
  });

  it('takes a school’s own rule as an object, over the preset, and ignores a broken one', async () => {
    const marks = marksOf([5, 4, 5]); // 14/3 = 4.67: a 5 by the standard rule, a 4 from 4.7
    const el = await mount('tabel-average', { subject: 'alg' }, { marks });
    expect(el.periodMark).toBe(5);
    el.rules = {
      id: 'school-1234',
      lowest: 2,
      thresholds: [
        { mark: 5, from: '4.7' },
        { mark: 4, from: '3.6' },
        { mark: 3, from: '2.6' },
      ],
    };
    await el.updateComplete;
    expect(el.periodMark).toBe(4);
    expect(text(el)).toContain('5 от 4,7 · 4 от 3,6 · 3 от 2,6');
    el.rules = {
      id: 'broken',
      lowest: 2,
      thresholds: [
        { mark: 4, from: '3.5' },
        { mark: 5, from: '4.5' },
      ],
    };
    await el.updateComplete;
    expect(el.periodMark).toBe(5);
  });

  it('formats numbers for the language: 4,57 in Russian, 4.57 in English', async () => {
    const marks = marksOf([5, 5, 5, 4, 4, 5, 4]); // 32/7 = 4.571…
    const ru = await mount('tabel-average', { subject: 'alg' }, { marks });
    expect($(ru, '[part=value]')!.textContent).toContain('4,57');
    const en = await mount('tabel-average', { subject: 'alg', lang: 'en' }, { marks });
    expect($(en, '[part=value]')!.textContent).toContain('4.57');
    expect(text(en)).toContain('7 marks');
    expect(text(en)).toContain('5 from 4.5');
  });

  it('follows the page language when it has none of its own, and its own when it has', async () => {
    const marks = marksOf([5, 4]);
    const el = await mount('tabel-average', { subject: 'alg' }, { marks });
    expect(text(el)).toContain('Как посчитано');
    document.documentElement.lang = 'en';
    await new Promise((r) => setTimeout(r, 0)); // the page's lang is watched with a MutationObserver
    await el.updateComplete;
    expect(text(el)).toContain('How it was calculated');
    el.lang = 'ru';
    await el.updateComplete;
    expect(text(el)).toContain('Как посчитано');
  });

  it('never shows a rounded 4,50 for an average just under 4.5', async () => {
    // (5·4 + 4·1 + 4·1 + … ) chosen so that the average is 4.4966…: shown 4,49, period mark 4.
    const marks = marksOf([
      [5, 99],
      [4, 100],
    ]); // (495 + 400) / 199 = 4.4975: rounds half-up to 4.50, yet is no 5
    const el = await mount('tabel-average', { subject: 'alg' }, { marks });
    expect(el.average!).toBeGreaterThan(4.495);
    expect(el.periodMark).toBe(4);
    expect($(el, '[part=value]')!.textContent).toContain('4,49');
  });

  it('shows an inline error for invalid data, naming the problem', async () => {
    const el = await mount(
      'tabel-average',
      { subject: 'alg' },
      {
        diary: {
          version: 1,
          student: { id: 's', name: 'A' },
          subjects: [],
          periods: [],
          marks: [{ value: 5, weight: 0, date: 'x', subject: 'alg', scale: 'five' }],
        },
      },
    );
    const error = $(el, '[part=error]')!;
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('Не удалось показать данные.');
    expect(error.textContent).toContain('marks[0].weight: expected a positive number');
    expect(el.average).toBeNull();
    expect(el.periodMark).toBeNull();
  });

  it('reports a missing subject, period or policy inline', async () => {
    const diary = sampleDiary();
    const el = await mount('tabel-average', { subject: 'chem' }, { diary });
    expect($(el, '[part=error]')!.textContent).toContain('Нет предмета «chem»');
    el.setAttribute('subject', 'alg');
    el.setAttribute('period', 'q9');
    await el.updateComplete;
    expect($(el, '[part=error]')!.textContent).toContain('Нет периода «q9»');
    el.removeAttribute('period');
    el.setAttribute('policy', 'round-up');
    await el.updateComplete;
    expect($(el, '[part=error]')!.textContent).toContain('Неизвестное правило «round-up»');
  });

  it('says there is no data yet rather than staying blank', async () => {
    const el = await mount('tabel-average');
    expect(text(el)).toBe('Нет данных.');
  });

  it('fires tabel-error for rejected data', async () => {
    const el = await mount('tabel-average');
    const seen: unknown[] = [];
    el.addEventListener('tabel-error', (e) => seen.push((e as CustomEvent).detail.error));
    el.data = { version: 2 } as never;
    expect(seen).toHaveLength(1);
    expect(String(seen[0])).toContain('expected version 1');
  });

  it('loads a diary (or a list of marks) from src', async () => {
    const diary = sampleDiary();
    const fetch = vi.fn(
      async (url: string) =>
        new Response(JSON.stringify(url.includes('marks') ? marksOf([5, 4, 4]) : diary), {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
    );
    vi.stubGlobal('fetch', fetch);
    const el = await mount('tabel-average', { subject: 'alg', src: '/diary.json' });
    const loads: string[] = [];
    el.addEventListener('tabel-load', (e) => loads.push((e as CustomEvent).detail.src));
    await until(() => el.average !== null);
    expect(el.average).toBe(4);
    expect(fetch).toHaveBeenCalledWith('/diary.json', expect.anything());
    el.setAttribute('src', '/marks.json');
    await until(() => el.average !== 4 && el.average !== null);
    expect(el.average).toBeCloseTo(13 / 3, 12);
    expect(loads).toContain('/marks.json');
    await el.updateComplete;
    expect(text(el)).toContain('4,33');
  });

  it('shows a failed src as an inline error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('nope', { status: 404 })),
    );
    const el = await mount('tabel-average', { src: '/missing.json' });
    await until(() => $(el, '[part=error]') !== null);
    expect($(el, '[part=error]')!.textContent).toContain('/missing.json: HTTP 404');
  });

  describe('src is read carefully', () => {
    const json = (body: string, headers: Record<string, string> = {}) =>
      new Response(body, { status: 200, headers: { 'content-type': 'application/json', ...headers } });
    const errorOf = async (el: HTMLElement) => {
      await until(() => $(el, '[part=error]') !== null);
      return $(el, '[part=error]')!.textContent!;
    };

    it('refuses what is not served as JSON (an HTML page, a picture), and takes a +json type', async () => {
      const diary = JSON.stringify(sampleDiary());
      for (const type of ['text/html; charset=utf-8', 'image/png', '']) {
        vi.stubGlobal(
          'fetch',
          vi.fn(async () => new Response(diary, { status: 200, headers: type ? { 'content-type': type } : {} })),
        );
        const el = await mount('tabel-average', { subject: 'alg', src: '/d.json' });
        expect(await errorOf(el)).toContain(`/d.json: expected JSON, got ${type.split(';')[0] || ''}`);
        el.remove();
      }
      vi.stubGlobal(
        'fetch',
        vi.fn(async () => json(diary, { 'content-type': 'application/vnd.tabel+json' })),
      );
      const ok = await mount('tabel-average', { subject: 'alg', src: '/d.json' });
      await until(() => ok.average !== null);
      expect(ok.average).toBe(4);
    });

    it('refuses more than 16 MB, by its header or as it streams', async () => {
      vi.stubGlobal(
        'fetch',
        vi.fn(async () => json('[]', { 'content-length': String(30 * 1024 * 1024) })),
      );
      expect(await errorOf(await mount('tabel-average', { src: '/big.json' }))).toContain('/big.json: larger than 16 MB');
      const chunk = new Uint8Array(1024 * 1024).fill(32);
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(c) {
          if (sent++ < 40) c.enqueue(chunk);
          else c.close();
        },
      });
      vi.stubGlobal(
        'fetch',
        vi.fn(async () => new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } })),
      );
      expect(await errorOf(await mount('tabel-average', { src: '/stream.json' }))).toContain('larger than 16 MB');
      expect(sent).toBeLessThan(40);
    });

    it('gives up on a stalled answer after 20 s with a clear error, not «loading» for ever', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        vi.stubGlobal(
          'fetch',
          vi.fn(
            (_: string, init: RequestInit) =>
              new Promise<Response>((_, reject) =>
                init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
              ),
          ),
        );
        const el = await mount('tabel-average', { src: '/slow.json' });
        await vi.advanceTimersByTimeAsync(19_000);
        expect($(el, '[part=error]')).toBeNull();
        await vi.advanceTimersByTimeAsync(2_000);
        await el.updateComplete;
        expect($(el, '[part=error]')!.textContent).toContain('/slow.json: no answer within 20 s');
      } finally {
        vi.useRealTimers();
      }
    });

    it('refuses a redirect to another origin unless the page allows it', async () => {
      const redirected = () => {
        const r = json(JSON.stringify(sampleDiary()));
        Object.defineProperty(r, 'url', { value: 'https://elsewhere.example/diary.json' });
        return r;
      };
      vi.stubGlobal(
        'fetch',
        vi.fn(async () => redirected()),
      );
      expect(await errorOf(await mount('tabel-average', { subject: 'alg', src: '/d.json' }))).toContain(
        'redirected to another origin (https://elsewhere.example)',
      );
      const allowed = await mount('tabel-average', { subject: 'alg', src: '/d.json', 'allow-redirect': '' });
      await until(() => allowed.average !== null);
      expect(allowed.average).toBe(4);
    });
  });

  it('re-renders when the same diary object is set again after a change', async () => {
    const diary = sampleDiary();
    const el = await mount('tabel-average', { subject: 'alg' }, { diary });
    expect(el.average).toBe(4);
    diary.marks.push({ value: 5, weight: 4, date: '2025-12-20', subject: 'alg', scale: 'five' });
    el.data = diary;
    await el.updateComplete;
    expect(el.average).toBe(4.5);
    expect($(el, '[part=value]')!.textContent).toContain('4,50');
  });
});
