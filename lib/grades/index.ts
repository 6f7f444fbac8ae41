/**
 * The Tabel grade engine: pure functions, no DOM, no extension APIs. Every comparison against a
 * threshold or target is exact (integers and BigInt rationals), never on floats.
 * See docs/grade-engine.md for the definitions.
 */
export { weightedAverage, averageOf, explainAverage } from './average';
export type { AverageResult, AverageExplanation } from './average';
export { trend } from './trend';
export type { TrendPoint } from './trend';
export {
  periodMark,
  periodMarkOf,
  reportedPeriodMark,
  thresholdFor,
  thresholdFractionFor,
  policyNamed,
  policyInForce,
  targetIn,
  policyProblems,
  POLICIES,
  DEFAULT_POLICY,
} from './policy';
export type { RoundingPolicy, PolicyName, Target } from './policy';
export { marksNeeded, marksTolerated, typicalWeight, whatIf } from './targets';
export type { NextMark, HypotheticalMark } from './targets';
export { tally, tallyAverage, exclusionOf, numericValueOf } from './tally';
export { SCALE_RANGE } from '../model/scales';
export type { Tally, CountOptions, ExclusionReason, MarkLike, NumericScale } from './tally';
export { marksInPeriod, periodOn, currentPeriod, periodChosen, subjectSummaries, overallAverage } from './diary';
export { averageDigits, formatAverage } from './format';
export type { SubjectSummary, SummaryOptions, OverallAverage } from './diary';
export { decimalFraction, compare, toNumber, toFixedExact } from './fraction';
export type { Fraction } from './fraction';
