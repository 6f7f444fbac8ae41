import * as v from 'valibot';
import type { Diary, Mark, Scale } from './types';

/**
 * Runtime validation of untrusted diary JSON (a portal's feed, an import file, a source adapter's
 * output). Valibot because it is tree-shaken to the few validators used here: the widget library
 * has a 15 KB gzip budget that zod's monolithic core would eat most of.
 *
 * Nothing here throws: every entry point returns a `ParseResult`. Unknown fields are kept (loose
 * objects), so data the model does not know yet is never dropped silently.
 */

export interface DataIssue {
  /** Where the bad value sits, e.g. `marks[12].weight`; empty for the root. */
  path: string;
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

const SCALE_RANGE: Record<Exclude<Scale, 'pass-fail'>, readonly [number, number]> = {
  five: [1, 5],
  ten: [1, 10],
  hundred: [0, 100],
};

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T[0-2]\d:[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-][0-2]\d:?[0-5]\d)?)?$/;
const NUMERIC = /^\s*-?\d+([.,]\d+)?\s*$/;

const id = v.pipe(
  v.union([v.string(), v.number()], 'expected an id (string or number)'),
  v.transform((x) => String(x)),
  v.minLength(1, 'expected a non-empty id'),
);
const text = (what = 'expected a string') => v.string(what);
const isoDate = v.pipe(v.string('expected an ISO date (YYYY-MM-DD)'), v.regex(ISO_DATE, 'expected an ISO date (YYYY-MM-DD)'));
const hhmm = v.pipe(v.string('expected a time HH:MM'), v.regex(/^[0-2]\d:[0-5]\d$/, 'expected a time HH:MM'));

/** "4" and "4,5" are numbers; "Н", "5-", "зачёт" stay text. */
export function normalizeMarkValue(raw: number | string): number | string {
  if (typeof raw === 'number') return raw;
  return NUMERIC.test(raw) ? Number(raw.trim().replace(',', '.')) : raw.trim();
}

const markValue = v.pipe(
  v.union([v.pipe(v.number(), v.finite()), v.pipe(v.string(), v.minLength(1))], 'expected a mark: a number or a non-empty text'),
  v.transform(normalizeMarkValue),
);

const scale = v.picklist(['five', 'ten', 'hundred', 'pass-fail'], 'expected a scale: five, ten, hundred or pass-fail');

const markSchema = v.pipe(
  v.looseObject({
    id: v.optional(id),
    value: markValue,
    weight: v.optional(
      v.pipe(v.number('expected a positive number'), v.finite('expected a positive number'), v.gtValue(0, 'expected a positive number')),
      1,
    ),
    date: isoDate,
    subject: id,
    scale,
    period: v.optional(id),
    kind: v.optional(text()),
    comment: v.optional(text()),
    teacher: v.optional(text()),
    isExam: v.optional(v.boolean('expected true or false')),
    isPoint: v.optional(v.boolean('expected true or false')),
    pointDate: v.optional(isoDate),
    original: v.optional(
      v.looseObject({
        value: markValue,
        scale: text(),
      }),
    ),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const m = dataset.value;
    if (typeof m.value !== 'number') return;
    if (m.scale === 'pass-fail') {
      addIssue({ message: 'expected a text mark (e.g. "зачёт") on the pass-fail scale', path: pathTo(m, 'value') });
      return;
    }
    const [lo, hi] = SCALE_RANGE[m.scale];
    if (m.value < lo || m.value > hi) {
      addIssue({ message: `expected a mark from ${lo} to ${hi} on the ${m.scale} scale`, path: pathTo(m, 'value') });
    }
  }),
);

// Valibot wants a path item to point a raw check's issue at a field of the object.
function pathTo(obj: Record<string, unknown>, key: string): [v.ObjectPathItem] {
  return [{ type: 'object', origin: 'value', input: obj, key, value: obj[key] }];
}

const studentSchema = v.looseObject({
  id,
  name: v.pipe(text('expected a name'), v.minLength(1, 'expected a name')),
  school: v.optional(text()),
  className: v.optional(text()),
  grade: v.optional(v.pipe(v.number('expected a grade 1–11'), v.integer('expected a grade 1–11'), v.minValue(1, 'expected a grade 1–11'), v.maxValue(11, 'expected a grade 1–11'))),
});

const subjectSchema = v.looseObject({ id, name: v.pipe(text('expected a name'), v.minLength(1, 'expected a name')) });

const periodSchema = v.pipe(
  v.looseObject({
    id,
    name: text('expected a name'),
    start: isoDate,
    end: isoDate,
    kind: v.picklist(['year', 'half-year', 'trimester', 'quarter', 'module', 'other'], 'expected a period kind: year, half-year, trimester, quarter, module or other'),
    parent: v.optional(id),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (dataset.typed && dataset.value.end.slice(0, 10) < dataset.value.start.slice(0, 10)) {
      addIssue({ message: 'expected an end date on or after the start date', path: pathTo(dataset.value, 'end') });
    }
  }),
);

