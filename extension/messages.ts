import { browser } from 'wxt/browser';
import type { Diary, Student } from '../lib/model/types';
import type { SessionState } from '../lib/session/keeper';
import type { OverlayView } from './overlay-env';
import type { SchemaIssue, SourceErrorKind } from '../lib/sources/types';

/**
 * What the content scripts, popup and options ask the background for. The background is the one
 * place that talks to the diary with the user's session; the answers carry only diary data.
 */
/** `studentId` of a `tabel:overlay` request for "the child the diary showed last" (the background remembers it). */
export const LAST_STUDENT = '@last';

export type Request =
  | { type: 'tabel:students'; fresh?: boolean }
  | { type: 'tabel:diary'; studentId: string; fresh?: boolean }
  | { type: 'tabel:session' }
  /**
   * A diary page showed this child: the session keeper counts a visit, and the marks it showed
   * stop being new (the badge, the next visit's highlights); the page becomes "the child shown last".
   */
  | { type: 'tabel:visit'; studentId?: string }
  | { type: 'tabel:keeper-alarm' }
  | { type: 'tabel:check-now' }
  | { type: 'tabel:forget' }
  /** Everything the archive knows, one history diary per child (export, report, charts across years). */
  | { type: 'tabel:history'; studentId?: string }
  /** Diaries from an export file, already validated by the page; merged without removals. */
  | { type: 'tabel:import'; diaries: Diary[] }
  /**
   * What a diary page draws for a child (`LAST_STUDENT` at load, before the page shows one): the
   * lines of every period, for whichever the page turns out to show. The page asks for the whole
   * diary only if the panel needs it.
   */
  | { type: 'tabel:overlay'; studentId: string }
  /** "Delete all my data": the archive (the page clears extension storage itself). */
  | { type: 'tabel:delete-all' }
  /** Deletes one child's archive. */
  | { type: 'tabel:forget-student'; studentId: string };

/**
 * What a diary page's content script may ask: what its page draws (the overlay's view, this
 * year's diary of a child, one child's history for the panel's chart) and its visit. Everything
 * else — import, deletion, export of everything, the session, the test hooks — is for the
 * extension's own pages (popup, options, report).
 */
const PAGE_REQUESTS: ReadonlySet<string> = new Set(['tabel:overlay', 'tabel:diary', 'tabel:visit', 'tabel:history']);

/**
 * Whether a sender may make a request: our own extension, and for a content script (a sender on
 * a web page) only what its page draws; a history only of one child.
 */
export function mayAsk(sender: { id?: string; url?: string }, message: unknown, ownId: string, ownOrigin: string): boolean {
  if (sender.id !== ownId) return false;
  const type = (message as { type?: unknown })?.type;
  if (typeof type !== 'string') return false;
  if (sender.url?.startsWith(ownOrigin)) return true;
  if (!PAGE_REQUESTS.has(type)) return false;
  return type !== 'tabel:history' || typeof (message as { studentId?: unknown }).studentId === 'string';
}

export type HistoryAnswer = {
  ok: true;
  diaries: Diary[];
  /** Stored records a newer archive version could not read, set aside instead of lost (written into the JSON export). */
  quarantined?: unknown[];
} | Failure;
export type ImportAnswer = { ok: true; added: number; diaries: number } | Failure;

export interface Failure {
  ok: false;
  kind: SourceErrorKind | 'internal';
  /** Safe to show: never a token. */
  message: string;
}

export type Answer<T> = ({ ok: true; fetchedAt: string; issues: SchemaIssue[] } & T) | Failure;

export type StudentsAnswer = Answer<{ students: Student[]; asOf?: string }>;
/** Why an answer comes from Tabel's archive instead of the site. */
interface Offline {
  /** Set when the diary is Tabel's last known copy: when it was last fetched. */
  asOf?: string;
  /** Why the archive answered: the site's failure, or 'empty' for an empty grid. */
  offline?: SourceErrorKind | 'empty';
}
export type OverlayAnswer = Answer<{ view: OverlayView } & Offline>;
export type DiaryAnswer = Answer<
  {
    diary: Diary;
    /** Marks the archive saw for the first time in this fetch. */
    added?: number;
    /** The fetch could not be archived: the browser's storage is full, or the write failed. Nothing stored before is lost. */
    archive?: 'quota' | 'failed';
  } & Offline
>;

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
      : R extends { type: 'tabel:overlay' }
        ? OverlayAnswer
        : R extends { type: 'tabel:history' }
        ? HistoryAnswer
        : R extends { type: 'tabel:import' }
          ? ImportAnswer
          : { ok: true };

/** Whether an answer is a failure (every answer type may be one: the background can be gone). */
export const isFailure = (x: unknown): x is Failure => typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false;

/**
 * Asks the background. The answer is what the background answered or a `Failure`, and says so in
 * its type: a dead or missing background becomes a Failure with the reason, never a throw, and
 * never a failure dressed as another answer type.
 */
export async function ask<R extends Request>(request: R): Promise<AnswerOf<R> | Failure> {
  try {
    const answer: unknown = await browser.runtime.sendMessage(request);
    if (answer === undefined || answer === null) throw new Error('no answer');
    return answer as AnswerOf<R> | Failure;
  } catch (err) {
    return { ok: false, kind: 'internal', message: `Tabel background unavailable: ${String((err as Error)?.message ?? err)}` };
  }
}
