import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageOf, subjectSummaries } from '../../../lib/grades';
import { parseDiary } from '../../../lib/model';
import { assignedObject, readInitialState, readSchedule } from '../../../lib/sources/dnevnik/parse';
import { createDnevnikSource, periodOf, unixDay, type DnevnikSite } from '../../../lib/sources/dnevnik/source';
import { SourceError } from '../../../lib/sources/types';

/**
 * Дневник.ру's reader. The one recorded answer is an empty schedule day (tests/fixtures/real-samples/
 * dnevnik-ru, copied with its README); the rest follows the model of the page's state that six
 * clients read (web-initial-state.model.md), and random input.
 */
const EMPTY_DAY = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../fixtures/real-samples/dnevnik-ru/userfeed-schedule-empty.recorded.json'), 'utf8'),
);

const periods = [
  {
    id: '1001',
    type: 'Quarter',
    number: 1,
    dateStart: '2025-09-01T00:00:00',
    dateFinish: '2025-10-26T00:00:00',
    studyYear: 2025,
    isCurrent: false,
  },
  {
    id: '1002',
    type: 'Quarter',
    number: 2,
    dateStart: '2025-11-05T00:00:00',
    dateFinish: '2025-12-28T00:00:00',
    studyYear: 2025,
    isCurrent: true,
  },
];
const state = (o: { parent?: boolean } = {}) => ({
  userSchedule: {
    currentChild: { schoolId: '31', groupId: '41', personId: '5001' },
    children: [{ schoolId: '31', groupId: '41', personId: '5001', schedule: { days: [] } }],
  },
  userContext: {
    contextPersons: [{ personId: '5001', schoolId: '31', groupId: '41', firstName: 'Маша', lastName: 'Смирнова' }],
    currentContextPerson: {
      personId: o.parent ? '9001' : '5001',
      schoolId: '31',
      groupId: '41',
      firstName: o.parent ? 'Ольга' : 'Маша',
      lastName: 'Смирнова',
      reportingPeriodGroup: { id: '77', type: 'Quarter', periods },
    },
    userContextInfo: { isParent: !!o.parent, isStudent: !o.parent },
  },
  analytics: { schoolId: '31', groupId: '41', personId: o.parent ? '9001' : '5001' },
});
const page = (s: unknown) =>
  `<html><body><script>window.__USER__START__PAGE__INITIAL__STATE__ = ${JSON.stringify(s)};window.__TALK__INITIAL__STATE__ = {"a":"}"};</script></body></html>`;
const lesson = (subject: [string, string], marks: Array<[string, string, boolean?]>) => ({
  id: `L${subject[0]}`,
  subject: { id: subject[0], name: subject[1] },
  workMarks: marks.map(([workId, value]) => ({ workId, marks: [{ id: `M${workId}`, value, mood: 'Good' }] })),
  importantWorks: marks.filter((m) => m[2]).map(([workId]) => ({ id: workId })),
});
const ALG: [string, string] = ['100', 'Алгебра'];
const RUS: [string, string] = ['200', 'Русский язык'];

