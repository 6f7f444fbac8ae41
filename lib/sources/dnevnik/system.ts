import type { DiaryHost, DiarySystem } from '../types';
import { slashYearLabel } from '../periods';
import { dnevnikSite } from './client';
import { createDnevnikSource, DNEVNIK } from './source';

/**
 * Дневник.ру: the overlay stands on its period table (`schools.dnevnik.ru/marks.aspx?tab=period`,
 * each subject's marks with the site's own average); the source reads the feed's state and its
 * schedule JSON on `dnevnik.ru`, with the user's cookies (which the login sets for the whole
 * domain). Never the OAuth API. No keeper: its session's lifetime is not known; a login page is
 * told. No weight anywhere: every mark counts once, and the site's own (weighted) average is shown
 * beside Tabel's, which says it is approximate.
 */
/**
 * The hosts of its period table: a student's `schools.<site>`, a parent's `children.<site>`
 * (clients read both), on dnevnik.ru and on its Cyrillic alias дневник.рф. The feed and its JSON are
 * on `<site>` itself and the login on `login.<site>`; the login's cookie is set for the whole site.
 * That the alias has the same subdomains is assumed from the same engine, not seen.
 */
const hostsOf = (site: string, label: string): DiaryHost[] =>
  (
    [
      ['schools', 'ученик', 'student'],
      ['children', 'родитель', 'parent'],
    ] as const
  ).map(([sub, ru, en]) => ({
    host: `${sub}.${site}`,
    // One site for every region that uses it: the account is named by its address, and whose pages these are.
    region: { ru: `${label} (${ru})`, en: `${label} (${en})` },
    timeZone: 'Europe/Moscow',
    builtIn: false,
    loginHosts: [site, `login.${site}`],
  }));
const HOSTS = [...hostsOf('dnevnik.ru', 'dnevnik.ru'), ...hostsOf('xn--b1addnkoc.xn--p1ai', 'дневник.рф')];
/** The site a period table's host belongs to: `schools.dnevnik.ru` → `dnevnik.ru`. */
export const siteOf = (host: string): string => host.replace(/^(schools|children)\./, '');
const MARKS = '/marks.aspx';

export const DNEVNIK_SYSTEM: DiarySystem = {
  id: DNEVNIK,
  name: { ru: 'Дневник.ру', en: 'Dnevnik.ru' },
  hosts: HOSTS,
  pages: { diary: [MARKS], marks: { paths: [MARKS] } },
  links: {
    marks: (host) => `https://${host}${MARKS}?tab=period`,
    login: (host) => `https://login.${siteOf(host)}/login`,
  },
  session: null,
  rules: {
    schoolYearLabel: slashYearLabel,
    weights: false,
    ownAverage: { reported: true, countsPoints: null },
  },
  source(host, access = {}) {
    return createDnevnikSource(dnevnikSite({ origin: `https://${siteOf(host)}`, ...(access.fetch ? { fetch: access.fetch } : {}) }), {
      timeZone: 'Europe/Moscow',
      schoolsOrigin: `https://${host}`,
      ...(access.now ? { now: access.now } : {}),
    });
  },
};