const attendanceSchema = v.looseObject({
  date: isoDate,
  subject: v.optional(id),
  kind: v.picklist(['absent', 'late', 'excused', 'sick'], 'expected absent, late, excused or sick'),
  reason: v.optional(text()),
});

const homeworkSchema = v.looseObject({
  date: isoDate,
  subject: id,
  text: text(),
  assigned: v.optional(isoDate),
  done: v.optional(v.boolean('expected true or false')),
});

const scheduleSchema = v.looseObject({
  date: isoDate,
  subject: id,
  start: v.optional(hhmm),
  end: v.optional(hhmm),
  room: v.optional(text()),
});

const reportedSchema = v.looseObject({
  subject: id,
  period: v.optional(id),
  average: v.optional(v.pipe(v.number(), v.finite())),
  periodMark: v.optional(markValue),
  yearMark: v.optional(markValue),
  target: v.optional(v.looseObject({ mark: v.number(), remaining: v.number() })),
  count: v.optional(v.number()),
});

const list = <T extends v.GenericSchema>(item: T) => v.array(item, 'expected a list');

const diarySchema = v.looseObject({
  version: v.literal(1, 'expected version 1'),
  student: studentSchema,
  subjects: list(subjectSchema),
  periods: list(periodSchema),
  marks: list(markSchema),
  attendance: v.optional(list(attendanceSchema)),
  homework: v.optional(list(homeworkSchema)),
  schedule: v.optional(list(scheduleSchema)),
  reported: v.optional(list(reportedSchema)),
  source: v.optional(v.looseObject({ system: text(), fetchedAt: v.optional(text()) })),
});

/** `['marks', 12, 'weight']` → `marks[12].weight` */
export function formatPath(keys: readonly (string | number)[]): string {
  let out = '';
  for (const k of keys) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out ? `.${k}` : k;
  }
  return out;
}

function issuesOf(issues: readonly v.BaseIssue<unknown>[]): DataIssue[] {
  return issues.map((issue) => ({
    path: formatPath((issue.path ?? []).map((p) => p.key as string | number)),
    message: issue.message,
  }));
}

/** Ids that marks and entries point at must exist: a dangling reference is reported, never guessed. */
function referenceIssues(d: Diary): DataIssue[] {
  const out: DataIssue[] = [];
  const subjects = new Set<string>();
  d.subjects.forEach((s, i) => {
    if (subjects.has(s.id)) out.push({ path: `subjects[${i}].id`, message: `duplicate subject id "${s.id}"` });
    subjects.add(s.id);
  });
  const periods = new Set(d.periods.map((p) => p.id));
  d.periods.forEach((p, i) => {
    if (p.parent !== undefined && !periods.has(p.parent)) out.push({ path: `periods[${i}].parent`, message: `unknown period "${p.parent}"` });
  });
  d.marks.forEach((m, i) => {
    if (!subjects.has(m.subject)) out.push({ path: `marks[${i}].subject`, message: `unknown subject "${m.subject}"` });
    if (m.period !== undefined && !periods.has(m.period)) out.push({ path: `marks[${i}].period`, message: `unknown period "${m.period}"` });
  });
  const entries = [['homework', d.homework], ['schedule', d.schedule], ['reported', d.reported]] as const;
  for (const [name, items] of entries) {
    items?.forEach((e, i) => {
      if (!subjects.has(e.subject)) out.push({ path: `${name}[${i}].subject`, message: `unknown subject "${e.subject}"` });
    });
  }
  return out;
}

function safely<T>(run: () => ParseResult<T>, context: string): ParseResult<T> {
  try {
    return run();
  } catch (err) {
    // A validator bug must still surface as the typed error, never as a throw into a host page.
    return { ok: false, error: new TabelDataError([{ path: '', message: `unexpected validator failure: ${String(err)}` }], context) };
  }
}

/** Validates a whole `Diary`, reporting every bad field at once. */
export function parseDiary(input: unknown): ParseResult<Diary> {
  return safely(() => {
    const r = v.safeParse(diarySchema, input);
    if (!r.success) return { ok: false, error: new TabelDataError(issuesOf(r.issues), 'invalid diary') };
    const diary = r.output as Diary;
    const refs = referenceIssues(diary);
    if (refs.length) return { ok: false, error: new TabelDataError(refs, 'invalid diary') };
    return { ok: true, value: diary };
  }, 'invalid diary');
}

/** Validates a bare list of marks (what a widget's `marks` property takes). */
export function parseMarks(input: unknown): ParseResult<Mark[]> {
  return safely(() => {
    const r = v.safeParse(v.array(markSchema, 'expected a list of marks'), input);
    if (!r.success) return { ok: false, error: new TabelDataError(issuesOf(r.issues), 'invalid marks') };
    return { ok: true, value: r.output as Mark[] };
  }, 'invalid marks');
}
