import { sitePage } from '../pages-http';
import { SourceError } from '../types';
import type { EljurPages } from './source';

/**
 * The ЭлЖур web diary's pages over HTTP with the browser's cookie session (lib/sources/pages-http.ts):
 * landing on its login page (`/authorize`) is `session-expired` (the source also checks each page
 * for `sentryData`), its maintenance page `site-down`.
 */
export function eljurPages(o: { origin: string; fetch?: typeof fetch; timeoutMs?: number }): EljurPages {
  return {
    async get(path) {
      const endpoint = path.split('?')[0]!.replace(/\/u\.\d+/, '/u.{uid}');
      const res = await sitePage(`${o.origin}${path}`, endpoint, { ...o, loggedOut: (u) => /^\/authorize\b/.test(u.pathname) });
      const text = await res.text();
      if (/технические\s+работы/i.test(text) && !/sentryData/.test(text))
        throw new SourceError('site-down', endpoint, 'maintenance page', res.status);
      return text;
    },
  };
}
