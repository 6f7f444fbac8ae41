import type { Common } from './i18n';
import type average from '../average/average.strings';
import type gradeTable from '../grade-table/grade-table.strings';
import type chart from '../progress-chart/progress-chart.strings';
import type summary from '../summary/summary.strings';
import type target from '../target/target.strings';

/**
 * The English strings of every element, a chunk of their own: fetched only when an element shows
 * English (see `loadStrings`). Each key is the `en` key of an element's strings.
 */
export const en = {
  common: {
    error: 'Could not show the data.',
    loading: 'Loading…',
    empty: 'No data.',
    noMarks: 'No marks',
    noSubject: (x) => `No subject "${x}".`,
    noPeriod: (x) => `No period "${x}".`,
    noPolicy: (x) => `Unknown rule "${x}" (known: standard, point6, point7).`,
    allTime: 'all marks',
    marks: ['mark', 'marks'],
    from: 'from',
    weight: 'weight',
    average: 'Average',
    periodMark: 'Period mark',
    marksOfPeriod: 'mean of period marks',
    isNew: 'new',
    none: 'none',
    newMarks: (d) => `New marks since ${d}`,
    target: 'Target',
    subject: 'Subject',
    weightUnknown: 'weight not given',
    approximate: "Approximate: the site does not show the marks' weights, so each mark counts once.",
  } satisfies Common,
  average: {
    allSubjects: 'All subjects',
    how: 'How it was calculated',
    formula: 'Σ (mark × weight) / Σ weights',
    subjectsMean: 'Mean of the subject averages',
    counted: 'Counted',
    excluded: 'Left out',
    reasons: { 'non-numeric': 'not a number', 'other-scale': 'another scale', point: 'provisional', 'bad-weight': 'bad weight' },
  } satisfies (typeof average)['ru'],
  gradeTable: {
    marksCol: 'Marks',
    avgCol: 'Average',
    toTarget: 'To target',
    sort: 'sort',
    weightLegend: "small number: the mark's weight",
  } satisfies (typeof gradeTable)['ru'],
  chart: {
    table: 'Data table',
    date: 'Date',
    overTime: 'average over time',
  } satisfies (typeof chart)['ru'],
  summary: {
    below: (t) => `Below target (${t})`,
    absences: 'Absences and lates',
    attendance: { sick: 'ill', excused: 'excused', absent: 'unexcused', late: 'late' },
  } satisfies (typeof summary)['ru'],
  target: {
    ownAverage: 'an average of my own',
    counting: 'Counting marks of',
    now: 'Now',
    withWhatIf: 'With the what-if marks',
    reached: (t) => `Target ${t} reached.`,
    needed: (n, what, t) => `${n} more ${what} needed for ${t}.`,
    unreachable: (what, t) => `Unreachable: ${what} cannot lift the average to ${t}.`,
    noThreshold: 'Unreachable: the rule gives no such mark.',
    tolerated: (n, what, t) => `${n} ${what} can still come without losing ${t}.`,
    toleratedNone: (what, t) => `A single ${what} would drop below ${t}.`,
    withMarks: (v) => `marks of ${v}`,
    whatIf: 'What if',
    add: 'Add',
    remove: 'Remove',
    mark: 'Mark',
    markNames: { 5: ['five', 'fives'], 4: ['four', 'fours'], 3: ['three', 'threes'], 2: ['two', 'twos'] },
    one: { 5: 'five', 4: 'four', 3: 'three', 2: 'two' },
    oneOf: (v) => `mark of ${v}`,
    markOf: (v) => [`mark of ${v}`, `marks of ${v}`],
    withWeight: (w) => ` (weight ${w})`,
  } satisfies (typeof target)['ru'],
};
