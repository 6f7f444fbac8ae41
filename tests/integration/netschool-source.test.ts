import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mondayOf } from '../../lib/dates';
import { NetSchoolClient } from '../../lib/sources/netschool/client';
import { createNetSchoolSource } from '../../lib/sources/netschool/source';
import { SourceError } from '../../lib/sources/types';
import { DEFAULT_FAULTS, startPortal, type Portal } from '../../portal/server';
import { SGO_HOST } from '../../portal/sgo';
import { fetchWithCookies, portalFetch } from '../support/portal-fetch';

/**
 * The emulated «Сетевой город» site (sgo.rso23.ru) read over HTTPS by Tabel's NetSchool client and
 * source, after a login as its own page does it (getdata, then login: the session cookie and `at`).
 */
const TODAY = '2026-11-26';
const ORIGIN = `https://${SGO_HOST}`;
let portal: Portal;

async function logIn(): Promise<{ jar: Map<string, string>; at: string; timeOut: number }> {
  const f = portalFetch(portal);
  const data = (await (await f(`${ORIGIN}/webapi/auth/getdata`, { method: 'POST' })).json()) as { lt: string; ver: string };
  const res = await f(`${ORIGIN}/webapi/auth/login`, {
    method: 'POST',
    body: new URLSearchParams({ loginType: '2', un: 'parent', pw: 'parent', lt: data.lt, ver: data.ver }),
  });
  expect(res.status).toBe(200);
  const sid = /NSSESSIONID=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  const body = (await res.json()) as { at: string; timeOut: number };
  return { jar: new Map([['NSSESSIONID', sid]]), at: body.at, timeOut: body.timeOut };
}

beforeAll(async () => {
  portal = await startPortal({ today: TODAY, seed: 9 });
});
afterAll(() => portal.close());
beforeEach(() => portal.setFaults({ ...DEFAULT_FAULTS }));

const sourceFor = (s: { jar: Map<string, string>; at: string }, weights = new Map<string, number>()) =>
  createNetSchoolSource(new NetSchoolClient({ origin: ORIGIN, token: () => s.at, fetch: fetchWithCookies(portal, s.jar) }), {
    timeZone: 'Europe/Moscow',
    now: () => new Date(`${TODAY}T12:00:00Z`),
    weights,
  });

describe('an emulated «Сетевой город» site', () => {
  it('logs in as its page does, with the session lifetime in milliseconds', async () => {
    const s = await logIn();
    expect(s.at).toMatch(/^\d{26}$/);
    expect(s.timeOut).toBe(900_000);
  });

  it('is read whole: every numeric mark with its real weight from assigns/{id}, the terms, the page’s week put back', async () => {
    const s = await logIn();
    const src = sourceFor(s);
    const list = await src.listStudents();
    expect(list.value.map((x) => x.name)).toEqual(['Ваня Кузнецов']);
    const child = portal.sgo.children[0]!;
    const from = portal.requests.length;
    const d = await src.fetchDiary(list.value[0]!.id);
    const expected = child.marks.filter((m) => m.date <= TODAY && (m.isPoint || Number.isInteger(Number(m.value))));
    expect(expected.length).toBeGreaterThan(100);
    expect(d.value.marks).toHaveLength(expected.length);
    expect(new Set(d.value.marks.map((m) => m.weight))).toEqual(new Set([10, 20, 30, ...(expected.some((m) => m.isPoint) ? [1] : [])]));
    // The week diary said 0 for every weight; the marks carry the site's own (10 a unit).
    for (const m of d.value.marks) {
      const w = expected.find((x) => String(x.id) === m.id)!;
      expect(m.weight).toBe(w.isPoint ? 1 : w.weight * 10);
      expect(m.value).toBe(w.isPoint ? '•' : Number(w.value));
    }
    expect(d.value.periods.filter((p) => p.kind === 'trimester').map((p) => [p.name, p.start, p.end])).toEqual(
      child.periods.map((p) => [p.name, p.begin, p.end]),
    );
    expect(d.issues).toEqual([]);
    // The last week asked is the page's own again.
    const weeks = portal.requests.slice(from).filter((r) => r.path.startsWith('/webapi/student/diary?'));
    expect(new URL(`${ORIGIN}${weeks.at(-1)!.path}`).searchParams.get('weekStart')).toBe(mondayOf(TODAY));
    // Each assignment's weight once: a second read with the same weights asks for none.
    const weights = new Map<string, number>();
    await sourceFor(s, weights).fetchDiary(list.value[0]!.id, { since: '2026-11-01' });
    const asked = portal.requests.length;
    await sourceFor(s, weights).fetchDiary(list.value[0]!.id, { since: '2026-11-01' });
    expect(portal.requests.slice(asked).filter((r) => r.path.includes('/assigns/'))).toEqual([]);
  });

  it('a call without the page’s at, an idle session past tokenTimeOut, and the SecurityWarning page: session-expired, said', async () => {
    const s = await logIn();
    const kindOf = async (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: SourceError) => `${e.kind}: ${e.message}`,
      );
    expect(await kindOf(sourceFor({ ...s, at: 'wrong' }).listStudents())).toMatch(/^session-expired/);
    portal.setFaults({ sgoSecurityWarning: true });
    expect(await kindOf(sourceFor(s).listStudents())).toBe(
      'session-expired: /webapi/student/diary/init: the site shows its security warning: open the diary and confirm it',
    );
    portal.setFaults({ sgoSecurityWarning: false, sgoTimeoutMs: 200 });
    const idle = await logIn();
    await new Promise((r) => setTimeout(r, 300));
    expect(await kindOf(sourceFor(idle).listStudents())).toMatch(/^session-expired: .*HTTP 401/);
  });
});
