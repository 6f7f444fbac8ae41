import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../../extension/background';
import { openArchive } from '../../../lib/store/archive';
import { openArchive as openArchiveV4 } from '../../fixtures/archive-v4/archive';
import { apiAnswer } from '../../../portal/mesh-api';
import { createWorld, type World } from '../../../portal/world';
import { DEFAULT_FAULTS } from '../../../portal/server';

/**
 * The background with WXT's fakeBrowser (storage, alarms, tabs, runtime, action, notifications
 * in memory) and small fakes of what fakeBrowser lacks (cookies, permissions, scripting); the
 * diaries' API answered in memory from the emulator's worlds, as its server would.
 */
const TODAY = '2026-11-26';
const moscow = createWorld({ seed: 3, today: TODAY });
const region = createWorld({ seed: 4, today: TODAY, family: 'mosreg' });
const REGION = 'authedu.mosreg.ru';
const REGION_ORIGINS = [`https://${REGION}/*`, 'https://esia.gosuslugi.ru/*'];

let granted: Set<string>;
let scripts: Map<string, { id: string; matches: string[] }>;
/** What a page's main world answers the markers probe with (the fake of scripting.executeScript). */
let pageHasMarkers = false;
const permissionListeners: Array<() => void> = [];

function installFakes() {
  const event = <F>(list: F[]) => ({ addListener: (f: F) => void list.push(f), removeListener: () => undefined, hasListener: () => false });
  // fakeBrowser has no onReplaced (a prerendered page swapped into a tab).
  Object.assign(fakeBrowser.tabs, { onReplaced: event([]) });
  Object.assign(fakeBrowser, {
    cookies: {
      // A token cookie on each host; its value is what the fake API below checks for.
      get: async ({ url, name }: { url: string; name: string }) =>
        name === 'aupd_token' ? { name, value: `token-of-${new URL(url).hostname}`, domain: new URL(url).hostname } : null,
      onChanged: event([]),
    },
    permissions: {
      contains: async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o)),
      onAdded: event(permissionListeners),
      onRemoved: event(permissionListeners),
    },
    scripting: {
      getRegisteredContentScripts: async () => [...scripts.values()],
      registerContentScripts: async (list: Array<{ id: string; matches: string[] }>) => list.forEach((x) => scripts.set(x.id, x)),
      unregisterContentScripts: async ({ ids }: { ids: string[] }) => ids.forEach((id) => scripts.delete(id)),
      executeScript: async () => [{ result: [{ present: pageHasMarkers, text: null }] }],
    },
  });
}

/** The MESH API of both hosts, from the worlds; a request without its host's token is refused, as the real one is. */
function fakeFetch(calls: string[]) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    calls.push(`${url.hostname}${url.pathname}`);
    const world: World | null = url.hostname === 'school.mos.ru' ? moscow : url.hostname === REGION ? region : null;
    if (!world || !url.pathname.startsWith('/api/')) return new Response('not here', { status: 404 });
    const auth = new Headers(init?.headers).get('authorization');
    // The node wants the token in Authorization; Moscow's cookie-mode requests carry none (the cookie does it).
    if (world === region && auth !== `token-of-${REGION}`) return new Response('{}', { status: 401 });
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const { status, body } = apiAnswer(world, DEFAULT_FAULTS, url.pathname, url.searchParams, headers);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
}

