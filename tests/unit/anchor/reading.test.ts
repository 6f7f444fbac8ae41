import { describe, expect, it } from 'vitest';
import { readDiaryPage, shownPeriod, shownStudent, type PageFacts } from '../../../lib/anchor/reading';
import { findSubjectRows } from '../../../lib/anchor/rows';
import { nameVariants, subjectIndex } from '../../../lib/anchor/names';
import { normalizeText, periodKey, studentMatcher, subjectMatcher as matcherOf, type Named } from '../../../lib/anchor/text';

const subjectMatcher = (subjects: readonly Named[]) => matcherOf(subjectIndex(subjects));

const page = (html: string): Element =>
  new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html').body;

describe('names as diary pages write them', () => {
  const subjects = [
    { id: 'pe', name: 'Физическая культура' },
    { id: 'art', name: 'Изобразительное искусство' },
    { id: 'en', name: 'Иностранный (английский) язык' },
    { id: 'ru', name: 'Русский язык' },
    { id: 'lit', name: 'Литература' },
    { id: 'litr', name: 'Литературное чтение' },
    { id: 'obzh', name: 'Основы безопасности и защиты Родины' },
    { id: 'vis', name: 'Вероятность и статистика' },
    { id: 'tech', name: 'Труд (технология)' },
    { id: 'chem', name: 'Химия' },
  ];
  const match = subjectMatcher(subjects);

  it('tolerates case, «ё», extra and non-breaking spaces', () => {
    expect(normalizeText('  Русский\u00a0\u00a0 ЯЗЫК ')).toBe('русский язык');
    expect(match('русский\u00a0язык')).toBe('ru');
    expect(match('ХИМИЯ')).toBe('chem');
    expect(match('Физическая   культура')).toBe('pe');
    expect(subjectMatcher([{ id: 'e', name: 'Естествознание' }])('Ёстествознание')).toBe('e');
  });

  it('reads the common short forms', () => {
    expect(match('Физ-ра')).toBe('pe');
    expect(match('физкультура')).toBe('pe');
    expect(match('ИЗО')).toBe('art');
    expect(match('Англ. яз.')).toBe('en');
    expect(match('Английский язык')).toBe('en');
    expect(match('Иностранный язык')).toBe('en');
    expect(match('Рус. яз.')).toBe('ru');
    expect(match('Лит-ра')).toBe('lit');
    expect(match('ОБЗР')).toBe('obzh');
    expect(match('ВиС')).toBe('vis');
    expect(match('Технология')).toBe('tech');
    expect(match('Физ. культура')).toBe('pe');
  });

  it('names nothing when a short form fits two subjects, or when the text is something else', () => {
    expect(
      subjectMatcher([
        { id: 'a', name: 'Математика' },
        { id: 'b', name: 'Матанализ' },
      ])('Мат.'),
    ).toBeNull(); // either
    expect(match('Лит. чт.')).toBe('litr');
    expect(match('Химия и биология')).toBeNull();
    expect(match('5')).toBeNull();
    expect(match('Оценки')).toBeNull();
    expect(nameVariants('Иностранный (английский) язык')).toContain('английский язык');
  });

  it('reads children’s names in any order, and a first name nobody else has', () => {
    const who = studentMatcher([
      { id: 'm', name: 'Миша Лебедев' },
      { id: 'l', name: 'Лиза Лебедева' },
    ]);
    expect(who('Лебедев Миша, 6-В')).toEqual(['m']);
    expect(who('Лиза')).toEqual(['l']);
    expect(who('Анна Лебедева')).toEqual([]);
    expect(who('Миша Лебедев и Лиза Лебедева')).toEqual(['m', 'l']);
  });

  it('reads period titles however they are written', () => {
    expect(periodKey('I четверть')).toBe(periodKey('1 четверть'));
    expect(periodKey('1-я четверть')).toBe(periodKey('1 Четверть'));
    expect(periodKey('Четверть 2')).toBe(periodKey('2 четверть'));
  });
});

