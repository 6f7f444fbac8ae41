import { periodOn } from '../grades/diary';
import { parseDiary, TabelDataError, type DataIssue } from '../model';
import type { Diary, Mark } from '../model/types';
import { dumpProblems, type ArchiveDump } from '../store/backup';

/**
 * Export files for a parent-teacher meeting, and the way back in. Pure: the extension's pages
 * turn the strings into downloads and read files into strings.
 *
 * - CSV that opens correctly in Excel: UTF-8 with a BOM (else Excel reads Cyrillic as cp1251),
 *   `;` between cells and a decimal comma in Russian (the separator Excel expects in a Russian
 *   locale), `,` and a dot in English; CRLF line ends; cells quoted when they must be, and text a
 *   spreadsheet would run as a formula defused.
 * - JSON in the documented data model (docs/data-model.md), one `Diary` per child, which
 *   `importFileOf` reads back after validating every diary.
 */

export type ExportLanguage = 'ru' | 'en';

/** The JSON export's wrapper. */
export interface ExportFile {
  format: 'tabel-export';
  /** 1: diaries only; 2: with `archive`, the backup that restores the archive exactly. */
  version: 1 | 2;
  exportedAt: string;
  /** Everything the archive knows of each child, in the data model: what a person or another program reads. */
  diaries: Diary[];
  /** Archive records no version of Tabel could read (set aside by an upgrade), as they were stored. */
  quarantined?: unknown[];
  /** The archive's stores as they are (first-seen dates, edits, removals, past figures): what an import restores. */
  archive?: ArchiveDump;
}

const BOM = '\ufeff';

const HEADERS: Record<ExportLanguage, string[]> = {
  ru: ['Ученик', 'Класс', 'Предмет', 'Дата', 'Оценка', 'Вес', 'Форма контроля', 'Период', 'Точка', 'Экзамен', 'Комментарий', 'Учитель'],
  en: ['Student', 'Class', 'Subject', 'Date', 'Mark', 'Weight', 'Control form', 'Period', 'Point', 'Exam', 'Comment', 'Teacher'],
};

/**
 * A cell a spreadsheet would run as a formula: its first character, after any white space (spaces,
 * NBSP, line breaks, ideographic space), is = + - @ or their full-width forms, or a tab or CR.
 */
const FORMULA = /^[\s\u00a0\u2000-\u200b\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]/;

/** Whether a spreadsheet could read a text as a formula (a plain number such as `-1` it reads as a number). */
export const formulaLike = (value: string): boolean => FORMULA.test(value) && !/^-?\d+([.,]\d+)?$/.test(value);

