import { describe, expect, it } from 'vitest';
import { datesIn, datesShown, periodOfDates } from '../../../lib/anchor/dates';
import { subjectIndex } from '../../../lib/anchor/names';
import { readDiaryPage, type PageFacts } from '../../../lib/anchor/reading';

const page = (html: string): Element =>
  new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html').body;

const YEAR = ['2026-09-01', '2027-05-31'] as const;

describe('the dates a week diary shows', () => {
  it('reads the forms Russian diaries write, the year from the school year where none is given', () => {
    expect(datesIn('Понедельник, 30.11.2026', ...YEAR)).toEqual(['2026-11-30']);
    expect(datesIn('пн 30.11.26', ...YEAR)).toEqual(['2026-11-30']);
    expect(datesIn('30.11', ...YEAR)).toEqual(['2026-11-30']);
    expect(datesIn('05.01', ...YEAR)).toEqual(['2027-01-05']);
    expect(datesIn('30 ноября, понедельник', ...YEAR)).toEqual(['2026-11-30']);
    expect(datesIn('1 дек. 2026 г.', ...YEAR)).toEqual(['2026-12-01']);
    expect(datesIn('3 МАЯ', ...YEAR)).toEqual(['2027-05-03']);
    expect(datesIn('2026-12-04T00:00:00', ...YEAR)).toEqual(['2026-12-04']);
    expect(datesIn('23 ноября – 29 ноября', ...YEAR)).toEqual(['2026-11-23', '2026-11-29']);
  });

  it('does not read figures, marks, times or impossible days as dates', () => {
    // An average «3.10» or «4,50», a lesson time, a mark, 31 November, a date outside the year without its year.
    for (const t of ['3.10', '4,50', '4.5', '10.00', '08:30–09:15', '5', '31.11', '15.07', '§ 12, вопросы 1–4', '№ 214, 217', '1.2.3.4'])
      expect(datesIn(t, ...YEAR), t).toEqual([]);
  });

  it('the page’s distinct dates, not Tabel’s own text or what the page hides', () => {
    const root = page(`<h3>Вторник, 01.12.2026</h3><p>01.12.2026</p><span data-tabel-subject="x">02.12.2026</span>
      <div hidden>03.12.2026</div><script>var d = '04.12.2026'</script><h3>Среда, 02.12.2026</h3>`);
    expect(datesShown(root, ...YEAR)).toEqual(['2026-12-01', '2026-12-02']);
  });

  it('the period of a week: the term holding most of its dates, not the year around it; a week split evenly cannot be told', () => {
    const periods = [
      { id: 'year', start: '2026-09-01', end: '2027-05-31' },
      { id: 't1', start: '2026-09-01', end: '2026-11-30' },
      { id: 't2', start: '2026-12-01', end: '2027-02-28' },
    ];
    expect(periodOfDates(['2026-11-23', '2026-11-27'], periods)).toEqual({ id: 't1', candidates: [] });
    // Monday in the first term, Tuesday to Friday in the second.
    expect(periodOfDates(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'], periods).id).toBe('t2');
    expect(periodOfDates(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'], periods)).toEqual({
      id: null,
      candidates: ['t1', 't2'],
    });
    // A holiday week between terms: only the year holds it.
    expect(periodOfDates(['2027-06-01'], periods)).toEqual({ id: null, candidates: [] });
    expect(periodOfDates(['2026-09-01'], [{ id: 'year', start: '2026-09-01', end: '2027-05-31' }]).id).toBe('year');
  });
});

describe('reading a week diary page', () => {
  const subjects = [
    { id: 'Алгебра', name: 'Алгебра' },
    { id: 'Физика', name: 'Физика' },
    { id: 'Английский язык', name: 'Английский язык' },
  ];
  const facts: PageFacts = {
    students: [{ id: '1', name: 'Ваня Кузнецов' }],
    subjects,
    periods: [
      { id: 'year', name: '2026/2027', start: '2026-09-01', end: '2027-05-31', rows: [] },
      { id: 't1', name: '1 триместр', start: '2026-09-01', end: '2026-11-30', rows: [{ subject: 'Алгебра', marks: ['5', '4', '4', '3'] }] },
      { id: 't2', name: '2 триместр', start: '2026-12-01', end: '2027-02-28', rows: [{ subject: 'Алгебра', marks: ['5'] }] },
    ],
    current: 't2',
    index: subjectIndex(subjects),
  };
  const day = (title: string, lessons: string[][]) =>
    `<div class="_r${Math.random().toString(36).slice(2, 6)}"><h3>${title}</h3><table><tbody>${lessons
      .map(([n, s, m]) => `<tr><td>${n}</td><td><span>${s}</span></td><td></td><td>${m ?? ''}</td></tr>`)
      .join('')}</tbody></table></div>`;

  it('finds every lesson of a subject on every day, and tells the period by the dates, not by the marks', () => {
    const root = page(
      `<header>Ученик: <b>Ваня Кузнецов</b></header>` +
        day('Понедельник, 23.11.2026', [
          ['1', 'Алгебра', '5'],
          ['2', 'Физика', '4'],
        ]) +
        day('Вторник, 24.11.2026', [
          ['1', 'Англ. яз.', ''],
          ['2', 'Алгебра', ''],
        ]),
    );
    const r = readDiaryPage(root, facts, { week: true });
    expect(r.rows.map((x) => x.subject)).toEqual(['Алгебра', 'Физика', 'Английский язык', 'Алгебра']);
    // The week's one «5» fits the second term's marks better; its dates say the first.
    expect(r.period).toMatchObject({ id: 't1', how: 'dates' });
    expect(readDiaryPage(root, facts).period.id).toBe('t2');
    expect(r.rows.every((x) => x.slot.tagName === 'TD')).toBe(true);
  });

  it('says when the dates cannot tell, instead of taking another period', () => {
    const root = page(day('Понедельник', [['1', 'Алгебра', '5']]) + day('Вторник', [['1', 'Физика', '4']]));
    expect(readDiaryPage(root, facts, { week: true }).period).toMatchObject({ id: null, how: 'no dates' });
  });
});
