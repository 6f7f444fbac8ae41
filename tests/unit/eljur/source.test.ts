import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageOf, subjectSummaries } from '../../../lib/grades';
import { parseDiary } from '../../../lib/model';
import { periodOfUrl, readGrades, readSentry } from '../../../lib/sources/eljur/parse';
import { cellDate, createEljurSource, nominalDates, type EljurPages } from '../../../lib/sources/eljur/source';
import { schoolYearAround } from '../../../lib/sources/periods';
import { SourceError } from '../../../lib/sources/types';
import { authorizePage, gradesPage, journalApp, type EljurUser, type GridSubject } from '../../../portal/eljur/pages';

/**
 * ЭлЖур's reader. No real page was ever recorded (real-samples/eljur/README.md): the pages here are
 * the emulator's (portal/eljur/pages.ts), written from the selectors four independent scrapers and
 * userscripts rely on, and the reader is also fed variants those clients show and random HTML.
 */
const PARENT: EljurUser = { uid: '1001', username: 'Орлова Анна', role: 'parent', domain: 'school1' };
const KIRILL = { uid: '2002', name: 'Орлов Кирилл' };
const PERIODS = ['I четверть', 'II четверть', 'III четверть', 'IV четверть'];
const Q1: GridSubject[] = [
  {
    name: 'Алгебра',
    cells: [
      { date: '08.09', text: '5' },
      { date: '14.10', text: '5/4' },
      { date: '20.10', text: 'Н' },
    ],
  },
  {
    name: 'Русский язык',
    cells: [
      { date: '10.09', text: '3' },
      { date: '11.09', text: '4' },
    ],
  },
  { name: 'Физика', cells: [] },
];
const Q2: GridSubject[] = [
  {
    name: 'Алгебра',
    cells: [
      { date: '12.11', text: '2' },
      { date: '09.12', text: '4' },
    ],
  },
];
const page = (current: string, subjects: GridSubject[]) => gradesPage({ user: PARENT, pupil: KIRILL, periods: PERIODS, current, subjects });

describe('ЭлЖур pages', () => {
  it('sentryData: the user, or null on a page without it (the login page)', () => {
    expect(readSentry(journalApp(PARENT, [KIRILL]))).toEqual({ uid: '1001', username: 'Орлова Анна', role: 'parent' });
    expect(readSentry(authorizePage('school1'))).toBeNull();
    // A number uid, and the variant one client cuts out (`var sentryData = {…}` followed by more script).
    expect(readSentry('<script>var sentryData = {"user":{"uid":77,"role":"student"}}\nvar other = 1;</script>')).toEqual({
      uid: '77',
      username: '',
      role: 'student',
    });
    expect(readSentry('<script>var sentryData = {broken</script>')).toBeNull();
    expect(readSentry('<script>var sentryData = {"user":{}};</script>')).toBeNull();
  });

  it('the grid: subjects in order, a cell per day, double marks as two, «Н» kept, empty cells and id="N" left out', () => {
    const g = readGrades(page('I четверть', Q1));
    expect(g.subjects).toEqual(['Алгебра', 'Русский язык', 'Физика']);
    expect(g.cells.map((c) => [c.subject, c.date, c.values])).toEqual([
      ['Алгебра', '08.09', ['5']],
      ['Алгебра', '14.10', ['5', '4']],
      ['Алгебра', '20.10', ['Н']],
      ['Русский язык', '10.09', ['3']],
      ['Русский язык', '11.09', ['4']],
    ]);
    expect(g.periods).toEqual(PERIODS);
    expect(g.empty).toBe(false);
    expect(g.issues).toEqual([]);
    const variant = readGrades(
      '<div class="cell" name="Химия" mark_date="1.9" id="N"><div class="cell-data">5</div></div><div class="cell" name="Химия" mark_date="02.09.2025" id="9" title="Вес: 2"><div class="cell-data"> 4 </div></div>',
    );
    expect(variant.cells).toEqual([{ subject: 'Химия', date: '02.09.2025', id: '9', values: ['4'], weight: 2 }]);
  });

  it('an empty period says so; a page with no grid at all is an issue, not a throw', () => {
    const empty = readGrades(page('IV четверть', [{ name: 'Алгебра', cells: [] }]));
    expect(empty.empty).toBe(true);
    expect(empty.cells).toEqual([]);
    const none = readGrades('<html><body><p>Что-то другое</p></body></html>');
    expect(none.issues).toHaveLength(1);
  });

  it('dates: a day of the grid in the school year, the usual dates of a period by its name', () => {
    const y = schoolYearAround('2025-11-20');
    expect(y).toEqual({ start: '2025-09-01', end: '2026-08-31' });
    expect(schoolYearAround('2026-03-01')).toEqual(y);
    expect(['14.10', '14.01', '1.9', '01.09.2025', '2026-02-03', 'вчера'].map((d) => cellDate(d, y))).toEqual([
      '2025-10-14',
      '2026-01-14',
      '2025-09-01',
      '2025-09-01',
      '2026-02-03',
      null,
    ]);
    expect(nominalDates('II четверть', 2025)).toEqual({ start: '2025-11-05', end: '2026-01-08', kind: 'quarter' });
    expect(nominalDates('2 полугодие', 2025)).toEqual({ start: '2026-01-09', end: '2026-08-31', kind: 'half-year' });
    expect(nominalDates('III триместр', 2025)?.kind).toBe('trimester');
    expect(nominalDates('Итоговые', 2025)).toBeNull();
    expect(periodOfUrl('/journal-student-grades-action/u.2002/sp.II+%D1%87%D0%B5%D1%82%D0%B2%D0%B5%D1%80%D1%82%D1%8C')).toBe('II четверть');
  });

  it('random HTML never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 40 }), (noise, name) => {
        const html = `<div class="cell" name="${name}" mark_date="${noise.slice(0, 8)}">${noise}</div>${noise}`;
        readGrades(html);
        readSentry(`<script>var sentryData = ${noise};</script>`);
      }),
      { numRuns: 300 },
    );
  });
});