/** One CSV cell: quoted when it holds the separator, a quote or a line break; a formula made inert. */
export function csvCell(value: string, separator: string): string {
  // A teacher's comment starting with "=" must not become a formula in the parent's spreadsheet.
  const safe = formulaLike(value) ? `'${value}` : value;
  return safe.includes(separator) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const numberText = (n: number, lang: ExportLanguage) => (lang === 'ru' ? String(n).replace('.', ',') : String(n));

/** `2025-10-14` → `14.10.2025` in Russian (what Excel in a Russian locale reads as a date). */
const dateText = (iso: string, lang: ExportLanguage) => {
  const d = iso.slice(0, 10);
  return lang === 'ru' ? `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}` : d;
};

/** Every mark of every diary, one row each, in date order per child. */
export function csvOfDiaries(diaries: readonly Diary[], lang: ExportLanguage = 'ru'): string {
  const sep = lang === 'ru' ? ';' : ',';
  const yes = lang === 'ru' ? 'да' : 'yes';
  const rows: string[][] = [HEADERS[lang]];
  for (const d of diaries) {
    const subjects = new Map(d.subjects.map((s) => [s.id, s.name]));
    const periods = new Map(d.periods.map((p) => [p.id, p.name]));
    const byDate = d.marks.slice().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const periodName = (m: Mark) =>
      (m.period !== undefined ? periods.get(m.period) : undefined) ?? periodOn(d.periods, m.date.slice(0, 10))?.name ?? '';
    for (const m of byDate) {
      rows.push([
        d.student.name,
        d.student.className ?? '',
        subjects.get(m.subject) ?? m.subject,
        dateText(m.date, lang),
        typeof m.value === 'number' ? numberText(m.value, lang) : m.value,
        numberText(m.weight, lang),
        m.kind ?? '',
        periodName(m),
        m.isPoint ? yes : '',
        m.isExam ? yes : '',
        m.comment ?? '',
        m.teacher ?? '',
      ]);
    }
  }
  return BOM + rows.map((r) => r.map((c) => csvCell(c, sep)).join(sep)).join('\r\n') + '\r\n';
}

/** Reads a CSV written by `csvOfDiaries` (or any RFC 4180 CSV) back into rows; the BOM is dropped. */
export function rowsOfCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.startsWith(BOM) ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export function exportFileOf(
  diaries: readonly Diary[],
  now: Date = new Date(),
  quarantined: readonly unknown[] = [],
  archive?: ArchiveDump,
): ExportFile {
  const file: ExportFile = { format: 'tabel-export', version: archive ? 2 : 1, exportedAt: now.toISOString(), diaries: [...diaries] };
  if (quarantined.length) file.quarantined = [...quarantined];
  if (archive) file.archive = archive;
  return file;
}

export const jsonOfDiaries = (
  diaries: readonly Diary[],
  now: Date = new Date(),
  quarantined: readonly unknown[] = [],
  archive?: ArchiveDump,
): string => JSON.stringify(exportFileOf(diaries, now, quarantined, archive), null, 2);

/** A file bigger than this is not a diary export (five years of three children is about 15 MB). */
export const IMPORT_LIMIT = 64 * 1024 * 1024;

export type ImportResult = { ok: true; diaries: Diary[]; archive?: ArchiveDump } | { ok: false; error: TabelDataError };

/** Whether a file of this many bytes may be read at all: checked before its text is read into memory. */
export function importSizeProblem(bytes: number): TabelDataError | null {
  return bytes > IMPORT_LIMIT
    ? new TabelDataError([{ path: '', keys: [], message: `expected a diary export of at most ${IMPORT_LIMIT / 1024 / 1024} MB` }], 'Import')
    : null;
}

/**
 * Reads an export back: Tabel's own file, one `Diary`, or a list of them. Every diary is
 * validated against the data model; one bad diary rejects the whole file (nothing half-imported),
 * with every problem named by its path (`diaries[1].marks[12].weight: …`).
 */
export function importFileOf(text: string): ImportResult {
  const fail = (message: string, path = '') => ({
    ok: false as const,
    error: new TabelDataError([{ path, keys: path ? [path] : [], message }], 'Import'),
  });
  if (text.length > IMPORT_LIMIT) return fail(`expected a diary export of at most ${IMPORT_LIMIT / 1024 / 1024} MB`);
  let json: unknown;
  try {
    json = JSON.parse(text.startsWith(BOM) ? text.slice(1) : text);
  } catch {
    return fail('expected a JSON file');
  }
  const wrapped = json !== null && typeof json === 'object' && !Array.isArray(json) && 'diaries' in json;
  if (wrapped && (json as { format?: unknown }).format !== 'tabel-export') return fail('expected "tabel-export"', 'format');
  const list = wrapped ? (json as { diaries: unknown }).diaries : Array.isArray(json) ? json : [json];
  if (!Array.isArray(list)) return fail('expected a list of diaries', 'diaries');
  if (!list.length) return fail('expected at least one diary', wrapped ? 'diaries' : '');
  const diaries: Diary[] = [];
  const issues: DataIssue[] = [];
  const base = wrapped ? 'diaries' : Array.isArray(json) ? '' : null;
  list.forEach((item, i) => {
    const r = parseDiary(item);
    if (r.ok) diaries.push(r.value);
    else {
      const at = base === null ? '' : `${base}[${i}]`;
      const prefix = base === null ? [] : base ? [base, i] : [i];
      for (const issue of r.error.issues)
        issues.push({
          path: [at, issue.path].filter(Boolean).join(issue.path.startsWith('[') ? '' : '.'),
          keys: [...prefix, ...issue.keys],
          message: issue.message,
        });
    }
  });
  // A backup's stores are checked whole too: nothing of a file with one bad record is written.
  const archive = wrapped ? (json as { archive?: unknown }).archive : undefined;
  if (archive !== undefined) issues.push(...dumpProblems(archive));
  if (issues.length) return { ok: false, error: new TabelDataError(issues, 'Import') };
  return archive !== undefined ? { ok: true, diaries, archive: archive as ArchiveDump } : { ok: true, diaries };
}
