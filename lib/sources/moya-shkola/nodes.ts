import type { DiaryHost } from '../types';

/**
 * The «Моя школа» nodes: regional installs of the MESH platform, each on its own host with its own
 * login (shared/reference/regions-findings.md §0.9, §4; real-samples/moya-shkola). Data, not code:
 * every node runs the MESH source unchanged. No recorded answer from any node exists; the shapes are
 * Moscow's, because every public client reuses the Moscow paths on these hosts.
 */
export interface MeshNode extends DiaryHost {
  /** Where the user logs in (a region's page may carry its code, `/16/`). */
  loginPage: string;
  /**
   * The silent renewal's start, through the node's SSO (ЕСИА for most): `/v3/auth/esia/login` is
   * confirmed for the Tyumen node only and assumed for the others; null where no chain is known.
   */
  chainStart: string | null;
  /**
   * The form of `Authorization` tried first: `raw`, as the one browser-copied header set (the
   * Moscow-region node's) sends it; the client falls back to the other form after a 401 (MeshAuth).
   */
  authorization: 'raw' | 'bearer';
}

const ESIA = 'esia.gosuslugi.ru';
const MOSCOW = 'Europe/Moscow';
const YEKATERINBURG = 'Asia/Yekaterinburg';

const node = (
  host: string,
  ru: string,
  en: string,
  timeZone: string,
  o: Partial<Pick<MeshNode, 'loginPage' | 'chainStart' | 'authorization' | 'loginHosts'>> = {},
): MeshNode => ({
  host,
  region: { ru, en },
  timeZone,
  builtIn: false,
  loginHosts: o.loginHosts ?? [ESIA],
  loginPage: o.loginPage ?? `https://${host}/`,
  chainStart: o.chainStart === undefined ? `https://${host}/v3/auth/esia/login` : o.chainStart,
  authorization: o.authorization ?? 'raw',
});

export const NODES: readonly MeshNode[] = [
  node('authedu.mosreg.ru', 'Московская область', 'Moscow Region', MOSCOW),
  // Its login page carries the region's code; the SSO behind it is not known, so no silent renewal.
  node('ms-edu.tatar.ru', 'Республика Татарстан', 'Tatarstan', MOSCOW, {
    loginPage: 'https://ms-edu.tatar.ru/16/',
    chainStart: null,
    loginHosts: [],
  }),
  node('myschool.72to.ru', 'Тюменская область', 'Tyumen Region', YEKATERINBURG),
  node('education.admoblkaluga.ru', 'Калужская область', 'Kaluga Region', MOSCOW),
  node('myschool.05edu.ru', 'Республика Дагестан', 'Dagestan', MOSCOW),
  node('dnevnik.edurb.ru', 'Республика Башкортостан', 'Bashkortostan', YEKATERINBURG),
];

/** ЕСИА's login form: where a silent renewal through it has to stop. */
export const isEsiaLoginForm = (url: URL): boolean => url.hostname === ESIA && url.pathname.startsWith('/login');
