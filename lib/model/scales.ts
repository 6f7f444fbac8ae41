import type { Scale } from './types';

/** The scales a mark can be averaged on (pass-fail marks are text). */
export type NumericScale = Exclude<Scale, 'pass-fail'>;

/** Each numeric scale's range: what a mark on it may be, for the validator and the engine alike. */
export const SCALE_RANGE: Readonly<Record<NumericScale, readonly [number, number]>> = { five: [1, 5], ten: [1, 10], hundred: [0, 100] };
