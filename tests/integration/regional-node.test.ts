import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MOYA_SHKOLA } from '../../lib/sources/moya-shkola/system';
import { SourceError } from '../../lib/sources/types';
import { DEFAULT_FAULTS, REGIONAL_HOST, startPortal, type Portal } from '../../portal/server';
import { fetchWithCookies, loginInNode, portalFetch } from '../support/portal-fetch';

/**
 * A «Моя школа» node (the emulated authedu.mosreg.ru): logged in through its ЕСИА, read with the
 * MESH source unchanged through the «Моя школа» system, the token in Authorization as the node
 * wants it (and never the cookie alone).
 */
const TODAY = '2026-11-26';
let portal: Portal;
let jar: Map<string, string>;

beforeAll(async () => {
  portal = await startPortal({ today: TODAY, seed: 7 });
  jar = await loginInNode(portal, undefined, `https://${REGIONAL_HOST}/v3/auth/esia/login`);
});
afterAll(() => portal.close());
beforeEach(() => portal.setFaults({ ...DEFAULT_FAULTS }));

const source = () =>
  MOYA_SHKOLA.source(REGIONAL_HOST, { fetch: fetchWithCookies(portal, jar), cookie: async (name) => jar.get(name) ?? null });

describe('a «Моя школа» node', () => {
  it('logs in through ЕСИА and keeps its token on its own host', () => {
    expect(jar.has('esia_session')).toBe(true);
    expect(jar.get('aupd_token')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('is read by the MESH source on its host: its own family, its person, its zone', async () => {
    const s = source();
    const list = await s.listStudents();
    expect(list.person).toBe(String(portal.regional.parent.profileId));
    expect(list.value.map((x) => x.name)).toEqual(['Дима Соколов']);
    const d = await s.fetchDiary(list.value[0]!.id);
    expect(d.value.source).toMatchObject({ system: 'moya-shkola', timeZone: 'Europe/Moscow' });
    expect(d.value.marks.length).toBe(portal.regional.children[0]!.marks.filter((m) => m.date <= TODAY).length);
    expect(d.issues).toEqual([]);
  });

  it('refuses the cookie alone; takes the raw token or Bearer, whichever the node wants', async () => {
    const f = portalFetch(portal);
    const cookieOnly = await f(`https://${REGIONAL_HOST}/api/family/web/v1/profile`, {
      headers: { cookie: `aupd_token=${jar.get('aupd_token')}` },
    });
    expect(cookieOnly.status).toBe(401);
    // A node that takes Bearer only: the raw form (tried first) is refused once, then Bearer answers, and is kept.
    portal.setFaults({ regionalAuthorization: 'bearer' });
    const s = source();
    expect((await s.listStudents()).value).toHaveLength(1);
    const asked = portal.requests.filter((r) => r.host === REGIONAL_HOST && r.path.startsWith('/api/family/web/v1/profile')).slice(-2);
    expect(asked.map((r) => r.status)).toEqual([401, 200]);
    const before = portal.requests.length;
    await s.listStudents();
    expect(
      portal.requests
        .slice(before)
        .filter((r) => r.host === REGIONAL_HOST)
        .map((r) => r.status),
    ).toEqual([200]);
    portal.setFaults({ regionalAuthorization: 'raw' });
    expect((await source().listStudents()).value).toHaveLength(1);
  });

  it('does not open with Moscow’s token, and a lost session is the typed error', async () => {
    const moscow = await loginInNode(portal);
    const wrong = MOYA_SHKOLA.source(REGIONAL_HOST, { fetch: portalFetch(portal), cookie: async (name) => moscow.get(name) ?? null });
    const err = await wrong.listStudents().catch((e) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect(err.kind).toBe('session-expired');
  });

  it('answers its refresh probe 499, which Tabel never takes for a logout', async () => {
    const res = await fetchWithCookies(portal, jar)(`https://${REGIONAL_HOST}/v2/token/refresh?roleId=1&subsystem=2`);
    expect(res.status).toBe(499);
    expect(await res.text()).toContain('Войдите в ЭЖД заново');
  });
});