describe('Дневник.ру pages', () => {
  it('the inline state: the person, a parent’s children with their names, the periods; none on a login page', () => {
    const s = readInitialState(page(state({ parent: true })))!;
    expect(s.user).toEqual({ personId: '9001', schoolId: '31', groupId: '41', name: 'Ольга Смирнова' });
    expect(s.isParent).toBe(true);
    expect(s.pupils).toEqual([{ personId: '5001', schoolId: '31', groupId: '41', name: 'Маша Смирнова' }]);
    expect(s.periods.map((p) => [p.id, p.start, p.end, p.isCurrent])).toEqual([
      ['1001', '2025-09-01', '2025-10-26', false],
      ['1002', '2025-11-05', '2025-12-28', true],
    ]);
    expect(readInitialState('<html><body><form action="/login"></form></body></html>')).toBeNull();
    // The next global's braces inside a string do not end the object early.
    expect(assignedObject(page({ a: 'x}y' }), 'window.__USER__START__PAGE__INITIAL__STATE__')).toEqual({ a: 'x}y' });
  });

  it('a schedule: the recorded empty day reads as no marks; a day’s marks with their subject and importance', () => {
    expect(readSchedule(EMPTY_DAY)).toEqual({ marks: [], days: [], issues: [] });
    const r = readSchedule({
      days: [
        {
          date: '2025-11-10T00:00:00',
          lessons: [
            lesson(ALG, [
              ['w1', '5', true],
              ['w2', '4'],
            ]),
            { subject: { id: '300', name: 'ИЗО' }, workMarks: [] },
          ],
        },
      ],
    });
    expect(r.marks).toEqual([
      { id: 'Mw1', date: '2025-11-10', subject: { id: '100', name: 'Алгебра' }, value: '5', important: true },
      { id: 'Mw2', date: '2025-11-10', subject: { id: '100', name: 'Алгебра' }, value: '4', important: false },
    ]);
    expect(readSchedule({ nope: 1 }).issues).toHaveLength(1);
  });

  it('periods: named as diaries name them, kind from the site’s type', () => {
    expect(periodOf({ id: '1', type: 'Quarter', number: 2, start: '2025-11-05', end: '2025-12-28', isCurrent: true })).toEqual({
      id: '1',
      name: '2 четверть',
      start: '2025-11-05',
      end: '2025-12-28',
      kind: 'quarter',
    });
    expect(periodOf({ id: '2', type: 'HalfYear', number: 1, start: '2025-09-01', end: '2025-12-28', isCurrent: false }).name).toBe(
      '1 полугодие',
    );
    expect(periodOf({ id: '3', type: null, number: null, start: '2025-09-01', end: '2025-12-28', isCurrent: false }).kind).toBe('other');
  });

  it('random input never throws', () => {
    fc.assert(
      fc.property(fc.anything(), fc.string({ maxLength: 300 }), (x, noise) => {
        readSchedule(x);
        readInitialState(`<script>window.__USER__START__PAGE__INITIAL__STATE__ = ${noise}</script>`);
        readInitialState(page(x));
      }),
      { numRuns: 300 },
    );
  });

  it('a period table (or cards) of random cells never throws, and every figure it reads is a number above zero or none', async () => {
    const { readPeriodTable } = await import('../../../lib/sources/dnevnik/parse');
    const cellText = fc.oneof(
      fc.constantFrom(
        '5',
        '4,67',
        '—',
        '',
        'Алгебра',
        'Средняя',
        'Средняя: 4,5',
        'Средняя: 1e9',
        'Итоговая: 5',
        'н',
        '0',
        '-3',
        'NaN',
        '1e9',
      ),
      fc.string({ maxLength: 8 }),
    );
    const row = fc.array(fc.tuple(fc.constantFrom('td', 'th'), cellText, fc.constantFrom('', ' class="mark"', ' class="u"')), {
      maxLength: 6,
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), fc.constantFrom('known', 'table', 'cards'), (rows, kind) => {
        const cell = (text: string, cls: string, tag: string) => `<${tag}><span${cls}>${text.replace(/</g, '')}</span></${tag}>`;
        const html =
          kind === 'cards'
            ? `<div>${rows.map((r) => `<section>${r.map(([, text, cls]) => cell(text, cls, 'p')).join('')}</section>`).join('')}</div>`
            : `<table${kind === 'known' ? ' id="journal"' : ''}><tr><th>Предмет</th><th>Средняя</th></tr>${rows
                .map((r) => `<tr>${r.map(([tag, text, cls]) => cell(text, cls, tag)).join('')}</tr>`)
                .join('')}</table>`;
        for (const r of readPeriodTable(html).rows) {
          expect(r.subject.length).toBeGreaterThan(0);
          if (r.average !== null) expect(r.average > 0 && r.average <= 999 && /^\d+(\.\d+)?$/.test(String(r.average))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** A site answering the userfeed page and the schedule by window; `gone` turns it into a login page. */
function site(
  byDay: Record<string, unknown[]>,
  o: { parent?: boolean; fail?: string } = {},
): DnevnikSite & { asked: string[]; gone: boolean } {
  const s = {
    asked: [] as string[],
    gone: false,
    async page(path: string) {
      s.asked.push(path);
      return s.gone ? '<html><body><form action="/login"></form></body></html>' : page(state(o));
    },
    async json(path: string) {
      s.asked.push(path);
      if (s.gone) throw new SourceError('session-expired', path, 'sent to the login page');
      const q = new URL(`https://dnevnik.ru${path}`).searchParams;
      const from = new Date(Number(q.get('date')) * 1000).toISOString().slice(0, 10);
      if (from === o.fail) throw new SourceError('site-down', path, 'HTTP 503', 503);
      const days = Object.entries(byDay)
        .filter(
          ([d]) =>
            d >= from && d < new Date(Date.parse(`${from}T00:00:00Z`) + Number(q.get('takeDays')) * 864e5).toISOString().slice(0, 10),
        )
        .map(([date, lessons]) => ({ date: `${date}T00:00:00`, lessons }));
      return { days, chatStub: EMPTY_DAY.chatStub };
    },
  };
  return s;
}

const DAYS = {
  '2025-09-10': [lesson(ALG, [['a', '5']]), lesson(RUS, [['b', '3']])],
  '2025-10-14': [lesson(ALG, [['c', '4', true]])],
  '2025-11-12': [lesson(ALG, [['d', '2']]), lesson(RUS, [['e', 'Н']])],
  '2025-12-09': [lesson(ALG, [['f', '4']])],
};
const now = () => new Date('2025-12-15T09:00:00Z');

describe('the Дневник.ру source (web page state and its schedule JSON, cookie session)', () => {
  it('lists a parent’s child; reads the year a week at a time into a valid diary, every mark counted once: approximate', async () => {
    const s = site(DAYS, { parent: true });
    const src = createDnevnikSource(s, { timeZone: 'Europe/Moscow', now });
    const list = await src.listStudents();
    expect(list.value).toEqual([{ id: '5001', name: 'Маша Смирнова' }]);
    expect(list.person).toBe('9001');
    const r = await src.fetchDiary('5001');
    expect(parseDiary(r.value).ok).toBe(true);
    expect(r.issues).toEqual([]);
    const windows = s.asked.filter((p) => p.includes('/schedule?'));
    expect(windows.length).toBe(Math.ceil((Date.parse('2025-12-15') - Date.parse('2025-09-01')) / 864e5 / 7) + 1);
    expect(windows[0]).toBe(`/api/userfeed/persons/5001/schools/31/groups/41/schedule?date=${unixDay('2025-09-01')}&takeDays=7`);
    const d = r.value;
    expect(d.periods.map((p) => p.name)).toEqual(['1 четверть', '2 четверть', '2025/2026']);
    // The school year around the site's quarters (it names none): 1 September to 31 August, the quarters its children.
    expect(d.periods.at(-1)).toEqual({ id: 'year:2025', name: '2025/2026', start: '2025-09-01', end: '2026-08-31', kind: 'year' });
    expect(d.periods.slice(0, -1).every((p) => p.parent === 'year:2025')).toBe(true);
    expect(d.subjects).toEqual([
      { id: '100', name: 'Алгебра' },
      { id: '200', name: 'Русский язык' },
    ]);
    expect(d.marks.every((m) => m.weight === 1 && m.weightUnknown)).toBe(true);
    expect(d.marks.find((m) => m.id === 'Mc')?.kind).toBe('Важная работа');
    const q1 = subjectSummaries(d, { period: '1001' }).find((x) => x.subject.id === '100')!;
    expect(q1.average).toBe(4.5);
    expect(q1.approximate).toBe(true);
    // Asked for the recent days only: the weeks from then, and it says it read no more.
    const recent = site(DAYS, { parent: true });
    const r2 = await createDnevnikSource(recent, { timeZone: 'Europe/Moscow', now }).fetchDiary('5001', { since: '2025-12-01' });
    expect(recent.asked.filter((p) => p.includes('/schedule?'))).toHaveLength(3);
    expect(r2.covered.marks[0]!.from).toBe('2025-12-01');
    expect(r2.value.marks.map((m) => m.id)).toEqual(['Mf']);
    expect(averageOf(d.marks.filter((m) => m.subject === '200')).average).toBe(3);
    expect(r.covered.marks.at(-1)?.to).toBe('2025-12-15');
  });

  it('a week that fails is an issue and a gap in what is covered, not a rejected diary; a login page is session-expired', async () => {
    const s = site(DAYS, { fail: '2025-11-10' });
    const r = await createDnevnikSource(s, { timeZone: 'Europe/Moscow', now }).fetchDiary('5001');
    expect(r.issues.map((i) => i.message)).toEqual([expect.stringContaining('site-down')]);
    expect(r.covered.marks.some((w) => w.from === '2025-11-10')).toBe(false);
    expect(r.value.marks.some((m) => m.date === '2025-11-12')).toBe(false);
    s.gone = true;
    const src = createDnevnikSource(s, { timeZone: 'Europe/Moscow', now });
    await expect(src.listStudents()).rejects.toMatchObject({ kind: 'session-expired' });
    await expect(src.fetchDiary('5001')).rejects.toMatchObject({ kind: 'session-expired' });
  });
});

describe('Дневник.ру over HTTP', () => {
  it('the login host, a 401, a 5xx, the login page instead of JSON and a changed answer, each as the right SourceError', async () => {
    const { dnevnikSite } = await import('../../../lib/sources/dnevnik/client');
    const at = (answer: () => Promise<Response>) => dnevnikSite({ origin: 'https://dnevnik.ru', fetch: answer as unknown as typeof fetch });
    const landed = Object.defineProperty(new Response('<form action="/login"></form>', { status: 200 }), 'url', {
      value: 'https://login.dnevnik.ru/login?ReturnUrl=x',
    });
    await expect(at(async () => landed).page('/userfeed')).rejects.toMatchObject({ kind: 'session-expired' });
    await expect(at(async () => new Response('{}', { status: 401 })).json('/api/x')).rejects.toMatchObject({ kind: 'session-expired' });
    await expect(at(async () => new Response('', { status: 502 })).json('/api/x')).rejects.toMatchObject({ kind: 'site-down' });
    await expect(at(async () => new Response('<form action="/login">', { status: 200 })).json('/api/x')).rejects.toMatchObject({
      kind: 'session-expired',
    });
    await expect(at(async () => new Response('<p>changed</p>', { status: 200 })).json('/api/x')).rejects.toMatchObject({
      kind: 'bad-json',
    });
    await expect(at(async () => new Response('{"days":[]}', { status: 200 })).json('/api/x')).resolves.toEqual({ days: [] });
  });
});

describe('Дневник.ру’s period table', () => {
  it('each row: the subject, its marks, and the last two marks as the site’s average and period mark; no table is an issue', async () => {
    const { readPeriodTable } = await import('../../../lib/sources/dnevnik/parse');
    const html = `<table id="journal"><tr><th>Предмет</th></tr>
      <tr><td><strong class="u">Алгебра</strong></td><td><span class="mark mG" title="Контрольная">5</span> <span class="mark">4</span></td><td><span class="mark">4,67</span></td><td><span class="mark">5</span></td></tr>
      <tr><td><strong class="u">ИЗО</strong></td><td></td><td><span class="mark"></span></td><td><span class="mark">—</span></td></tr>
      <tr><td><strong class="u">Музыка</strong></td><td><span class="mark">зач</span></td></tr></table>`;
    expect(readPeriodTable(html)).toEqual({
      rows: [
        { subject: 'Алгебра', marks: ['5', '4'], average: 4.67, periodMark: '5' },
        { subject: 'ИЗО', marks: [], average: null, periodMark: null },
        { subject: 'Музыка', marks: ['зач'], average: null, periodMark: null },
      ],
      issues: [],
    });
    expect(readPeriodTable('<p>Страница не найдена</p>').issues).toHaveLength(1);
  });

  it('read by its content where the known markup is gone: the table with a column headed «Средняя», the subject its first cell with words', async () => {
    const { readPeriodTable } = await import('../../../lib/sources/dnevnik/parse');
    // Every class and id another, a row number before the subject, the header in td cells, a nested table elsewhere.
    const html = `<div class="_q1"><table class="_x9"><tr><td>Новости</td></tr></table>
      <table id="_a7" class="_k2"><tr><td>№</td><td>Предмет</td><td>Оценки</td><td>Средняя</td><td>Итоговая</td></tr>
      <tr><td>1</td><td><b class="_z">Русский язык</b></td><td><i class="_m" title="Диктант">5</i> <i class="_m">3</i></td><td>4,00</td><td>4</td></tr>
      <tr><td>2</td><td><b class="_z">Физическая культура</b></td><td></td><td></td><td></td></tr>
      <tr><td>3</td><td><b class="_z">Музыка</b></td><td>зач</td></tr></table></div>`;
    expect(readPeriodTable(html)).toEqual({
      rows: [
        { subject: 'Русский язык', marks: ['5', '3'], average: 4, periodMark: '4' },
        { subject: 'Физическая культура', marks: [], average: null, periodMark: null },
        { subject: 'Музыка', marks: ['зач'], average: null, periodMark: null },
      ],
      issues: [],
    });
    // No table at all: a block per subject whose text labels the site's figures.
    const cards = `<main class="_r"><h1>Оценки · 1 четверть</h1><div class="_c">
      <section class="_k"><h3>Русский язык</h3><p><i>5</i> <i>3</i> <i>4</i></p><p>Средняя: <b>4,00</b></p><p>Итоговая: <b>4</b></p></section>
      <section class="_k"><h3>Музыка</h3><p>зач</p><p>Средний балл:</p><p>Итоговая оценка: <b>—</b></p></section>
      <section class="_k"><div><span>Алгебра</span></div><div>5 5</div><div>Средняя 5,00</div></section></div></main>`;
    expect(readPeriodTable(cards)).toEqual({
      rows: [
        { subject: 'Русский язык', marks: ['5', '3', '4'], average: 4, periodMark: '4' },
        { subject: 'Музыка', marks: ['зач'], average: null, periodMark: null },
        { subject: 'Алгебра', marks: ['5', '5'], average: 5, periodMark: null },
      ],
      issues: [],
    });
    // A table without such a column is not taken for it.
    expect(readPeriodTable('<table><tr><td>Алгебра</td><td>5 4</td></tr></table>').issues[0]!.message).toMatch(/no period table/);
  });
});
