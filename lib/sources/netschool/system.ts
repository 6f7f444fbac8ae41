import type { DiarySystem, SourceError } from '../types';
import { NetSchoolClient } from './client';
import { NETSCHOOL_HOSTS } from './hosts';
import { createNetSchoolSource, NETSCHOOL } from './source';

/**
 * The diary pages: the week diary (`/app/…`, older builds `/angular/…`). It is also where a parent
 * sees the marks: each day's lessons with theirs, so the results go beside each lesson's subject
 * and the period is the one the week's dates fall in. (The by-subject report is an HTML file built
 * through a queue, not a page the overlay can stand on.)
 */
const DIARY = ['/app/school/studentdiary/', '/angular/school/studentdiary/'];

/** Weights once read, per host: a weight does not change, so each assignment's is asked once per background life. */
const weightsOf = new Map<string, Map<string, number>>();

/**
 * «Сетевой город» (NetSchool, ИрТех): one install per region, each enabled by the user. Read with
 * the page's own session: the `at` token the page holds in `appContext.at`, lent by an open diary
 * tab for each read, never kept. No session keeper yet: the site's own page keeps its session
 * while it is used (regions-findings.md §0.1).
 */
export const NETSCHOOL_SYSTEM: DiarySystem = {
  id: NETSCHOOL,
  name: { ru: 'Сетевой город', en: 'Setevoy Gorod' },
  hosts: NETSCHOOL_HOSTS,
  pages: { diary: DIARY, marks: { paths: DIARY, shows: 'week' } },
  links: {
    marks: (host) => `https://${host}${DIARY[0]}`,
    login: (host) => `https://${host}/authorize`,
  },
  session: null,
  // The site's own page calls keepAlive every 5 minutes while the user is active, and logs out
  // after tokenTimeOut of inactivity: Tabel makes the same call, only while a diary tab is open and
  // within the user's limit (regions-findings.md §0.1).
  pageSession: {
    async lifetime(host, access) {
      const at = access.pageValue ? await access.pageValue('appContext.at') : null;
      if (!at) return null;
      const client = new NetSchoolClient({ origin: `https://${host}`, token: () => at, ...(access.fetch ? { fetch: access.fetch } : {}) });
      const left = await client.get('context/lifetime', { token: at }).catch(() => null);
      return typeof left === 'number' && left >= 0 ? left : null;
    },
    async keepAlive(host, access) {
      const at = access.pageValue ? await access.pageValue('appContext.at') : null;
      if (!at) return { ok: false, why: 'logged-out' };
      const client = new NetSchoolClient({ origin: `https://${host}`, token: () => at, ...(access.fetch ? { fetch: access.fetch } : {}) });
      try {
        await client.get('context/keepAlive', { token: at });
        const left = await client.get('context/lifetime', { token: at }).catch(() => null);
        return { ok: true, msLeft: typeof left === 'number' && left >= 0 ? left : null };
      } catch (err) {
        const e = err as SourceError;
        if (e.kind === 'session-expired') return { ok: false, why: e.why ?? 'logged-out' };
        return { ok: false, why: e.kind === 'site-down' ? 'site-down' : 'network' };
      }
    },
  },
  // The globals its own pages set: `appContext` (with the token) on every page after login, the
  // vendor's `language.Generic` strings (the NetSchool Tweaks userscript detects the site by them).
  markers: { globals: ['appContext.at', 'language.Generic'] },
  rules: {
    schoolYearLabel: (start, end) => `${start.slice(0, 4)}/${end.slice(0, 4)}`,
    weights: true,
    // Its own averages exist only in its HTML reports: not read.
    ownAverage: { reported: false, countsPoints: null },
  },
  source(host, access = {}) {
    const timeZone = NETSCHOOL_HOSTS.find((h) => h.host === host)?.timeZone ?? 'Europe/Moscow';
    let weights = weightsOf.get(host);
    if (!weights) weightsOf.set(host, (weights = new Map()));
    const client = new NetSchoolClient({
      origin: `https://${host}`,
      token: async () => (access.pageValue ? access.pageValue('appContext.at') : null),
      ...(access.fetch ? { fetch: access.fetch } : {}),
    });
    return createNetSchoolSource(client, { timeZone, weights, ...(access.now ? { now: access.now } : {}) });
  },
};
