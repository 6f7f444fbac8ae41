import { SourceError, type SourceErrorKind } from '../types';
import { MESH_ORIGIN } from './endpoints';
import type { MeshRole } from './parse';

/**
 * Calls the MESH family web API with the user's own session. Rejects only with `SourceError`;
 * the token never appears in an error, a URL or a log.
 */

/**
 * Either the site's cookies or a bearer header, never both: MESH answers 401 «Found multiple bearer
 * tokens» when the token arrives twice.
 */
export type MeshAuth =
  | { mode: 'cookie' }
  | { mode: 'bearer'; token: string }
  /**
   * A «Моя школа» node: the token cookie's value in `Authorization` too, read from the cookie jar for
   * each request and never kept. `raw` as the Moscow-region node's own pages send it (with the
   * cookies); `bearer` as `Bearer <token>`, then without cookies (the token must not arrive twice).
   * What a node takes is known from one browser-copied script at best, so `first` is only tried
   * first: after a 401 the other form is tried, and the one that answered is kept for the client's life.
   */
  | { mode: 'cookie-token'; token: () => Promise<string | null>; first: 'raw' | 'bearer' };

type Scheme = 'raw' | 'bearer';

export interface MeshClientOptions {
  /** Default `https://school.mos.ru`; regional nodes serve the same paths. */
  origin?: string;
  auth: MeshAuth;
  /** Sent as `Profile-Type` (family web) and `X-Mes-Role` (event calendar); default `parent` until the profile says otherwise (see `identify`). */
  role?: MeshRole;
  /** Sent as `Profile-Id` (family web) once known. */
  profileId?: string;
  fetch?: typeof fetch;
  /** Per attempt, body included. Default 20000. */
  timeoutMs?: number;
  /** Wait before the one retry after a 5xx. Default 500. */
  retryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type MeshQuery = Readonly<Record<string, string>>;

/** What the MESH source needs of a client: tests and other transports implement just this. */
export interface MeshTransport {
  get(path: string, query?: MeshQuery): Promise<unknown>;
  /** The account's role and profile id, once the profile has been read. */
  identify?(who: { role: MeshRole; profileId?: string }): void;
}

const MAINTENANCE = /технические\s+работы/i;
const SITE_DOWN_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * Query strings as the MESH site writes them: commas in lists (`dates=d1,d2`, `expand=a,b`) stay
 * literal, everything else is percent-encoded.
 */
export function queryStringOf(query: MeshQuery | undefined): string {
  const pairs = Object.entries(query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%2C/gi, ',')}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Marks the timeout we set, so our abort is told apart from any other failure. */
class TimedOut extends Error {}

type Attempt = { kind: 'ok'; body: unknown } | { kind: 'retry'; status: number } | { kind: 'error'; error: SourceError };

export class MeshClient implements MeshTransport {
  private readonly origin: string;
  // A #private field stays out of JSON.stringify and object dumps, so a logged client never shows the token.
  readonly #auth: MeshAuth;
  private role: MeshRole;
  private profileId: string | undefined;
  /** The `Authorization` form a cookie-token node answered to (null until one has). */
  private scheme: Scheme | null = null;
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly timeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: MeshClientOptions) {
    this.origin = (options.origin ?? MESH_ORIGIN).replace(/\/+$/, '');
    this.#auth = options.auth;
    this.role = options.role ?? 'parent';
    this.profileId = options.profileId;
    this.fetchImpl = options.fetch;
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.sleep = options.sleep ?? defaultSleep;
  }

  identify(who: { role: MeshRole; profileId?: string }): void {
    this.role = who.role;
    if (who.profileId !== undefined) this.profileId = who.profileId;
  }

  /** The parsed JSON body of `GET path?query`; one retry after a 5xx. */
  async get(path: string, query?: MeshQuery): Promise<unknown> {
    try {
      let a = await this.attempt(path, query);
      if (a.kind === 'retry') {
        await this.sleep(this.retryDelayMs);
        a = await this.attempt(path, query);
      }
      if (a.kind === 'ok') return a.body;
      throw a.kind === 'error' ? a.error : statusError(path, a.status);
    } catch (err) {
      // Only a bug (or a throwing `sleep`) gets here untyped; it still leaves as the typed error.
      throw err instanceof SourceError ? err : new SourceError('network', path, 'request failed');
    }
  }

