/**
 * Revenue retention: gross (GRR) and net (NRR).
 *
 * @module
 */
import { type KpiDecimal, type MoneyInput } from '../core/decimal.js';
import { type CurrencyCode, freezeResult } from '../core/money.js';
import { type AccumulatorFactory, type WithAccumulator, accumulatorFactory, withAccumulator } from '../core/accumulator.js';
import { type CustomerPeriodInput, type CustomerRecord } from './customer.js';
import { type PeriodAccumulatorOptions, type PeriodSettings, periodKernel, periodOptionsEcho, readPeriodAccumulatorOptions } from './period-records.js';
import { type MrrField, type MrrMovements, rateOf, recordMovements, runMrrMetric } from './revenue-churn.js';

/** The amounts form of the input of {@link revenueRetention}: the MRR movements of one period, exact amounts. */
export interface RevenueRetentionAmountsInput {
  /** Monthly recurring revenue at the start of the period (≥ 0). */
  readonly startingMrr: MoneyInput;
  /** MRR lost with customers who cancelled (≥ 0). */
  readonly churnedMrr: MoneyInput;
  /** MRR lost by downgrades of remaining customers (≥ 0). */
  readonly contractionMrr: MoneyInput;
  /** MRR gained by upgrades of existing customers (≥ 0). Default 0. */
  readonly expansionMrr?: MoneyInput;
  /**
   * MRR regained from customers who had churned and came back (≥ 0), as `revenueChurn` takes it:
   * it raises NRR, not GRR. Default 0.
   */
  readonly reactivationMrr?: MoneyInput;
  /** ISO 4217 code of the amounts, echoed in the result. Optional. */
  readonly currency?: CurrencyCode | null;
}

/**
 * The input of {@link revenueRetention}: the MRR movements of one period, or customer records (each
 * active at `periodStart` with its `mrr`) with the period's start and end snapshots.
 */
export type RevenueRetentionInput = RevenueRetentionAmountsInput | CustomerPeriodInput;

/** Options of {@link revenueRetention}. */
export interface RevenueRetentionOptions {
  /**
   * Record form only: IANA time zone in which timestamps without a zone (`"2024-05-01"`) are read.
   * Default `'UTC'`.
   */
  readonly timeZone?: string;
}

/** Options of {@link revenueRetentionAccumulator}: the period's snapshots and `timeZone`. */
export type RevenueRetentionAccumulatorOptions = PeriodAccumulatorOptions;

/** The result of {@link revenueRetention}. */
export interface RevenueRetentionResult {
  /** Gross revenue retention (the same as `gross`); `null` (with a `reason`) when startingMrr is 0. */
  readonly value: number | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  /** GRR = (start − churned − contraction) / start, in [0, 1]; `null` when startingMrr is 0. */
  readonly gross: number | null;
  /**
   * NRR = (start − churned − contraction + expansion + reactivation) / start, ≥ 0 and above 1
   * when the gains outweigh the losses; `null` when startingMrr is 0.
   */
  readonly net: number | null;
  readonly startingMrr: KpiDecimal;
  readonly churnedMrr: KpiDecimal;
  readonly contractionMrr: KpiDecimal;
  readonly expansionMrr: KpiDecimal;
  readonly reactivationMrr: KpiDecimal;
  /** start − churned − contraction, exact: the MRR kept from the starting customers. */
  readonly retainedMrr: KpiDecimal;
  /** start − churned − contraction + expansion + reactivation, exact: the starting customers' MRR at the end. */
  readonly endingMrr: KpiDecimal;
  /** The currency of the amounts (the input's `currency`, or the customers' `currency`), when given; else `null`. */
  readonly currency: CurrencyCode | null;
}

const AMOUNT_FIELDS: readonly MrrField[] = ['startingMrr', 'churnedMrr', 'contractionMrr', 'expansionMrr', 'reactivationMrr'];