/** The emulated site's pages by path, for the source; the login page once the session is gone. */
function site(paths: Record<string, string>, loggedIn = () => true): EljurPages & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async get(path) {
      asked.push(path);
      if (!loggedIn()) return authorizePage('school1');
      const html = paths[decodeURIComponent(path.replace(/\+/g, ' '))];
      if (html === undefined) throw new SourceError('http', path, 'HTTP 404', 404);
      return html;
    },
  };
}

const PAGES = {
  '/journal-app': journalApp(PARENT, [KIRILL]),
  '/journal-student-grades-action/u.2002': page('II четверть', Q2),
  '/journal-student-grades-action/u.2002/sp.I четверть': page('I четверть', Q1),
  '/journal-student-grades-action/u.2002/sp.II четверть': page('II четверть', Q2),
  '/journal-student-grades-action/u.2002/sp.III четверть': page('III четверть', []),
  '/journal-student-grades-action/u.2002/sp.IV четверть': page('IV четверть', []),
};
const now = () => new Date('2025-12-15T09:00:00Z');

describe('the ЭлЖур source (web pages, cookie session)', () => {
  it('lists a parent’s children from the page, the logged-in user as the person', async () => {
    const src = createEljurSource(site(PAGES), { timeZone: 'Europe/Moscow', now });
    const r = await src.listStudents();
    expect(r.value).toEqual([{ id: '2002', name: 'Орлов Кирилл' }]);
    expect(r.person).toBe('1001');
    // A student's own login: no child links, the student is the user.
    const own = createEljurSource(
      site({ '/journal-app': journalApp({ ...PARENT, role: 'student', uid: '2002', username: 'Кирилл' }, []) }),
      {
        timeZone: 'Europe/Moscow',
        now,
      },
    );
    expect((await own.listStudents()).value).toEqual([{ id: '2002', name: 'Кирилл' }]);
  });

  it('reads every period’s page into a valid diary: marks filed under their period, counted once each, and so approximate', async () => {
    const s = site(PAGES);
    const src = createEljurSource(s, { timeZone: 'Europe/Moscow', now });
    await src.listStudents();
    const r = await src.fetchDiary('2002');
    expect(parseDiary(r.value).ok).toBe(true);
    // The pupil's name as the site gave it in the list.
    expect(r.value.student).toEqual({ id: '2002', name: 'Орлов Кирилл' });
    expect(s.asked.filter((p) => p.includes('/sp.'))).toHaveLength(4);
    const d = r.value;
    expect(d.subjects.map((x) => x.name)).toEqual(['Алгебра', 'Русский язык', 'Физика']);
    expect(d.periods.map((p) => [p.id, p.start, p.end])).toEqual([
      ['I четверть', '2025-09-01', '2025-11-04'],
      ['II четверть', '2025-11-05', '2026-01-08'],
      ['III четверть', '2026-01-09', '2026-03-31'],
      ['IV четверть', '2026-04-01', '2026-08-31'],
      // The school year around them (ЭлЖур names none): what the report's year column and year marks go by.
      ['year:2025', '2025-09-01', '2026-08-31'],
    ]);
    expect(d.periods.find((p) => p.kind === 'year')!.name).toBe('2025/2026');
    expect(d.periods.filter((p) => p.kind !== 'year').every((p) => p.parent === 'year:2025')).toBe(true);
    const q1 = d.marks.filter((m) => m.period === 'I четверть' && m.subject === 'Алгебра');
    expect(q1.map((m) => [m.value, m.date])).toEqual([
      [5, '2025-09-08'],
      [5, '2025-10-14'],
      [4, '2025-10-14'],
      ['Н', '2025-10-20'],
    ]);
    // «Н» is also what it means: an absence that day, in that subject.
    expect(d.attendance).toEqual([{ date: '2025-10-20', subject: 'Алгебра', kind: 'absent' }]);
    expect(d.marks.every((m) => m.weightUnknown && m.weight === 1)).toBe(true);
    const alg = averageOf(q1);
    expect(alg.average).toBeCloseTo(14 / 3, 12);
    expect(alg.approximate).toBe(true);
    const rows = subjectSummaries(d, { period: 'II четверть' });
    expect(rows.find((x) => x.subject.id === 'Алгебра')?.average).toBe(3);
    expect(r.issues).toEqual([]);
  });

  it('a period page that fails is an issue, not a rejected diary; a login page is session-expired', async () => {
    const broken = { ...PAGES } as Record<string, string>;
    delete broken['/journal-student-grades-action/u.2002/sp.III четверть'];
    // In May: the third quarter is over, and its page fails.
    const may = () => new Date('2026-05-15T09:00:00Z');
    const r = await createEljurSource(site(broken), { timeZone: 'Europe/Moscow', now: may }).fetchDiary('2002');
    expect(r.issues.map((i) => i.message)).toEqual([expect.stringContaining('http')]);
    expect(r.value.periods.map((p) => p.id)).toEqual(['I четверть', 'II четверть', 'IV четверть', 'year:2025']);
    // What was read whole leaves out the failed quarter's days: the archive keeps its marks.
    expect(r.covered.marks.some((w) => w.from <= '2026-02-01' && '2026-02-01' <= w.to)).toBe(false);
    expect(r.covered.marks.some((w) => w.from <= '2025-10-01' && '2025-10-01' <= w.to)).toBe(true);
    expect(r.covered.marks.some((w) => w.from <= '2026-04-10' && '2026-04-10' <= w.to)).toBe(true);
    let live = true;
    const gone = createEljurSource(
      site(PAGES, () => live),
      { timeZone: 'Europe/Moscow', now },
    );
    live = false;
    await expect(gone.fetchDiary('2002')).rejects.toMatchObject({ kind: 'session-expired' });
    await expect(gone.listStudents()).rejects.toMatchObject({ kind: 'session-expired' });
  });

  it('a second mark in a day’s cell is a new mark: the first keeps its id (new-mark alerts count it once)', async () => {
    const { marksOfCell } = await import('../../../lib/sources/eljur/source');
    const one = marksOfCell({ subject: 'Алгебра', date: '14.10', id: '777', values: ['5'], weight: null }, '2025-10-14', 'I четверть');
    const two = marksOfCell({ subject: 'Алгебра', date: '14.10', id: '777', values: ['5', '4'], weight: null }, '2025-10-14', 'I четверть');
    expect(two[0]!.id).toBe(one[0]!.id);
    expect(new Set(two.map((m) => m.id)).size).toBe(2);
  });

  it('a weight a cell says is used, and such a mark is not approximate', async () => {
    const weighted = {
      ...PAGES,
      '/journal-student-grades-action/u.2002/sp.I четверть': page('I четверть', [
        {
          name: 'Алгебра',
          cells: [
            { date: '08.09', text: '5', weight: 2 },
            { date: '09.09', text: '3', weight: 1 },
          ],
        },
      ]),
    };
    const d = (await createEljurSource(site(weighted), { timeZone: 'Europe/Moscow', now }).fetchDiary('2002')).value;
    const q1 = d.marks.filter((m) => m.period === 'I четверть');
    expect(q1.map((m) => [m.weight, m.weightUnknown ?? false])).toEqual([
      [2, false],
      [1, false],
    ]);
    expect(averageOf(q1).average).toBeCloseTo(13 / 3, 12);
    expect(averageOf(q1).approximate).toBe(false);
  });
});

