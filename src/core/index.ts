/**
 * Shared foundation: the error type, statistics and exact money helpers.
 *
 * @module core
 */
export { KpiInputError, MAX_ISSUES, type KpiInputErrorCode, type KpiIssue, type KpiPath } from './errors.js';
export type { Interval } from './result.js';
export { proportionInterval, quantile, quantiles, type ProportionCounts } from './stats/index.js';
export { KpiDecimal, ExactSum, sumExact, type MoneyInput } from './decimal.js';
