import type { Diary, Mark } from './types';
import { SCALE_RANGE } from './scales';
import { ATTENDANCE_KINDS, PERIOD_KINDS, SCALES } from './vocabulary';

/**
 * Runtime validation of untrusted diary JSON (a portal's feed, an import file, a source adapter's
 * output). Hand-written, a few combinators over plain functions, because it ships in the widget
 * library, whose core has a 15 KB gzip budget: a schema library costs more than the whole of this.
 *
 * Nothing here throws: every entry point returns a `ParseResult`. Every problem is reported at once,
 * in document order, each with its path. Unknown fields are kept (loose objects), so data the model
 * does not know yet is never dropped silently. Every message says what was expected, in one style:
 * `expected …`, with what came instead where it helps (`, got …`).
 */

export interface DataIssue {
  /** Where the bad value sits, e.g. `marks[12].weight`; empty for the root. */
  path: string;
  /** The same place as keys, e.g. `['marks', 12, 'weight']`: what code reads (never the formatted path). */
  keys: ReadonlyArray<string | number>;
  /** What was expected, e.g. `expected a positive number`. */
  message: string;
}

/** The typed error every validator returns. `message` lists the first issues in `path: message` form. */
export class TabelDataError extends Error {
  override readonly name = 'TabelDataError';
  readonly issues: readonly DataIssue[];
  constructor(issues: readonly DataIssue[], context?: string) {
    const shown = issues.slice(0, 5).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    super(`${context ? context + ': ' : ''}${shown.join('; ')}${more}`);
    this.issues = issues;
  }
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: TabelDataError };

type Key = string | number;
type Path = readonly Key[];

/** A validator: the output value and whether it has the expected type (a value can have the right type and still fail a check). */
interface Result {
  v: unknown;
  typed: boolean;
}
interface Schema {
  (x: unknown, at: Path, out: DataIssue[]): Result;
  /** May be absent from an object. */
  optional?: boolean;
  /** The value used when absent (or undefined). */
  fallback?: unknown;
}
/** A check on a value of the right type: the message when it fails. */
type Check = (x: any) => string | false;

const ISO_DATE = /^(\d{4})-(\d\d)-(\d\d)(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?)?$/;

/** A date that exists: 30 February, 31 April and month 13 do not. */
function realDate(x: string): boolean {
  const m = ISO_DATE.exec(x);
  // Day 0 of the next month is the last day of this one.
  return !!m && +m[2]! >= 1 && +m[2]! <= 12 && +m[3]! >= 1 && +m[3]! <= new Date(Date.UTC(+m[1]!, +m[2]!, 0)).getUTCDate();
}

/**
 * What one diary may hold: enough for five school years of one child (≈ 20,000 marks) several
 * times over, and a bound on the time validating it takes (docs/data-model.md).
 */
export const LIMITS = {
  marks: 100_000,
  entries: 100_000,
  subjects: 1_000,
  periods: 1_000,
  weight: { min: 0.01, max: 100 },
  markNumber: { min: 0, max: 100 },
} as const;
const NUMERIC = /^\s*-?\d+([.,]\d+)?\s*$/;

/** `['marks', 12, 'weight']` → `marks[12].weight` */
export function formatPath(keys: readonly (string | number)[]): string {
  let out = '';
  for (const k of keys) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out ? `.${k}` : k;
  }
  return out;
}

const issue = (out: DataIssue[], at: Path, message: string): void => void out.push({ path: formatPath(at), keys: at, message });
const bad = (x: unknown): Result => ({ v: x, typed: false });

/** How a wrong value is named in a message: `"text"`, `12`, `null`, `a list`, `an object`. */
const shown = (x: unknown): string =>
  typeof x === 'string'
    ? `"${x}"`
    : Array.isArray(x)
      ? 'a list'
      : x && typeof x == 'object'
        ? 'an object'
        : typeof x == 'function'
          ? 'a function'
          : String(x);