/** Facts for two terms and the year of one child with three subjects. */
const FACTS_: Omit<PageFacts, 'index'> = {
  students: [
    { id: 'm', name: 'Миша Лебедев' },
    { id: 'l', name: 'Лиза Лебедева' },
  ],
  subjects: [
    { id: 'alg', name: 'Алгебра' },
    { id: 'phys', name: 'Физика' },
    { id: 'pe', name: 'Физическая культура' },
  ],
  periods: [
    {
      id: 't1',
      name: '1 триместр',
      rows: [
        { subject: 'alg', marks: ['5', '4', '4'], reported: '4.33' },
        { subject: 'phys', marks: ['3', '5'] },
        { subject: 'pe', marks: ['5'] },
      ],
    },
    {
      id: 't2',
      name: '2 триместр',
      rows: [
        { subject: 'alg', marks: ['4'] },
        { subject: 'phys', marks: [] },
        { subject: 'pe', marks: [] },
      ],
    },
    {
      id: 'y',
      name: '2026-2027',
      rows: [
        { subject: 'alg', marks: ['5', '4', '4', '4'] },
        { subject: 'phys', marks: ['3', '5'] },
        { subject: 'pe', marks: ['5'] },
      ],
    },
  ],
  current: 't2',
};
const FACTS: PageFacts = { ...FACTS_, index: subjectIndex(FACTS_.subjects) };

/** A page nobody here wrote: React-ish nesting, hashed classes, a menu of subjects, a "next lesson" note. */
const FOREIGN = (marks: Record<string, string>, chosen: string | null) => `
  <div class="_app_1x"><div class="_top_9f"><div class="_who_k2"><span>Лебедев Миша</span><span class="_cls">6-В</span></div><div class="_ava"></div></div>
  <aside class="_side_a"><div>Предметы</div><div class="_list"><div class="_it"><span>Алгебра</span></div><div class="_it"><span>Физика</span></div><div class="_it"><span>Физ-ра</span></div></div></aside>
  <section><div class="_hint"><p>Сегодня: <span>Физика</span>, 3 урок</p></div>
  <div class="_tabs">${['1 триместр', '2 триместр'].map((t) => `<div class="_tab ${t === chosen ? '_on' : ''}"${t === chosen ? ' aria-selected="true"' : ''}>${t}</div>`).join('')}</div>
  <div class="_grid">${Object.entries(marks)
    .map(
      ([name, ms]) =>
        `<div class="_r"><div class="_c"><div><span>${name}</span></div></div><div class="_c">${ms
          .split(' ')
          .filter(Boolean)
          .map((m) => `<div class="_m"><span>${m}</span></div>`)
          .join('')}</div></div>`,
    )
    .join('')}</div></section></div>`;

