import { describe, expect, it } from 'vitest';
import { MeshClient, queryStringOf, type MeshClientOptions } from '../../../lib/sources/mesh';
import { SourceError } from '../../../lib/sources/types';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.secret-payload.signature';

type Reply = Response | Error | 'hang';

/** A fetch that answers from a script, one reply per call, recording what it was asked. */
function scriptedFetch(...replies: Reply[]) {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const fetch = ((url: string, init: RequestInit) => {
    requests.push({ url, init });
    const reply = replies[Math.min(requests.length - 1, replies.length - 1)]!;
    if (reply === 'hang') {
      return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    }
    return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply.clone());
  }) as unknown as typeof globalThis.fetch;
  return { fetch, requests };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const html = (body: string, status: number) => new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8' } });

function client(fetch: typeof globalThis.fetch, extra: Partial<MeshClientOptions> = {}) {
  const sleeps: number[] = [];
  const c = new MeshClient({
    auth: { mode: 'bearer', token: TOKEN },
    fetch,
    retryDelayMs: 250,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  return { c, sleeps };
}

async function failure(p: Promise<unknown>): Promise<SourceError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SourceError);
    const e = err as SourceError;
    expect(e.message).not.toContain(TOKEN);
    return e;
  }
  throw new Error('expected a rejection');
}

describe('MeshClient: session modes', () => {
  it('cookie mode sends cookies and no Authorization header', async () => {
    const { fetch, requests } = scriptedFetch(json({ ok: 1 }));
    const c = new MeshClient({ auth: { mode: 'cookie' }, fetch });
    expect(await c.get('/api/family/web/v1/profile')).toEqual({ ok: 1 });
    const { url, init } = requests[0]!;
    expect(url).toBe('https://school.mos.ru/api/family/web/v1/profile');
    expect(init.credentials).toBe('include');
    expect(init.headers).toEqual({ Accept: 'application/json', 'X-Mes-Subsystem': 'familyweb', 'Profile-Type': 'parent' });
  });

  it('bearer mode sends the token and omits cookies', async () => {
    const { fetch, requests } = scriptedFetch(json([]));
    const c = new MeshClient({
      auth: { mode: 'bearer', token: TOKEN },
      fetch,
      origin: 'https://authedu.mosreg.ru/',
      role: 'student',
      profileId: '42',
    });
    await c.get('/api/family/web/v1/marks', { student_id: '1', from: '2026-09-01', to: '2027-08-31' });
    const { url, init } = requests[0]!;
    expect(url).toBe('https://authedu.mosreg.ru/api/family/web/v1/marks?student_id=1&from=2026-09-01&to=2027-08-31');
    expect(init.credentials).toBe('omit');
    expect(init.headers).toEqual({
      Accept: 'application/json',
      'X-Mes-Subsystem': 'familyweb',
      'Profile-Type': 'student',
      'Profile-Id': '42',
      Authorization: `Bearer ${TOKEN}`,
    });
  });

  it('identify sets Profile-Type and Profile-Id for the family web calls after it, and X-Mes-Role goes only to the event calendar', async () => {
    const { fetch, requests } = scriptedFetch(json({}), json({}), json({}));
    const c = new MeshClient({ auth: { mode: 'cookie' }, fetch });
    c.identify({ role: 'student', profileId: '777' });
    await c.get('/api/family/web/v1/subject_marks');
    await c.get('/api/eventcalendar/v1/api/events');
    await c.get('/api/ej/core/family/v1/academic_years');
    expect(requests[0]!.init.headers).toEqual({
      Accept: 'application/json',
      'X-Mes-Subsystem': 'familyweb',
      'Profile-Type': 'student',
      'Profile-Id': '777',
    });
    expect(requests[1]!.init.headers).toEqual({ Accept: 'application/json', 'X-Mes-Subsystem': 'familyweb', 'X-Mes-Role': 'student' });
    expect(requests[2]!.init.headers).toEqual({ Accept: 'application/json', 'X-Mes-Subsystem': 'familyweb' });
  });

  it('keeps commas of list parameters literal and encodes the rest', () => {
    expect(queryStringOf({ dates: '2026-10-12,2026-10-13', q: 'a b&c' })).toBe('?dates=2026-10-12,2026-10-13&q=a%20b%26c');
    expect(queryStringOf(undefined)).toBe('');
  });
});

