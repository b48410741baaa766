/**
 * Shared foundation: the error type, statistics and exact money helpers.
 *
 * @module core
 */
export {
  ACCUMULATOR_FORMAT,
  ACCUMULATOR_VERSION,
  type Accumulator,
  type AccumulatorFactory,
  type AccumulatorJSON,
  type InvalidRecord,
  type InvalidRecordsJSON,
  type JsonValue,
  type WithAccumulator,
} from './accumulator.js';
export { KpiInputError, MAX_ISSUES, type IssueSpec, type KpiInputErrorCode, type KpiIssue, type KpiPath } from './errors.js';
export { MAX_ARRAY_LENGTH, MAX_PATH_LENGTH } from './validate.js';
export type { Interval } from './result.js';
export {
  proportionInterval,
  quantile,
  quantiles,
  type ProportionCounts,
  type ProportionIntervalInput,
  type ProportionIntervalOptions,
  type ProportionIntervalResult,
} from './stats/index.js';
export { KpiDecimal, ExactSum, sumExact, toDecimal, type ExactSumJSON, type ExactSumOptions, type MoneyInput } from './decimal.js';
