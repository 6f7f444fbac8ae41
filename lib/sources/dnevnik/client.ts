import { SourceError } from '../types';
import type { DnevnikSite } from './source';

/**
 * Дневник.ру's web page and the JSON it fetches, over HTTP with the browser's cookie session (same
 * origin, redirects followed). Every failure is a typed `SourceError`: landing on the login host, or
 * a 401/403 from the JSON, is `session-expired`; 5xx `site-down`; a body that is not JSON `bad-json`.
 */
export function dnevnikSite(o: { origin: string; fetch?: typeof fetch; timeoutMs?: number }): DnevnikSite {
  const fetchImpl = o.fetch ?? globalThis.fetch.bind(globalThis);
  async function get(path: string, accept: string): Promise<{ res: Response; endpoint: string }> {
    const endpoint = path
      .replace(/^https:\/\/[^/]+/, '')
      .split('?')[0]!
      .replace(/\/(persons|schools|groups)\/[^/]+/g, '/$1/{id}');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), o.timeoutMs ?? 20_000);
    try {
      // A path, or a page of another host of the site's (the period table on schools.dnevnik.ru).
      const res = await fetchImpl(/^https:\/\//.test(path) ? path : `${o.origin}${path}`, {
        credentials: 'include',
        redirect: 'follow',
        signal: controller.signal,
        headers: { accept },
      });
      const landed = res.url ? new URL(res.url, o.origin) : null;
      if ((landed && /^login\./.test(landed.hostname)) || res.status === 401 || res.status === 403)
        throw new SourceError('session-expired', endpoint, 'sent to the login page', res.status);
      if (res.status >= 500) throw new SourceError('site-down', endpoint, `HTTP ${res.status}`, res.status);
      if (!res.ok) throw new SourceError('http', endpoint, `HTTP ${res.status}`, res.status);
      return { res, endpoint };
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
  }
  return {
    async page(path) {
      return (await get(path, 'text/html')).res.text();
    },
    async json(path) {
      const { res, endpoint } = await get(path, 'application/json');
      const text = await res.text();
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // The login page served instead of JSON (a session gone mid-read) says so; anything else is a changed answer.
        if (/<form[^>]+login/i.test(text)) throw new SourceError('session-expired', endpoint, 'the login page instead of JSON');
        throw new SourceError('bad-json', endpoint, 'expected JSON');
      }
    },
  };
}
