import { jwtTimes } from '../../session/jwt';
import type { DiaryHost, DiarySystem, Localized, SourceAccess } from '../types';
import { MeshClient, type MeshAuth } from './client';
import { schoolYearLabel } from './dates';
import { MESH_MARKS_PATH, MESH_PAGES } from './page';
import { backInDiary, silentRenew, type LoginChain } from './renew';
import { createMeshSource } from './source';

/** The cookie every MESH-platform host keeps the diary token in (a JWT; its `exp` is read, never its value kept). */
export const MESH_TOKEN_COOKIE = 'aupd_token';

/** What a system on the MESH platform varies in: its hosts, how each logs in and takes the token. */
export interface MeshPlatform {
  id: string;
  name: Localized;
  hosts: readonly DiaryHost[];
  /** Where a user logs in on a host. */
  loginPage(host: string): string;
  /** The silent renewal's chain on a host; null where none is known (the keeper then only tells the user). */
  chain(host: string): LoginChain | null;
  logoutCookies(host: string): ReadonlyArray<{ host: string; name: string }>;
  /** How the API on a host takes the session: the cookies (Moscow), or the token in `Authorization` too. */
  auth(host: string, token: () => Promise<string | null>): MeshAuth;
}

/** A MESH-platform system (Moscow's, or the «Моя школа» nodes): the one source, the one page set, the platform's rules. */
export function meshPlatform(p: MeshPlatform): DiarySystem {
  const hostOf = (host: string) => p.hosts.find((h) => h.host === host);
  return {
    id: p.id,
    name: p.name,
    hosts: p.hosts,
    pages: MESH_PAGES,
    links: { marks: (host) => `https://${host}${MESH_MARKS_PATH}`, login: p.loginPage },
    session: {
      tokenCookie: MESH_TOKEN_COOKIE,
      tokenTimes: jwtTimes,
      logoutCookies: p.logoutCookies,
      renew: async (host, deps, previousExp) => {
        const chain = p.chain(host);
        const own = hostOf(host);
        if (!chain || !own) return { ok: false, why: 'login-form', requests: 0 };
        return silentRenew(deps, previousExp, chain, [own.host, ...own.loginHosts]);
      },
    },
    rules: {
      schoolYearLabel: (start, end) => schoolYearLabel({ start, end }),
      weights: true,
      // MESH's own average counts «точки» (the emulator's and the recorded answers agree).
      ownAverage: { reported: true, countsPoints: true },
    },
    source(host: string, access: SourceAccess = {}) {
      const token = async () => (access.cookie ? access.cookie(MESH_TOKEN_COOKIE) : null);
      const client = new MeshClient({
        origin: `https://${host}`,
        auth: p.auth(host, token),
        ...(access.fetch ? { fetch: access.fetch } : {}),
      });
      return createMeshSource(client, {
        system: p.id,
        timeZone: hostOf(host)?.timeZone ?? 'Europe/Moscow',
        ...(access.now ? { now: access.now } : {}),
      });
    },
  };
}

const SCHOOL = 'school.mos.ru';

/** MESH, Moscow's school diary: school.mos.ru through the city's SSO (login.mos.ru). */
export const MESH: DiarySystem = meshPlatform({
  id: 'mesh',
  name: { ru: 'МЭШ', en: 'MESH' },
  hosts: [{ host: SCHOOL, region: { ru: 'Москва', en: 'Moscow' }, timeZone: 'Europe/Moscow', builtIn: true, loginHosts: ['login.mos.ru'] }],
  loginPage: () => `https://${SCHOOL}/v3/auth/sudir/login`,
  chain: () => ({
    start: `https://${SCHOOL}/v3/auth/sudir/login`,
    isLoginForm: (url) => url.hostname === 'login.mos.ru' && url.pathname.startsWith('/sps/login/'),
    isDone: backInDiary,
  }),
  // An SSO logout clears its session cookie `bls` (a natural expiry is not a logout).
  logoutCookies: () => [{ host: 'login.mos.ru', name: 'bls' }],
  // school.mos.ru takes the session from its cookies; a Bearer header beside them is refused («Found multiple bearer tokens»).
  auth: () => ({ mode: 'cookie' }),
});
