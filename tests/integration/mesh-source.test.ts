import { certificateOf } from '../../lib/grades/certificate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { subjectSummaries } from '../../lib/grades';
import { parseDiary } from '../../lib/model';
import { createMeshSource, MeshClient } from '../../lib/sources/mesh';
import { SourceError, type DiarySourceAdapter } from '../../lib/sources/types';
import { DEFAULT_FAULTS, startPortal, type Portal } from '../../portal/server';
import { loginInNode, portalFetch } from '../support/portal-fetch';

const TODAY = '2026-11-26';
let portal: Portal;
let token: string;

beforeAll(async () => {
  portal = await startPortal({ today: TODAY, seed: 7 });
  token = (await loginInNode(portal)).get('aupd_token')!;
});
afterAll(() => portal.close());
beforeEach(() => portal.setFaults({ ...DEFAULT_FAULTS }));

function source(o: { token?: string; timeoutMs?: number } = {}): DiarySourceAdapter {
  const client = new MeshClient({
    auth: { mode: 'bearer', token: o.token ?? token },
    fetch: portalFetch(portal),
    retryDelayMs: 20,
    timeoutMs: o.timeoutMs ?? 10_000,
  });
  return createMeshSource(client, { today: TODAY });
}

async function rejection(p: Promise<unknown>): Promise<SourceError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SourceError);
    return err as SourceError;
  }
  throw new Error('expected the call to fail');
}

/** The average Σvw/Σw of a world subject's numeric marks in a date range, computed from the emulator's own data. */
function worldAverage(childIdx: number, subjectId: number, from: string, to: string): number | null {
  const child = portal.world.children[childIdx]!;
  const scale = child.subjects.find((s) => s.id === subjectId)!.scale;
  let s = 0;
  let w = 0;
  for (const m of child.marks) {
    const v = Number(m.value);
    if (m.subjectId !== subjectId || m.date < from || m.date > to || !Number.isFinite(v)) continue;
    s += (scale === 'ten' ? v / 2 : v) * m.weight;
    w += m.weight;
  }
  return w ? s / w : null;
}

describe('the MESH source against the emulated portal', () => {
  it('lists both children', async () => {
    const { value, issues } = await source().listStudents();
    expect(issues).toEqual([]);
    expect(value.map((s) => [s.name, s.className, s.grade])).toEqual([
      ['Миша Лебедев', '6-В', 6],
      ['Лиза Лебедева', '9-А', 9],
    ]);
  });

  it('turns every endpoint’s sample data into a valid Diary whose averages match the emulator’s marks', async () => {
    const src = source();
    for (const [i, child] of portal.world.children.entries()) {
      const { value: diary, issues } = await src.fetchDiary(String(child.id));
      expect(issues).toEqual([]);
      expect(parseDiary(JSON.parse(JSON.stringify(diary))).ok).toBe(true);
      expect(diary.subjects).toHaveLength(child.subjects.length);
      expect(diary.marks).toHaveLength(child.marks.length);
      expect(diary.periods.filter((p) => p.kind !== 'year')).toHaveLength(child.periods.length);
      expect(diary.periods.some((p) => p.kind === 'year')).toBe(true);
      expect(diary.attendance?.length).toBe(child.lessons.filter((l) => l.missed && l.date >= '2026-09-01').length);
      expect(diary.homework?.length).toBeGreaterThan(0);
      expect(diary.schedule?.length).toBeGreaterThan(0);
      expect(diary.marks.some((m) => m.isPoint)).toBe(true);
      expect(diary.marks.some((m) => typeof m.value === 'string')).toBe(true);
      const first = child.periods[0]!;
      const period = diary.periods.find((p) => p.start === first.begin && p.kind !== 'year')!;
      for (const s of subjectSummaries(diary, { period: period.id })) {
        const expected = worldAverage(i, Number(s.subject.id), first.begin, first.end);
        if (expected === null) expect(s.average).toBeNull();
        else expect(s.average).toBeCloseTo(expected, 12);
      }
      // MESH's own figures travel beside ours.
      expect(diary.reported?.some((r) => r.period === period.id && typeof r.average === 'number')).toBe(true);
    }
    const liza = (await src.fetchDiary(String(portal.world.children[1]!.id))).value;
    const project = liza.subjects.find((s) => s.name === 'Индивидуальный проект')!;
    const tenPoint = liza.marks.find((m) => m.subject === project.id && typeof m.value === 'number')!;
    expect(tenPoint.scale).toBe('five');
    expect(tenPoint.original?.scale).toBe('ten');
    expect(tenPoint.value).toBe(Number(tenPoint.original?.value) / 2);
    // Past years' year marks (final_marks) arrive for the ninth-grader, and the certificate average is theirs.
    const finals = portal.world.children[1]!.finals;
    expect(liza.finals).toHaveLength(finals.length);
    const cert = certificateOf(liza);
    const lastYear = finals.filter((f) => f.year === finals[0]!.year);
    const taughtNow = new Set(liza.subjects.map((s) => s.name));
    const pastOnly = cert.subjects.filter((s) => !taughtNow.has(s.name));
    expect(pastOnly).toEqual([]);
    expect(cert.now!.count).toBe(lastYear.length);
    expect(cert.now!.value).toBeCloseTo(lastYear.reduce((a, f) => a + Number(f.mark), 0) / lastYear.length, 12);
  });
});

