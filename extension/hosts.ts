import { browser } from 'wxt/browser';
import { HOSTS, originsOf, type HostEntry } from '../lib/sources/registry';

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

/** The hosts Tabel works on now. */
export async function enabledHosts(): Promise<HostEntry[]> {
  const out: HostEntry[] = [];
  for (const e of HOSTS) if (await granted(e)) out.push(e);
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
  const regional = HOSTS.filter((e) => !e.host.builtIn);
  if (!scripting)
    return regional.filter((e) => enabled.includes(e)).map((e) => ({ host: e.host.host, error: 'no scripting API in this browser' }));
  const problems: Array<{ host: string; error: string }> = [];
  const registered = new Set((await scripting.getRegisteredContentScripts().catch(() => [])).map((s) => s.id));
  for (const e of regional) {
    const id = SCRIPT_ID(e.host.host);
    const on = enabled.includes(e);
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
