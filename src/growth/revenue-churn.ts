/**
 * Revenue (MRR) churn, gross and net.
 *
 * @module
 */
import { type MoneyInput, KpiDecimal } from '../core/decimal.js';
import { type KpiPath } from '../core/errors.js';
import { IssueCollector, readOptions, requireInput } from '../core/validate.js';
import { checkKeys, divide, freezeResult, readNonNegativeMoney } from '../core/money.js';

/** The input of {@link revenueChurn}: the MRR movements of one period, exact amounts. */
export interface RevenueChurnInput {
  /** Monthly recurring revenue at the start of the period (≥ 0). */
  readonly startingMrr: MoneyInput;
  /** MRR lost with customers who cancelled (≥ 0). */
  readonly churnedMrr: MoneyInput;
  /** MRR lost by downgrades of remaining customers (≥ 0). */
  readonly contractionMrr: MoneyInput;
  /** MRR gained by upgrades of existing customers (≥ 0). Default 0. */
  readonly expansionMrr?: MoneyInput;
  /** MRR regained from customers who had churned and came back (≥ 0). Default 0. */
  readonly reactivationMrr?: MoneyInput;
}

/** Options of {@link revenueChurn}: none yet (an empty object or `undefined`). */
export type RevenueChurnOptions = Readonly<Record<never, never>>;

/** The result of {@link revenueChurn}. */
export interface RevenueChurnResult {
  /** Gross revenue churn (the same as `gross`); `null` (with a `reason`) when startingMrr is 0. */
  readonly value: number | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  /** (churned + contraction) / starting MRR, in [0, 1]; `null` when startingMrr is 0. */
  readonly gross: number | null;
  /**
   * (churned + contraction − expansion − reactivation) / starting MRR, at most 1 and negative when
   * expansion outweighs the losses ("negative churn"); `null` when startingMrr is 0.
   */
  readonly net: number | null;
  readonly startingMrr: KpiDecimal;
  readonly churnedMrr: KpiDecimal;
  readonly contractionMrr: KpiDecimal;
  readonly expansionMrr: KpiDecimal;
  readonly reactivationMrr: KpiDecimal;
  /** churned + contraction, exact. */
  readonly lostMrr: KpiDecimal;
  /** churned + contraction − expansion − reactivation, exact (negative for net expansion). */
  readonly netLostMrr: KpiDecimal;
}

/** The MRR amounts read exactly, the optional ones defaulting to 0. @internal */
export interface MrrMovements {
  readonly startingMrr: KpiDecimal;
  readonly churnedMrr: KpiDecimal;
  readonly contractionMrr: KpiDecimal;
  readonly expansionMrr: KpiDecimal;
  readonly reactivationMrr: KpiDecimal;
}

/**
 * Reads and checks MRR movements for `fn`: every amount a non-negative {@link MoneyInput}, no
 * unknown field, churned + contraction ≤ starting MRR. Throws every problem at once. @internal
 */
export function readMrrMovements(fn: string, input: unknown, fields: readonly (keyof MrrMovements)[]): MrrMovements {
  const record = requireInput(fn, input);
  const issues = new IssueCollector(fn);
  checkKeys(record, fields, issues);
  const read = (key: keyof MrrMovements, required: boolean): KpiDecimal | null => {
    const path: KpiPath = [key];
    if (!required && record[key] === undefined) return new KpiDecimal(0);
    return readNonNegativeMoney(record[key], path, issues);
  };
  const startingMrr = read('startingMrr', true);
  const churnedMrr = read('churnedMrr', true);
  const contractionMrr = read('contractionMrr', true);
  const expansionMrr = fields.includes('expansionMrr') ? read('expansionMrr', false) : new KpiDecimal(0);
  const reactivationMrr = fields.includes('reactivationMrr') ? read('reactivationMrr', false) : new KpiDecimal(0);
  if (startingMrr !== null && churnedMrr !== null && contractionMrr !== null) {
    const lost = churnedMrr.plus(contractionMrr);
    if (lost.gt(startingMrr)) {
      issues.add({
        code: 'inconsistent',
        path: ['churnedMrr'],
        input: record['churnedMrr'],
        detail: `churnedMrr + contractionMrr (${churnedMrr.toString()} + ${contractionMrr.toString()} = ${lost.toString()}) cannot exceed startingMrr (${startingMrr.toString()})`,
      });
    }
  }
  issues.throwIfAny();
  return { startingMrr, churnedMrr, contractionMrr, expansionMrr, reactivationMrr } as MrrMovements;
}

/** Exact ratio as a number, or `null` when the denominator is 0. @internal */
export function rateOf(numerator: KpiDecimal, denominator: KpiDecimal): number | null {
  const q = divide(numerator, denominator);
  return q === null ? null : q.toNumber();
}

/**
 * Revenue churn: the monthly recurring revenue (MRR) lost in a period, as a fraction of the MRR at
 * its start. Gross churn counts only losses (cancellations and downgrades); net churn subtracts
 * what existing customers added (upgrades) and what returning customers brought back.
 *
 * Formulas: gross = (churned + contraction MRR) / starting MRR; net = (churned + contraction −
 * expansion − reactivation MRR) / starting MRR. `value` is the gross rate.
 *
 * Exact: the amounts are read as Decimals (`0.1` is exactly 0.1, strings and Decimals keep every
 * digit), summed and divided with 60 significant digits; the rates are then given as plain numbers
 * (fractions) by one rounding (`toNumber()`), the amounts as Decimals.
 *
 * @param input - {@link RevenueChurnInput}: `{ startingMrr, churnedMrr, contractionMrr,
 *   expansionMrr?, reactivationMrr? }` as numbers, decimal strings or Decimals.
 * @param options - {@link RevenueChurnOptions}: none.
 * @returns A {@link RevenueChurnResult}; the rates are `null` (with a `reason`) when startingMrr is 0.
 * @throws {@link KpiInputError} when an amount is missing, negative or not a valid
 *   {@link MoneyInput}, a field is unknown, churned + contraction exceeds the starting MRR
 *   (`inconsistent`), or an option is given.
 * @see METRICS.md §4 and §7 (SaaS practice).
 *
 * @example
 * ```ts
 * import { revenueChurn } from 'kpi-kit';
 *
 * const r = revenueChurn({ startingMrr: 100, churnedMrr: 15, contractionMrr: 5, expansionMrr: 10 });
 * r.value; // 0.2
 * r.gross; // 0.2
 * r.net; // 0.1
 * r.netLostMrr.toString(); // '10'
 * revenueChurn({ startingMrr: '0.3', churnedMrr: '0.1', contractionMrr: '0.2' }).gross; // 1
 * ```
 */
export function revenueChurn(input: RevenueChurnInput, options?: RevenueChurnOptions): RevenueChurnResult {
  const fn = 'revenueChurn';
  readOptions(fn, options, []);
  const m = readMrrMovements(fn, input, ['startingMrr', 'churnedMrr', 'contractionMrr', 'expansionMrr', 'reactivationMrr']);
  const lostMrr = m.churnedMrr.plus(m.contractionMrr);
  const netLostMrr = lostMrr.minus(m.expansionMrr).minus(m.reactivationMrr);
  const gross = rateOf(lostMrr, m.startingMrr);
  return freezeResult({
    value: gross,
    reason: gross === null ? 'no starting MRR: the revenue churn rate is undefined' : null,
    gross,
    net: rateOf(netLostMrr, m.startingMrr),
    ...m,
    lostMrr,
    netLostMrr,
  });
}
