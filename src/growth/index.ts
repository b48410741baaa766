/**
 * Growth metrics: retention and churn (customers and revenue, from counts or customer records),
 * cohort retention, conversion and funnels, referral rate and the viral coefficient.
 *
 * @module growth
 */
export { KpiInputError } from '../core/errors.js';
export { type CustomerPeriodInput, type CustomerRecord } from './customer.js';
export type { Accumulator, AccumulatorFactory, AccumulatorJSON, WithAccumulator } from '../core/accumulator.js';
export { type PeriodAccumulatorOptions } from './period-records.js';
export {
  retentionRate,
  retentionRateAccumulator,
  type RetentionRateAccumulatorOptions,
  type RetentionRateCountsInput,
  type RetentionRateInput,
  type RetentionRateOptions,
  type RetentionRateResult,
} from './retention-rate.js';
export {
  churnRate,
  churnRateAccumulator,
  type ChurnRateAccumulatorOptions,
  type ChurnRateCountsInput,
  type ChurnRateInput,
  type ChurnRateMethod,
  type ChurnRateOptions,
  type ChurnRateResult,
} from './churn-rate.js';
export {
  revenueChurn,
  revenueChurnAccumulator,
  type RevenueChurnAccumulatorOptions,
  type RevenueChurnAmountsInput,
  type RevenueChurnInput,
  type RevenueChurnOptions,
  type RevenueChurnResult,
} from './revenue-churn.js';
export {
  revenueRetention,
  revenueRetentionAccumulator,
  type RevenueRetentionAccumulatorOptions,
  type RevenueRetentionAmountsInput,
  type RevenueRetentionInput,
  type RevenueRetentionOptions,
  type RevenueRetentionResult,
} from './revenue-retention.js';
export { conversionRate, type ConversionRateInput, type ConversionRateOptions, type ConversionRateResult } from './conversion-rate.js';
export { funnel, type FunnelInput, type FunnelOptions, type FunnelResult, type FunnelStage, type FunnelStageInput } from './funnel.js';
export { referralRate, type ReferralRateInput, type ReferralRateOptions, type ReferralRateResult } from './referral-rate.js';
export { viralCoefficient, type ViralCoefficientInput, type ViralCoefficientOptions, type ViralCoefficientResult } from './viral-coefficient.js';
export {
  MAX_COHORT_CELLS,
  cohortRetention,
  cohortRetentionAccumulator,
  type CohortRetentionInput,
  type CohortRetentionOptions,
  type CohortRetentionResult,
  type CohortRow,
} from './cohort-retention.js';
