import { type KpiDecimal, type MoneyInput, KpiDecimal as Dec } from '../core/decimal.js';
import { IssueCollector, readOptions, requireInput } from '../core/validate.js';
import {
  type CurrencyCode,
  type DecimalInput,
  type MoneyOrResult,
  type RoundOption,
  type RoundSetting,
  CurrencyTracker,
  SHARE_BOUNDS,
  checkKeys,
  divide,
  freezeResult,
  readDecimal,
  readMoneyOrResult,
  readNonNegativeMoney,
  readRound,
  roundOrNull,
} from '../core/money.js';

/** The input of {@link cacPaybackMonths}. */
export interface CacPaybackMonthsInput {
  /** The acquisition cost of one customer: an amount or a `customerAcquisitionCost` result. */
  readonly customerAcquisitionCost: MoneyOrResult;
  /** Monthly revenue per new customer (ARPA). */
  readonly monthlyRevenue: MoneyInput;
  /** Gross margin as a share in [0, 1]. Default 1: the payback on revenue. */
  readonly grossMargin?: DecimalInput;
  /** ISO 4217 code of the amounts; optional. */
  readonly currency?: CurrencyCode;
}

/** Options of {@link cacPaybackMonths}. */
export interface CacPaybackMonthsOptions {
  /** Rounding of `value` (default none: exact to 60 significant digits). */
  readonly round?: RoundOption;
}

/** The result of {@link cacPaybackMonths}. */
export interface CacPaybackMonthsResult {
  /** Months of margin needed to earn back the acquisition cost; `null` when the monthly margin is 0 (see `reason`). */
  readonly value: KpiDecimal | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  /** The acquisition cost used (`null` when a `customerAcquisitionCost` result had none). */
  readonly customerAcquisitionCost: KpiDecimal | null;
  /** Monthly revenue × gross margin: what a customer earns back each month. */
  readonly monthlyMargin: KpiDecimal;
  /** The gross margin used (1 when not given). */
  readonly grossMargin: KpiDecimal;
  /** The currency of the amounts, when given. */
  readonly currency: CurrencyCode | null;
  /** The rounding applied to `value`, or `null` (exact). */
  readonly round: RoundSetting | null;
}

/**
 * CAC payback period in months: how long a new customer's monthly margin takes to earn back what
 * acquiring them cost. Without `grossMargin` it is the payback on revenue.
 *
 * Formula: payback months = CAC / (monthly revenue per customer × gross margin).
 *
 * @param input - `{ customerAcquisitionCost, monthlyRevenue, grossMargin?, currency? }`.
 * @param options - {@link CacPaybackMonthsOptions}: `round` (none).
 * @returns A {@link CacPaybackMonthsResult}; `value` is `null` with a `reason` when the monthly
 *   margin is 0 or the CAC result's value is `null`.
 * @throws {@link KpiInputError} when an amount is missing, negative or not a valid
 *   {@link MoneyInput}, the gross margin is outside [0, 1], currencies are mixed, a field is
 *   unknown, or an option is invalid.
 * @see docs/metrics.md#customeracquisitioncost-lifetimevalue-ltvtocac-cacpaybackmonths (LTV variants: CAC payback months).
 *
 * @example
 * ```ts
 * import { cacPaybackMonths } from 'kpi-kit';
 *
 * cacPaybackMonths({ customerAcquisitionCost: 500, monthlyRevenue: 50, grossMargin: 0.8 }).value?.toString(); // '12.5'
 * cacPaybackMonths({ customerAcquisitionCost: '400', monthlyRevenue: '100' }).value?.toString(); // '4'
 * cacPaybackMonths({ customerAcquisitionCost: 400, monthlyRevenue: 0 }).value; // null
 * ```
 */
export function cacPaybackMonths(input: CacPaybackMonthsInput, options?: CacPaybackMonthsOptions): CacPaybackMonthsResult {
  const fn = 'cacPaybackMonths';
  const record = requireInput(fn, input);
  const o = readOptions(fn, options, ['round']);
  const issues = new IssueCollector(fn);
  checkKeys(record, ['customerAcquisitionCost', 'monthlyRevenue', 'grossMargin', 'currency'], issues);
  const round = readRound(o['round'], issues);
  const currencies = new CurrencyTracker(issues);
  currencies.see(record['currency'], ['currency']);
  const cac = readMoneyOrResult(record['customerAcquisitionCost'], ['customerAcquisitionCost'], issues, currencies, true);
  const revenue = readNonNegativeMoney(record['monthlyRevenue'], ['monthlyRevenue'], issues);
  const margin = record['grossMargin'] === undefined ? new Dec(1) : readDecimal(record['grossMargin'], ['grossMargin'], SHARE_BOUNDS, issues);
  issues.throwIfAny();
  const c = (cac as { amount: KpiDecimal | null }).amount;
  const monthlyMargin = (revenue as KpiDecimal).times(margin as KpiDecimal);
  let value: KpiDecimal | null = null;
  let reason: string | null = null;
  if (c === null) reason = 'the customer acquisition cost is undefined (its result has value null)';
  else {
    value = divide(c, monthlyMargin);
    if (value === null) reason = 'the monthly margin is 0: the cost is never paid back';
  }
  return freezeResult({
    value: roundOrNull(value, round),
    reason,
    customerAcquisitionCost: c,
    monthlyMargin: monthlyMargin.isZero() ? new Dec(0) : monthlyMargin,
    grossMargin: margin as KpiDecimal,
    currency: currencies.code,
    round,
  });
}
