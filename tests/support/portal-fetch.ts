import { connect } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import type { Portal } from '../../portal/server';

/**
 * A `fetch` for Node that reaches the emulated hosts (https://school.mos.ru/…) on the portal's
 * local port over real TLS, trusting only the portal's certificate: what Chromium's
 * --host-resolver-rules does for the browser.
 */
export function portalFetch(portal: Pick<Portal, 'port' | 'cert'>): typeof fetch {
  const agent = new Agent({
    connect: (opts, callback) => {
      const socket = connect({
        host: '127.0.0.1',
        port: portal.port,
        servername: opts.hostname,
        ca: portal.cert,
        ALPNProtocols: ['http/1.1'],
      });
      socket.once('secureConnect', () => callback(null, socket));
      socket.once('error', (err) => callback(err, null));
      return socket;
    },
  });
  return ((input: RequestInfo | URL, init?: RequestInit) =>
    undiciFetch(input as any, { ...(init as any), dispatcher: agent })) as unknown as typeof fetch;
}

/**
 * Walks a login chain in Node with a cookie jar (the password form included); returns the cookies.
 * Moscow's by default; `start` for another host's (the regional node's through ЕСИА).
 */
export async function loginInNode(
  portal: Pick<Portal, 'port' | 'cert'>,
  creds = { login: 'parent', password: 'parent' },
  start = 'https://school.mos.ru/v3/auth/sudir/login',
): Promise<Map<string, string>> {
  const f = portalFetch(portal);
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), decodeURIComponent(pair!.slice(i + 1)));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  let url = start;
  let method = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 12; hop++) {
    const res = await f(url, {
      method,
      body,
      redirect: 'manual',
      headers: { cookie: header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    keep(res);
    method = 'GET';
    body = undefined;
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      continue;
    }
    const html = await res.text();
    const refresh = /http-equiv="refresh" content="0; url=([^"]+)"/.exec(html);
    if (refresh) {
      url = refresh[1]!.replace(/&amp;/g, '&').replace(/&#38;/g, '&');
      continue;
    }
    const form = /<form method="post" action="([^"]+)"/.exec(html);
    if (form && !jar.has('bls') && !jar.has('esia_session')) {
      url = new URL(form[1]!.replace(/&#38;/g, '&'), url).href;
      method = 'POST';
      body = new URLSearchParams(creds).toString();
      continue;
    }
    break;
  }
  return jar;
}

/** A fetch that sends the jar's cookies (one host's login) unless asked not to (`credentials: 'omit'`), as a browser's would. */
export function fetchWithCookies(portal: Pick<Portal, 'port' | 'cert'>, jar: Map<string, string>): typeof fetch {
  const f = portalFetch(portal);
  return ((input: RequestInfo | URL, init: RequestInit = {}) => {
    if (init.credentials === 'omit') return f(input, init);
    const headers = new Headers(init.headers);
    headers.set('cookie', [...jar].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '));
    return f(input, { ...init, headers });
  }) as typeof fetch;
}
