/**
 * The emulated city portal and diary site: school.mos.ru, login.mos.ru and www.mos.ru on one local
 * HTTPS port, routed by Host. Chromium reaches it through --host-resolver-rules, so the extension
 * sees the real hostnames, cookies and redirect chain. See docs/portal.md.
 */
import { parseCookies, readBody, send } from './http';
import { createSgoSite, DEFAULT_SGO_FAULTS, SGO_HOST, SGO_UNLISTED_HOST, type SgoFaults } from './sgo';
import { createEljurSite, DEFAULT_ELJUR_FAULTS, ELJUR_HOST, type EljurFaults } from './eljur/site';
import {
  createDnevnikSite,
  DEFAULT_DNEVNIK_FAULTS,
  DNEVNIK_HOST,
  DNEVNIK_LOGIN_HOST,
  DNEVNIK_SCHOOLS_HOST,
  DNEVNIK_CHILDREN_HOST,
  type DnevnikFaults,
} from './dnevnik/site';
import { createHash, generateKeyPairSync, randomUUID, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { generate } from 'selfsigned';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as api from './mesh-api';
import {
  diaryShell,
  esiaLoginPage,
  type Branding,
  type Layout,
  landingPage,
  loginPage,
  maintenancePage,
  metaRefreshPage,
  MOSCOW,
  MOSREG,
  portalHome,
} from './pages';
import { addMarks, createWorld, type World, type WorldMark, type WorldOptions } from './world';

/**
 * Moscow's MESH and its city SSO, and one «Моя школа» node (the Moscow region's, authedu.mosreg.ru)
 * with ЕСИА (esia.gosuslugi.ru) as its login: the same MESH API on the node's own host.
 */
export const HOSTS = [
  'school.mos.ru',
  'login.mos.ru',
  'www.mos.ru',
  'mos.ru',
  'authedu.mosreg.ru',
  'esia.gosuslugi.ru',
  SGO_HOST,
  SGO_UNLISTED_HOST,
  ELJUR_HOST,
  DNEVNIK_HOST,
  DNEVNIK_LOGIN_HOST,
  DNEVNIK_SCHOOLS_HOST,
  DNEVNIK_CHILDREN_HOST,
] as const;
export const REGIONAL_HOST = 'authedu.mosreg.ru';
export const DEMO_LOGIN = { login: 'parent', password: 'parent' };

/** Switchable at run time (`portal.setFaults` or `POST /__emulator/faults`). */
export interface Faults extends SgoFaults, EljurFaults, DnevnikFaults {
  /** Lifetime of a new `aupd_token`, seconds (real: ≈24 h). */
  tokenLifetimeSec: number;
  /** Lifetime of the SSO session on login.mos.ru, seconds (real: weeks). */
  ssoLifetimeSec: number;
  /** Every SSO session counts as expired: login.mos.ru shows the login form. */
  ssoExpired: boolean;
  /** API path prefixes that answer 500; `fail500Times` limits how many times (0 = always). */
  fail500: string[];
  fail500Times: number;
  /** school.mos.ru answers 503 «Технические работы» everywhere. */
  maintenance: boolean;
  /** API answers with empty payloads («пустая сетка»). */
  emptyData: boolean;
  /** Renames a JSON key in one endpoint's answers (schema drift), e.g. marks weight → mark_weight. */
  renamedField: { endpoint: string; from: string; to: string } | null;
  /** Delay before every school.mos.ru answer, ms. */
  slowMs: number;
  /** The login callback sends the browser back to the start of the chain, forever. */
  redirectLoop: boolean;
  /** MESH's own averages leave out the latest day's marks (a server that updates its figures later). */
  laggingAverages: boolean;
  /** The longest span, in days, one `marks` or events request may ask for (0: no limit). Real clients ask 7–31. */
  maxSpanDays: number;
  /**
   * The diary's markup (portal/app/diary-app.ts): `v1` CSS-module classes, a `table`, `cards` with
   * short names, a `virtual` list, `random` classes and ids at each start, `no-text` (nothing to anchor to).
   */
  layout: Layout;
  /** What the regional node takes in `Authorization`: the raw token, `Bearer <token>`, or either (the cookie alone never). */
  regionalAuthorization: 'raw' | 'bearer' | 'either';
  /** The regional node's `/v2/token/refresh` answers 499, as one did for a user (OctoDiary-py #5). */
  regionalRefresh499: boolean;
}

export const DEFAULT_FAULTS: Faults = {
  ...DEFAULT_SGO_FAULTS,
  ...DEFAULT_ELJUR_FAULTS,
  ...DEFAULT_DNEVNIK_FAULTS,
  tokenLifetimeSec: 24 * 3600,
  ssoLifetimeSec: 30 * 24 * 3600,
  ssoExpired: false,
  fail500: [],
  fail500Times: 0,
  maintenance: false,
  emptyData: false,
  renamedField: null,
  slowMs: 0,
  redirectLoop: false,
  laggingAverages: false,
  maxSpanDays: 31,
  layout: 'v1',
  regionalAuthorization: 'either',
  regionalRefresh499: true,
};

export interface PortalOptions extends WorldOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  faults?: Partial<Faults>;
}

