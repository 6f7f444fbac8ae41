import { sitePage } from '../pages-http';
import { SourceError } from '../types';
import type { DnevnikSite } from './source';

/**
 * Дневник.ру's web page and the JSON it fetches, over HTTP with the browser's cookie session
 * (lib/sources/pages-http.ts): landing on the login host, or a 401/403 from the JSON, is
 * `session-expired`; a body that is not JSON `bad-json` (the login page in its place, `session-expired`).
 */
export function dnevnikSite(o: { origin: string; fetch?: typeof fetch; timeoutMs?: number }): DnevnikSite {
  const get = (path: string, accept: string) => {
    const endpoint = path
      .replace(/^https:\/\/[^/]+/, '')
      .split('?')[0]!
      .replace(/\/(persons|schools|groups)\/[^/]+/g, '/$1/{id}');
    // A path, or a page of another host of the site's (the period table on schools.dnevnik.ru).
    const url = /^https:\/\//.test(path) ? path : `${o.origin}${path}`;
    return { endpoint, res: sitePage(url, endpoint, { ...o, accept, loggedOut: (u) => /^login\./.test(u.hostname) }) };
  };
  return {
    async page(path) {
      return (await get(path, 'text/html').res).text();
    },
    async json(path) {
      const { endpoint, res } = get(path, 'application/json');
      const text = await (await res).text();
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
