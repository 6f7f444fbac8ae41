import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDiary } from '../../../lib/model';
import {
  createMeshSource,
  MeshClient,
  MESH_ENDPOINTS as E,
  parseAcademicYears,
  parseEvents,
  parseHomeworks,
  parseMarksByDate,
  parsePeriodsSchedules,
  parseProfile,
  parseScheduleShort,
  parseSubjectMarks,
  parseSubjects,
} from '../../../lib/sources/mesh';
import { SourceError } from '../../../lib/sources/types';
import { fakeTransport, FIXTURE_OF_ENDPOINT, fixture, MISHA, TODAY, type FixtureName } from './helpers';

const PARSERS: Array<[FixtureName, string, (json: unknown) => { value: unknown; issues: unknown[] }]> = [
  ['profile', E.profile, parseProfile],
  ['subjects', E.subjects, parseSubjects],
  ['academic_years', E.academicYears, parseAcademicYears],
  ['periods_schedules', E.periodsSchedules, (json) => parsePeriodsSchedules(json, 'year:13')],
  ['marks', E.marks, parseMarksByDate],
  ['subject_marks', E.subjectMarks, parseSubjectMarks],
  ['schedule_short', E.scheduleShort, parseScheduleShort],
  ['homeworks', E.homeworks, parseHomeworks],
  ['events', E.events, parseEvents],
];

/** Values that have broken diary parsers before: empty, odd numbers, near-dates, prototype keys. */
const nasty = fc.constantFrom<unknown>(
  null,
  '',
  ' ',
  0,
  -1,
  1.5,
  1e308,
  Number.MAX_SAFE_INTEGER,
  'См',
  '4,5',
  '0.00',
  '2026-02-31',
  '31.12.2026',
  '25:61',
  [],
  {},
  { __proto__: null },
  'constructor',
  true,
);
const anyJson = fc.oneof(fc.jsonValue(), nasty);

type Key = string | number;
function pathsOf(x: unknown, at: Key[] = [], out: Key[][] = []): Key[][] {
  if (at.length) out.push(at);
  if (Array.isArray(x)) x.forEach((v, i) => pathsOf(v, [...at, i], out));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) pathsOf(v, [...at, k], out);
  return out;
}

/** The fixture with the subtree at one path replaced (or the key deleted), per edit. */
function mutated(base: unknown, edits: ReadonlyArray<{ pick: number; value: unknown; remove: boolean }>): unknown {
  const copy = structuredClone(base);
  for (const edit of edits) {
    const paths = pathsOf(copy);
    if (!paths.length) break;
    const path = paths[edit.pick % paths.length]!;
    let parent: any = copy;
    for (const k of path.slice(0, -1)) parent = parent[k];
    const last = path[path.length - 1]!;
    if (edit.remove && !Array.isArray(parent)) delete parent[last];
    else parent[last] = edit.value;
  }
  return copy;
}

const edits = fc.array(fc.record({ pick: fc.nat(), value: anyJson, remove: fc.boolean() }), { minLength: 1, maxLength: 4 });

function wellFormed(r: { value: unknown; issues: unknown[] }, endpoint: string): void {
  expect(Array.isArray(r.issues)).toBe(true);
  for (const issue of r.issues as Array<Record<string, unknown>>) {
    expect(issue.endpoint).toBe(endpoint);
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.message).toBe('string');
  }
}

describe('MESH parsers never throw', () => {
  it.each(PARSERS)('%s on random JSON', (_name, endpoint, parse) => {
    fc.assert(
      fc.property(anyJson, (json) => wellFormed(parse(json), endpoint)),
      { numRuns: 300 },
    );
  });

  it.each(PARSERS)('%s on its fixture with random subtrees replaced', (name, endpoint, parse) => {
    const base = fixture(name);
    fc.assert(
      fc.property(edits, (e) => wellFormed(parse(mutated(base, e)), endpoint)),
      { numRuns: 300 },
    );
  });
});

/** Either a diary the model accepts, or a SourceError: nothing else may come out of fetchDiary. */
async function settlesTyped(run: () => Promise<{ value: unknown }>): Promise<void> {
  try {
    const r = await run();
    const checked = parseDiary(r.value);
    if (!checked.ok) throw new Error(`invalid diary: ${checked.error.message}`);
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
  }
}

describe('fetchDiary only ever rejects with SourceError', () => {
  it('with one endpoint answering its fixture with random subtrees replaced', async () => {
    const endpoints = Object.keys(FIXTURE_OF_ENDPOINT);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), edits, async (endpoint, e) => {
        const { transport } = fakeTransport({ [endpoint]: mutated(fixture(FIXTURE_OF_ENDPOINT[endpoint]!), e) });
        await settlesTyped(() => createMeshSource(transport, { today: TODAY }).fetchDiary(MISHA));
      }),
      { numRuns: 300 },
    );
  });

  it('through MeshClient, with a fake fetch answering random JSON and statuses', async () => {
    const reply = fc.record({
      status: fc.constantFrom(200, 200, 200, 201, 204, 302, 400, 401, 403, 404, 429, 500, 502, 503, 504),
      body: fc.oneof(
        anyJson.map((j) => JSON.stringify(j) ?? ''),
        fc.string(),
        fc.constant('<html>Технические работы</html>'),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(reply, { minLength: 1, maxLength: 12 }), fc.boolean(), async (replies, cookie) => {
        let i = 0;
        const fetch = (async () => {
          const r = replies[i++ % replies.length]!;
          // Statuses that forbid a body get none.
          return new Response(r.status === 204 ? null : r.body, { status: r.status });
        }) as unknown as typeof globalThis.fetch;
        const client = new MeshClient({
          auth: cookie ? { mode: 'cookie' } : { mode: 'bearer', token: 't' },
          fetch,
          sleep: async () => undefined,
        });
        const source = createMeshSource(client, { today: TODAY });
        await settlesTyped(() => source.fetchDiary(MISHA));
        await source.listStudents().catch((err: unknown) => {
          if (!(err instanceof SourceError)) throw err;
        });
      }),
      { numRuns: 300 },
    );
  });

  it('with every endpoint answering random JSON, and random student ids', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...Object.keys(FIXTURE_OF_ENDPOINT)), anyJson),
        fc.constantFrom(MISHA, '31500888', '', 'x'),
        async (answers, id) => {
          const { transport } = fakeTransport(answers);
          await settlesTyped(() => createMeshSource(transport, { today: TODAY }).fetchDiary(id));
        },
      ),
      { numRuns: 300 },
    );
  });
});