describe('MeshClient: failures and retries', () => {
  it('retries a 5xx once after the backoff, then succeeds', async () => {
    const { fetch, requests } = scriptedFetch(json({ error: 'x' }, 500), json({ payload: [] }));
    const { c, sleeps } = client(fetch);
    expect(await c.get('/api/family/web/v1/marks')).toEqual({ payload: [] });
    expect(requests).toHaveLength(2);
    expect(sleeps).toEqual([250]);
  });

  it('gives up after the second 500 as an http error', async () => {
    const { fetch, requests } = scriptedFetch(json({}, 500), json({}, 500), json({ never: true }));
    const { c, sleeps } = client(fetch);
    const e = await failure(c.get('/api/family/web/v1/marks'));
    expect(e).toMatchObject({ kind: 'http', status: 500, endpoint: '/api/family/web/v1/marks' });
    expect(requests).toHaveLength(2);
    expect(sleeps).toEqual([250]);
  });

  it('reports 502/504 after the retry, and 503 at once, as site-down', async () => {
    for (const status of [502, 503, 504]) {
      const { fetch, requests } = scriptedFetch(new Response('', { status }), new Response('', { status }));
      expect(await failure(client(fetch).c.get('/x'))).toMatchObject({ kind: 'site-down', status });
      // Each 503 makes Chromium hold the extension's next requests to the host back longer: no second one.
      expect(requests).toHaveLength(status === 503 ? 1 : 2);
    }
  });

  it.each([401, 403])('reports %i as session-expired, without retrying', async (status) => {
    const { fetch, requests } = scriptedFetch(json({ message: 'Found multiple bearer tokens' }, status), json({}));
    const { c, sleeps } = client(fetch);
    expect(await failure(c.get('/x'))).toMatchObject({ kind: 'session-expired', status });
    expect(requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('reports a 503 «Технические работы» page as site-down, without waiting for a retry', async () => {
    const { fetch, requests } = scriptedFetch(
      html('<html><body><h1>Технические работы</h1><p>Скоро всё заработает</p></body></html>', 503),
    );
    const { c, sleeps } = client(fetch);
    expect(await failure(c.get('/x'))).toMatchObject({ kind: 'site-down', status: 503 });
    expect(requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('a JSON answer that merely mentions «технические работы» is data, not an outage', async () => {
    const { fetch } = scriptedFetch(json({ payload: [{ description: 'Доклад «Технические работы на МКС»' }] }));
    expect(await client(fetch).c.get('/x')).toEqual({ payload: [{ description: 'Доклад «Технические работы на МКС»' }] });
  });

  it('reports a 200 maintenance page as site-down, any other HTML as bad-json', async () => {
    const maintenance = scriptedFetch(html('<html>Ведутся технические   работы</html>', 200));
    expect(await failure(client(maintenance.fetch).c.get('/x'))).toMatchObject({ kind: 'site-down', status: 200 });
    const login = scriptedFetch(html('<html><form action="/sps/login">Войти</form></html>', 200));
    const e = await failure(client(login.fetch).c.get('/x'));
    expect(e).toMatchObject({ kind: 'bad-json', status: 200 });
    expect(e.message).toBe('/x: expected JSON, got an HTML page');
  });

  it('reports invalid JSON as bad-json', async () => {
    const { fetch } = scriptedFetch(new Response('{"payload": [', { status: 200 }));
    expect(await failure(client(fetch).c.get('/x'))).toMatchObject({ kind: 'bad-json' });
  });

  it('reports other statuses as http', async () => {
    const { fetch } = scriptedFetch(json({}, 404));
    expect(await failure(client(fetch).c.get('/x'))).toMatchObject({ kind: 'http', status: 404 });
  });

  it('reports a fetch that throws as network', async () => {
    const { fetch } = scriptedFetch(new TypeError('Failed to fetch'));
    expect(await failure(client(fetch).c.get('/x'))).toMatchObject({ kind: 'network', status: undefined });
  });

  it('reports no answer within timeoutMs as timeout, and aborts the request', async () => {
    const { fetch, requests } = scriptedFetch('hang');
    const e = await failure(client(fetch, { timeoutMs: 20 }).c.get('/x'));
    expect(e.kind).toBe('timeout');
    expect(requests[0]!.init.signal!.aborted).toBe(true);
  });

  it('times out even when fetch ignores the abort signal', async () => {
    const fetch = (() => new Promise(() => undefined)) as unknown as typeof globalThis.fetch;
    expect(await failure(client(fetch, { timeoutMs: 20 }).c.get('/x'))).toMatchObject({ kind: 'timeout' });
  });
});

describe('MeshClient: the token stays private', () => {
  it('is not visible when the client is serialised or dumped', () => {
    const c = new MeshClient({ auth: { mode: 'bearer', token: TOKEN } });
    expect(JSON.stringify(c)).not.toContain(TOKEN);
    expect(Object.values(c).map(String).join(' ')).not.toContain(TOKEN);
  });
});
