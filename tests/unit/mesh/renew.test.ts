import { describe, expect, it } from 'vitest';
import { jwtTimes } from '../../../lib/session/jwt';
import { MESH } from '../../../lib/sources/mesh/system';
import { MOYA_SHKOLA } from '../../../lib/sources/moya-shkola/system';
import type { RenewDeps } from '../../../lib/sources/types';

/** Moscow's renewal, as the session keeper runs it: MESH's strategy on school.mos.ru. */
const silentRenew = (deps: RenewDeps, previousExp: number | null) => MESH.session!.renew('school.mos.ru', deps, previousExp);

const NOW = 1_800_000_000_000;
const page = (url: string, body: string, status = 200) => Object.assign(new Response(body, { status }), { url }) as Response;
const meta = (to: string) => `<meta http-equiv="refresh" content="0; url=${to.replace(/&/g, '&#38;')}">`;

/** A scripted fetch: each call answers the next page; records the URLs asked for. */
function scripted(...pages: Array<(url: string) => Response>) {
  const asked: string[] = [];
  const fetch = (async (url: string) => {
    asked.push(url);
    const next = pages.shift();
    if (!next) throw new Error('unexpected request');
    return next(url);
  }) as unknown as typeof globalThis.fetch;
  return { fetch, asked };
}

const AE = 'https://login.mos.ru/sps/oauth/ae?response_type=code&client_id=dnevnik.mos.ru';

const whyOf = (r: Awaited<ReturnType<typeof silentRenew>>) => (r.ok ? 'ok' : r.why);