describe('reading a page nobody here wrote', () => {
  it('finds each subject’s row, never the menu nor the note, and the period by the marks in the rows', () => {
    const root = page(FOREIGN({ Алгебра: '5 4 4', Физика: '3 5', 'Физ-ра': '5' }, null));
    const r = readDiaryPage(root, FACTS);
    expect(r.rows.map((x) => x.subject)).toEqual(['alg', 'phys', 'pe']);
    for (const x of r.rows) expect(x.row.className).toBe('_r');
    expect(r.student).toMatchObject({ id: 'm', how: 'name' });
    // The year shows the same marks but t2's too: the term is the one the rows show.
    expect(r.period).toMatchObject({ id: 't1', how: 'marks' });
  });

  it('a title the page shows as chosen is the period it shows; only without one are the rows’ marks read', () => {
    const root = page(FOREIGN({ Алгебра: '4', Физика: '', 'Физ-ра': '' }, '2 триместр'));
    expect(readDiaryPage(root, FACTS).period).toMatchObject({ id: 't2', how: 'chosen title' });
    const unmarked = page(FOREIGN({ Алгебра: '4', Физика: '', 'Физ-ра': '' }, null));
    expect(readDiaryPage(unmarked, FACTS).period).toMatchObject({ id: 't2', how: 'marks' });
  });

  it('a tie between a term and the year goes to the one whose title the page shows', () => {
    // The term's period mark (4) beside its marks happens to be the year's one later mark in algebra,
    // while physics got two more marks since: on marks alone the term and the year fit equally.
    const facts: PageFacts = {
      ...FACTS,
      periods: FACTS.periods.map((p) =>
        p.id === 'y' ? { ...p, rows: p.rows.map((r) => (r.subject === 'phys' ? { ...r, marks: ['3', '5', '2', '2'] } : r)) } : p,
      ),
    };
    const root = page(FOREIGN({ Алгебра: '5 4 4 4', Физика: '3 5', 'Физ-ра': '5' }, null));
    expect(shownPeriod(root, findSubjectRows(root, subjectIndex(facts.subjects)), facts)).toMatchObject({
      id: 't1',
      how: 'marks and the titles shown',
    });
  });

  it('an empty new term: equal marks evidence, so the chosen title decides; without one, it cannot be told', () => {
    const facts: PageFacts = {
      ...FACTS,
      periods: [...FACTS.periods, { id: 't3', name: '3 триместр', rows: FACTS.subjects.map((s) => ({ subject: s.id, marks: [] })) }],
    };
    const empty = { Алгебра: '', Физика: '', 'Физ-ра': '' };
    const withChoice = page(FOREIGN({ ...empty, Алгебра: '4' }, '2 триместр'));
    expect(readDiaryPage(withChoice, facts).period.id).toBe('t2');
    // Nothing on the page at all, and both empty terms' titles shown alike: t2 and t3 would show the same (no marks), the current one is taken.
    const blank = page(FOREIGN(empty, null));
    expect(readDiaryPage(blank, { ...facts, periods: facts.periods.filter((p) => p.id !== 't2'), current: 't3' }).period).toMatchObject({
      id: 't3',
    });
    // Two periods that fit equally and would show different figures, with nothing to choose between them: said so.
    const twins: PageFacts = {
      ...FACTS,
      periods: [
        { id: 'a', name: '1 триместр', rows: [{ subject: 'alg', marks: ['5'] }] },
        { id: 'b', name: '2 триместр', rows: [{ subject: 'alg', marks: ['4'] }] },
      ],
    };
    const r = readDiaryPage(page(FOREIGN({ Алгебра: '3', Физика: '', 'Физ-ра': '' }, null)), twins);
    expect(r.period).toMatchObject({ id: null, candidates: ['a', 'b'] });
  });

  it('tells the child by the chosen name among several, and says when it cannot', () => {
    const tabs = (chosen: number | null) =>
      page(
        `<div>${['Миша Лебедев', 'Лиза Лебедева'].map((n, i) => `<button${chosen === i ? ' aria-pressed="true"' : ''}>${n}</button>`).join('')}</div>`,
      );
    expect(shownStudent(tabs(1), FACTS.students)).toMatchObject({ id: 'l', how: 'chosen name' });
    expect(shownStudent(tabs(null), FACTS.students)).toMatchObject({ id: null, candidates: ['m', 'l'] });
    const select = page(`<select><option value="1">Миша Лебедев</option><option value="2" selected>Лиза Лебедева</option></select>`);
    expect(shownStudent(select, FACTS.students).id).toBe('l');
    expect(shownStudent(page('<p>Ученик</p>'), FACTS.students)).toMatchObject({ id: null, how: 'no name' });
    expect(shownStudent(page('<p>Ученик</p>'), [FACTS.students[0]!]).id).toBe('m');
  });

  it('puts a table row’s result in the name’s cell; ignores hidden copies and Tabel’s own elements', () => {
    const root = page(`<table><tbody>
      <tr><td><a>Алгебра</a></td><td>5 4</td></tr>
      <tr><td><a>Физика</a><span data-tabel-subject="Алгебра">4,50 → 5</span></td><td>3</td></tr>
      <tr hidden><td><a>Физическая культура</a></td></tr>
      <tr><td><a>Физическая культура</a></td><td>5</td></tr></tbody></table>`);
    const rows = findSubjectRows(root, subjectIndex(FACTS.subjects));
    expect(rows.map((r) => [r.subject, r.row.tagName, r.slot.tagName])).toEqual([
      ['alg', 'TR', 'TD'],
      ['phys', 'TR', 'TD'],
      ['pe', 'TR', 'TD'],
    ]);
    expect(rows[2]!.row.hasAttribute('hidden')).toBe(false);
  });

  it('finds no rows where the names are not in the page’s text', () => {
    const root = page('<div><a data-label="Алгебра"></a><span>5</span></div><div><a data-label="Физика"></a><span>4</span></div>');
    expect(readDiaryPage(root, FACTS).rows).toEqual([]);
  });
});
