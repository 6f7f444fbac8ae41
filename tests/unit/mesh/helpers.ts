import academicYears from '../../fixtures/mesh/academic_years.json';
import events from '../../fixtures/mesh/events.json';
import finalMarksV2 from '../../fixtures/mesh/final_marks_v2.json';
import homeworks from '../../fixtures/mesh/homeworks.json';
import marks from '../../fixtures/mesh/marks.json';
import periodsSchedules from '../../fixtures/mesh/periods_schedules.json';
import profile from '../../fixtures/mesh/profile.json';
import scheduleShort from '../../fixtures/mesh/schedule_short.json';
import subjectMarks from '../../fixtures/mesh/subject_marks.json';
import subjects from '../../fixtures/mesh/subjects.json';
import { SourceError } from '../../../lib/sources/types';
import { MESH_ENDPOINTS as E } from '../../../lib/sources/mesh';
import type { MeshQuery, MeshTransport } from '../../../lib/sources/mesh';

const FIXTURES = {
  profile,
  subjects,
  academic_years: academicYears,
  periods_schedules: periodsSchedules,
  marks,
  subject_marks: subjectMarks,
  schedule_short: scheduleShort,
  homeworks,
  events,
};
export type FixtureName = keyof typeof FIXTURES;
export const FIXTURE_NAMES = Object.keys(FIXTURES) as FixtureName[];

/** A fresh copy of a recorded-shape fixture (tests may mutate it). */
export function fixture(name: FixtureName): any {
  return structuredClone(FIXTURES[name]);
}

export const FIXTURE_OF_ENDPOINT: Record<string, FixtureName> = {
  [E.profile]: 'profile',
  [E.subjects]: 'subjects',
  [E.academicYears]: 'academic_years',
  [E.periodsSchedules]: 'periods_schedules',
  [E.marks]: 'marks',
  [E.subjectMarks]: 'subject_marks',
  [E.scheduleShort]: 'schedule_short',
  [E.homeworks]: 'homeworks',
  [E.events]: 'events',
};

export type Answer = unknown | SourceError | ((query: MeshQuery | undefined) => unknown);

/** The fixtures as a server answers a query: marks and events of the asked days, one school year's year marks. */
function answered(path: string, query: MeshQuery | undefined): unknown {
  if (path === E.finalMarksV2) {
    const year = (finalMarksV2 as Record<string, unknown>)[query?.academic_year_id ?? ''];
    return structuredClone(year ?? { subjects: [] });
  }
  const body = fixture(FIXTURE_OF_ENDPOINT[path]!);
  if (path === E.marks && query?.from && query.to)
    body.payload = body.payload.filter((m: { date: string }) => m.date >= query.from! && m.date <= query.to!);
  if (path === E.events && query?.begin_date && query.end_date) {
    body.response = body.response.filter(
      (e: { start_at: string }) => e.start_at.slice(0, 10) >= query.begin_date! && e.start_at.slice(0, 10) <= query.end_date!,
    );
    body.total_count = body.response.length;
  }
  return body;
}

/** A transport that answers from the fixtures (or `answers`), recording every call in order. */
export function fakeTransport(answers: Record<string, Answer> = {}) {
  const calls: Array<{ path: string; query: MeshQuery | undefined }> = [];
  const identified: Array<{ role: string; profileId?: string }> = [];
  const transport: MeshTransport = {
    async get(path, query) {
      calls.push({ path, query });
      const answer = Object.prototype.hasOwnProperty.call(answers, path) ? answers[path] : answered(path, query);
      if (answer instanceof SourceError) throw answer;
      return typeof answer === 'function' ? (answer as (q: MeshQuery | undefined) => unknown)(query) : answer;
    },
    identify(who) {
      identified.push(who);
    },
  };
  return { transport, calls, identified };
}

export const TODAY = '2026-10-14';
export const MISHA = '31500777';
