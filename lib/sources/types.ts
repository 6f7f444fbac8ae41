import type { Diary, Student } from '../model/types';
import type { RenewFailure } from '../session/keeper';

/**
 * The contract every diary source (MESH now; Сетевой город, Eljur, Dnevnik.ru later) fulfils.
 * System specifics stay inside lib/sources/<system>/; everything downstream sees only the model.
 */

/** Why a call to a diary system failed. */
export type SourceErrorKind =
  /** 401/403: the user's session is gone or expired; only a (silent or real) login helps. */
  | 'session-expired'
  /** 502/503/504 or a "технические работы" page: the site is down, try later. */
  | 'site-down'
  /** Any other HTTP status. */
  | 'http'
  /** No answer at all (DNS, TLS, connection reset, offline). */
  | 'network'
  | 'timeout'
  /** The body was not the JSON the endpoint should return. */
  | 'bad-json'
  /** The JSON's shape changed so much that nothing usable came through (see `issues`). */
  | 'schema';

/** A field the source expected and did not find (schema drift), named by endpoint and JSON path. */
export interface SchemaIssue {
  /** e.g. `/api/family/web/v1/marks` */
  endpoint: string;
  /** e.g. `payload[3].weight` */
  path: string;
  /** e.g. `missing`, `expected a number` */
  message: string;
}

/** The one error type sources throw or return; never anything untyped. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
  constructor(
    readonly kind: SourceErrorKind,
    readonly endpoint: string,
    message: string,
    readonly status?: number,
    readonly issues: readonly SchemaIssue[] = [],
    /** What only the user can clear on the site itself (its security-warning page): said apart from a plain logout. */
    readonly why?: 'security-warning',
  ) {
    super(`${endpoint}: ${message}`);
  }
}

/**
 * A part of a read that failed, as an issue against its endpoint (the diary is kept without it):
 * the typed error's kind and message, or the error's text.
 */
export const failureIssue = (endpoint: string, err: unknown, path = ''): SchemaIssue => ({
  endpoint,
  path,
  message: err instanceof SourceError ? `${err.kind}: ${err.message}` : String(err),
});

/** Data that came through, with what did not (partial results are the rule under drift). */
export interface SourceResult<T> {
  value: T;
  issues: SchemaIssue[];
}

/** Inclusive `YYYY-MM-DD` days. */
export interface DayRange {
  from: string;
  to: string;
}

export interface FetchOptions {
  /**
   * Marks and attendance from this day on only: the caller knows the days before (Tabel's
   * archive), so an ordinary page load asks only for the recent window. Default: the whole year.
   */
  since?: string;
  /** Whether to read finished years' year marks (a request per year); the caller may have them. Default true. */
  pastYears?: boolean;
}

/** A diary as read, with the days it is complete for: marks and attendance of other days are not in it, whether or not they exist. */
export interface DiaryFetch extends SourceResult<Diary> {
  covered: { marks: DayRange[]; attendance: DayRange[] };
}

export interface DiarySourceAdapter {
  /** e.g. "mesh" — also `Diary.source.system`. */
  readonly system: string;
  /** The students this account sees (the children of a parent, or the student themself), and who is logged in. */
  listStudents(): Promise<SourceResult<Student[]> & { person?: string }>;
  /**
   * One student's diary for the current school year (or the days `options.since` leaves). A part
   * that could not be read is an issue and missing from `covered`, not a rejection. Rejects only
   * with `SourceError`.
   */
  fetchDiary(studentId: string, options?: FetchOptions): Promise<DiaryFetch>;
}

/** A text in both of Tabel's languages. */
export interface Localized {
  ru: string;
  en: string;
}

/**
 * Which pages of a diary host are the diary, and which one is the marks page, by URL only (what a
 * page shows is read from its content: lib/anchor). Plain data: the background sends it to the
 * diary page's script, which knows no system.
 */
export interface PageRules {
  /** Path prefixes of the diary's own pages: where the overlay may draw. */
  diary: readonly string[];
  /**
   * The marks page (all subjects side by side): its path prefixes, and query parameters that make
   * it another page. `shows: 'week'` is a week diary (each day's lessons with their marks, one
   * subject on several days): its rows show a week of a period, so the period is told by the dates
   * the page shows, not by how the rows' marks fit a period's.
   */
  marks: {
    paths: readonly string[];
    without?: readonly string[];
    shows?: 'period' | 'week';
    /**
     * Where the page's URL names the period it shows (ЭлЖур's `…/sp.I+четверть`): a regular
     * expression whose first group is the period's name. A hint tried first; the page's content
     * decides without it, or when it names no period the diary has.
     */
    periodInUrl?: string;
  };
}

/** One host a diary system runs on: Moscow's, or a region's. */
export interface DiaryHost {
  /** e.g. `school.mos.ru`, `authedu.mosreg.ru` */
  host: string;
  /** Who runs it, as a user names it: «Москва», «Московская область». */
  region: Localized;
  /** The time zone its school days are in (the day a mark is "new", the current period). */
  timeZone: string;
  /**
   * In the manifest's host permissions (Moscow) or enabled by the user at run time (a regional
   * node: asked for when the user turns it on, never at install).
   */
  builtIn: boolean;
  /** Other hosts its login chain and logout signals live on (the city's or the region's SSO, ЕСИА). */
  loginHosts: readonly string[];
}