export interface RequestRecord {
  time: number;
  host: string;
  method: string;
  path: string;
  status: number;
}

export interface Portal {
  port: number;
  /** PEM of the self-signed certificate (SANs: the emulated hosts, localhost). */
  cert: string;
  /** base64 SHA-256 of the certificate's public key, for --ignore-certificate-errors-spki-list. */
  spki: string;
  world: World;
  /** The regional node's family (authedu.mosreg.ru). */
  regional: World;
  /** The «Сетевой город» site's family (sgo.rso23.ru). */
  sgo: World;
  /** The ЭлЖур school site's family (gym29.eljur.ru), and every call its `/apiv3/` got (Tabel must make none). */
  eljur: World;
  eljurApiCalls: readonly string[];
  /** The Дневник.ру family (dnevnik.ru, its login on login.dnevnik.ru). */
  dnevnik: World;
  faults: Faults;
  setFaults(f: Partial<Faults>): void;
  addMarks(opts?: Parameters<typeof addMarks>[1]): WorldMark[];
  /** Requests served so far (bounded), for request-budget checks. */
  requests: RequestRecord[];
  /** Chromium flags that route the emulated hosts here and trust the certificate. */
  chromiumArgs(): string[];
  close(): Promise<void>;
}

interface Session {
  user: number;
  expires: number;
}

const now = () => Date.now();
const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function cookie(name: string, value: string, o: { domain?: string; maxAge?: number; httpOnly?: boolean; sameSite?: string } = {}): string {
  let c = `${name}=${encodeURIComponent(value)}; Path=/; Secure; SameSite=${o.sameSite ?? 'Lax'}`;
  if (o.domain) c += `; Domain=${o.domain}`;
  if (o.maxAge !== undefined) c += `; Max-Age=${o.maxAge}`;
  if (o.httpOnly) c += '; HttpOnly';
  return c;
}

const AE_QUERY =
  'response_type=code&access_type=offline&client_id=dnevnik.mos.ru&scope=openid+profile+birthday+contacts+snils+blitz_user_rights+blitz_change_password&redirect_uri=' +
  encodeURIComponent('https://school.mos.ru/v3/auth/sudir/callback');

// Beside this file when run from source; under the project root when this file was bundled (npm start).
function appEntry(file: string): string {
  const near = fileURLToPath(new URL(`./app/${file}`, import.meta.url));
  return existsSync(near) ? near : resolve(process.cwd(), `portal/app/${file}`);
}