  /**
   * Headers as the site sends them (recorded in browser-copied header sets, real-samples/mesh):
   * `Profile-Type` and `Profile-Id` to the family web API, `X-Mes-Role` only to the event
   * calendar; `Authorization` only in bearer mode.
   */
  private headersFor(path: string, token: string | null, scheme: Scheme | null): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json', 'X-Mes-Subsystem': 'familyweb' };
    if (path.startsWith('/api/family/')) {
      headers['Profile-Type'] = this.role;
      if (this.profileId !== undefined) headers['Profile-Id'] = this.profileId;
    }
    if (path.startsWith('/api/eventcalendar/')) headers['X-Mes-Role'] = this.role;
    if (this.#auth.mode === 'bearer') headers.Authorization = `Bearer ${this.#auth.token}`;
    if (token !== null) headers.Authorization = scheme === 'bearer' ? `Bearer ${token}` : token;
    return headers;
  }

  private async attempt(path: string, query: MeshQuery | undefined): Promise<Attempt> {
    const fetchImpl = this.fetchImpl ?? (typeof globalThis.fetch === 'function' ? globalThis.fetch.bind(globalThis) : undefined);
    if (!fetchImpl) return { kind: 'error', error: new SourceError('network', path, 'no fetch available') };
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Racing the timer as well as aborting covers fetch implementations that ignore the signal.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new TimedOut());
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([this.exchange(fetchImpl, path, query, controller.signal), timeout]);
    } catch (err) {
      if (err instanceof TimedOut || controller.signal.aborted)
        return { kind: 'error', error: new SourceError('timeout', path, `no answer within ${this.timeoutMs} ms`) };
      return { kind: 'error', error: new SourceError('network', path, 'no answer (network error)') };
    } finally {
      clearTimeout(timer);
    }
  }

  private async exchange(fetchImpl: typeof fetch, path: string, query: MeshQuery | undefined, signal: AbortSignal): Promise<Attempt> {
    const auth = this.#auth;
    const token = auth.mode === 'cookie-token' ? await auth.token() : null;
    const send = (scheme: Scheme | null) =>
      fetchImpl(`${this.origin}${path}${queryStringOf(query)}`, {
        method: 'GET',
        headers: this.headersFor(path, token, scheme),
        credentials: auth.mode === 'cookie' || (auth.mode === 'cookie-token' && scheme !== 'bearer') ? 'include' : 'omit',
        signal,
      });
    const first: Scheme | null = token === null || auth.mode !== 'cookie-token' ? null : (this.scheme ?? auth.first);
    let response = await send(first);
    let status = response.status;
    if (first !== null && this.scheme === null) {
      // Which form the node takes is not certain: the other one after a refusal, and keep what answered.
      if (status === 401 || status === 403) {
        const other: Scheme = first === 'raw' ? 'bearer' : 'raw';
        response = await send(other);
        status = response.status;
        if (status !== 401 && status !== 403) this.scheme = other;
      } else this.scheme = first;
    }
    if (status === 401 || status === 403)
      return { kind: 'error', error: new SourceError('session-expired', path, `session expired (HTTP ${status})`, status) };
    const text = await response.text();
    const ok = status >= 200 && status < 300;
    // A maintenance page is not worth a retry, whatever status it comes with; in a 2xx JSON body the phrase could be homework text.
    if (!ok && MAINTENANCE.test(text)) return { kind: 'error', error: maintenance(path, status) };
    // Not a 503: Chromium holds an extension's requests to a host back for longer after each 503 it answers.
    if (status >= 500 && status !== 503) return { kind: 'retry', status };
    if (!ok) return { kind: 'error', error: statusError(path, status) };
    try {
      return { kind: 'ok', body: JSON.parse(text) as unknown };
    } catch {
      if (MAINTENANCE.test(text)) return { kind: 'error', error: maintenance(path, status) };
      return { kind: 'error', error: new SourceError('bad-json', path, `expected JSON, got ${describeBody(text)}`, status) };
    }
  }
}

function maintenance(path: string, status: number): SourceError {
  return new SourceError('site-down', path, 'the site is under maintenance («технические работы»)', status);
}

function statusError(path: string, status: number): SourceError {
  const kind: SourceErrorKind = SITE_DOWN_STATUSES.has(status) ? 'site-down' : 'http';
  return new SourceError(kind, path, `HTTP ${status}`, status);
}

/** A hint at what came instead of JSON, without echoing the body (it may hold personal data). */
function describeBody(text: string): string {
  if (!text.trim()) return 'an empty body';
  return /^\s*</.test(text) ? 'an HTML page' : 'text that is not JSON';
}
