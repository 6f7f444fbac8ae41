import { describe, expect, it } from 'vitest';
import { POLICIES } from '../../lib/grades';
import { DEFAULT_SETTINGS, inQuietHours, normalizeSettings, policyOf, targetFor } from '../../lib/settings';

describe('settings', () => {
  it('fills in what an older or partial object lacks', () => {
    expect(normalizeSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings({ language: 'en', countPoints: false })).toEqual({ ...DEFAULT_SETTINGS, language: 'en', countPoints: false });
  });

  it('drops nonsense: unknown presets, broken custom rules, bad targets', () => {
    const s = normalizeSettings({
      language: 'de',
      policy: { preset: 'toString' },
      targets: { s1: { alg: 4.5, rus: -1, art: 'x' as unknown as number } },
    });
    expect(s.language).toBe('ru');
    expect(s.policy).toEqual({ preset: 'standard' });
    expect(s.targets).toEqual({ s1: { alg: 4.5 } });
    const broken = normalizeSettings({
      policy: {
        custom: {
          id: 'c',
          lowest: 2,
          thresholds: [
            { mark: 4, from: '3.5' },
            { mark: 5, from: '4.5' },
          ],
        },
      },
    });
    expect(broken.policy).toEqual({ preset: 'standard' });
  });

  it('chooses the policy and the target in force', () => {
    expect(policyOf({ policy: { preset: 'point6' } })).toBe(POLICIES.point6);
    const custom = {
      id: 'c',
      lowest: 2,
      thresholds: [
        { mark: 5, from: '4.55' },
        { mark: 4, from: '3.5' },
        { mark: 3, from: '2.5' },
      ],
    };
    expect(policyOf({ policy: { custom } })).toBe(custom);
    const targets = { s1: { '*': 4, alg: 4.6 } };
    expect(targetFor({ targets }, 's1', 'alg')).toBe(4.6);
    expect(targetFor({ targets }, 's1', 'rus')).toBe(4);
    expect(targetFor({ targets }, 's2', 'rus')).toBeNull();
  });
});

describe('quiet hours', () => {
  const at = (hh: number, mm = 0) => new Date(2026, 0, 15, hh, mm);
  it('span midnight by default (22:00–07:00), end exclusive', () => {
    const q = normalizeSettings({}).quietHours;
    expect(q).toEqual({ enabled: true, from: '22:00', to: '07:00' });
    expect([at(21, 59), at(22), at(3), at(6, 59), at(7), at(12)].map((d) => inQuietHours(q, d))).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
  it('work inside one day, and not at all when off, empty or malformed', () => {
    const q = { enabled: true, from: '13:00', to: '15:30' };
    expect([at(12, 59), at(13), at(15, 29), at(15, 30)].map((d) => inQuietHours(q, d))).toEqual([false, true, true, false]);
    expect(inQuietHours({ ...q, enabled: false }, at(14))).toBe(false);
    expect(inQuietHours({ ...q, to: '13:00' }, at(13))).toBe(false);
    expect(normalizeSettings({ quietHours: { enabled: false, from: '25:00', to: 7 } }).quietHours).toEqual({
      enabled: false,
      from: '22:00',
      to: '07:00',
    });
  });
});
