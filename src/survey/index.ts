/**
 * Survey metrics: CSAT, ESAT, CES, NPS, eNPS, sentiment, and comparisons of two periods.
 *
 * @module survey
 */
export {
  nps,
  npsAccumulator,
  type NpsInput,
  type NpsResponsesInput,
  type NpsCountsInput,
  type NpsOptions,
  type NpsResult,
  type NpsIntervalMethod,
} from './nps.js';
export { enps, enpsAccumulator, type EnpsInput, type EnpsOptions, type EnpsResult } from './enps.js';
export {
  csat,
  csatAccumulator,
  type CsatInput,
  type CsatResponsesInput,
  type CsatCountsInput,
  type CsatTotalsInput,
  type CsatOptions,
  type CsatResult,
  type CsatFunction,
  type CsatTicket,
  type CsatTicketsInput,
  type CsatTicketsOptions,
  type CsatTicketsResult,
  type CsatTicketsAccumulatorFactory,
} from './csat.js';
/** The ticket timestamp fields (also exported by `kpi-kit/support`): the `at` of `byPeriod(csat, tickets, ...)`. */
export type { TicketTimestampField } from '../records/tickets.js';
export { esat, esatAccumulator, type EsatInput, type EsatOptions, type EsatResult } from './esat.js';
export { ces, cesAccumulator, type CesInput, type CesResponsesInput, type CesCountsInput, type CesOptions, type CesResult, type CesDirection } from './ces.js';
export {
  sentimentScore,
  type SentimentInput,
  type SentimentCountsInput,
  type SentimentLabelsInput,
  type SentimentLabel,
  type SentimentOptions,
  type SentimentResult,
  type SentimentWeights,
} from './sentiment-score.js';
export {
  compareProportions,
  type CompareProportionsInput,
  type CompareProportionsOptions,
  type CompareProportionsResult,
  type ProportionSide,
  type SatisfiedCounts,
  type SatisfiedTotals,
} from './compare-proportions.js';
export { compareNps, type CompareNpsInput, type CompareNpsOptions, type CompareNpsResult } from './compare-nps.js';
export type { BinaryRating, NumericScale, ScaleName, ScaleOption, ScoreCount } from './scale.js';
export type { Accumulator, AccumulatorFactory, AccumulatorJSON } from '../core/accumulator.js';
export { KpiInputError, type KpiInputErrorCode, type KpiIssue, type KpiPath } from '../core/errors.js';
export type { Interval } from '../core/result.js';
