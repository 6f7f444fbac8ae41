import { describe, expect, it } from 'vitest';
import { addDays, schoolWeekOf } from '../../../lib/sources/mesh/dates';
import { schoolYearAround } from '../../../lib/sources/periods';

describe('MESH date windows', () => {
  it('the school week is Monday to Saturday around today', () => {
    expect(schoolWeekOf('2026-10-14')).toEqual(['2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15', '2026-10-16', '2026-10-17']);
    expect(schoolWeekOf('2026-10-12')[0]).toBe('2026-10-12');
    expect(schoolWeekOf('2026-10-17')[0]).toBe('2026-10-12');
  });

  it('on Sunday it is the coming week', () => {
    expect(schoolWeekOf('2026-10-18')[0]).toBe('2026-10-19');
  });

  it('adds days across month, year and DST boundaries', () => {
    expect(addDays('2026-10-28', 7)).toBe('2026-11-04');
    expect(addDays('2027-01-03', -7)).toBe('2026-12-27');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
  });

  it('the fallback school year runs 1 September to 31 August', () => {
    expect(schoolYearAround('2026-10-14')).toEqual({ start: '2026-09-01', end: '2027-08-31' });
    expect(schoolYearAround('2027-05-20')).toEqual({ start: '2026-09-01', end: '2027-08-31' });
    expect(schoolYearAround('2026-08-31')).toEqual({ start: '2025-09-01', end: '2026-08-31' });
  });
});
