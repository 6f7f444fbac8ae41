import type { AccountRef, DiaryHost, DiarySystem } from './types';
import { MESH } from './mesh/system';
import { MOYA_SHKOLA } from './moya-shkola/system';
import { NETSCHOOL_SYSTEM } from './netschool/system';
import { ELJUR_SYSTEM } from './eljur/system';
import { DNEVNIK_SYSTEM } from './dnevnik/system';

/**
 * The diary systems Tabel knows: the one list the background, the pages, the session keeper, the
 * archive and the manifest are driven by. Adding a system is a folder lib/sources/<system>/ and a
 * line here (docs/systems.md).
 */
export const SYSTEMS: readonly DiarySystem[] = [MESH, MOYA_SHKOLA, NETSCHOOL_SYSTEM, ELJUR_SYSTEM, DNEVNIK_SYSTEM];

export interface HostEntry {
  system: DiarySystem;
  host: DiaryHost;
}

/** Every host of every system. */
export const HOSTS: readonly HostEntry[] = SYSTEMS.flatMap((system) => system.hosts.map((host) => ({ system, host })));

export const systemNamed = (id: string): DiarySystem | undefined => SYSTEMS.find((s) => s.id === id);

/** The system a host belongs to (a login host is not one). */
export const hostEntry = (host: string): HostEntry | undefined => HOSTS.find((e) => e.host.host === host);

/**
 * A host the user enabled because its pages carry a system's markers (not in the system's list):
 * named by itself, in the browser's time zone (the site does not say its own), no login hosts.
 */
export function foundHost(systemId: string, host: string, timeZone: string): HostEntry | null {
  const system = systemNamed(systemId);
  if (!system?.markers || !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(host) || hostEntry(host)) return null;
  return { system, host: { host, region: { ru: host, en: host }, timeZone, builtIn: false, loginHosts: [] } };
}

/** The origins a host's features need: the diary host and its login hosts. */
export const originsOf = (h: DiaryHost): string[] => [h.host, ...h.loginHosts].map((x) => `https://${x}/*`);

/** Match patterns of the diary pages of hosts. */
export const pagePatternsOf = (hosts: readonly DiaryHost[]): string[] => hosts.map((h) => `https://${h.host}/*`);

/** In the manifest: the built-in hosts (Moscow), with their login hosts. */
export const BUILT_IN = HOSTS.filter((e) => e.host.builtIn).map((e) => e.host);
/** Enabled by the user at run time (the regional nodes): optional in the manifest. */
export const OPTIONAL = HOSTS.filter((e) => !e.host.builtIn).map((e) => e.host);

export const dedupe = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** How an account is written in the archive and in settings: `system|host|person`. */
export const accountKey = (a: AccountRef): string => `${a.system}|${a.host}|${a.person}`;

export function accountOf(key: string): AccountRef | null {
  const [system, host, person, ...rest] = key.split('|');
  if (system === undefined || host === undefined || person === undefined || rest.length) return null;
  return { system, host, person };
}

/** The one account an archive had before accounts were told apart: Moscow's MESH, its login not known. */
export const LEGACY_ACCOUNT = 'mesh';
export const LEGACY_TARGET: AccountRef = { system: MESH.id, host: MESH.hosts[0]!.host, person: '' };