describe('the silent renewal (MESH on school.mos.ru)', () => {
  it('follows the meta refresh to the SSO and lands on /auth/callback with a newer token', async () => {
    const f = scripted(
      () => page('https://school.mos.ru/v3/auth/sudir/login', meta(AE)),
      () => page('https://school.mos.ru/auth/callback', '<div id=root>'),
    );
    const r = await silentRenew(
      { fetch: f.fetch, tokenTimes: async () => ({ exp: NOW + 3_600_000, iat: NOW }), now: () => NOW },
      NOW + 60_000,
    );
    expect(r).toEqual({ ok: true, exp: NOW + 3_600_000, iat: NOW, requests: 2 });
    expect(f.asked).toEqual(['https://school.mos.ru/v3/auth/sudir/login', AE]);
  });

  it('stops at the login form: sso-expired material, no form is touched', async () => {
    const f = scripted(
      () => page('https://school.mos.ru/v3/auth/sudir/login', meta(AE)),
      () => page('https://login.mos.ru/sps/login/methods/password?bo=x', '<form>'),
    );
    expect(await silentRenew({ fetch: f.fetch, tokenTimes: async () => null }, null)).toEqual({
      ok: false,
      why: 'login-form',
      requests: 2,
    });
  });

  it('ends a redirect loop after a bounded number of hops', async () => {
    const loop = () => page('https://school.mos.ru/v3/auth/sudir/login', meta(AE));
    const f = scripted(loop, loop, loop, loop, loop, loop);
    const r = await silentRenew({ fetch: f.fetch, tokenTimes: async () => null, maxHops: 4 }, null);
    expect(r).toEqual({ ok: false, why: 'loop', requests: 4 });
  });

  it('reports maintenance, network failures and a chain that brought no new token', async () => {
    const down = scripted(() => page('https://school.mos.ru/v3/auth/sudir/login', '<h1>Технические работы</h1>', 503));
    expect(whyOf(await silentRenew({ fetch: down.fetch, tokenTimes: async () => null }, null))).toBe('site-down');
    const broken = scripted(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(whyOf(await silentRenew({ fetch: broken.fetch, tokenTimes: async () => null }, null))).toBe('network');
    const same = scripted(() => page('https://school.mos.ru/auth/callback', ''));
    expect(
      whyOf(await silentRenew({ fetch: same.fetch, tokenTimes: async () => ({ exp: NOW + 1000, iat: NOW }), now: () => NOW }, NOW + 1000)),
    ).toBe('no-new-token');
  });

  it('never takes the browser’s credentials off the system’s own https hosts', async () => {
    // A meta refresh to another host, to plain http on an own host, and to a look-alike host: no request goes there.
    for (const to of ['https://evil.example/steal', 'http://login.mos.ru/sps/oauth/ae', 'https://login.mos.ru.evil.example/ae']) {
      const f = scripted(() => page('https://school.mos.ru/v3/auth/sudir/login', meta(to)));
      expect(await silentRenew({ fetch: f.fetch, tokenTimes: async () => null }, null)).toEqual({
        ok: false,
        why: 'off-host',
        requests: 1,
      });
      expect(f.asked).toEqual(['https://school.mos.ru/v3/auth/sudir/login']);
    }
    // A fetch whose redirects landed elsewhere (where no CSP stopped them): the walk ends there, whatever the page says.
    const landed = scripted(
      () => page('https://school.mos.ru/v3/auth/sudir/login', meta(AE)),
      () => page('https://evil.example/auth/callback', meta('https://school.mos.ru/auth/callback')),
    );
    expect(
      await silentRenew({ fetch: landed.fetch, tokenTimes: async () => ({ exp: NOW + 3_600_000, iat: NOW }), now: () => NOW }, null),
    ).toEqual({
      ok: false,
      why: 'off-host',
      requests: 2,
    });
    // A node's chain may go to ЕСИА, not to Moscow's SSO.
    const cross = scripted(() => page('https://authedu.mosreg.ru/v3/auth/esia/login', meta(AE)));
    expect(await MOYA_SHKOLA.session!.renew('authedu.mosreg.ru', { fetch: cross.fetch, tokenTimes: async () => null }, null)).toMatchObject(
      {
        ok: false,
        why: 'off-host',
      },
    );
  });

  it('reads exp and iat from a JWT without keeping it', () => {
    const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    expect(jwtTimes(`${b64({ alg: 'RS256' })}.${b64({ exp: 1_800_000_000, iat: 1_799_999_000 })}.sig`)).toEqual({
      exp: 1_800_000_000_000,
      iat: 1_799_999_000_000,
    });
    expect(jwtTimes('not a jwt')).toBeNull();
  });

  it('runs a «Моя школа» node through its own ЕСИА chain, and stops at ЕСИА’s login form', async () => {
    const ac =
      'https://esia.gosuslugi.ru/aas/oauth2/v2/ac?client_id=x&redirect_uri=https%3A%2F%2Fauthedu.mosreg.ru%2Fv3%2Fauth%2Fesia%2Fcallback';
    const ok = scripted(
      () => page('https://authedu.mosreg.ru/v3/auth/esia/login', meta(ac)),
      () => page('https://authedu.mosreg.ru/auth/callback', '<div id=root>'),
    );
    const deps = { fetch: ok.fetch, tokenTimes: async () => ({ exp: NOW + 3_600_000, iat: NOW }), now: () => NOW };
    expect(await MOYA_SHKOLA.session!.renew('authedu.mosreg.ru', deps, NOW)).toEqual({
      ok: true,
      exp: NOW + 3_600_000,
      iat: NOW,
      requests: 2,
    });
    expect(ok.asked).toEqual(['https://authedu.mosreg.ru/v3/auth/esia/login', ac]);
    const form = scripted(
      () => page('https://authedu.mosreg.ru/v3/auth/esia/login', meta(ac)),
      () => page('https://esia.gosuslugi.ru/login/', '<form>'),
    );
    expect(await MOYA_SHKOLA.session!.renew('authedu.mosreg.ru', { fetch: form.fetch, tokenTimes: async () => null }, null)).toEqual({
      ok: false,
      why: 'login-form',
      requests: 2,
    });
    // A node whose chain nobody has seen (Tatarstan's): no request at all, the user is asked to log in.
    const none = scripted();
    expect(await MOYA_SHKOLA.session!.renew('ms-edu.tatar.ru', { fetch: none.fetch, tokenTimes: async () => null }, null)).toEqual({
      ok: false,
      why: 'login-form',
      requests: 0,
    });
    expect(none.asked).toEqual([]);
  });
});
