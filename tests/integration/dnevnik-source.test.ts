import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { subjectSummaries } from '../../lib/grades';
import { parseDiary } from '../../lib/model';
import { dnevnikSite } from '../../lib/sources/dnevnik/client';
import { createDnevnikSource } from '../../lib/sources/dnevnik/source';
import { DNEVNIK_CHILDREN_HOST, DNEVNIK_HOST, DNEVNIK_LOGIN_HOST, DNEVNIK_SCHOOLS_HOST } from '../../portal/dnevnik/site';
import { DEFAULT_FAULTS, startPortal, type Portal } from '../../portal/server';
import { fetchWithCookies, portalFetch } from '../support/portal-fetch';

/**
 * The emulated Дневник.ру read over HTTPS by Tabel's source, with the cookies its own login chain
 * leaves (login.dnevnik.ru → the token redirect → `DnevnikAuth_a` for .dnevnik.ru).
 */
const TODAY = '2026-11-26';
const ORIGIN = `https://${DNEVNIK_HOST}`;
let portal: Portal;

async function logIn(password = 'parent'): Promise<Map<string, string>> {
  const f = portalFetch(portal);
  const jar = new Map<string, string>();
  let res = await f(`https://${DNEVNIK_LOGIN_HOST}/login`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ login: 'parent', password, exceededAttempts: 'False' }),
  });
  for (let hop = 0; hop < 4 && res.status === 302; hop++) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      jar.set(pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1));
    }
    const next = res.headers.get('location')!;
    if (!next.includes(DNEVNIK_LOGIN_HOST)) break;
    res = await f(next, { redirect: 'manual' });
  }
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    jar.set(pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1));
  }
  return jar;
}

const sourceFor = (jar: Map<string, string>, schools: string | null = DNEVNIK_SCHOOLS_HOST) =>
  createDnevnikSource(dnevnikSite({ origin: ORIGIN, fetch: fetchWithCookies(portal, jar) }), {
    timeZone: 'Europe/Moscow',
    ...(schools ? { schoolsOrigin: `https://${schools}` } : {}),
    now: () => new Date(`${TODAY}T12:00:00Z`),
  });

beforeAll(async () => {
  portal = await startPortal({ today: TODAY, seed: 9 });
});
afterAll(() => portal.close());
beforeEach(() => portal.setFaults({ ...DEFAULT_FAULTS }));

