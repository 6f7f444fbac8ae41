import type { DiaryHost } from './types';

/**
 * A region's install of a system whose login is its own page on the same host (ЕСИА, where the
 * region uses it, comes through that page): turned on by the user at run time, never asked for at
 * install. «Сетевой город»'s and ЭлЖур's lists are made of these.
 */
export const regionalHost = (host: string, ru: string, en: string, timeZone: string): DiaryHost => ({
  host,
  region: { ru, en },
  timeZone,
  builtIn: false,
  loginHosts: [],
});
