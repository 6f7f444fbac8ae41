import type { DiarySystem } from '../types';
import { slashYearLabel } from '../periods';
import { eljurPages } from './client';
import { PERIOD_IN_URL } from './parse';
import { ELJUR_HOSTS } from './hosts';
import { createEljurSource, ELJUR } from './source';

/** The diary's pages: the home and the grades grid (one period at a time: the marks page). */
const HOME = '/journal-app';
const GRADES = '/journal-student-grades-action/';

/**
 * ЭлЖур: a school's own site (`<vendor>.eljur.ru`) or a region's brand of it, read through its
 * server-built pages with the user's cookie session (its API needs a developer key and a password:
 * never called). No session keeper: the site's session lives on the user's own page hits, and
 * Tabel only tells when it is gone. The grid shows no weights: every mark counts once and every
 * figure says it is approximate (`Mark.weightUnknown`).
 */
export const ELJUR_SYSTEM: DiarySystem = {
  id: ELJUR,
  name: { ru: 'ЭлЖур', en: 'Eljur' },
  hosts: ELJUR_HOSTS,
  // The grid's period is in its URL (`…/u.<uid>/sp.I+четверть`); the grid's name column holds no marks to tell it by.
  pages: { diary: [HOME, GRADES], marks: { paths: [GRADES], periodInUrl: PERIOD_IN_URL } },
  links: {
    marks: (host) => `https://${host}${HOME}`,
    login: (host) => `https://${host}/authorize`,
  },
  session: null,
  // Every page of a live session carries `var sentryData = {user: {uid, …}}` (four independent clients rely on it).
  markers: { globals: ['sentryData.user.uid'] },
  rules: {
    schoolYearLabel: slashYearLabel,
    weights: false,
    ownAverage: { reported: false, countsPoints: null },
  },
  source(host, access = {}) {
    const timeZone = ELJUR_HOSTS.find((h) => h.host === host)?.timeZone ?? 'Europe/Moscow';
    return createEljurSource(eljurPages({ origin: `https://${host}`, ...(access.fetch ? { fetch: access.fetch } : {}) }), {
      timeZone,
      ...(access.now ? { now: access.now } : {}),
    });
  },
};
