import { browser } from 'wxt/browser';
import { foundHost, HOSTS, originsOf, type HostEntry } from '../lib/sources/registry';

/**
 * Which diary hosts Tabel works on: the built-in ones (in the manifest's host permissions) and the
 * regional ones the user enabled (an optional host permission, granted at run time from the options
 * page). A regional host gets the diary page's script registered when it is enabled; nothing runs
 * on a host before the user enables it.
 */

/** The diary page's script, as the manifest declares it for the built-in hosts. */
const PAGE_SCRIPT = 'diary-page.js';
const SCRIPT_ID = (host: string) => `tabel-page:${host}`;

/** Whether the browser granted everything a host needs (its diary host and its login hosts). */
export async function granted(entry: HostEntry): Promise<boolean> {
  if (entry.host.builtIn) return true;
  try {
    return await browser.permissions.contains({ origins: originsOf(entry.host) });
  } catch {
    return false;
  }
}

/**
 * Hosts the user enabled from the popup because their pages carry a system's markers (no list of
 * ours has them): kept as the user's choice, not as diary data. Each still needs its permission.
 */
const FOUND = 'tabel:found-hosts';
type Found = { system: string; host: string; timeZone: string };

export async function foundHosts(): Promise<HostEntry[]> {
  const raw = (await browser.storage.local.get(FOUND).catch((): Record<string, unknown> => ({})))[FOUND];
  const list = Array.isArray(raw) ? (raw as Found[]) : [];
  return list.flatMap((f) => foundHost(f.system, f.host, f.timeZone) ?? []);
}

/** Remembers a host found by its markers (its permission is asked for by the popup, in the user's click). */
export async function addFoundHost(f: Found): Promise<HostEntry | null> {
  const entry = foundHost(f.system, f.host, f.timeZone);
  if (!entry) return null;
  const raw = (await browser.storage.local.get(FOUND))[FOUND];
  const list = (Array.isArray(raw) ? (raw as Found[]) : []).filter((x) => x.host !== f.host);
  await browser.storage.local.set({ [FOUND]: [...list, { system: f.system, host: f.host, timeZone: entry.host.timeZone }] });
  return entry;
}

/** Every host Tabel knows: the systems' lists and the ones found by their markers. */
export async function knownHosts(): Promise<HostEntry[]> {
  return [...HOSTS, ...(await foundHosts())];
}

/** The hosts Tabel works on now. */
export async function enabledHosts(): Promise<HostEntry[]> {
  const out: HostEntry[] = [];
  for (const e of await knownHosts()) if (await granted(e)) out.push(e);
  return out;
}

interface ScriptingLike {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<Array<{ id: string }>>;
  registerContentScripts(
    scripts: Array<{ id: string; matches: string[]; js: string[]; runAt: 'document_end'; persistAcrossSessions?: boolean }>,
  ): Promise<void>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
}

/**
 * Registers the diary page's script on the enabled regional hosts and removes it from the others.
 * (Built-in hosts have it in the manifest.) Returns the hosts it could not register, with why.
 */
export async function syncPageScripts(enabled: readonly HostEntry[]): Promise<Array<{ host: string; error: string }>> {
  const scripting = (browser as unknown as { scripting?: ScriptingLike }).scripting;
  const regional = (await knownHosts()).filter((e) => !e.host.builtIn);
  if (!scripting)
    return regional
      .filter((e) => enabled.some((x) => x.host.host === e.host.host))
      .map((e) => ({ host: e.host.host, error: 'no scripting API in this browser' }));
  const problems: Array<{ host: string; error: string }> = [];
  const registered = new Set((await scripting.getRegisteredContentScripts().catch(() => [])).map((s) => s.id));
  for (const e of regional) {
    const id = SCRIPT_ID(e.host.host);
    const on = enabled.some((x) => x.host.host === e.host.host);
    try {
      if (on && !registered.has(id))
        await scripting.registerContentScripts([
          { id, matches: [`https://${e.host.host}/*`], js: [PAGE_SCRIPT], runAt: 'document_end', persistAcrossSessions: true },
        ]);
      if (!on && registered.has(id)) await scripting.unregisterContentScripts({ ids: [id] });
    } catch (err) {
      problems.push({ host: e.host.host, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return problems;
}

/** Calls back whenever the user grants or withdraws a host permission. */
export function onHostsChanged(run: () => void): void {
  browser.permissions.onAdded.addListener(run);
  browser.permissions.onRemoved.addListener(run);
}