function finish(m: MrrMovements): RevenueRetentionResult {
  const retainedMrr = m.startingMrr.minus(m.churnedMrr).minus(m.contractionMrr);
  const endingMrr = retainedMrr.plus(m.expansionMrr).plus(m.reactivationMrr);
  const rawGross = rateOf(retainedMrr, m.startingMrr);
  const gross = rawGross === null ? null : Math.min(rawGross, 1);
  return freezeResult({
    value: gross,
    reason: gross === null ? 'no starting MRR: the revenue retention rate is undefined' : null,
    gross,
    net: rateOf(endingMrr, m.startingMrr),
    startingMrr: m.startingMrr,
    churnedMrr: m.churnedMrr,
    contractionMrr: m.contractionMrr,
    expansionMrr: m.expansionMrr,
    reactivationMrr: m.reactivationMrr,
    retainedMrr,
    endingMrr,
    currency: m.currency,
  });
}

function kernel(settings: PeriodSettings) {
  return periodKernel('revenueRetention', periodOptionsEcho(settings, {}), settings, true, (t, currency) => finish(recordMovements(t, currency)));
}

/**
 * Mergeable accumulator of the record form of {@link revenueRetention}, with the contract shared
 * by every accumulator of kpi-kit (`create`, `add`, `addAll`, `merge`, `result`, `toJSON`,
 * `fromJSON`; also `revenueRetention.accumulator`). The period's snapshots are options; its state
 * is that of `revenueChurnAccumulator`: four counts, two exact sums (decimal strings in JSON) and
 * the first record of each currency code. Its result equals `revenueRetention({ customers,
 * periodStart, periodEnd }, { timeZone })` over every record added and merged, in any split and
 * order, through JSON or not.
 *
 * Options are normalised (`periodStart` and `periodEnd` as epoch ms, `timeZone` `'UTC'` by
 * default) and travel in `toJSON()`, so `fromJSON(json)` takes the state alone.
 *
 * @throws {@link KpiInputError} from `create` when `periodStart` or `periodEnd` is missing or
 *   invalid, periodEnd is before periodStart, or an option is unknown; from `result()` when a
 *   record was invalid (a customer active at periodStart without `mrr` included) or the currency
 *   codes differ, as `revenueRetention` throws it; from `merge` (`'incompatible'`) when the other
 *   accumulator was made with other options; from `fromJSON` when the state is not a valid one.
 * @see docs/metrics.md#growth-accumulators
 *
 * @example
 * ```ts
 * import { revenueRetentionAccumulator } from 'kpi-kit';
 *
 * const options = { periodStart: '2024-04-01', periodEnd: '2024-07-01' };
 * const a = revenueRetentionAccumulator.create(options).add({ startedAt: '2024-01-15', mrr: '80.00' });
 * const b = revenueRetentionAccumulator.create(options).add({ startedAt: '2024-02-01', endedAt: '2024-05-10', mrr: 20 }, 1);
 * a.merge(revenueRetentionAccumulator.fromJSON(JSON.parse(JSON.stringify(b)))).result().value; // 0.8
 * ```
 */
export const revenueRetentionAccumulator: AccumulatorFactory<RevenueRetentionAccumulatorOptions, RevenueRetentionResult, CustomerRecord> =
  /* @__PURE__ */ accumulatorFactory('revenueRetention', (options, fn) => kernel(readPeriodAccumulatorOptions(fn, options, []).settings));

