import { describe, expect, it } from 'vitest';
import { isDiaryPath, isMarksPage } from '../../../lib/sources/mesh/page';

describe('MESH diary pages by URL', () => {
  it('knows the marks page from its other routes', () => {
    expect(isMarksPage(new URL('https://school.mos.ru/diary/marks/current-marks'))).toBe(true);
    expect(isMarksPage(new URL('https://school.mos.ru/diary/marks/current-marks?date=01.12.2026'))).toBe(true);
    expect(isMarksPage(new URL('https://school.mos.ru/diary/marks/current-marks?view=by_subject&subject_id=1'))).toBe(false);
    expect(isMarksPage(new URL('https://school.mos.ru/diary/homeworks/homeworks'))).toBe(false);
  });

  it('knows the diary routes from the rest of the site', () => {
    expect(isDiaryPath('/diary/schedules/day')).toBe(true);
    expect(isDiaryPath('/auth/callback')).toBe(false);
    expect(isDiaryPath('/')).toBe(false);
  });
});
