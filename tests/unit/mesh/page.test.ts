import { describe, expect, it } from 'vitest';
import { isMarksPage, shownPeriodName, shownStudentId, subjectRows } from '../../../lib/sources/mesh/page';

const page = (html: string) => {
  document.body.innerHTML = html;
  return document;
};

describe('reading the MESH marks page', () => {
  it('finds subject rows by the stable part of CSS-module class names', () => {
    const doc = page(`
      <select id="student-switch"><option value="1">A</option><option value="2" selected>B</option></select>
      <div role="group"><button data-period="1 триместр" aria-pressed="false">1 триместр</button><button data-period="2 триместр" aria-pressed="true">2 триместр</button></div>
      <div class="style_row__Zx81a style_head__Vv0a2"><span>Предмет</span></div>
      <div class="style_row__AAAA1"><a class="style_subject-name__BBB2">  Алгебра </a><div class="style_average__CC3">4.40</div></div>
      <div class="style_row__AAAA1"><a class="style_subject-name__BBB2">История</a></div>`);
    const rows = subjectRows(doc);
    expect(rows.map((r) => r.name)).toEqual(['Алгебра', 'История']);
    expect(rows[0]!.anchor.textContent).toBe('4.40');
    expect(rows[1]!.anchor.textContent).toBe('История');
    expect(shownStudentId(doc)).toBe('2');
    expect(shownPeriodName(doc)).toBe('2 триместр');
  });

  it('tolerates a redesigned page: no rows, no switch, no period', () => {
    const doc = page('<div class="ds2-row"><a class="ds2-subject-name">Алгебра</a></div>');
    expect(subjectRows(doc)).toEqual([]);
    expect(shownStudentId(doc)).toBeNull();
    expect(shownPeriodName(doc)).toBeNull();
  });

  it('knows the marks page from its other routes', () => {
    expect(isMarksPage(new URL('https://school.mos.ru/diary/marks/current-marks'))).toBe(true);
    expect(isMarksPage(new URL('https://school.mos.ru/diary/marks/current-marks?view=by_subject&subject_id=1'))).toBe(false);
    expect(isMarksPage(new URL('https://school.mos.ru/diary/homeworks/homeworks'))).toBe(false);
  });
});
