import { browser } from 'wxt/browser';
import type { ArchiveDump } from '../lib/store/backup';
import type { Diary, Student } from '../lib/model/types';
import type { SessionState } from '../lib/session/keeper';
import type { OverlayView } from './overlay-env';
import type { Localized, PageRules, SchemaIssue, SourceErrorKind } from '../lib/sources/types';

/**
 * What the content scripts, popup, options and report ask the background, as one typed protocol:
 * each message's request and answer (`Protocol`), one handler per message in the background
 * (entrypoints/background.ts). The background is the one place that talks to the diaries with the
 * user's sessions; the answers carry only diary data.
 */

/** `studentId` of a `tabel:overlay` request for "the child the diary showed last" (the background remembers it). */
export const LAST_STUDENT = '@last';

export interface Failure {
  ok: false;
  kind: SourceErrorKind | 'internal';
  /** Safe to show: never a token. */
  message: string;
  /** The source's own word for a session-expired the user clears on the site (lib/sources/types.ts `SourceError.why`). */
  why?: 'security-warning';
}

export type Answer<T> = ({ ok: true; fetchedAt: string; issues: SchemaIssue[] } & T) | Failure;

/** One login as the screens show it: its system and region, in both languages. */
export interface AccountView {
  /** `system|host|person` (lib/sources/registry `accountKey`). */
  key: string;
  system: string;
  systemName: Localized;
  host: string;
  region: Localized;
  /** The system's marks page on the host, and where logging in starts. */
  links: { marks: string; login: string };
}

/** A child with the account it is seen through. */
export type ChildOf = Student & { account: string };

export type StudentsAnswer =
  | {
      ok: true;
      /** The accounts that answered (or whose archive did), each child once. */
      accounts: AccountView[];
      students: ChildOf[];
      issues: SchemaIssue[];
      fetchedAt: string;
      /** Set when the list comes from Tabel's archive, not from the site. */
      asOf?: string;
      /** The enabled hosts that could not tell their children, with why (a login missing on one is not a failure of all). */
      failed: Array<{ account: AccountView; failure: Failure }>;
    }
  | Failure;

/** Why an answer comes from Tabel's archive instead of the site. */
interface Offline {
  /** Set when the diary is Tabel's last known copy: when it was last fetched. */
  asOf?: string;
  /** Why the archive answered: the site's failure, or 'empty' for an empty grid. */
  offline?: SourceErrorKind | 'empty';
}

/**
 * What a diary page draws (`view`), or null for a page of the host that is not the diary, with its
 * system's page rules either way: the page's script knows no system and learns them here.
 */
export type OverlayAnswer = (Answer<{ view: OverlayView | null } & Offline> | (Failure & { view?: undefined })) & { pages?: PageRules };

export type DiaryAnswer = Answer<
  {
    diary: Diary;
    /** Marks the archive saw for the first time in this fetch. */
    added?: number;
    /** The fetch could not be archived: the browser's storage is full, or the write failed. Nothing stored before is lost. */
    archive?: 'quota' | 'failed';
  } & Offline
>;

export type HistoryAnswer =
  | {
      ok: true;
      diaries: Diary[];
      /** Stored records a newer archive version could not read, set aside instead of lost (written into the JSON export). */
      quarantined?: unknown[];
    }
  | Failure;
/** `conflicts`: marks and year marks the file had otherwise than the archive (the archive's kept, the file's set aside). */
export type ImportAnswer = { ok: true; added: number; diaries: number; conflicts: number } | Failure;
export type BackupAnswer = { ok: true; archive: ArchiveDump } | Failure;
export type Done = { ok: true } | Failure;

export interface SessionInfo {
  /** The session keeper's view (lib/session/keeper.ts). */
  state: SessionState;
  /** When the current diary token expires. */
  expiresAt: string | null;
  reason: string | null;
  renewals: number;
  enabled: boolean;
  /** A session the site's page holds («Сетевой город»): its end is the site's idle timeout, moved by each keep-alive. */
  page?: boolean;
  /** Why a page-held session stopped, where only the user can clear it on the site. */
  why?: 'security-warning';
}

/** The session of each enabled host whose system keeps one. */
export type SessionAnswer = { ok: true; sessions: Array<SessionInfo & { host: string; system: string }> } | Failure;

/** The systems and hosts Tabel knows, and which are on (the options page's «Дневники»). */
export type HostsAnswer =
  | {
      ok: true;
      systems: Array<{
        id: string;
        name: Localized;
        hosts: Array<{ host: string; region: Localized; builtIn: boolean; enabled: boolean; origins: string[] }>;
      }>;
    }
  | Failure;

/** The site of the tab the popup was opened on, when Tabel could be turned on there. */
export type SiteAnswer =
  | {
      ok: true;
      site: null | {
        system: string;
        name: Localized;
        host: string;
        /** The origins to ask the browser for, in the user's click. */
        origins: string[];
        /** In a system's list (else found by its page markers). */
        listed: boolean;
      };
    }
  | Failure;

