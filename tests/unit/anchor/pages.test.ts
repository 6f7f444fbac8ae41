import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factsOf } from '../../../extension/overlay-env';
import { overlayView } from '../../../extension/overlay-lines';
import { childByMarks, readDiaryPage, shownStudent } from '../../../lib/anchor/reading';
import type { Diary, Student } from '../../../lib/model/types';
import { normalizeSettings } from '../../../lib/settings';
import { MESH } from '../../../lib/sources/mesh/system';

/**
 * The anchoring on saved pages: every layout the emulator draws (tests/support/save-page-fixtures.ts),
 * each child and period, read with nothing but the diary's own data. The file name says what the
 * page shows: `<layout>.<student id>.<period title>.html`.
 */
const DIR = resolve(import.meta.dirname, '../../fixtures/pages');
const { today, students, diaries } = JSON.parse(readFileSync(resolve(DIR, 'diaries.json'), 'utf8')) as {
  today: string;
  students: Student[];
  diaries: Diary[];
};
const now = new Date(`${today}T12:00:00Z`);
const settings = normalizeSettings({});
const factsFor = (id: string) =>
  factsOf(
    overlayView(
      diaries.find((d) => d.student.id === id)!,
      id,
      settings,
      null,
      students,
      { name: MESH.name, pages: MESH.pages },
      now,
    ),
  );
const pages = readdirSync(DIR).filter((f) => f.endsWith('.html'));

function load(file: string): Element {
  return new DOMParser().parseFromString(
    `<!doctype html><html><head></head>${readFileSync(resolve(DIR, file), 'utf8')}</html>`,
    'text/html',
  ).body;
}

describe('reading saved diary pages by their content', () => {
  it('has pages of every layout, child and started period', () => {
    expect(new Set(pages.map((f) => f.split('.')[0]))).toEqual(new Set(['v1', 'table', 'cards', 'virtual', 'random', 'no-text']));
    expect(pages.length).toBe(24);
  });

  for (const file of pages.filter((f) => !f.startsWith('no-text'))) {
    const [layout, studentId, period] = file.replace(/\.html$/, '').split('.') as [string, string, string];
    it(`${file}: the child, every subject row and the period`, () => {
      const root = load(file);
      const facts = factsFor(studentId);
      // The child: by the name the page shows as chosen, or (every name shown alike) by the marks.
      const byName = shownStudent(root, facts.students);
      const child =
        byName.id ??
        childByMarks(
          root,
          students.map((s) => ({ id: s.id, facts: factsFor(s.id) })),
        ).id;
      expect(child).toBe(studentId);
      if (layout === 'virtual') expect(byName.id).toBeNull();
      const reading = readDiaryPage(root, facts);
      const diary = diaries.find((d) => d.student.id === studentId)!;
      // Each row holds its one subject, and the row is the one whose text has the subject's marks.
      const names = reading.rows.map((r) => diary.subjects.find((s) => s.id === r.subject)!.name);
      if (layout === 'virtual') {
        // Only the rows in view exist; those that do are all found.
        expect(reading.rows.length).toBe(root.querySelectorAll('a[role=rowheader]').length);
      } else {
        expect(names.sort()).toEqual(diary.subjects.map((s) => s.name).sort());
      }
      expect(new Set(reading.rows.map((r) => r.row)).size).toBe(reading.rows.length);
      for (const r of reading.rows) expect(r.row.contains(r.name)).toBe(true);
      expect(diary.periods.find((p) => p.id === reading.period.id)?.name.replace(/\s+/g, '-'), reading.period.how).toBe(period);
    });
  }

  it('the menu, the "next lesson" note and the chosen-period control are never taken for rows', () => {
    const root = load(pages.find((f) => f.startsWith('table.'))!);
    const rows = readDiaryPage(root, factsFor(students[0]!.id)).rows;
    for (const r of rows) {
      expect(r.row.tagName).toBe('TR');
      expect(r.slot.tagName).toBe('TD');
    }
    const cards = load(pages.find((f) => f.startsWith('cards.'))!);
    for (const r of readDiaryPage(cards, factsFor(students[0]!.id)).rows) expect(r.row.tagName).toBe('ARTICLE');
  });

  it('steps aside on a page whose names are not in its text', () => {
    for (const file of pages.filter((f) => f.startsWith('no-text'))) {
      const root = load(file);
      expect(readDiaryPage(root, factsFor(file.split('.')[1]!)).rows).toEqual([]);
    }
  });
});
