import { describe, expect, it, vi } from 'vitest';
import { NetSchoolClient } from '../../../lib/sources/netschool/client';
import { SourceError } from '../../../lib/sources/types';

/** The «Сетевой город» client: the page's `at` on each request, and every failure typed, the token in none. */
const AT = '00168638015429814024329375';
const client = (answer: () => Response | Promise<Response>, token: string | null = AT) => {
  const seen: Array<{ url: string; init: RequestInit }> = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    return answer();
  });
  return { c: new NetSchoolClient({ origin: 'https://sgo.rso23.ru', token: () => token, fetch: fetch as never, timeoutMs: 50 }), seen };
};
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as SourceError;
  }
  throw new Error('expected a failure');
};

describe('«Сетевой город» client', () => {
  it('asks same-origin with the cookie and the page’s at header', async () => {
    const { c, seen } = client(() => new Response('{"students":[]}', { status: 200 }));
    expect(await c.get('student/diary', { studentId: '1', weekStart: '2023-04-10' })).toEqual({ students: [] });
    expect(seen[0]!.url).toBe('https://sgo.rso23.ru/webapi/student/diary?studentId=1&weekStart=2023-04-10');
    expect(seen[0]!.init).toMatchObject({
      method: 'GET',
      credentials: 'include',
      headers: { at: AT, 'X-Requested-With': 'XMLHttpRequest' },
    });
    await c.post('v2/reports/studentgrades/initfilters', { params: null });
    expect(seen[1]!.init).toMatchObject({ method: 'POST', body: '{"params":null}' });
  });

  it('types every failure and never names the token', async () => {
    const cases: Array<[() => Response | Promise<Response>, string]> = [
      [() => new Response('', { status: 401 }), 'session-expired'],
      [
        () => new Response('<html><form action="/asp/SecurityWarning.asp">', { status: 200, headers: { 'content-type': 'text/html' } }),
        'session-expired',
      ],
      [() => new Response('<h1>Технические работы</h1>', { status: 503 }), 'site-down'],
      [() => new Response('', { status: 503 }), 'site-down'],
      [() => new Response('nope', { status: 404 }), 'http'],
      [() => new Response('<html>login</html>', { status: 200 }), 'bad-json'],
      [() => Promise.reject(new TypeError('Failed to fetch')), 'network'],
      [() => new Promise<Response>(() => {}), 'timeout'],
    ];
    for (const [answer, kind] of cases) {
      const e = await failure(client(answer).c.get('student/diary/init'));
      expect(e).toBeInstanceOf(SourceError);
      expect([e.kind, e.endpoint]).toEqual([kind, '/webapi/student/diary/init']);
      expect(e.message).not.toContain(AT);
    }
    // No token on the page: the request goes without one, only to tell a site that is down from a session that is gone.
    const none = client(() => new Response('{}'), null);
    expect((await failure(none.c.get('context'))).kind).toBe('session-expired');
    expect(none.seen).toHaveLength(1);
    expect(Object.keys(none.seen[0]!.init.headers as object)).not.toContain('at');
    expect((await failure(client(() => new Response('', { status: 401 }), null).c.get('context'))).kind).toBe('session-expired');
    const down = client(() => new Response('<h1>Технические работы</h1>', { status: 503 }), null);
    expect((await failure(down.c.get('context'))).kind).toBe('site-down');
    // No answer at all (offline, or Chromium's throttle after 503s): that, not a logout.
    expect((await failure(client(() => Promise.reject(new TypeError('offline')), null).c.get('context'))).kind).toBe('network');
  });
});
