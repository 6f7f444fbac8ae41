import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  csvCell,
  csvOfDiaries,
  formulaLike,
  IMPORT_LIMIT,
  importFileOf,
  importSizeProblem,
  jsonOfDiaries,
  rowsOfCsv,
} from '../../lib/export/files';
import type { Diary } from '../../lib/model/types';
import { mark, sampleDiary } from './fixtures';

describe('CSV export', () => {
  it('opens in a Russian Excel: BOM, «;», decimal comma, dd.mm.yyyy, CRLF, one row per mark', () => {
    const d = sampleDiary();
    d.marks[1]!.weight = 1.5;
    const csv = csvOfDiaries([d], 'ru');
    expect(csv.startsWith('\ufeffУченик;Класс;Предмет;Дата;Оценка;Вес;')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = rowsOfCsv(csv, ';');
    expect(rows).toHaveLength(1 + d.marks.length);
    const exam = rows.find((r) => r[6] === 'Контрольная работа')!;
    expect(exam).toEqual([
      'Миша Лебедев',
      '6-В',
      'Алгебра',
      '14.10.2025',
      '4',
      '1,5',
      'Контрольная работа',
      '1 триместр',
      '',
      'да',
      '',
      '',
    ]);
    // Marks without a period take the innermost one their date falls in.
    expect(rows.find((r) => r[3] === '19.12.2025')![7]).toBe('2 триместр');
    expect(rows.filter((r) => r[2] === 'ИЗО').map((r) => r[4])).toEqual(['зачёт']);
  });

  it('English: «,» and ISO dates', () => {
    const rows = rowsOfCsv(csvOfDiaries([sampleDiary()], 'en'), ',');
    expect(rows[0]![0]).toBe('Student');
    expect(rows[1]![3]).toBe('2025-09-10');
  });

  it('quotes what must be quoted and defuses formulas from a teacher’s comment', () => {
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvCell('say "hi"\nnow', ';')).toBe('"say ""hi""\nnow"');
    expect(csvCell('=HYPERLINK("x")', ';')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-5', ';')).toBe('-5');
    // Formulas behind white space or in full-width characters are formulas too.
    for (const f of [' =1+1', '\u00a0=1+1', '\n=1+1', '\r\n=cmd', '\uff1dSUM(A1)', '\u3000+1', '  @SUM(1)', '\uff0b1'])
      expect(csvCell(f, ',').replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('Молодец! =)', ';')).toBe('Молодец! =)');
    const d: Diary = { ...sampleDiary(), marks: [mark(5, 1, { comment: '=1+1;"', date: '2025-10-01' })] };
    expect(rowsOfCsv(csvOfDiaries([d]), ';')[1]![10]).toBe(`'=1+1;"`);
  });

  it('any text survives the round trip through a cell, a formula with its defusing quote (property)', () => {
    // Texts that begin like formulas are drawn often: they are where a round trip could go wrong.
    const text = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc
        .tuple(fc.constantFrom('', ' ', '\u00a0', '\t', '\r', '\n'), fc.constantFrom('=', '+', '-', '@', '＝', '1'), fc.string())
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), (cells) => {
        const line = cells.map((c) => csvCell(c, ';')).join(';') + '\r\n';
        expect(rowsOfCsv(line, ';')).toEqual([cells.map((c) => (formulaLike(c) ? `'${c}` : c))]);
      }),
    );
  });
});

describe('JSON export and import', () => {
  it('round-trips every diary in the data model', () => {
    const a = { ...sampleDiary(), finals: [{ year: '2024-2025', subject: 'Алгебра', value: 5 }] };
    const b = { ...sampleDiary(), student: { id: 's2', name: 'Лиза', grade: 9 } };
    const text = jsonOfDiaries([a, b], new Date('2026-01-01T00:00:00Z'));
    expect(JSON.parse(text)).toMatchObject({ format: 'tabel-export', version: 1, exportedAt: '2026-01-01T00:00:00.000Z' });
    const back = importFileOf(text);
    expect(back.ok && back.diaries).toEqual(JSON.parse(JSON.stringify([a, b])));
  });

  it('takes one bare diary or a list too', () => {
    const d = sampleDiary();
    expect(importFileOf(JSON.stringify(d))).toMatchObject({ ok: true, diaries: [{ student: { id: 's1' } }] });
    expect(importFileOf(JSON.stringify([d, d]))).toMatchObject({ ok: true });
  });

  it('rejects the whole file, naming every bad path, when one diary is invalid', () => {
    const bad = JSON.parse(jsonOfDiaries([sampleDiary(), sampleDiary()]));
    bad.diaries[1].marks[2].weight = -1;
    delete bad.diaries[1].student;
    const r = importFileOf(JSON.stringify(bad));
    expect(r.ok).toBe(false);
    const paths = !r.ok ? r.error.issues.map((i) => i.path) : [];
    expect(paths).toContain('diaries[1].marks[2].weight');
    expect(paths).toContain('diaries[1].student');
    expect(!r.ok && r.error.message).toMatch(/^Import: /);
  });

  it('says plainly what else is wrong', () => {
    const message = (text: string) => {
      const r = importFileOf(text);
      return r.ok ? '' : r.error.message;
    };
    expect(message('{oops')).toBe('Import: expected a JSON file');
    expect(message(JSON.stringify({ format: 'other', diaries: [] }))).toBe('Import: format: expected "tabel-export"');
    expect(message(JSON.stringify({ format: 'tabel-export', diaries: [] }))).toBe('Import: diaries: expected at least one diary');
  });
});

describe('year marks in the data model', () => {
  it('are validated: a school year, a subject name and a mark', async () => {
    const { parseDiary } = await import('../../lib/model');
    const ok = parseDiary({ ...sampleDiary(), finals: [{ year: '2024-2025', subject: 'Алгебра', subjectId: 7, value: '5' }] });
    expect(ok.ok && ok.value.finals).toEqual([{ year: '2024-2025', subject: 'Алгебра', subjectId: '7', value: 5 }]);
    const bad = parseDiary({
      ...sampleDiary(),
      finals: [
        { year: '', subject: 'Алгебра', value: 5 },
        { year: '2024-2025', value: null },
      ],
    });
    expect(!bad.ok && bad.error.issues.map((i) => i.path)).toEqual(['finals[0].year', 'finals[1].subject', 'finals[1].value']);
  });
});

describe('the JSON export carries what the archive set aside', () => {
  it('writes the quarantined records as they were stored, and still reads back as an export', () => {
    const kept = { from: 'marks', reason: 'no date', at: '2026-12-01T10:00:00.000Z', record: { key: 'id:x', mark: { value: 5 } } };
    const text = jsonOfDiaries([sampleDiary()], new Date('2026-12-01T10:00:00Z'), [kept]);
    expect(JSON.parse(text).quarantined).toEqual([kept]);
    const back = importFileOf(text);
    expect(back.ok && back.diaries).toHaveLength(1);
    expect(JSON.parse(jsonOfDiaries([sampleDiary()])).quarantined).toBeUndefined();
  });
});

describe('import size', () => {
  it('a file over the limit is refused by its size alone', () => {
    expect(importSizeProblem(IMPORT_LIMIT + 1)?.message).toBe('Import: expected a diary export of at most 64 MB');
    expect(importSizeProblem(1024)).toBeNull();
  });
});