const wrongType = (what: string) => (x: unknown) => `expected ${what}, got ${shown(x)}`;
/** "five, ten, hundred or pass-fail" */
const listed = (xs: readonly string[]) => `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;

/** A value of one type (`is`), then checks that all run on it, each reporting its own issue. */
function type(is: (x: unknown) => boolean, message: string | ((x: unknown) => string), ...checks: Check[]): Schema {
  return (x, at, out) => {
    if (!is(x)) {
      issue(out, at, typeof message === 'string' ? message : message(x));
      return bad(x);
    }
    for (const check of checks) {
      const m = check(x);
      if (m) issue(out, at, m);
    }
    return { v: x, typed: true };
  };
}

const isString = (x: unknown) => typeof x === 'string';
const isNumber = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);
const text = (message = 'expected a string', ...checks: Check[]) => type(isString, message, ...checks);
const number = (message: string | ((x: unknown) => string) = wrongType('a number'), ...checks: Check[]) =>
  type(isNumber, message, ...checks);
const finite: Check = (x: number) => !Number.isFinite(x) && `expected a finite number, got ${x}`;
/** One of a vocabulary's words; the message lists them. */
const oneOf = (options: readonly string[], what: string) =>
  type((x) => options.includes(x as string), `expected ${what}: ${listed(options)}`);
const boolean = type((x) => typeof x === 'boolean', 'expected true or false');
const isoDate = text('expected an ISO date (YYYY-MM-DD)', (x: string) => !realDate(x) && 'expected an ISO date (YYYY-MM-DD) that exists');
const hhmm = text('expected a time HH:MM', (x: string) => !/^([01]\d|2[0-3]):[0-5]\d$/.test(x) && 'expected a time HH:MM');
const name = text('expected a name', (x: string) => !x.trim() && 'expected a name');

/** Ids are strings; numbers are read as their text. */
const id: Schema = (x, at, out) => {
  if (!isString(x) && !isNumber(x)) {
    issue(out, at, 'expected an id (string or number)');
    return bad(x);
  }
  const v = String(x);
  if (!v) issue(out, at, 'expected a non-empty id');
  return { v, typed: true };
};

/** "4" and "4,5" are numbers; "Н", "5-", "зачёт" stay text. */
export function normalizeMarkValue(raw: number | string): number | string {
  if (typeof raw === 'number') return raw;
  return NUMERIC.test(raw) ? Number(raw.trim().replace(',', '.')) : raw.trim();
}

const markValue: Schema = (x, at, out) => {
  // The bound's figures are written out (LIMITS.markNumber): this file ships in the widgets' core.
  const problem = isNumber(x)
    ? finite(x) || (!(x >= 0 && x <= 100) && 'expected a mark from 0 to 100')
    : isString(x)
      ? !x.trim() && 'expected a mark: a non-empty text'
      : 'expected a mark: a number or a non-empty text';
  if (problem) {
    issue(out, at, problem);
    return bad(x);
  }
  return { v: normalizeMarkValue(x as number | string), typed: true };
};

function optional(schema: Schema, fallback?: unknown): Schema {
  const s: Schema = (x, at, out) => {
    if (x === undefined) x = fallback;
    return x === undefined ? { v: x, typed: true } : schema(x, at, out);
  };
  s.optional = true;
  s.fallback = fallback;
  return s;
}

const IGNORED = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * An object with these fields, in this order, keeping any others after them. `check` looks at the
 * whole object once every field has the right type, and reports with the path of a field.
 */
function object(
  shape: Record<string, Schema>,
  check?: (o: Record<string, any>, report: (key: string, message: string) => void) => void,
): Schema {
  return (x, at, out) => {
    if (!x || typeof x !== 'object') {
      issue(out, at, wrongType('an object')(x));
      return bad(x);
    }
    const input = x as Record<string, unknown>;
    const v: Record<string, unknown> = {};
    let typed = true;
    for (const key in shape) {
      const s = shape[key]!;
      if (key in input || s.fallback !== undefined) {
        const r = s(key in input ? input[key] : s.fallback, [...at, key], out);
        typed &&= r.typed;
        v[key] = r.v;
      } else if (!s.optional) {
        issue(out, [...at, key], `expected a field "${key}"`);
        typed = false;
      }
    }
    for (const key of Object.keys(input)) if (!Object.hasOwn(shape, key) && !IGNORED.has(key)) v[key] = input[key];
    if (typed) check?.(v, (key, message) => issue(out, [...at, key], message));
    return { v, typed };
  };
}

const list =
  (item: Schema, message = 'expected a list', max: number = LIMITS.entries): Schema =>
  (x, at, out) => {
    if (!Array.isArray(x)) {
      issue(out, at, message);
      return bad(x);
    }
    // Bounded before anything is read: a million marks would hold a host page's main thread for seconds.
    if (x.length > max) {
      issue(out, at, `expected at most ${max} items, got ${x.length}`);
      return bad(x);
    }
    const v: unknown[] = [];
    let typed = true;
    for (let i = 0; i < x.length; i++) {
      const r = item(x[i], [...at, i], out);
      typed &&= r.typed;
      v.push(r.v);
    }
    return { v, typed };
  };

const positive = 'expected a positive number';
const gradeLevel = 'expected a grade 1–11';

const markSchema = object(
  {
    id: optional(id),
    value: markValue,
    weight: optional(
      number(
        positive,
        (x: number) => !Number.isFinite(x) && positive,
        (x: number) => !(x > 0) && positive,
        (x: number) => x > 0 && !(x >= 0.01 && x <= 100) && 'expected a weight from 0.01 to 100',
      ),
      1,
    ),
    weightUnknown: optional(boolean),
    date: isoDate,
    subject: id,
    scale: oneOf(SCALES, 'a scale'),
    period: optional(id),
    kind: optional(text()),
    comment: optional(text()),
    teacher: optional(text()),
    isExam: optional(boolean),
    isPoint: optional(boolean),
    pointDate: optional(isoDate),
    original: optional(object({ value: markValue, scale: text() })),
  },
  (m, report) => {
    if (typeof m.value !== 'number') return;
    if (m.scale === 'pass-fail') return report('value', 'expected a text mark (e.g. "зачёт") on the pass-fail scale');
    const [lo, hi] = SCALE_RANGE[m.scale as keyof typeof SCALE_RANGE];
    if (m.value < lo || m.value > hi) report('value', `expected a mark from ${lo} to ${hi} on the ${m.scale as string} scale`);
  },
);

const diarySchema = object({
  version: type((x) => x === 1, 'expected version 1'),
  student: object({
    id,
    name,
    school: optional(text()),
    className: optional(text()),
    grade: optional(
      number(
        gradeLevel,
        (x: number) => !Number.isInteger(x) && gradeLevel,
        (x: number) => !(x >= 1) && gradeLevel,
        (x: number) => !(x <= 11) && gradeLevel,
      ),
    ),
  }),
  subjects: list(object({ id, name }), undefined, LIMITS.subjects),
  periods: list(
    object(
      {
        id,
        name,
        start: isoDate,
        end: isoDate,
        kind: oneOf(PERIOD_KINDS, 'a period kind'),
        parent: optional(id),
      },
      (p, report) => {
        if ((p.end as string).slice(0, 10) < (p.start as string).slice(0, 10))
          report('end', 'expected an end date on or after the start date');
      },
    ),
    undefined,
    LIMITS.periods,
  ),
  marks: list(markSchema, undefined, LIMITS.marks),
  attendance: optional(
    list(
      object({
        date: isoDate,
        subject: optional(id),
        kind: oneOf(ATTENDANCE_KINDS, 'an attendance kind'),
        reason: optional(text()),
      }),
    ),
  ),
  homework: optional(list(object({ date: isoDate, subject: id, text: text(), assigned: optional(isoDate), done: optional(boolean) }))),
  schedule: optional(
    list(
      object(
        {
          date: isoDate,
          subject: optional(id),
          title: optional(text()),
          start: optional(hhmm),
          end: optional(hhmm),
          room: optional(text()),
        },
        (e, report) => {
          if (e.subject === undefined && !(typeof e.title === 'string' && e.title.trim()))
            report('subject', 'expected a subject id, or a title for a lesson without one');
        },
      ),
    ),
  ),
  reported: optional(
    list(
      object({
        subject: id,
        period: optional(id),
        average: optional(number(undefined, finite)),
        periodMark: optional(markValue),
        yearMark: optional(markValue),
        attestation: optional(markValue),
        target: optional(object({ mark: number(), remaining: number() })),
        count: optional(number(undefined, (x: number) => !(Number.isInteger(x) && x >= 0) && 'expected a whole number ≥ 0')),
      }),
    ),
  ),
  finals: optional(
    list(
      object({
        year: text('expected a school year, e.g. "2024-2025"', (x: string) => !x.trim() && 'expected a school year, e.g. "2024-2025"'),
        subject: name,
        subjectId: optional(id),
        value: markValue,
        attestation: optional(markValue),
        terms: optional(list(object({ name: optional(text()), start: optional(isoDate), end: optional(isoDate), value: markValue }))),
      }),
    ),
  ),
  source: optional(object({ system: text(), fetchedAt: optional(text()), timeZone: optional(text()) })),
});

/** Ids that marks and entries point at must exist: a dangling reference is reported, never guessed. */
function referenceIssues(d: Diary): DataIssue[] {
  const out: DataIssue[] = [];
  const subjects = new Set<string>();
  d.subjects.forEach((s, i) => {
    if (subjects.has(s.id))
      out.push({ path: `subjects[${i}].id`, keys: ['subjects', i, 'id'], message: `expected a new subject id, got "${s.id}" again` });
    subjects.add(s.id);
  });
  const periods = new Set(d.periods.map((p) => p.id));
  d.periods.forEach((p, i) => {
    if (p.parent !== undefined && !periods.has(p.parent))
      out.push({ path: `periods[${i}].parent`, keys: ['periods', i, 'parent'], message: `expected a known period, got "${p.parent}"` });
  });
  d.marks.forEach((m, i) => {
    if (!subjects.has(m.subject))
      out.push({ path: `marks[${i}].subject`, keys: ['marks', i, 'subject'], message: `expected a known subject, got "${m.subject}"` });
    if (m.period !== undefined && !periods.has(m.period))
      out.push({ path: `marks[${i}].period`, keys: ['marks', i, 'period'], message: `expected a known period, got "${m.period}"` });
  });
  const entries = [
    ['homework', d.homework],
    ['schedule', d.schedule],
    ['reported', d.reported],
  ] as const;
  for (const [name, items] of entries) {
    items?.forEach((e: { subject?: string }, i) => {
      if (e.subject !== undefined && !subjects.has(e.subject))
        out.push({ path: `${name}[${i}].subject`, keys: [name, i, 'subject'], message: `expected a known subject, got "${e.subject}"` });
    });
  }
  return out;
}

/** Runs a schema; a validator bug must still surface as the typed error, never as a throw into a host page. */
function run<T>(schema: Schema, input: unknown, context: string, more?: (value: T) => DataIssue[]): ParseResult<T> {
  try {
    const out: DataIssue[] = [];
    const { v } = schema(input, [], out);
    if (!out.length && more) out.push(...more(v as T));
    return out.length ? { ok: false, error: new TabelDataError(out, context) } : { ok: true, value: v as T };
  } catch (err) {
    return { ok: false, error: new TabelDataError([{ path: '', keys: [], message: `expected readable data (${String(err)})` }], context) };
  }
}

/** Validates a whole `Diary`, reporting every bad field at once. */
export function parseDiary(input: unknown): ParseResult<Diary> {
  return run(diarySchema, input, 'invalid diary', referenceIssues);
}

const marksSchema = list(markSchema, 'expected a list of marks', LIMITS.marks);

/** Validates a bare list of marks (what a widget's `marks` property takes). */
export function parseMarks(input: unknown): ParseResult<Mark[]> {
  return run(marksSchema, input, 'invalid marks');
}