describe('ЭлЖур’s pages to the overlay', () => {
  it('the grades grid is the marks page, and its URL names the period it shows (the default page: the current one)', async () => {
    const { ELJUR_SYSTEM } = await import('../../../lib/sources/eljur/system');
    const { isMarksPage, isDiaryPage, periodOfUrl } = await import('../../../lib/sources/pages');
    const rules = ELJUR_SYSTEM.pages;
    const at = (u: string) => new URL(`https://gym29.eljur.ru${u}`);
    expect(isMarksPage(rules, at('/journal-student-grades-action/u.2002/sp.I+четверть'))).toBe(true);
    expect(isMarksPage(rules, at('/journal-app'))).toBe(false);
    expect(isDiaryPage(rules, at('/journal-app'))).toBe(true);
    const periods = PERIODS.map((name) => ({ id: name, name }));
    expect(
      periodOfUrl(
        rules,
        at('/journal-student-grades-action/u.2002/sp.III+%D1%87%D0%B5%D1%82%D0%B2%D0%B5%D1%80%D1%82%D1%8C').href,
        periods,
        'II четверть',
      ),
    ).toBe('III четверть');
    expect(periodOfUrl(rules, at('/journal-student-grades-action/u.2002').href, periods, 'II четверть')).toBe('II четверть');
    expect(periodOfUrl(rules, at('/journal-student-grades-action/u.2002/sp.Итоговые').href, periods, 'II четверть')).toBeNull();
    // Other systems give no such hint.
    const { MESH } = await import('../../../lib/sources/mesh/system');
    expect(periodOfUrl(MESH.pages, at('/x/sp.I').href, periods, 'II четверть')).toBeNull();
  });
});

