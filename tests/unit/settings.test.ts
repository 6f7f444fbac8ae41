import { describe, expect, it } from 'vitest';
import { POLICIES } from '../../lib/grades';
import { DEFAULT_SETTINGS, normalizeSettings, policyOf, targetFor } from '../../lib/settings';

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
    const broken = normalizeSettings({ policy: { custom: { id: 'c', lowest: 2, thresholds: [{ mark: 4, from: '3.5' }, { mark: 5, from: '4.5' }] } } });
    expect(broken.policy).toEqual({ preset: 'standard' });
  });

  it('chooses the policy and the target in force', () => {
    expect(policyOf({ policy: { preset: 'point6' } })).toBe(POLICIES.point6);
    const custom = { id: 'c', lowest: 2, thresholds: [{ mark: 5, from: '4.55' }, { mark: 4, from: '3.5' }, { mark: 3, from: '2.5' }] };
    expect(policyOf({ policy: { custom } })).toBe(custom);
    const targets = { s1: { '*': 4, alg: 4.6 } };
    expect(targetFor({ targets }, 's1', 'alg')).toBe(4.6);
    expect(targetFor({ targets }, 's1', 'rus')).toBe(4);
    expect(targetFor({ targets }, 's2', 'rus')).toBeNull();
  });
});
