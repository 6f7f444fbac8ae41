import { describe, expect, it } from 'vitest';
import { MESH_PAGES } from '../../../lib/sources/mesh/page';
import { isDiaryPage, isMarksPage } from '../../../lib/sources/pages';

describe('MESH diary pages by URL', () => {
  it('knows the marks page from its other routes', () => {
    const marks = (u: string) => isMarksPage(MESH_PAGES, new URL(u));
    expect(marks('https://school.mos.ru/diary/marks/current-marks')).toBe(true);
    expect(marks('https://school.mos.ru/diary/marks/current-marks?date=01.12.2026')).toBe(true);
    expect(marks('https://school.mos.ru/diary/marks/current-marks?view=by_subject&subject_id=1')).toBe(false);
    expect(marks('https://school.mos.ru/diary/homeworks/homeworks')).toBe(false);
  });

  it('knows the diary routes from the rest of the site', () => {
    const diary = (path: string) => isDiaryPage(MESH_PAGES, { pathname: path });
    expect(diary('/diary/schedules/day')).toBe(true);
    expect(diary('/auth/callback')).toBe(false);
    expect(diary('/')).toBe(false);
  });
});