describe('each fault mode yields its typed result', () => {
  const mishaId = () => String(portal.world.children[0]!.id);

  it('an expired token: session-expired', async () => {
    portal.setFaults({ tokenLifetimeSec: 1 });
    const short = (await loginInNode(portal)).get('aupd_token')!;
    await new Promise((r) => setTimeout(r, 1100));
    const err = await rejection(source({ token: short }).fetchDiary(mishaId()));
    expect(err.kind).toBe('session-expired');
    expect(err.status).toBe(401);
    expect(err.message).not.toContain(short);
  });

  it('an expired SSO: the silent hop ends on the password form, no new token', async () => {
    portal.setFaults({ ssoExpired: true });
    const jar = await loginInNode(portal, { login: 'nobody', password: 'wrong' });
    expect(jar.has('aupd_token')).toBe(false);
    expect(portal.requests.at(-1)?.path).toMatch(/^\/sps\/login\/methods\/password/);
  });

  it('one 500 is retried and the data comes through; 500s that persist: http 500', async () => {
    portal.setFaults({ fail500: ['/api/family/web/v1/marks'], fail500Times: 1 });
    const before = portal.requests.length;
    const ok = await source().fetchDiary(mishaId());
    expect(ok.value.marks.length).toBeGreaterThan(0);
    const marksCalls = portal.requests.slice(before).filter((r) => r.path.startsWith('/api/family/web/v1/marks'));
    // Three month windows; the first answer is the 500, retried once.
    expect(marksCalls.map((r) => r.status).sort()).toEqual([200, 200, 200, 500]);
    expect(ok.covered.marks).toHaveLength(3);
    portal.setFaults({ fail500: ['/api/family/web/v1/marks'], fail500Times: 0 });
    const err = await rejection(source().fetchDiary(mishaId()));
    expect([err.kind, err.status, err.endpoint]).toEqual(['http', 500, '/api/family/web/v1/marks']);
  });

  it('a month window that keeps failing costs that month, with an issue, not the diary', async () => {
    // Every answer for September fails; the others come through.
    portal.setFaults({ fail500: ['/api/family/web/v1/marks?student_id=31500777&from=2026-09-01'], fail500Times: 0 });
    const r = await source().fetchDiary(mishaId());
    expect(r.covered.marks.map((w) => w.from)).toEqual(['2026-10-01', '2026-11-01']);
    expect(r.value.marks.every((m) => m.date >= '2026-10-01')).toBe(true);
    expect(r.issues.map((i) => i.endpoint)).toContain('/api/family/web/v1/marks?from=2026-09-01&to=2026-09-30');
  });

  it('a 500 on an optional endpoint leaves the diary whole but for that part, with an issue', async () => {
    portal.setFaults({ fail500: ['/api/family/web/v1/homeworks'] });
    const { value, issues } = await source().fetchDiary(mishaId());
    expect(value.marks.length).toBeGreaterThan(0);
    expect(value.homework ?? []).toEqual([]);
    expect(issues.map((i) => i.endpoint)).toContain('/api/family/web/v1/homeworks');
  });

  it('«технические работы» (503): site-down', async () => {
    portal.setFaults({ maintenance: true });
    const err = await rejection(source().listStudents());
    expect(err.kind).toBe('site-down');
    expect(err.status).toBe(503);
  });

  it('«пустая сетка»: a valid diary with no marks, not an error', async () => {
    portal.setFaults({ emptyData: true });
    const { value } = await source().fetchDiary(mishaId());
    expect(value.marks).toEqual([]);
    expect(parseDiary(value).ok).toBe(true);
  });

  it('a renamed field: an issue naming endpoint and path, the rest still comes through', async () => {
    portal.setFaults({ renamedField: { endpoint: '/api/family/web/v1/marks', from: 'weight', to: 'mark_weight' } });
    const { value, issues } = await source().fetchDiary(mishaId());
    expect(issues[0]).toEqual({
      endpoint: '/api/family/web/v1/marks?from=2026-09-01&to=2026-09-30',
      path: 'payload[0].weight',
      message: expect.any(String),
    });
    expect(value.subjects.length).toBe(13);
    expect(value.periods.length).toBeGreaterThan(0);
  });

  it('slow answers past the client’s limit: timeout', async () => {
    portal.setFaults({ slowMs: 400 });
    const err = await rejection(source({ timeoutMs: 150 }).listStudents());
    expect(err.kind).toBe('timeout');
  });

  it('a redirect loop never yields a token and keeps cycling through the chain', async () => {
    portal.setFaults({ redirectLoop: true });
    const before = portal.requests.length;
    const jar = await loginInNode(portal);
    expect(jar.has('aupd_token')).toBe(false);
    const hops = portal.requests.slice(before).map((r) => r.path.split('?')[0]);
    expect(hops.filter((p) => p === '/v3/auth/sudir/callback').length).toBeGreaterThanOrEqual(2);
  });
});