/** A token's expiry and issue time, in ms; read from its cookie, never kept. */
export interface TokenTimes {
  exp: number;
  iat: number | null;
}

export type RenewOutcome =
  { ok: true; exp: number; iat: number | null; requests: number } | { ok: false; why: RenewFailure; requests: number };

export interface RenewDeps {
  /** A fetch that carries and stores the browser's cookies (the extension's own, with host permissions). */
  fetch: typeof fetch;
  /** The diary token's times as the cookie jar now holds them; null without one. */
  tokenTimes(): Promise<TokenTimes | null>;
  /** Meta-refresh hops before the chain counts as a loop. */
  maxHops?: number;
  now?: () => number;
}

/**
 * How a system's session is kept alive with the browser's own cookies. The session keeper's state
 * machine (lib/session/keeper.ts) decides when; this says how, and what the signals are.
 */
export interface SessionStrategy {
  /** The cookie on the diary host that holds the diary token. */
  tokenCookie: string;
  /** The token's times from the cookie's value (never stored); null when it is not a token. */
  tokenTimes(value: string): TokenTimes | null;
  /** Cookies whose removal (not an overwrite, not a natural expiry) is the user logging out. */
  logoutCookies(host: string): ReadonlyArray<{ host: string; name: string }>;
  /** The silent renewal through the host's own login chain. */
  renew(host: string, deps: RenewDeps, previousExp: number | null): Promise<RenewOutcome>;
}

/** What a call that keeps a page-held session alive answered. */
export type PageSessionOutcome =
  | { ok: true; /** How long the session has left, ms, as the site says; null when it does not. */ msLeft: number | null }
  | { ok: false; why: 'logged-out' | 'security-warning' | 'site-down' | 'network' };

/**
 * A session the site's own page holds (its token in the page, «Сетевой город»): kept alive by the
 * site's own keep-alive call, made only while a diary tab of the host is open and within the
 * user's limit — never a login, never beyond what the user allowed.
 */
export interface PageSessionStrategy {
  keepAlive(host: string, access: SourceAccess): Promise<PageSessionOutcome>;
  /** How long the session has left, ms, asked without extending it (for the popup); null when it cannot be told. */
  lifetime(host: string, access: SourceAccess): Promise<number | null>;
}

/** What a system's own figures and labels are like. */
export interface SystemRules {
  /** How the system labels a school year in its year marks ("2025-2026"), from the year's first and last day. */
  schoolYearLabel(start: string, end: string): string;
  /** Whether its marks carry weights (without them, every mark weighs 1 and the screens say so). */
  weights: boolean;
  /** Whether it reports an average of its own per subject, and whether that counts «точки» (null: not known). */
  ownAverage: { reported: boolean; countsPoints: boolean | null };
}

/** What a source may use of the browser: its fetch (with the user's cookies), its clock, and the cookie jar (read for a request, never kept). */
export interface SourceAccess {
  fetch?: typeof fetch;
  now?: () => Date;
  /** A cookie's value on the source's host, or null. */
  cookie?(name: string): Promise<string | null>;
  /**
   * A value the diary's own page holds in its main world (`appContext.at`, «Сетевой город»'s
   * token), read from an open tab of the host for a request and never kept; null without one.
   */
  pageValue?(path: string): Promise<string | null>;
}

/**
 * Everything about one diary system, in its folder lib/sources/<system>/, listed by the registry
 * (lib/sources/registry.ts). Nothing outside lib/sources/ knows a system's hosts, cookies, pages,
 * labels or rules: it asks this. How to add one: docs/systems.md.
 */
export interface DiarySystem {
  /** e.g. `mesh`, `moya-shkola`; also `Diary.source.system` of what its source reads. */
  id: string;
  name: Localized;
  hosts: readonly DiaryHost[];
  pages: PageRules;
  links: {
    /** The marks page on a host. */
    marks(host: string): string;
    /** Where logging in starts on a host (with the SSO alive it lands on the diary). */
    login(host: string): string;
  };
  /** How its session is kept alive; null where Tabel keeps none (the site's own keeper does). */
  session: SessionStrategy | null;
  /** For a session the page holds: the site's own keep-alive, made while a diary tab is open. */
  pageSession?: PageSessionStrategy;
  rules: SystemRules;
  /**
   * How its pages are known on a host that is not in its list (a region's install nobody listed):
   * page globals (dotted paths) any of which marks one of its pages. Read only on the page the user
   * is on, when the user opens Tabel's popup there.
   */
  markers?: { globals: readonly string[] };
  /** Its source adapter for one host, reading with the browser's own session. */
  source(host: string, access?: SourceAccess): DiarySourceAdapter;
}

/**
 * One login: a system on a host, and the person logged in (a parent or a student). A family can
 * have a child on MESH and another on a regional node, or two parents' logins.
 */
export interface AccountRef {
  system: string;
  host: string;
  /** The system's id of the person logged in; '' for an archive from before Tabel told logins apart. */
  person: string;
}
