import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { averageOf, subjectSummaries } from '../../lib/grades';
import { parseDiary } from '../../lib/model';
import { eljurPages } from '../../lib/sources/eljur/client';
import { createEljurSource } from '../../lib/sources/eljur/source';
import { ELJUR_HOST } from '../../portal/eljur/site';
import { DEFAULT_FAULTS, startPortal, type Portal } from '../../portal/server';
import { fetchWithCookies, portalFetch } from '../support/portal-fetch';

/**
 * The emulated ЭлЖур school site (gym29.eljur.ru) read over HTTPS by Tabel's ЭлЖур source, with the
 * cookie session a login on its own page leaves (`POST /ajaxauthorize`). Only its web pages are
 * read: its `/apiv3/` counts every call, and there must be none.
 */
const TODAY = '2026-11-26';
const ORIGIN = `https://${ELJUR_HOST}`;
let portal: Portal;

async function logIn(password = 'parent'): Promise<Map<string, string>> {
  const res = await portalFetch(portal)(`${ORIGIN}/ajaxauthorize`, {
    method: 'POST',
    body: new URLSearchParams({ username: 'parent', password }),
  });
  const answer = (await res.json()) as { result: boolean };
  const sid = /ej_sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  return answer.result && sid ? new Map([['ej_sid', sid]]) : new Map();
}

const sourceFor = (jar: Map<string, string>) =>
  createEljurSource(eljurPages({ origin: ORIGIN, fetch: fetchWithCookies(portal, jar) }), {
    timeZone: 'Europe/Moscow',
    now: () => new Date(`${TODAY}T12:00:00Z`),
  });

beforeAll(async () => {
  portal = await startPortal({ today: TODAY, seed: 9 });
});
afterAll(() => portal.close());
beforeEach(() => portal.setFaults({ ...DEFAULT_FAULTS }));

describe('an emulated ЭлЖур site', () => {
  it('logs in on its own page only with the right password; without a session every page goes to /authorize', async () => {
    expect((await logIn('wrong')).size).toBe(0);
    const res = await portalFetch(portal)(`${ORIGIN}/journal-app`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/authorize');
  });

  it('is read whole from its pages: every period, every five-point mark counted once, approximate; its API never called', async () => {
    const jar = await logIn();
    const src = sourceFor(jar);
    const list = await src.listStudents();
    const child = portal.eljur.children[0]!;
    expect(list.value).toEqual([{ id: String(child.id), name: `${child.lastName} ${child.firstName}` }]);
    const r = await src.fetchDiary(list.value[0]!.id);
    expect(parseDiary(r.value).ok).toBe(true);
    expect(r.issues).toEqual([]);
    expect(r.value.periods.map((p) => p.name)).toEqual(['I четверть', 'II четверть', 'III четверть', 'IV четверть', '2026/2027']);
    // Every numeric mark the world gave up to today (no «точки», five-point subjects), each once, in its period.
    const numeric = child.marks.filter(
      (m) => m.date <= TODAY && !m.isPoint && /^\d+$/.test(m.value) && child.subjects.find((s) => s.id === m.subjectId)!.scale === 'five',
    );
    expect(numeric.length).toBeGreaterThan(50);
    const read = r.value.marks.filter((m) => typeof m.value === 'number');
    expect(read).toHaveLength(numeric.length);
    expect(read.every((m) => m.weight === 1 && m.weightUnknown)).toBe(true);
    // Per subject and quarter, the plain mean of the world's marks: what the site's grid shows, no weights.
    for (const q of child.periods) {
      const name = q.name.replace(/^1/, 'I').replace(/^2/, 'II').replace(/^3/, 'III').replace(/^4/, 'IV');
      for (const row of subjectSummaries(r.value, { period: name })) {
        const world = numeric.filter(
          (m) => m.date >= q.begin && m.date <= q.end && child.subjects.find((s) => s.id === m.subjectId)!.name === row.subject.name,
        );
        if (!world.length) {
          expect(row.average).toBeNull();
          continue;
        }
        expect(row.average).toBeCloseTo(world.reduce((n, m) => n + Number(m.value), 0) / world.length, 12);
        expect(row.approximate).toBe(true);
      }
    }
    expect(averageOf(read).approximate).toBe(true);
    expect(portal.eljurApiCalls).toEqual([]);
  });

  it('with every class and id of its pages random, or the grid as a table or as cards, the source reads the same diary (it reads the data attributes, not the layout)', async () => {
    const jar = await logIn();
    const id = String(portal.eljur.children[0]!.id);
    const plain = (await sourceFor(jar).fetchDiary(id)).value;
    portal.setFaults({ layout: 'random' });
    const html = await (await fetchWithCookies(portal, jar)(`${ORIGIN}/journal-student-grades-action/u.${id}`)).text();
    expect(html).not.toMatch(/class="[^"]*\b(cell-data|text-overflow|cell)\b/);
    expect(html).toMatch(/mark_date=/);
    const random = (await sourceFor(jar).fetchDiary(id)).value;
    const figures = (d: typeof plain) =>
      d.periods.flatMap((p) => subjectSummaries(d, { period: p.id }).map((r) => `${p.id}|${r.subject.name}|${r.average}|${r.count}`));
    expect(figures(random)).toEqual(figures(plain));
    expect(random.marks.length).toBe(plain.marks.length);
    for (const layout of ['table', 'cards'] as const) {
      portal.setFaults({ layout });
      const page = await (await fetchWithCookies(portal, jar)(`${ORIGIN}/journal-student-grades-action/u.${id}`)).text();
      expect(page).toContain(layout === 'table' ? '<table class="marks">' : '<section class="card">');
      const d = (await sourceFor(jar).fetchDiary(id)).value;
      expect(figures(d), layout).toEqual(figures(plain));
    }
  });

  it('page hits keep the session; idle past its lifetime, the source says session-expired', async () => {
    const jar = await logIn();
    const src = sourceFor(jar);
    await expect(src.listStudents()).resolves.toBeDefined();
    portal.setFaults({ eljurIdleMs: 0 });
    await new Promise((r) => setTimeout(r, 5));
    await expect(src.listStudents()).rejects.toMatchObject({ kind: 'session-expired' });
    await expect(src.fetchDiary(String(portal.eljur.children[0]!.id))).rejects.toMatchObject({ kind: 'session-expired' });
  });

  it('its /apiv3/ refuses a call without a developer key (what Tabel would meet, were it to call it)', async () => {
    const res = await portalFetch(portal)(`${ORIGIN}/apiv3/getmarks?vendor=gym29&out_format=json`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { response: { error: string } }).response.error).toBe('devkey required');
    expect(portal.eljurApiCalls).toHaveLength(1);
  });
});
