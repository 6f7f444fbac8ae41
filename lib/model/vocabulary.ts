/**
 * The data model's closed vocabularies, declared once: the types (lib/model/types.ts) and the
 * validator's checks and messages (lib/model/validate.ts) are derived from these lists.
 */

/** The scale a mark was given on. Averages are only ever taken within one scale. */
export const SCALES = ['five', 'ten', 'hundred', 'pass-fail'] as const;

/** What a period is. */
export const PERIOD_KINDS = ['year', 'half-year', 'trimester', 'quarter', 'module', 'other'] as const;

/** What a missed lesson was. */
export const ATTENDANCE_KINDS = ['absent', 'late', 'excused', 'sick'] as const;
