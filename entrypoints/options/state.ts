import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { Diary } from '../../lib/model/types';
import { normalizeSettings, type Settings } from '../../lib/settings';
import { ask, type ChildOf, type HostsAnswer } from '../../extension/messages';
import { settingsItem } from '../../extension/storage';
import { optionStrings } from './strings';

/** The options page's state: the settings, what the background told, and the status line. */
export const settings = signal<Settings | null>(null);
export const students = signal<Array<{ student: ChildOf; diary: Diary | null }>>([]);
export const studentsError = signal('');
export const hosts = signal<Extract<HostsAnswer, { ok: true }>['systems']>([]);
export const archived = signal<Diary[] | null>(null);
export const quarantined = signal<unknown[]>([]);
export const status = signal('');
/** Whether the browser keeps the archive under disk pressure; null until known. */
export const archiveProtected = signal<boolean | null>(null);

export type Strings = ReturnType<typeof optionStrings>;

/** Normalizes, stores and shows the settings. */
export async function save(next: Settings): Promise<void> {
  const clean = normalizeSettings(next);
  settings.value = clean;
  await settingsItem.setValue(clean);
  document.documentElement.lang = clean.language;
  status.value = optionStrings(clean.language).saved;
}

/**
 * The one way a section changes a setting: `change` edits a copy, which is saved.
 * `onChange={(e) => update(s, (n) => (n.notifications = checked(e)))}`
 */
export function update(s: Settings, change: (next: Settings) => void): void {
  const next = structuredClone(s);
  change(next);
  void save(next);
}

/** What an input event says: the box's state, the field's text, the field's number (NaN when it is none). */
export const checked = (e: Event): boolean => (e.target as HTMLInputElement).checked;
export const text = (e: Event): string => (e.target as HTMLInputElement).value;
export const number = (e: Event): number => Number(text(e).replace(',', '.'));

export async function refreshHosts(): Promise<void> {
  const h = await ask({ type: 'tabel:hosts' });
  if (h.ok) hosts.value = h.systems;
}

export async function refreshArchive(): Promise<void> {
  const h = await ask({ type: 'tabel:history' });
  archived.value = h.ok ? h.diaries : [];
  quarantined.value = h.ok ? (h.quarantined ?? []) : [];
}

/**
 * Whether the archive is safe from eviction: the `unlimitedStorage` permission (Chromium never
 * evicts such an origin's data; Firefox makes its IndexedDB persistent), or persistence granted by
 * `navigator.storage.persist()`, asked here where it is not yet (a page API, not a worker's).
 */
export async function refreshProtection(): Promise<void> {
  const answer = (f: () => Promise<boolean> | undefined) =>
    Promise.resolve()
      .then(f)
      .then(
        (x) => x === true,
        () => false,
      );
  const unlimited = await answer(() => browser.permissions.contains({ permissions: ['unlimitedStorage'] }));
  const storage = globalThis.navigator?.storage;
  const persisted = (await answer(() => storage?.persisted?.())) || (await answer(() => storage?.persist?.()));
  archiveProtected.value = unlimited || persisted;
}
