import { SourceError } from '../types';
import type { NetSchoolApi } from './source';

/**
 * HTTP to a «Сетевой город» site's `/webapi/`, the way its own pages call it: same origin, the
 * session cookie, and the page's token in the `at` header (read from the page's `appContext.at`
 * by whoever builds this client; asked for on every request, never kept here). Every failure is a
 * typed `SourceError`; the token never appears in one.
 */
export interface NetSchoolClientOptions {
  /** `https://sgo.rso23.ru` */
  origin: string;
  /** The page's current `at`, or null when there is none (logged out). */
  token(): Promise<string | null> | string | null;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** The interstitial a site may answer instead of JSON (`/asp/SecurityWarning.asp`): only the user can pass it. */
const SECURITY_WARNING = /SecurityWarning/i;
const MAINTENANCE = /технические\s+работы/i;

export class NetSchoolClient implements NetSchoolApi {
  readonly #o: NetSchoolClientOptions;
  constructor(options: NetSchoolClientOptions) {
    this.#o = options;
  }

  get(path: string, query?: Record<string, string>): Promise<unknown> {
    const qs = query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : '';
    return this.#request('GET', `${path}${qs}`);
  }

  post(path: string, body: unknown): Promise<unknown> {
    return this.#request('POST', path, body);
  }

  async #withoutToken(method: 'GET' | 'POST', path: string, endpoint: string): Promise<never> {
    const noSession = new SourceError('session-expired', endpoint, 'no session on the page (not logged in)');
    try {
      await this.#request(method, path, undefined, null);
    } catch (err) {
      // Down, or no answer at all (Chromium holds an extension's requests back after a host's 503s): not "logged out".
      if (err instanceof SourceError && (err.kind === 'site-down' || err.kind === 'network' || err.kind === 'timeout')) throw err;
    }
    throw noSession;
  }

  async #request(method: 'GET' | 'POST', path: string, body?: unknown, token?: null): Promise<unknown> {
    const endpoint = `/webapi/${path.split('?')[0]}`;
    const at = token === null ? null : await this.#o.token();
    // Without the page's token nothing can be read; the same request without it still says whether the site is down
    // (its maintenance page, instead of the diary page that would hold the token) or only the session is gone.
    if (!at && token !== null) return this.#withoutToken(method, path, endpoint);
    const fetchImpl = this.#o.fetch ?? globalThis.fetch.bind(globalThis);
    const controller = new AbortController();
    const ms = this.#o.timeoutMs ?? 20_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Racing the timer as well as aborting covers a fetch that ignores its signal.
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error('timeout'));
      }, ms);
    });
    let res: Response;
    let text: string;
    try {
      const exchange = async () => {
        const r = await fetchImpl(`${this.#o.origin}/webapi/${path}`, {
          method,
          credentials: 'include',
          headers: {
            Accept: 'application/json, text/plain, */*',
            ...(at ? { at } : {}),
            'X-Requested-With': 'XMLHttpRequest',
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: controller.signal,
        });
        return { r, t: await r.text() };
      };
      ({ r: res, t: text } = await Promise.race([exchange(), late]));
    } catch (err) {
      // A fetch that knows better says so itself (the background's fetch through a tab: no tab of the site open).
      if (err instanceof SourceError) throw err;
      throw controller.signal.aborted
        ? new SourceError('timeout', endpoint, `no answer within ${ms} ms`)
        : new SourceError('network', endpoint, 'no answer (network error)');
    } finally {
      clearTimeout(timer);
    }
    const { status } = res;
    if (status === 401 || status === 403) throw new SourceError('session-expired', endpoint, `session expired (HTTP ${status})`, status);
    const html = /^\s*</.test(text);
    // Not retried: Chromium holds an extension's requests back for longer after each 503.
    if (MAINTENANCE.test(text) || status === 502 || status === 503 || status === 504)
      throw new SourceError('site-down', endpoint, `the site is down (HTTP ${status})`, status);
    if (html && SECURITY_WARNING.test(text))
      throw new SourceError(
        'session-expired',
        endpoint,
        'the site shows its security warning: open the diary and confirm it',
        status,
        [],
        'security-warning',
      );
    if (status < 200 || status >= 300) throw new SourceError('http', endpoint, `HTTP ${status}`, status);
    try {
      return text === '' ? null : (JSON.parse(text) as unknown);
    } catch {
      throw new SourceError(
        'bad-json',
        endpoint,
        `expected JSON, got ${html ? 'an HTML page' : `${text.length} characters of text`}`,
        status,
      );
    }
  }
}
