import type { DiaryHost, DiarySystem } from '../types';
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
const SCHOOLS: DiaryHost = {
  host: 'schools.dnevnik.ru',
  // One site for every region that uses it: the account is named by its address.
  region: { ru: 'dnevnik.ru', en: 'dnevnik.ru' },
  timeZone: 'Europe/Moscow',
  builtIn: false,
  // The feed and its JSON, and the login chain.
  loginHosts: ['dnevnik.ru', 'login.dnevnik.ru'],
};
const MARKS = '/marks.aspx';

export const DNEVNIK_SYSTEM: DiarySystem = {
  id: DNEVNIK,
  name: { ru: 'Дневник.ру', en: 'Dnevnik.ru' },
  hosts: [SCHOOLS],
  pages: { diary: [MARKS], marks: { paths: [MARKS] } },
  links: {
    marks: (host) => `https://${host}${MARKS}?tab=period`,
    login: () => 'https://login.dnevnik.ru/login',
  },
  session: null,
  rules: {
    schoolYearLabel: (start, end) => `${start.slice(0, 4)}/${end.slice(0, 4)}`,
    weights: false,
    ownAverage: { reported: true, countsPoints: null },
  },
  source(host, access = {}) {
    return createDnevnikSource(dnevnikSite({ origin: 'https://dnevnik.ru', ...(access.fetch ? { fetch: access.fetch } : {}) }), {
      timeZone: SCHOOLS.timeZone,
      schoolsOrigin: `https://${host}`,
      ...(access.now ? { now: access.now } : {}),
    });
  },
};