let n = 0;
beforeEach(() => {
  fakeBrowser.reset();
  granted = new Set();
  scripts = new Map();
  permissionListeners.length = 0;
  pageHasMarkers = false;
  installFakes();
  vi.useFakeTimers({ now: new Date(`${TODAY}T09:00:00Z`), toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const start = async (calls: string[] = []) => {
  vi.stubGlobal('fetch', fakeFetch(calls));
  const bg = startBackground({ archiveName: `bg-${++n}` });
  await bg.ready();
  return bg;
};
const sender = (url: string) => ({ id: fakeBrowser.runtime.id, url, tab: { url } });

describe('the background', () => {
  it('answers every account’s children with its system and region, and a diary page its view with the page rules', async () => {
    const bg = await start();
    const s = await bg.handlers['tabel:students']({ type: 'tabel:students' }, {});
    expect(s.ok && s.accounts.map((a) => [a.key, a.systemName.ru, a.region.ru])).toEqual([
      ['mesh|school.mos.ru|' + moscow.parent.profileId, 'МЭШ', 'Москва'],
    ]);
    expect(s.ok && s.students.map((x) => x.name).sort()).toEqual(moscow.children.map((c) => `${c.firstName} ${c.lastName}`).sort());
    // A page of the host that is not the diary: the rules, no view, no diary read for it.
    const landing = await bg.handlers['tabel:overlay'](
      { type: 'tabel:overlay', studentId: '@last', url: 'https://school.mos.ru/' },
      sender('https://school.mos.ru/'),
    );
    expect(landing).toMatchObject({ ok: true, view: null, pages: { diary: ['/diary/'] } });
    const marks = 'https://school.mos.ru/diary/marks/current-marks';
    const page = await bg.handlers['tabel:overlay']({ type: 'tabel:overlay', studentId: '@last', url: marks }, sender(marks));
    expect(page.ok && page.view?.student.id).toBe(String(moscow.children[0]!.id));
    expect(page.ok && page.view?.pages.marks.paths).toEqual(['/diary/marks/current-marks']);
    // A host Tabel is not on gets a clear refusal, not a guess.
    expect(
      await bg.handlers['tabel:overlay'](
        { type: 'tabel:overlay', studentId: '@last', url: `https://${REGION}/diary/marks/current-marks` },
        sender(`https://${REGION}/`),
      ),
    ).toMatchObject({ ok: false, message: 'Tabel is not enabled on this site' });
  });

  it('offers the popup’s tab when it is a diary Tabel is not on: a listed host, or one whose page carries a system’s markers; turning it on remembers it', async () => {
    const bg = await start();
    const site = async (url: string) => {
      const tab = await fakeBrowser.tabs.create({ url });
      return { tab: tab.id!, answer: await bg.handlers['tabel:site']({ type: 'tabel:site', tabId: tab.id! }, {}) };
    };
    // Listed, not turned on: offered with its origins (its login hosts among them).
    expect((await site('https://sgo.rso23.ru/authorize')).answer).toEqual({
      ok: true,
      site: {
        system: 'netschool',
        name: { ru: 'Сетевой город', en: 'Setevoy Gorod' },
        host: 'sgo.rso23.ru',
        origins: ['https://sgo.rso23.ru/*'],
        listed: true,
      },
    });
    // On already, no https, or no markers on an unknown host: nothing.
    expect((await site('https://school.mos.ru/diary/')).answer).toEqual({ ok: true, site: null });
    expect((await site('http://sgo.example.ru/')).answer).toEqual({ ok: true, site: null });
    expect((await site('https://news.example.ru/')).answer).toEqual({ ok: true, site: null });
    // An unknown host whose page has the markers: offered as found.
    pageHasMarkers = true;
    const found = await site('https://sgo.obrazovanie-example.ru/app/school/studentdiary/');
    expect(found.answer).toMatchObject({ ok: true, site: { system: 'netschool', host: 'sgo.obrazovanie-example.ru', listed: false } });
    // Turned on only with the permission the popup asked for.
    const enable = { type: 'tabel:enable-site' as const, tabId: found.tab, system: 'netschool', host: 'sgo.obrazovanie-example.ru' };
    expect(await bg.handlers['tabel:enable-site'](enable, {})).toMatchObject({ ok: false });
    expect(scripts.size).toBe(0);
    granted.add('https://sgo.obrazovanie-example.ru/*');
    expect(await bg.handlers['tabel:enable-site'](enable, {})).toEqual({ ok: true });
    expect([...scripts.values()].map((x) => x.matches)).toEqual([['https://sgo.obrazovanie-example.ru/*']]);
    const hosts = await bg.handlers['tabel:hosts']({ type: 'tabel:hosts' }, {});
    expect(
      hosts.ok && hosts.systems.find((x) => x.id === 'netschool')!.hosts.find((h) => h.host === 'sgo.obrazovanie-example.ru'),
    ).toMatchObject({
      enabled: true,
      builtIn: false,
    });
    // Remembered: a new background (a browser restart) is on there too, and no longer offers it.
    const again = await start();
    expect((await again.handlers['tabel:site']({ type: 'tabel:site', tabId: found.tab }, {})).ok).toBe(true);
    expect(await again.handlers['tabel:site']({ type: 'tabel:site', tabId: found.tab }, {})).toEqual({ ok: true, site: null });
    // A host that is no valid name is never stored.
    expect(await bg.handlers['tabel:enable-site']({ ...enable, host: 'not a host' }, {})).toMatchObject({ ok: false });
  });

  it('follows a node the user enables and disables: its page script, its connection, its keeper, its children', async () => {
    const bg = await start();
    expect(scripts.size).toBe(0);
    REGION_ORIGINS.forEach((o) => granted.add(o));
    permissionListeners.forEach((f) => f());
    await bg.refreshHosts();
    expect([...scripts.values()].map((x) => x.matches)).toEqual([[`https://${REGION}/*`]]);
    const hosts = await bg.handlers['tabel:hosts']({ type: 'tabel:hosts' }, {});
    expect(hosts.ok && hosts.systems.flatMap((x) => x.hosts.filter((h) => h.enabled).map((h) => h.host))).toEqual([
      'school.mos.ru',
      REGION,
    ]);
    const s = await bg.handlers['tabel:students']({ type: 'tabel:students' }, {});
    expect(s.ok && s.accounts.map((a) => a.system)).toEqual(['mesh', 'moya-shkola']);
    expect(s.ok && s.students.filter((x) => x.account.startsWith('moya-shkola|')).map((x) => x.name)).toEqual(['Дима Соколов']);
    const sessions = await bg.handlers['tabel:session']({ type: 'tabel:session' }, {});
    expect(sessions.ok && sessions.sessions.map((x) => x.host)).toEqual(['school.mos.ru', REGION]);
    granted.clear();
    await bg.refreshHosts();
    expect(scripts.size).toBe(0);
    const after = await bg.handlers['tabel:students']({ type: 'tabel:students' }, {});
    expect(after.ok && after.accounts.map((a) => a.system)).toEqual(['mesh']);
  });

  it('hands the children of an archive from before accounts to the login that sees them, nothing lost', async () => {
    const child = moscow.children[0]!;
    const name = `bg-${n + 1}`;
    // What the previous version stored, written by its own code.
    const v4 = await openArchiveV4({ name });
    const old = {
      version: 1 as const,
      student: { id: String(child.id), name: 'Миша' },
      subjects: [{ id: 'x', name: 'Алгебра' }],
      periods: [],
      marks: [{ id: 'old-1', value: 5, weight: 1, date: '2025-10-01', subject: 'x', scale: 'five' as const }],
    };
    await v4.merge('mesh', old, new Date('2025-10-02T00:00:00Z'));
    v4.close();
    const bg = await start();
    await bg.handlers['tabel:students']({ type: 'tabel:students' }, {});
    const a = await openArchive({ name });
    const login = `mesh|school.mos.ru|${moscow.parent.profileId}`;
    expect((await a.timeline(login, String(child.id))).map((m) => m.mark.id)).toEqual(['old-1']);
    expect(await a.students('mesh|school.mos.ru|')).toEqual([]);
    a.close();
    const h = await bg.handlers['tabel:history']({ type: 'tabel:history', studentId: String(child.id) }, {});
    expect(h.ok && h.diaries[0]!.marks.map((m) => m.id)).toContain('old-1');
  });

  it('answers no test hook in a production build', async () => {
    const bg = await start();
    expect(bg.testHandlers).toBeNull();
    expect((bg.handlers as Record<string, unknown>)['tabel:keeper-alarm']).toBeUndefined();
  });

  it('says so when "delete all my data" cannot reach the archive, instead of reporting success', async () => {
    vi.stubGlobal('indexedDB', {
      open: () => {
        throw new Error('no IndexedDB here');
      },
    });
    const bg = await start();
    const r = await bg.handlers['tabel:delete-all']({ type: 'tabel:delete-all' }, {});
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('not deleted') });
  });
  it('imports a file with two marks under one id: the second is set aside and counted, not merged away', async () => {
    const bg = await start();
    const mark = { id: 'dup-1', value: 5, weight: 1, date: '2025-10-01', subject: 'x', scale: 'five' as const };
    const diary = {
      version: 1 as const,
      student: { id: 'imported-1', name: 'Ваня' },
      subjects: [{ id: 'x', name: 'Алгебра' }],
      periods: [],
      marks: [mark, { ...mark, value: 3 }, mark],
    };
    const r = await bg.handlers['tabel:import']({ type: 'tabel:import', diaries: [diary] }, {});
    expect(r).toEqual({ ok: true, added: 1, diaries: 1, conflicts: 1 });
    const h = await bg.handlers['tabel:history']({ type: 'tabel:history' }, {});
    expect(h.ok && h.diaries.find((d) => d.student.id === 'imported-1')!.marks.map((m) => m.value)).toEqual([5]);
    expect(h.ok && JSON.stringify(h.quarantined)).toContain('"value":3');
    // The backup carries it: export → import restores it as it was.
    const backup = await bg.handlers['tabel:backup']({ type: 'tabel:backup' }, {});
    expect(backup.ok && backup.archive.quarantine).toHaveLength(1);
  });
});
