import { describe, expect, it } from 'vitest';
import { keepAliveRefusal } from '../../../lib/session/page-session';

const H = 3600_000;
const T = 1_800_000_000_000;

describe('keeping a page-held session («Сетевой город»)', () => {
  it('only with the keeper on, a diary tab open, and the last visit within the user’s hours (8 for "always")', () => {
    const on = { enabled: true, limit: { kind: 'always' as const } };
    expect(keepAliveRefusal(on, T - H, true, T)).toBeNull();
    expect(keepAliveRefusal({ ...on, enabled: false }, T - H, true, T)).toBe('keeper off');
    expect(keepAliveRefusal(on, T - H, false, T)).toBe('no diary tab open');
    expect(keepAliveRefusal(on, null, true, T)).toBe('outside the keep-alive limit');
    // «Always» still ends: the site means idle sessions to end, and Tabel keeps one at most 8 hours after the last visit.
    expect(keepAliveRefusal(on, T - 9 * H, true, T)).toBe('outside the keep-alive limit');
    const two = { enabled: true, limit: { kind: 'hours-after-visit' as const, hours: 2 } };
    expect(keepAliveRefusal(two, T - 1.5 * H, true, T)).toBeNull();
    expect(keepAliveRefusal(two, T - 2.5 * H, true, T)).toBe('outside the keep-alive limit');
  });
});
