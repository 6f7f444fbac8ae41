/**
 * The Tabel grade engine: pure functions, no DOM, no extension APIs. Every comparison against a
 * threshold or target is exact (integers and BigInt rationals), never on floats.
 * See docs/grade-engine.md for the definitions.
 */
export { weightedAverage, averageOf, explainAverage, whatIf, trend } from './average';
export type { AverageResult, AverageExplanation, HypotheticalMark, TrendPoint } from './average';
export {
  periodMark,
  periodMarkOf,
  thresholdFor,
  thresholdFractionFor,
  policyNamed,
  policyInForce,
  policyProblems,
  POLICIES,
  DEFAULT_POLICY,
} from './policy';
export type { RoundingPolicy, PolicyName } from './policy';
export { marksNeeded, marksTolerated, typicalWeight, targetIn } from './targets';
export type { NextMark, Target } from './targets';
export { tally, tallyAverage, exclusionOf, numericValueOf } from './tally';
export { SCALE_RANGE } from '../model/scales';
export type { Tally, CountOptions, ExclusionReason, MarkLike, NumericScale } from './tally';
export { marksInPeriod, periodOn, currentPeriod, periodChosen, subjectSummaries, overallAverage } from './diary';
export { averageDigits, formatAverage } from './format';
export type { SubjectSummary, SummaryOptions, OverallAverage } from './diary';
export { decimalFraction, compare, toNumber, toFixedExact } from './fraction';
export type { Fraction } from './fraction';
