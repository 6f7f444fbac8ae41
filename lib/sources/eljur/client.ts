import { SourceError } from '../types';
import type { EljurPages } from './source';

/**
 * The ЭлЖур web diary's pages over HTTP with the browser's cookie session, as the site's own links
 * open them (same origin, redirects followed). Every failure is a typed `SourceError`: landing on
 * the login page is `session-expired` (the source also checks each page for `sentryData`), 5xx or a
 * maintenance page `site-down`.
 */
export function eljurPages(o: { origin: string; fetch?: typeof fetch; timeoutMs?: number }): EljurPages {
  const fetchImpl = o.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    async get(path) {
      const endpoint = path.split('?')[0]!.replace(/\/u\.\d+/, '/u.{uid}');
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), o.timeoutMs ?? 20_000);
      let res: Response;
      try {
        res = await fetchImpl(`${o.origin}${path}`, { credentials: 'include', redirect: 'follow', signal: controller.signal });
      } catch (err) {
        // A fetch that already knows (the site's own tab, when none is open: no session to read with).
        if (err instanceof SourceError) throw err;
        throw new SourceError(
          controller.signal.aborted ? 'timeout' : 'network',
          endpoint,
          controller.signal.aborted ? 'no answer in time' : String(err),
        );
      } finally {
        clearTimeout(timer);
      }
      const landed = res.url ? new URL(res.url, o.origin).pathname : path;
      if (/^\/authorize\b/.test(landed) || res.status === 401 || res.status === 403)
        throw new SourceError('session-expired', endpoint, 'sent to the login page', res.status);
      if (res.status >= 500) throw new SourceError('site-down', endpoint, `HTTP ${res.status}`, res.status);
      if (!res.ok) throw new SourceError('http', endpoint, `HTTP ${res.status}`, res.status);
      const text = await res.text();
      if (/технические\s+работы/i.test(text) && !/sentryData/.test(text))
        throw new SourceError('site-down', endpoint, 'maintenance page', res.status);
      return text;
    },
  };
}
