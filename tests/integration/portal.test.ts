import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type Portal } from '../../portal/server';
import { loginInNode, portalFetch } from '../support/portal-fetch';

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal({ today: '2026-11-26', seed: 7 });
});
afterAll(() => portal.close());

const b64json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString());

describe('emulated portal: login chain and API over HTTPS', () => {
  it('walks the chain with the password form once, then straight through', async () => {
    const jar = await loginInNode(portal);
    const token = jar.get('aupd_token')!;
    expect(token.split('.')).toHaveLength(3);
    const claims = b64json(token.split('.')[1]!);
    expect(claims.exp - claims.iat).toBe(24 * 3600);
    expect(claims.msh).toBe(portal.world.parent.guid);
    expect(jar.has('aupd_refresh_token') && jar.has('bls') && jar.has('Ltpatoken2')).toBe(true);
    const paths = portal.requests.map((r) => `${r.host}${r.path.split('?')[0]}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'school.mos.ru/v3/auth/sudir/login',
        'login.mos.ru/sps/oauth/ae',
        'login.mos.ru/sps/login/methods/password',
        'school.mos.ru/v3/auth/sudir/callback',
      ]),
    );
  });

  it('answers the family API with a Bearer token and 401 without one', async () => {
    const f = portalFetch(portal);
    const jar = await loginInNode(portal);
    const auth = { authorization: `Bearer ${jar.get('aupd_token')}` };
    const profile = await (await f('https://school.mos.ru/api/family/web/v1/profile', { headers: auth })).json();
    expect(profile.children.map((c: any) => c.class_name)).toEqual(['6-В', '9-А']);
    const marks = await (
      await f(`https://school.mos.ru/api/family/web/v1/marks?student_id=${profile.children[0].id}&from=2026-09-01&to=2026-09-30`, {
        headers: auth,
      })
    ).json();
    expect(marks.payload.length).toBeGreaterThan(30);
    // Like the clients of the real one, one request asks for a month at most.
    const year = await f(
      `https://school.mos.ru/api/family/web/v1/marks?student_id=${profile.children[0].id}&from=2026-09-01&to=2027-05-31`,
      { headers: auth },
    );
    expect(year.status).toBe(400);
    expect((await f('https://school.mos.ru/api/family/web/v1/profile')).status).toBe(401);
  });

  it('probes a live token with /v2/token/refresh (201, same token) and 403 once it expired', async () => {
    portal.setFaults({ tokenLifetimeSec: 1 });
    const f = portalFetch(portal);
    const token = (await loginInNode(portal)).get('aupd_token')!;
    const probe = await f('https://school.mos.ru/v2/token/refresh?roleId=2&subsystem=2', { headers: { authorization: `Bearer ${token}` } });
    expect(probe.status).toBe(201);
    expect(await probe.text()).toBe(token);
    expect((await f('https://school.mos.ru/v2/token/refresh', { headers: { authorization: `Bearer ${token}` } })).status).toBe(499);
    await new Promise((r) => setTimeout(r, 1100));
    expect(
      (await f('https://school.mos.ru/v2/token/refresh?roleId=2&subsystem=2', { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(403);
    expect((await f('https://school.mos.ru/api/family/web/v1/profile', { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      401,
    );
    portal.setFaults({ tokenLifetimeSec: 86400 });
  });
});
