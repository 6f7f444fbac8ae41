import { browser } from 'wxt/browser';
import type { Diary, Student } from '../lib/model/types';
import type { SessionState } from '../lib/session/keeper';
import type { PrecomputedLines } from './overlay-env';
import type { SchemaIssue, SourceErrorKind } from '../lib/sources/types';

/**
 * What the content scripts, popup and options ask the background for. The background is the one
 * place that talks to the diary with the user's session; the answers carry only diary data.
 */
/** `studentId` of a `tabel:diary` request for "the child the diary showed last" (the background remembers it). */
export const LAST_STUDENT = '@last';

export type Request =
  | { type: 'tabel:students'; fresh?: boolean }
  | { type: 'tabel:diary'; studentId: string; fresh?: boolean }
  | { type: 'tabel:session' }
  | { type: 'tabel:visit' }
  | { type: 'tabel:keeper-alarm' }
  | { type: 'tabel:check-now' }
  | { type: 'tabel:forget' }
  /** Everything the archive knows, one history diary per child (export, report, charts across years). */
  | { type: 'tabel:history'; studentId?: string }
  /** Diaries from an export file, already validated by the page; merged without removals. */
  | { type: 'tabel:import'; diaries: Diary[] }
  /** The overlay's lines for the period a page shows (by its title), when they are not the ones that came with the diary. */
  | { type: 'tabel:lines'; studentId: string; shownPeriod: string | null; today: string }
  /** "Delete all my data": the archive (the page clears extension storage itself). */
  | { type: 'tabel:delete-all' }
  /** Deletes one child's archive. */
  | { type: 'tabel:forget-student'; studentId: string };

export type LinesAnswer = { ok: true; lines: PrecomputedLines } | Failure;
export type HistoryAnswer = { ok: true; diaries: Diary[] } | Failure;
export type ImportAnswer = { ok: true; added: number; diaries: number } | Failure;

export interface Failure {
  ok: false;
  kind: SourceErrorKind | 'internal';
  /** Safe to show: never a token. */
  message: string;
}

export type Answer<T> = ({ ok: true; fetchedAt: string; issues: SchemaIssue[] } & T) | Failure;

export type StudentsAnswer = Answer<{ students: Student[]; asOf?: string }>;
export type DiaryAnswer = Answer<{
  diary: Diary;
  /** Set when the diary comes from Tabel's archive instead of the site: when it was last fetched. */
  asOf?: string;
  /** Why the archive answered: the site's failure, or 'empty' for an empty grid. */
  offline?: SourceErrorKind | 'empty';
  /** Marks the archive saw for the first time in this fetch. */
  added?: number;
  /** The overlay's per-subject lines for the period a page opens on, computed by the background (warm code) for a loading page. */
  lines?: PrecomputedLines;
  /** The fetch could not be archived: the browser's storage is full, or the write failed. Nothing stored before is lost. */
  archive?: 'quota' | 'failed';
}>;

export interface SessionInfo {
  /** The session keeper's view (lib/session/keeper.ts). */
  state: SessionState;
  /** When the current diary token expires. */
  expiresAt: string | null;
  reason: string | null;
  renewals: number;
  enabled: boolean;
}

export type AnswerOf<R extends Request> = R extends { type: 'tabel:students' }
  ? StudentsAnswer
  : R extends { type: 'tabel:diary' }
    ? DiaryAnswer
    : R extends { type: 'tabel:session' }
      ? SessionInfo
      : R extends { type: 'tabel:lines' }
        ? LinesAnswer
        : R extends { type: 'tabel:history' }
        ? HistoryAnswer
        : R extends { type: 'tabel:import' }
          ? ImportAnswer
          : { ok: true };

/** Asks the background; a dead or missing background becomes a Failure, never a throw. */
export async function ask<R extends Request>(request: R): Promise<AnswerOf<R>> {
  try {
    const answer = await browser.runtime.sendMessage(request);
    if (answer === undefined) throw new Error('no answer');
    return answer as AnswerOf<R>;
  } catch (err) {
    return { ok: false, kind: 'internal', message: `Tabel background unavailable: ${String((err as Error)?.message ?? err)}` } as AnswerOf<R>;
  }
}