/**
 * Revenue retention of a period: which share of the monthly recurring revenue (MRR) at its start
 * the same customers still bring at its end. Gross revenue retention (GRR) counts only losses and
 * so never exceeds 1; net revenue retention (NRR) adds the expansion of existing customers and
 * exceeds 1 when upgrades outweigh cancellations and downgrades. MRR regained from customers who
 * had churned and came back (`reactivationMrr`) counts in NRR, as expansion does, and not in GRR
 * — as ChartMogul's net MRR retention and net MRR churn rate count it.
 *
 * Formulas: GRR = (starting MRR − churned − contraction) / starting MRR, capped at 1 (with
 * non-negative movements it cannot exceed 1); NRR = (starting MRR − churned − contraction +
 * expansion + reactivation) / starting MRR. `value` is GRR. GRR = 1 − gross `revenueChurn` and
 * NRR = 1 − net `revenueChurn` for the same movements. Leave `reactivationMrr` out (0) for an NRR
 * of the starting customers' upgrades and downgrades alone.
 *
 * Exact: the amounts are read as Decimals and combined and divided with 60 significant digits;
 * the rates are then given as plain numbers (fractions) by one rounding (`toNumber()`), the
 * amounts as Decimals.
 *
 * Record form: `{ customers, periodStart, periodEnd }`, read as by `revenueChurn`: starting MRR =
 * Σ mrr of the customers active at `periodStart`, churned MRR = Σ mrr of those of them not active
 * at `periodEnd`; a customer's `mrr` is their MRR for the whole relationship, so this form has no
 * contraction, expansion or reactivation and NRR equals GRR (for those movements pass the amounts form). Every
 * customer active at `periodStart` must carry `mrr` (missing is not 0). The result equals the
 * amounts form given those sums. Also as an accumulator: `revenueRetention.accumulator`.
 *
 * @param input - {@link RevenueRetentionInput}: `{ startingMrr, churnedMrr, contractionMrr,
 *   expansionMrr?, reactivationMrr?, currency? }` as numbers, decimal strings or Decimals, or `{ customers,
 *   periodStart, periodEnd }` (customer records with `mrr`).
 * @param options - {@link RevenueRetentionOptions}: `timeZone` (`'UTC'`, record form).
 * @returns A {@link RevenueRetentionResult}; the rates are `null` (with a `reason`) when
 *   startingMrr is 0.
 * @throws {@link KpiInputError} when an amount is missing, negative or not a valid
 *   {@link MoneyInput}, a field is unknown, churned + contraction exceeds the starting MRR
 *   (`inconsistent`), a currency code is invalid or the customers' codes differ, fields of both
 *   forms are mixed (`ambiguous`), a customer record is malformed (path `customers[i].field`), a
 *   customer active at periodStart has no `mrr`, periodEnd is before periodStart, or an option is
 *   invalid.
 * @see docs/metrics.md#revenuechurn-and-revenueretention (SaaS practice).
 * @see ChartMogul, "Cohort: Net MRR Retention" and "Metric: MRR Churn Rate" (help.chartmogul.com): reactivation MRR raises net retention and lowers net MRR churn.
 *
 * @example
 * ```ts
 * import { revenueRetention } from 'kpi-kit';
 *
 * const r = revenueRetention({ startingMrr: 100, churnedMrr: 15, contractionMrr: 5, expansionMrr: 10 });
 * r.value; // 0.8
 * r.net; // 0.9
 * revenueRetention({ startingMrr: 100, churnedMrr: 5, contractionMrr: 0, expansionMrr: 25 }).net; // 1.2
 * revenueRetention({ startingMrr: 100, churnedMrr: 15, contractionMrr: 5, expansionMrr: 10, reactivationMrr: 5 }).net; // 0.95
 * revenueRetention({ startingMrr: 0, churnedMrr: 0, contractionMrr: 0 }).value; // null
 *
 * const customers = [{ startedAt: '2024-01-15', mrr: 60 }, { startedAt: '2024-02-01', endedAt: '2024-05-10', mrr: '40.00' }];
 * revenueRetention({ customers, periodStart: '2024-04-01', periodEnd: '2024-07-01' }).value; // 0.6
 * ```
 */
export const revenueRetention: WithAccumulator<
  (input: RevenueRetentionInput, options?: RevenueRetentionOptions) => RevenueRetentionResult,
  typeof revenueRetentionAccumulator
> = /* @__PURE__ */ withAccumulator(function revenueRetention(input: RevenueRetentionInput, options?: RevenueRetentionOptions): RevenueRetentionResult {
  return runMrrMetric('revenueRetention', input, options, AMOUNT_FIELDS, finish, kernel);
}, revenueRetentionAccumulator);
