/**
 * Revenue retention: gross (GRR) and net (NRR).
 *
 * @module
 */
import { type KpiDecimal, type MoneyInput } from '../core/decimal.js';
import { readOptions } from '../core/validate.js';
import { freezeResult } from '../core/money.js';
import { rateOf, readMrrMovements } from './revenue-churn.js';

/** The input of {@link revenueRetention}: the MRR movements of one period, exact amounts. */
export interface RevenueRetentionInput {
  /** Monthly recurring revenue at the start of the period (≥ 0). */
  readonly startingMrr: MoneyInput;
  /** MRR lost with customers who cancelled (≥ 0). */
  readonly churnedMrr: MoneyInput;
  /** MRR lost by downgrades of remaining customers (≥ 0). */
  readonly contractionMrr: MoneyInput;
  /** MRR gained by upgrades of existing customers (≥ 0). Default 0. */
  readonly expansionMrr?: MoneyInput;
}

/** Options of {@link revenueRetention}: none yet (an empty object or `undefined`). */
export type RevenueRetentionOptions = Readonly<Record<never, never>>;

/** The result of {@link revenueRetention}. */
export interface RevenueRetentionResult {
  /** Gross revenue retention (the same as `gross`); `null` (with a `reason`) when startingMrr is 0. */
  readonly value: number | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  /** GRR = (start − churned − contraction) / start, in [0, 1]; `null` when startingMrr is 0. */
  readonly gross: number | null;
  /** NRR = (start − churned − contraction + expansion) / start, ≥ 0 and above 1 with net expansion; `null` when startingMrr is 0. */
  readonly net: number | null;
  readonly startingMrr: KpiDecimal;
  readonly churnedMrr: KpiDecimal;
  readonly contractionMrr: KpiDecimal;
  readonly expansionMrr: KpiDecimal;
  /** start − churned − contraction, exact: the MRR kept from the starting customers. */
  readonly retainedMrr: KpiDecimal;
  /** start − churned − contraction + expansion, exact: the starting customers' MRR at the end. */
  readonly endingMrr: KpiDecimal;
}

/**
 * Revenue retention of a period: which share of the monthly recurring revenue (MRR) at its start
 * the same customers still bring at its end. Gross revenue retention (GRR) counts only losses and
 * so never exceeds 1; net revenue retention (NRR) adds the expansion of existing customers and
 * exceeds 1 when upgrades outweigh cancellations and downgrades.
 *
 * Formulas: GRR = (starting MRR − churned − contraction) / starting MRR, capped at 1 (with
 * non-negative movements it cannot exceed 1); NRR = (starting MRR − churned − contraction +
 * expansion) / starting MRR. `value` is GRR. GRR = 1 − gross `revenueChurn`; NRR = 1 − net
 * `revenueChurn` when there is no reactivation.
 *
 * Exact: the amounts are read as Decimals and combined and divided with 60 significant digits;
 * the rates are then given as plain numbers (fractions) by one rounding (`toNumber()`), the
 * amounts as Decimals.
 *
 * @param input - {@link RevenueRetentionInput}: `{ startingMrr, churnedMrr, contractionMrr,
 *   expansionMrr? }` as numbers, decimal strings or Decimals.
 * @param options - {@link RevenueRetentionOptions}: none.
 * @returns A {@link RevenueRetentionResult}; the rates are `null` (with a `reason`) when
 *   startingMrr is 0.
 * @throws {@link KpiInputError} when an amount is missing, negative or not a valid
 *   {@link MoneyInput}, a field is unknown, churned + contraction exceeds the starting MRR
 *   (`inconsistent`), or an option is given.
 * @see METRICS.md §4 and §7 (SaaS practice).
 *
 * @example
 * ```ts
 * import { revenueRetention } from 'kpi-kit';
 *
 * const r = revenueRetention({ startingMrr: 100, churnedMrr: 15, contractionMrr: 5, expansionMrr: 10 });
 * r.value; // 0.8
 * r.net; // 0.9
 * revenueRetention({ startingMrr: 100, churnedMrr: 5, contractionMrr: 0, expansionMrr: 25 }).net; // 1.2
 * revenueRetention({ startingMrr: 0, churnedMrr: 0, contractionMrr: 0 }).value; // null
 * ```
 */
export function revenueRetention(input: RevenueRetentionInput, options?: RevenueRetentionOptions): RevenueRetentionResult {
  const fn = 'revenueRetention';
  readOptions(fn, options, []);
  const m = readMrrMovements(fn, input, ['startingMrr', 'churnedMrr', 'contractionMrr', 'expansionMrr']);
  const retainedMrr = m.startingMrr.minus(m.churnedMrr).minus(m.contractionMrr);
  const endingMrr = retainedMrr.plus(m.expansionMrr);
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
    retainedMrr,
    endingMrr,
  });
}
