import { SourceError } from './types';

/**
 * A diary site's page (or the JSON its page fetches) over HTTP with the browser's cookie session,
 * as the site's own links open it: same origin, redirects followed, a time limit. What the systems
 * read as pages (ЭлЖур, Дневник.ру) share this: no answer is `network` or `timeout`, an error its
 * fetch already typed stays as it is (the site's own tab, when none is open), a login page reached
 * (`loggedOut`) or a 401/403 is `session-expired`, 5xx `site-down`, any other failure `http`.
 */
export async function sitePage(
  url: string,
  endpoint: string,
  o: { fetch?: typeof fetch; timeoutMs?: number; accept?: string; loggedOut(landed: URL): boolean },
): Promise<Response> {
  const fetchImpl = o.fetch ?? globalThis.fetch.bind(globalThis);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), o.timeoutMs ?? 20_000);
  let res: Response;
  try {
    res = await fetchImpl(url, {
      credentials: 'include',
      redirect: 'follow',
      signal: controller.signal,
      ...(o.accept ? { headers: { accept: o.accept } } : {}),
    });
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw new SourceError(
      controller.signal.aborted ? 'timeout' : 'network',
      endpoint,
      controller.signal.aborted ? 'no answer in time' : String(err),
    );
  } finally {
    clearTimeout(timer);
  }
  // A fetch made by the site's tab answers without its final URL: the page's own content says it then.
  if ((res.url && o.loggedOut(new URL(res.url))) || res.status === 401 || res.status === 403)
    throw new SourceError('session-expired', endpoint, 'sent to the login page', res.status);
  if (res.status >= 500) throw new SourceError('site-down', endpoint, `HTTP ${res.status}`, res.status);
  if (!res.ok) throw new SourceError('http', endpoint, `HTTP ${res.status}`, res.status);
  return res;
}