describe('the ЭлЖур pages over HTTP', () => {
  it('the login page, a 5xx, no answer and an error its fetch already typed, each as the right SourceError', async () => {
    const { eljurPages } = await import('../../../lib/sources/eljur/client');
    const at = (answer: () => Promise<Response>) =>
      eljurPages({ origin: 'https://gym29.eljur.ru', fetch: answer as unknown as typeof fetch });
    const landed = Object.defineProperty(new Response('<html></html>', { status: 200 }), 'url', {
      value: 'https://gym29.eljur.ru/authorize',
    });
    await expect(at(async () => landed).get('/journal-app')).rejects.toMatchObject({ kind: 'session-expired' });
    await expect(at(async () => new Response('', { status: 503 })).get('/journal-app')).rejects.toMatchObject({ kind: 'site-down' });
    await expect(at(async () => Promise.reject(new TypeError('failed'))).get('/journal-app')).rejects.toMatchObject({ kind: 'network' });
    const typed = new SourceError('session-expired', '/journal-app', 'no open tab of the site to read with');
    await expect(at(async () => Promise.reject(typed)).get('/journal-app')).rejects.toBe(typed);
    await expect(at(async () => new Response('<p>ok</p>', { status: 200 })).get('/journal-app')).resolves.toBe('<p>ok</p>');
  });
});