describe('an emulated Дневник.ру', () => {
  it('logs in through its chain only with the right password; without the cookie the feed goes to the login host', async () => {
    expect((await logIn('wrong')).has('DnevnikAuth_a')).toBe(false);
    expect((await logIn()).has('DnevnikAuth_a')).toBe(true);
    const res = await portalFetch(portal)(`${ORIGIN}/userfeed`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^https:\/\/login\.dnevnik\.ru\/login\?ReturnUrl=/);
  });

  it('is read whole from the feed’s state and its schedule JSON: every mark once, in its quarter, approximate', async () => {
    const src = sourceFor(await logIn());
    const list = await src.listStudents();
    const child = portal.dnevnik.children[0]!;
    expect(list.value).toEqual([{ id: String(child.id), name: `${child.firstName} ${child.lastName}` }]);
    expect(list.person).toBe(String(portal.dnevnik.parent.userId));
    const r = await src.fetchDiary(list.value[0]!.id);
    expect(parseDiary(r.value).ok).toBe(true);
    expect(r.issues).toEqual([]);
    expect(r.value.periods.map((p) => p.name)).toEqual(['1 четверть', '2 четверть', '3 четверть', '4 четверть', '2026/2027']);
    const numeric = child.marks.filter(
      (m) => m.date <= TODAY && !m.isPoint && /^\d+$/.test(m.value) && child.subjects.find((s) => s.id === m.subjectId)!.scale === 'five',
    );
    expect(numeric.length).toBeGreaterThan(50);
    expect(r.value.marks).toHaveLength(numeric.length);
    expect(r.value.marks.every((m) => m.weight === 1 && m.weightUnknown)).toBe(true);
    for (const [i, q] of child.periods.entries()) {
      for (const row of subjectSummaries(r.value, { period: r.value.periods[i]!.id })) {
        const world = numeric.filter((m) => m.date >= q.begin && m.date <= q.end && String(m.subjectId) === row.subject.id);
        if (!world.length) continue;
        expect(row.average).toBeCloseTo(world.reduce((n, m) => n + Number(m.value), 0) / world.length, 12);
        expect(row.approximate).toBe(true);
      }
    }
  });

  it('its period table gives the site’s own weighted average and period mark per subject: kept as the authority beside the plain one', async () => {
    const r = await sourceFor(await logIn()).fetchDiary(String(portal.dnevnik.children[0]!.id));
    expect(r.issues).toEqual([]);
    const child = portal.dnevnik.children[0]!;
    const reported = r.value.reported ?? [];
    const passed = child.periods.filter((q) => q.begin <= TODAY);
    expect(new Set(reported.map((x) => x.period)).size).toBe(passed.length);
    let differs = 0;
    for (const [i, q] of passed.entries()) {
      const period = r.value.periods[i]!.id;
      for (const row of subjectSummaries(r.value, { period })) {
        const ms = child.marks.filter(
          (m) =>
            String(m.subjectId) === row.subject.id &&
            m.date >= q.begin &&
            m.date <= q.end &&
            m.date <= TODAY &&
            !m.isPoint &&
            /^\d+$/.test(m.value),
        );
        if (!ms.length) continue;
        const weighted = ms.reduce((n, m) => n + Number(m.value) * m.weight, 0) / ms.reduce((n, m) => n + m.weight, 0);
        expect(row.reported?.average, `${row.subject.name} in ${period}`).toBe(Number(weighted.toFixed(2)));
        if (Math.abs(weighted - row.average!) > 0.005) differs++;
      }
    }
    // The site weighs what it does not show: its figure and the plain one part somewhere.
    expect(differs).toBeGreaterThan(0);
  });

  it('the same figures from a parent’s children.dnevnik.ru, from a period table whose every class and id is random, and from cards (read by its content)', async () => {
    const jar = await logIn();
    const id = String(portal.dnevnik.children[0]!.id);
    const known = (await sourceFor(jar).fetchDiary(id)).value.reported;
    expect(known?.length).toBeGreaterThan(10);
    const children = await sourceFor(jar, DNEVNIK_CHILDREN_HOST).fetchDiary(id);
    expect(children.issues).toEqual([]);
    expect(children.value.reported).toEqual(known);
    portal.setFaults({ layout: 'random' });
    const page = await (await fetchWithCookies(portal, jar)(`https://${DNEVNIK_SCHOOLS_HOST}/marks.aspx?tab=period&period=1`)).text();
    expect(page).not.toMatch(/id="journal"|class="(u|mark)"/);
    const random = await sourceFor(jar).fetchDiary(id);
    expect(random.issues).toEqual([]);
    expect(random.value.reported).toEqual(known);
    // No table at all: a card per subject, its figures labelled.
    portal.setFaults({ layout: 'cards' });
    expect(
      await (await fetchWithCookies(portal, jar)(`https://${DNEVNIK_SCHOOLS_HOST}/marks.aspx?tab=period&period=1`)).text(),
    ).not.toContain('<table');
    const cards = await sourceFor(jar).fetchDiary(id);
    expect(cards.issues).toEqual([]);
    expect(cards.value.reported).toEqual(known);
  });

  it('under maintenance (503 everywhere): the source rejects, saying so', async () => {
    const src = sourceFor(await logIn());
    portal.setFaults({ dnevnikDown: true });
    await expect(src.listStudents()).rejects.toMatchObject({ kind: 'site-down', status: 503 });
  });

  it('idle past its lifetime: the feed and the JSON say session-expired', async () => {
    const src = sourceFor(await logIn());
    await expect(src.listStudents()).resolves.toBeDefined();
    portal.setFaults({ dnevnikIdleMs: 0 });
    await new Promise((r) => setTimeout(r, 5));
    await expect(src.listStudents()).rejects.toMatchObject({ kind: 'session-expired' });
    await expect(src.fetchDiary(String(portal.dnevnik.children[0]!.id))).rejects.toMatchObject({ kind: 'session-expired' });
  });
});
