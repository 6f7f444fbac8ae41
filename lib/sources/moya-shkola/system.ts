import type { DiarySystem } from '../types';
import { meshPlatform } from '../mesh/system';
import { backInDiary } from '../mesh/renew';
import { isEsiaLoginForm, NODES } from './nodes';

/**
 * «Моя школа»: the MESH platform on regional hosts (the Moscow region, Tatarstan, Tyumen, …), each
 * with its own login, mostly through ЕСИА (Gosuslugi). The MESH source and pages as they are, with
 * the node table (nodes.ts): its hosts are enabled by the user at run time, never asked for at install.
 */
const nodeOf = (host: string) => NODES.find((n) => n.host === host);

export const MOYA_SHKOLA: DiarySystem = meshPlatform({
  id: 'moya-shkola',
  name: { ru: 'Моя школа', en: 'Moya Shkola' },
  hosts: NODES,
  loginPage: (host) => nodeOf(host)?.loginPage ?? `https://${host}/`,
  chain: (host) => {
    const start = nodeOf(host)?.chainStart;
    return start ? { start, isLoginForm: isEsiaLoginForm, isDone: backInDiary } : null;
  },
  // ЕСИА's cookies are not known: a logout shows as the token cookie going away.
  logoutCookies: () => [],
  auth: (host, token) => ({ mode: 'cookie-token', token, first: nodeOf(host)?.authorization ?? 'raw' }),
});
