import { POLICIES, policyInForce, policyNamed, policyProblems, type PolicyName, type RoundingPolicy } from './grades/policy';
import type { KeeperConfig, KeeperLimit } from './session/keeper';

/**
 * The user's settings: what the options page edits and the overlay and popup read. Pure data and
 * pure functions; the extension stores it (versioned, with migrations) through WXT storage.
 */
export interface Settings {
  language: 'ru' | 'en';
  /** A preset by name, or a school's own thresholds. */
  policy: { preset: PolicyName } | { custom: RoundingPolicy };
  /** Whether MESH «точки» count in averages. */
  countPoints: boolean;
  /** Target averages: per student id, per subject id; `*` is the student's default. */
  targets: Record<string, Record<string, number>>;
  notifications: boolean;
  /** No notifications between `from` and `to` (local time, HH:MM; may wrap past midnight); what comes then is told after. */
  quietHours: QuietHours;
  /** The session keeper: on/off and how long it keeps the session alive. */
  keeper: KeeperConfig;
}

export interface QuietHours {
  enabled: boolean;
  from: string;
  to: string;
}

/** v2 added quiet hours. */
export const SETTINGS_VERSION = 2;

export const DEFAULT_QUIET_HOURS: QuietHours = { enabled: true, from: '22:00', to: '07:00' };

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` (local time) falls in the quiet hours: from ≤ t < to, across midnight when from > to. */
export function inQuietHours(q: QuietHours, at: Date): boolean {
  if (!q.enabled || !HHMM.test(q.from) || !HHMM.test(q.to) || q.from === q.to) return false;
  const t = at.getHours() * 60 + at.getMinutes();
  const from = minutesOf(q.from);
  const to = minutesOf(q.to);
  return from < to ? t >= from && t < to : t >= from || t < to;
}

export const DEFAULT_SETTINGS: Settings = {
  language: 'ru',
  policy: { preset: 'standard' },
  countPoints: true,
  targets: {},
  notifications: true,
  quietHours: DEFAULT_QUIET_HOURS,
  keeper: { enabled: true, limit: { kind: 'always' } },
};

/** The rounding policy the settings choose; the standard one if a custom policy is broken. */
export function policyOf(s: Pick<Settings, 'policy'>): RoundingPolicy {
  return ('custom' in s.policy ? policyInForce(s.policy.custom) : policyNamed(s.policy.preset)) ?? POLICIES.standard;
}

/** The target average for a subject: its own, else the student's default, else none. */
export function targetFor(s: Pick<Settings, 'targets'>, studentId: string, subjectId: string): number | null {
  const t = s.targets[studentId];
  return t?.[subjectId] ?? t?.['*'] ?? null;
}

/** Fills in what an older or partial settings object lacks, and drops values that no longer make sense. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Settings>;
  const policy =
    r.policy && 'custom' in r.policy && !policyProblems(r.policy.custom).length
      ? r.policy
      : r.policy && 'preset' in r.policy && policyNamed(String(r.policy.preset))
        ? r.policy
        : DEFAULT_SETTINGS.policy;
  const targets: Settings['targets'] = {};
  for (const [student, bySubject] of Object.entries(r.targets ?? {})) {
    for (const [subject, t] of Object.entries(bySubject ?? {})) {
      if (typeof t === 'number' && t > 0 && t <= 100) (targets[student] ??= {})[subject] = t;
    }
  }
  return {
    language: r.language === 'en' ? 'en' : 'ru',
    policy,
    countPoints: typeof r.countPoints === 'boolean' ? r.countPoints : DEFAULT_SETTINGS.countPoints,
    targets,
    notifications: typeof r.notifications === 'boolean' ? r.notifications : DEFAULT_SETTINGS.notifications,
    quietHours: quietHoursOf(r.quietHours),
    keeper: keeperConfigOf(r.keeper),
  };
}

function quietHoursOf(raw: unknown): QuietHours {
  const q = (raw && typeof raw === 'object' ? raw : {}) as Partial<QuietHours>;
  return {
    enabled: typeof q.enabled === 'boolean' ? q.enabled : DEFAULT_QUIET_HOURS.enabled,
    from: typeof q.from === 'string' && HHMM.test(q.from) ? q.from : DEFAULT_QUIET_HOURS.from,
    to: typeof q.to === 'string' && HHMM.test(q.to) ? q.to : DEFAULT_QUIET_HOURS.to,
  };
}

function keeperConfigOf(raw: unknown): KeeperConfig {
  const k = (raw && typeof raw === 'object' ? raw : {}) as Partial<KeeperConfig>;
  const l = k.limit as Partial<KeeperLimit> | undefined;
  const limit: KeeperLimit =
    l?.kind === 'while-tab-open'
      ? { kind: 'while-tab-open' }
      : l?.kind === 'hours-after-visit' && typeof (l as { hours?: unknown }).hours === 'number' && (l as { hours: number }).hours > 0
        ? { kind: 'hours-after-visit', hours: (l as { hours: number }).hours }
        : { kind: 'always' };
  return { enabled: typeof k.enabled === 'boolean' ? k.enabled : true, limit };
}
