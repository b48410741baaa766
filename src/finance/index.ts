/**
 * Finance metrics with exact money: cost per resolution, customer acquisition cost, lifetime value,
 * LTV:CAC, CAC payback, revenue by stream and period (also as a mergeable accumulator, and its line
 * schema), net cash and free cash flow. Money comes in as `number | string | Decimal` and goes out as
 * `Decimal` (decimal.js), summed exactly.
 *
 * @module finance
 */
export { KpiInputError } from '../core/errors.js';
export type { Accumulator, AccumulatorFactory, AccumulatorJSON, WithAccumulator } from '../core/accumulator.js';
export {
  type CurrencyCode,
  type DecimalInput,
  type MoneyOrResult,
  type RateOrResult,
  type RoundOption,
  type RoundSetting,
  type RoundingModeName,
} from '../core/money.js';
export {
  costPerResolution,
  type CostLine,
  type CostPerResolutionBasis,
  type CostPerResolutionInput,
  type CostPerResolutionLinesInput,
  type CostPerResolutionOptions,
  type CostPerResolutionResult,
  type CostPerResolutionTotalInput,
} from './cost-per-resolution.js';
export {
  customerAcquisitionCost,
  type CustomerAcquisitionCostInput,
  type CustomerAcquisitionCostOptions,
  type CustomerAcquisitionCostResult,
} from './customer-acquisition-cost.js';
export {
  lifetimeValue,
  type ChurnLifetimeValueInput,
  type DiscountedLifetimeValueInput,
  type LifespanLifetimeValueInput,
  type LifetimeValueInput,
  type LifetimeValueMethod,
  type LifetimeValueOptions,
  type LifetimeValueResult,
} from './lifetime-value.js';
export { ltvToCac, type LtvToCacInput, type LtvToCacOptions, type LtvToCacResult } from './ltv-to-cac.js';
export { cacPaybackMonths, type CacPaybackMonthsInput, type CacPaybackMonthsOptions, type CacPaybackMonthsResult } from './cac-payback-months.js';
export { netCash, type NetCashInput, type NetCashOptions, type NetCashResult } from './net-cash.js';
export { freeCashFlow, type FreeCashFlowInput, type FreeCashFlowOptions, type FreeCashFlowResult } from './free-cash-flow.js';
export {
  revenue,
  revenueAccumulator,
  type RevenueAccumulatorOptions,
  type RevenueGrowth,
  type RevenueInput,
  type RevenueLine,
  type RevenueOptions,
  type RevenuePeriod,
  type RevenueResult,
  type RevenueStream,
} from './revenue.js';
