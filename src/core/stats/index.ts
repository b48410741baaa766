/**
 * Statistics shared by the metric families: the normal distribution, proportion intervals and
 * tests, and quantiles by selection.
 *
 * Public (re-exported by the package): {@link proportionInterval}, {@link quantile},
 * {@link quantiles} and their types. The rest is internal-grade (no input validation) and marked
 * `@internal`.
 *
 * @module core/stats
 */
export { normalCdf, normalQuantile, normalSurvival, twoSidedPValue, zForConfidence } from './normal.js';
export {
  newcombeInterval,
  proportionInterval,
  twoProportionZTest,
  wilsonInterval,
  type ProportionCounts,
  type ProportionIntervalInput,
  type ProportionIntervalOptions,
  type ProportionIntervalResult,
  type TwoProportionZTest,
} from './proportion.js';
export { quantile, quantiles, quantilesUnchecked, readPercentileList, type QuantilesUncheckedOptions } from './quantile.js';