/** Every message: its request's fields and its answer. */
export interface Protocol {
  'tabel:students': { request: { fresh?: boolean }; answer: StudentsAnswer };
  /** A child's diary this year; `account` from the popup and options, the page's host for a diary page. */
  'tabel:diary': { request: { studentId: string; account?: string; fresh?: boolean }; answer: DiaryAnswer };
  'tabel:session': { request: object; answer: SessionAnswer };
  /**
   * A diary page showed this child: the session keeper counts a visit, and the marks it showed
   * stop being new (the badge, the next visit's highlights); the page becomes "the child shown last".
   */
  'tabel:visit': { request: { studentId?: string }; answer: Done };
  /** The panel's inside (overlay-panel.js) put into the asking page script's own world, on the panel's first opening. */
  'tabel:load-panel': { request: object; answer: Done };
  /** Everything the archive knows, one history diary per child (export, report, charts across years). */
  'tabel:history': { request: { studentId?: string; account?: string }; answer: HistoryAnswer };
  /**
   * An export file, already validated by the page: its archive backup restored (the archive as it
   * was), or for a file without one its diaries merged without removals.
   */
  'tabel:import': { request: { diaries: Diary[]; archive?: ArchiveDump }; answer: ImportAnswer };
  /** The archive's stores as they are, for the JSON export (extension pages only). */
  'tabel:backup': { request: object; answer: BackupAnswer };
  /**
   * What a diary page draws for a child (`LAST_STUDENT` at load, before the page shows one): the
   * lines of every period, for whichever the page turns out to show. The page asks for the whole
   * diary only if the panel needs it.
   */
  'tabel:overlay': { request: { studentId: string; url: string }; answer: OverlayAnswer };
  /** "Delete all my data": the archive (the page clears extension storage itself). Fails, saying what is left, if it cannot. */
  'tabel:delete-all': { request: object; answer: Done };
  /** Deletes one child's archive. */
  'tabel:forget-student': { request: { studentId: string; account?: string }; answer: Done };
  'tabel:hosts': { request: object; answer: HostsAnswer };
  /** Whether the popup's tab is a diary Tabel is not on yet: a listed host not enabled, or one whose page carries a system's markers. */
  'tabel:site': { request: { tabId: number }; answer: SiteAnswer };
  /** Turns Tabel on for that site, once the popup has the browser's permission for it; reloads the tab. */
  'tabel:enable-site': { request: { tabId: number; system: string; host: string }; answer: Done };
}

/** Messages only a test build answers (`TABEL_TEST_HOOKS=1`): the same paths as the alarms, without waiting for them. */
export interface TestProtocol {
  'tabel:keeper-alarm': { request: object; answer: Done };
  'tabel:check-now': { request: object; answer: { ok: true; badge: number } | Failure };
  'tabel:forget': { request: object; answer: Done };
  /** The notifications the background created (headless Firefox shows none, so `notifications.getAll` stays empty). */
  'tabel:notified': { request: object; answer: { ok: true; ids: string[] } };
}

type All = Protocol & TestProtocol;
export type MessageType = keyof All;
export type RequestOf<K extends MessageType> = { type: K } & All[K]['request'];
export type Request = { [K in MessageType]: RequestOf<K> }[MessageType];
export type AnswerOf<R extends Request> = All[R['type']]['answer'];

/** Who sent a message, as the background sees it. */
export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

/** One handler per message: the background's whole surface, typed. */
export type Handlers<P> = {
  [K in keyof P]: (
    request: { type: K } & (P[K] extends { request: infer Q } ? Q : never),
    sender: Sender,
  ) => Promise<P[K] extends { answer: infer A } ? A : never>;
};

/**
 * What a diary page's content script may ask: what its page draws (the overlay's view, this
 * year's diary of a child, one child's history for the panel's chart) and its visit. Everything
 * else — import, deletion, export of everything, the session, the test hooks — is for the
 * extension's own pages (popup, options, report).
 */
const PAGE_REQUESTS: ReadonlySet<string> = new Set(['tabel:overlay', 'tabel:diary', 'tabel:visit', 'tabel:history', 'tabel:load-panel']);

/**
 * Whether a sender may make a request: our own extension, and for a content script (a sender on
 * a web page) only what its page draws; a history only of one child.
 */
export function mayAsk(sender: Sender, message: unknown, ownId: string, ownOrigin: string): boolean {
  if (sender.id !== ownId) return false;
  const type = (message as { type?: unknown })?.type;
  if (typeof type !== 'string') return false;
  if (sender.url?.startsWith(ownOrigin)) return true;
  if (!PAGE_REQUESTS.has(type)) return false;
  return type !== 'tabel:history' || typeof (message as { studentId?: unknown }).studentId === 'string';
}

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