/** An emulated site's client app (portal/app/*.ts), bundled for the browser. */
async function appScript(file: string): Promise<string> {
  const r = await build({
    entryPoints: [appEntry(file)],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    minify: false,
    logLevel: 'error',
  });
  return r.outputFiles[0]!.text;
}

/** One emulated diary host: its family, its brand and login, how its API takes the token. */
interface Node {
  host: string;
  world: World;
  branding: Branding;
  sso: 'sudir' | 'esia';
}

export async function startPortal(options: PortalOptions = {}): Promise<Portal> {
  const world = createWorld(options);
  const regional = createWorld({ ...options, seed: (options.seed ?? 20260901) + 1, family: 'mosreg' });
  const MOSCOW_NODE: Node = { host: 'school.mos.ru', world, branding: MOSCOW, sso: 'sudir' };
  const REGIONAL_NODE: Node = { host: REGIONAL_HOST, world: regional, branding: MOSREG, sso: 'esia' };
  const faults: Faults = { ...DEFAULT_FAULTS, ...options.faults };
  const sgoWorld = createWorld({ ...options, seed: (options.seed ?? 20260901) + 2, family: 'sgo' });
  const eljurWorld = createWorld({ ...options, seed: (options.seed ?? 20260901) + 3, family: 'eljur' });
  const dnevnikWorld = createWorld({ ...options, seed: (options.seed ?? 20260901) + 4, family: 'dnevnik' });
  const pems = await generate([{ name: 'commonName', value: 'school.mos.ru' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(now() + 30 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      {
        name: 'subjectAltName',
        altNames: [
          ...HOSTS.map((value) => ({ type: 2 as const, value })),
          { type: 2 as const, value: 'localhost' },
          { type: 7 as const, ip: '127.0.0.1' },
        ],
      },
    ],
  } as Parameters<typeof generate>[1]);
  const spki = createHash('sha256')
    .update(new X509Certificate(pems.cert).publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
  const { privateKey: jwtKey, publicKey: jwtPub } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const [app, sgoApp] = await Promise.all([appScript('diary-app.ts'), appScript('sgo-diary-app.ts')]);
  const sgo = createSgoSite({ world: sgoWorld, faults, app: sgoApp });
  const eljur = createEljurSite({ world: eljurWorld, faults });
  const dnevnik = createDnevnikSite({ world: dnevnikWorld, faults });

  const ssoSessions = new Map<string, Session>();
  const esiaSessions = new Map<string, Session>();
  const codes = new Map<string, Session & { host: string }>();
  const revoked = new Set<string>();
  const requests: RequestRecord[] = [];
  let fail500Served = 0;

  function signJwt(claims: Record<string, unknown>, key: KeyObject = jwtKey): string {
    const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
    const body = b64url(JSON.stringify(claims));
    const sig = sign('sha256', Buffer.from(`${head}.${body}`), key);
    return `${head}.${body}.${b64url(sig)}`;
  }

  /** The claims of a valid, unexpired, unrevoked diary token of this host; null otherwise. */
  function verifyJwt(token: string | undefined, host = 'school.mos.ru'): Record<string, any> | null {
    if (!token) return null;
    const [h, b, s] = token.split('.');
    if (!h || !b || !s) return null;
    if (!verify('sha256', Buffer.from(`${h}.${b}`), jwtPub, Buffer.from(s, 'base64url'))) return null;
    const claims = JSON.parse(Buffer.from(b, 'base64url').toString());
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now() || revoked.has(claims.jti)) return null;
    // A token is its own host's: Moscow's does not open a region's diary, nor the other way round.
    if (claims.iss !== `https://${host}`) return null;
    return claims;
  }

  function tokenOf(req: IncomingMessage, node: Node = MOSCOW_NODE): string | undefined {
    const auth = req.headers.authorization;
    if (node === MOSCOW_NODE) {
      if (auth?.startsWith('Bearer ')) return auth.slice(7);
      return parseCookies(req).aupd_token;
    }
    // The node takes the token in Authorization only (the form the fault says), never the cookie alone.
    if (!auth) return undefined;
    const bearer = auth.startsWith('Bearer ');
    const form = faults.regionalAuthorization;
    if ((bearer && form === 'raw') || (!bearer && form === 'bearer')) return undefined;
    return bearer ? auth.slice(7) : auth;
  }

  function ssoSession(req: IncomingMessage): Session | null {
    if (faults.ssoExpired) return null;
    const sid = parseCookies(req).bls;
    const s = sid ? ssoSessions.get(sid) : undefined;
    return s && s.expires > now() ? s : null;
  }

  const json = (res: ServerResponse, status: number, body: unknown) =>
    send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
  const redirect = (res: ServerResponse, to: string, cookies: string[] = []) => {
    res.writeHead(302, { Location: to, 'Set-Cookie': cookies, 'Cache-Control': 'no-store' });
    res.end();
  };

  function renamed(body: unknown, path: string): unknown {
    const r = faults.renamedField;
    if (!r || !path.startsWith(r.endpoint)) return body;
    const walk = (x: unknown): unknown => {
      if (Array.isArray(x)) return x.map(walk);
      if (x && typeof x === 'object') {
        return Object.fromEntries(Object.entries(x).map(([k, v]) => [k === r.from ? r.to : k, walk(v)]));
      }
      return x;
    };
    return walk(body);
  }

  function emptied(body: any): unknown {
    if (!faults.emptyData) return body;
    if (Array.isArray(body)) return body.map((x) => ('periods' in x ? { ...x, periods: [] } : x));
    if (body && 'payload' in body) return { ...body, payload: [] };
    if (body && 'response' in body) return { ...body, total_count: 0, response: [] };
    return body;
  }

  /** Sets the diary token after a login: a session cookie that outlives the JWT inside it, so an expired token meets the API's 401. */
  function signedIn(res: ServerResponse, node: Node, user: { userId: number; guid: string }): void {
    const iat = Math.floor(now() / 1000);
    const iss = `https://${node.host}`;
    const token = signJwt({
      iss,
      sub: String(user.userId),
      msh: user.guid,
      rgn: node === MOSCOW_NODE ? 77 : 50,
      iat,
      exp: iat + faults.tokenLifetimeSec,
      jti: randomUUID(),
    });
    const refresh = signJwt({ iss, sub: String(user.userId), typ: 'refresh', iat, exp: iat + 30 * 86400, jti: randomUUID() });
    return redirect(res, '/auth/callback', [
      cookie('aupd_token', token),
      cookie('aupd_refresh_token', refresh, { maxAge: 30 * 86400, httpOnly: true }),
      cookie('aupd_current_role', '2:1'),
    ]);
  }

  /** A diary host: Moscow's school.mos.ru, or the regional node (its login through ЕСИА, its token in Authorization). */
  const diaryHost =
    (node: Node) =>
    async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
      const path = url.pathname;
      const { world, branding } = node;
      if (faults.slowMs) await new Promise((r) => setTimeout(r, faults.slowMs));
      if (faults.maintenance) return send(res, 503, maintenancePage(branding), 'text/html; charset=utf-8', { 'Retry-After': '600' });

      if (node.sso === 'sudir' && path === '/v3/auth/sudir/login') {
        const state = randomUUID();
        return send(res, 200, metaRefreshPage(`https://login.mos.ru/sps/oauth/ae?${AE_QUERY}&state=${state}`));
      }
      if (node.sso === 'esia' && path === '/v3/auth/esia/login') {
        const state = randomUUID();
        const back = `https://${node.host}/v3/auth/esia/callback`;
        return send(
          res,
          200,
          metaRefreshPage(
            `https://esia.gosuslugi.ru/aas/oauth2/v2/ac?client_id=MOSREG_EDU&response_type=code&scope=openid&state=${state}&redirect_uri=${encodeURIComponent(back)}`,
            'Госуслуги',
          ),
        );
      }
      if ((node.sso === 'sudir' && path === '/v3/auth/sudir/callback') || (node.sso === 'esia' && path === '/v3/auth/esia/callback')) {
        if (faults.redirectLoop) return redirect(res, `https://${node.host}${branding.loginPath}`);
        const code = url.searchParams.get('code') ?? '';
        const grant = codes.get(code);
        codes.delete(code);
        if (!grant || grant.expires < now() || grant.host !== node.host)
          return send(res, 400, landingPage('Ссылка для входа устарела. Войдите ещё раз.', branding));
        return signedIn(res, node, world.parent);
      }
      if (path === '/v2/token/refresh') {
        // What a user of a «Моя школа» node once got: «Предыдущая сессия работы в ЭЖД завершена».
        if (node !== MOSCOW_NODE && faults.regionalRefresh499)
          return send(res, 499, 'Предыдущая сессия работы в ЭЖД завершена. Войдите в ЭЖД заново', 'text/plain; charset=utf-8');
        if (!url.searchParams.get('roleId')) return send(res, 499, 'user roles insufficient', 'text/plain');
        const token = node === MOSCOW_NODE ? tokenOf(req) : parseCookies(req).aupd_token;
        // A validity probe only: the same token (same exp) while alive, 403 once it is not.
        return verifyJwt(token, node.host)
          ? send(res, 201, token!, 'text/plain; charset=utf-8')
          : send(res, 403, 'Forbidden', 'text/plain');
      }
      if (path === '/v3/auth/logout') {
        const claims = verifyJwt(tokenOf(req, node) ?? parseCookies(req).aupd_token, node.host);
        if (claims) revoked.add(claims.jti);
        return redirect(res, '/', [
          cookie('aupd_token', '', { maxAge: 0 }),
          cookie('aupd_refresh_token', '', { maxAge: 0, httpOnly: true }),
          cookie('aupd_current_role', '', { maxAge: 0 }),
        ]);
      }
      if (path === '/v1/oauth/userinfo' || path === '/v3/userinfo') {
        const claims = verifyJwt(tokenOf(req, node), node.host);
        return claims
          ? json(res, 200, { sub: claims.sub, msh: claims.msh, given_name: world.parent.firstName, family_name: world.parent.lastName })
          : json(res, 401, { code: 401, message: 'Unauthorized' });
      }
      if (path.startsWith('/api/')) {
        if (!verifyJwt(tokenOf(req, node), node.host)) return json(res, 401, { code: 401, message: 'Токен недействителен или истёк' });
        const rule = faults.fail500.find((p) => (path + url.search).startsWith(p));
        if (rule && (faults.fail500Times === 0 || fail500Served < faults.fail500Times)) {
          fail500Served++;
          return json(res, 500, { code: 500, message: 'Internal Server Error' });
        }
        const { status, body } = api.apiAnswer(world, faults, path, url.searchParams, req.headers);
        return json(res, status, status === 200 ? renamed(emptied(body), path) : body);
      }
      if (path === '/static/diary-app.js') return send(res, 200, app, 'text/javascript; charset=utf-8');
      if (path === '/auth/callback' || path.startsWith('/diary/')) return send(res, 200, diaryShell(faults.layout, branding));
      if (path === '/') return send(res, 200, landingPage('', branding));
      return send(res, 404, landingPage('Страница не найдена.', branding));
    };
  const school = diaryHost(MOSCOW_NODE);
  const mosreg = diaryHost(REGIONAL_NODE);

  function esiaSession(req: IncomingMessage): Session | null {
    if (faults.ssoExpired) return null;
    const sid = parseCookies(req).esia_session;
    const s = sid ? esiaSessions.get(sid) : undefined;
    return s && s.expires > now() ? s : null;
  }

  /** ЕСИА (esia.gosuslugi.ru), emulated: the authorize endpoint, its login form, its logout. */
  async function esia(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (path === '/aas/oauth2/v2/ac') {
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      if (!redirectUri.startsWith(`https://${REGIONAL_HOST}/`))
        return send(res, 400, esiaLoginPage({ back: '/', error: 'invalid_request' }));
      const s = esiaSession(req);
      if (!s) return redirect(res, `/login/?back=${encodeURIComponent(url.pathname + url.search)}`);
      const code = randomUUID();
      codes.set(code, { user: s.user, expires: now() + 60_000, host: REGIONAL_HOST });
      const state = url.searchParams.get('state');
      return redirect(res, `${redirectUri}?code=${code}${state ? `&state=${state}` : ''}`);
    }
    if (path === '/login/' || path === '/login') {
      const back = url.searchParams.get('back') ?? '/';
      if (req.method !== 'POST') return send(res, 200, esiaLoginPage({ back }));
      const form = new URLSearchParams(await readBody(req));
      if (form.get('login') !== DEMO_LOGIN.login || form.get('password') !== DEMO_LOGIN.password)
        return send(res, 200, esiaLoginPage({ back, error: 'invalid_credentials' }));
      const sid = randomUUID();
      esiaSessions.set(sid, { user: regional.parent.userId, expires: now() + faults.ssoLifetimeSec * 1000 });
      return redirect(res, back.startsWith('/aas/') ? back : '/', [
        cookie('esia_session', sid, { maxAge: faults.ssoLifetimeSec, httpOnly: true, sameSite: 'None' }),
      ]);
    }
    if (path === '/idp/ext/Logout') {
      const sid = parseCookies(req).esia_session;
      if (sid) esiaSessions.delete(sid);
      return redirect(res, `https://${REGIONAL_HOST}/`, [cookie('esia_session', '', { maxAge: 0, httpOnly: true, sameSite: 'None' })]);
    }
    return redirect(res, '/login/');
  }

  async function login(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (path === '/sps/oauth/ae') {
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      if (!redirectUri.startsWith('https://school.mos.ru/')) return send(res, 400, loginPage({ error: 'invalid_request' }));
      const s = ssoSession(req);
      if (!s) return redirect(res, `/sps/login/methods/password?bo=${encodeURIComponent(url.pathname + url.search)}`);
      const code = randomUUID();
      codes.set(code, { user: s.user, expires: now() + 60_000, host: 'school.mos.ru' });
      const state = url.searchParams.get('state');
      return redirect(res, `${redirectUri}?code=${code}${state ? `&state=${state}` : ''}`);
    }
    if (path === '/sps/login/methods/password') {
      const bo = url.searchParams.get('bo') ?? `/sps/oauth/ae?${AE_QUERY}`;
      if (req.method !== 'POST') return send(res, 200, loginPage({ bo }));
      const form = new URLSearchParams(await readBody(req));
      if (form.get('login') !== DEMO_LOGIN.login || form.get('password') !== DEMO_LOGIN.password) {
        return send(res, 200, loginPage({ bo, error: 'invalid_credentials' }));
      }
      const sid = randomUUID();
      const ltpaLife = Math.min(faults.ssoLifetimeSec, 3 * 3600 + 50 * 60);
      ssoSessions.set(sid, { user: world.parent.userId, expires: now() + faults.ssoLifetimeSec * 1000 });
      const target = bo.startsWith('/sps/') ? bo : `/sps/oauth/ae?${AE_QUERY}`;
      return redirect(res, target, [
        cookie('bls', sid, { maxAge: faults.ssoLifetimeSec, httpOnly: true, sameSite: 'None' }),
        cookie('Ltpatoken2', randomUUID(), { domain: '.mos.ru', maxAge: ltpaLife, httpOnly: true, sameSite: 'None' }),
        cookie('Ltpaexpires', String(Math.floor(now() / 1000) + ltpaLife), { domain: '.mos.ru', maxAge: ltpaLife, sameSite: 'None' }),
      ]);
    }
    if (path === '/sps/login/logout') {
      const sid = parseCookies(req).bls;
      if (sid) ssoSessions.delete(sid);
      const back = url.searchParams.get('post_logout_redirect_uri') ?? 'https://www.mos.ru/';
      return redirect(res, back.startsWith('https://') && new URL(back).hostname.endsWith('mos.ru') ? back : 'https://www.mos.ru/', [
        cookie('bls', '', { maxAge: 0, httpOnly: true, sameSite: 'None' }),
        cookie('Ltpatoken2', '', { domain: '.mos.ru', maxAge: 0, httpOnly: true, sameSite: 'None' }),
        cookie('Ltpaexpires', '', { domain: '.mos.ru', maxAge: 0, sameSite: 'None' }),
      ]);
    }
    return redirect(res, `/sps/login/methods/password?bo=${encodeURIComponent(`/sps/oauth/ae?${AE_QUERY}`)}`);
  }

  async function control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = req.method === 'POST' ? await readBody(req) : '';
    const input = body ? JSON.parse(body) : {};
    switch (url.pathname) {
      case '/__emulator/faults':
        if (req.method === 'POST') portal.setFaults(input);
        return json(res, 200, faults);
      case '/__emulator/marks':
        return json(res, 200, portal.addMarks(input));
      case '/__emulator/requests':
        return json(res, 200, requests);
      case '/__emulator/state':
        return json(res, 200, {
          today: world.today,
          faults,
          children: world.children.map((c) => ({ id: c.id, name: `${c.firstName} ${c.lastName}`, marks: c.marks.length })),
          ssoSessions: ssoSessions.size,
        });
      default:
        return json(res, 404, { message: 'unknown control endpoint' });
    }
  }

  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `https://${host || 'school.mos.ru'}`);
    res.on('finish', () => {
      requests.push({ time: now(), host, method: req.method ?? 'GET', path: url.pathname + url.search, status: res.statusCode });
      if (requests.length > 20_000) requests.splice(0, 10_000);
    });
    const route = url.pathname.startsWith('/__emulator/')
      ? control
      : host === 'login.mos.ru'
        ? login
        : host === REGIONAL_HOST
          ? mosreg
          : host === SGO_HOST || host === SGO_UNLISTED_HOST
            ? sgo.handle
            : host === ELJUR_HOST
              ? eljur.handle
              : host === DNEVNIK_HOST
                ? dnevnik.handle
                : host === DNEVNIK_LOGIN_HOST
                  ? dnevnik.login
                  : host === DNEVNIK_SCHOOLS_HOST || host === DNEVNIK_CHILDREN_HOST
                    ? dnevnik.schools
                    : host === 'esia.gosuslugi.ru'
                      ? esia
                      : host === 'school.mos.ru' || host === 'localhost' || host === '127.0.0.1'
                        ? school
                        : null;
    const run = route ? route(req, res, url) : Promise.resolve(send(res, 200, portalHome()));
    run.catch((err) => {
      if (!res.headersSent) send(res, 500, `emulator error: ${String(err)}`, 'text/plain');
    });
  });
  await new Promise<void>((r) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const portal: Portal = {
    port,
    cert: pems.cert,
    spki,
    world,
    regional,
    sgo: sgoWorld,
    eljur: eljurWorld,
    eljurApiCalls: eljur.apiCalls,
    dnevnik: dnevnikWorld,
    faults,
    requests,
    setFaults(f) {
      Object.assign(faults, f);
      if ('fail500' in f || 'fail500Times' in f) fail500Served = 0;
    },
    addMarks: (opts) => addMarks(world, opts),
    chromiumArgs: () => [
      `--host-resolver-rules=${HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}`,
      `--ignore-certificate-errors-spki-list=${spki}`,
    ],
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  return portal;
}
