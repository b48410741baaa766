import { type KpiDecimal } from '../core/decimal.js';
import { IssueCollector, readOptions, requireInput } from '../core/validate.js';
import {
  type CurrencyCode,
  type MoneyOrResult,
  type RoundOption,
  type RoundSetting,
  CurrencyTracker,
  checkKeys,
  divide,
  freezeResult,
  readMoneyOrResult,
  readRound,
  roundOrNull,
} from '../core/money.js';

/** The input of {@link ltvToCac}: the two amounts, or the results of `lifetimeValue` and `customerAcquisitionCost`. */
export interface LtvToCacInput {
  readonly lifetimeValue: MoneyOrResult;
  readonly customerAcquisitionCost: MoneyOrResult;
  /** ISO 4217 code of the amounts; optional. */
  readonly currency?: CurrencyCode;
}

/** Options of {@link ltvToCac}. */
export interface LtvToCacOptions {
  /** Rounding of `value` (default none: exact to 60 significant digits). */
  readonly round?: RoundOption;
}

/** The result of {@link ltvToCac}. */
export interface LtvToCacResult {
  /** LTV / CAC, a plain ratio (3 means LTV is three times CAC); `null` when undefined (see `reason`). */
  readonly value: KpiDecimal | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  /** The lifetime value used (`null` when a `lifetimeValue` result had none). */
  readonly lifetimeValue: KpiDecimal | null;
  /** The acquisition cost used (`null` when a `customerAcquisitionCost` result had none). */
  readonly customerAcquisitionCost: KpiDecimal | null;
  /** The currency of the amounts, when given. */
  readonly currency: CurrencyCode | null;
  /** The rounding applied to `value`, or `null` (exact). */
  readonly round: RoundSetting | null;
}

/**
 * LTV:CAC, the ratio of a customer's lifetime value to the cost of acquiring them; 3 or more is
 * the usual rule of thumb for a healthy business. Takes amounts, or the results of
 * `lifetimeValue` and `customerAcquisitionCost` directly (their currencies must agree).
 *
 * Formula: LTV:CAC = lifetime value / customer acquisition cost.
 *
 * @param input - `{ lifetimeValue, customerAcquisitionCost, currency? }`: amounts or results.
 * @param options - {@link LtvToCacOptions}: `round` (none).
 * @returns A {@link LtvToCacResult}; `value` is `null` with a `reason` when CAC is 0 or either
 *   result's value is `null`.
 * @throws {@link KpiInputError} when an amount is missing, negative or not a valid
 *   {@link MoneyInput}, currencies are mixed, a field is unknown, or an option is invalid.
 * @see docs/metrics.md#customeracquisitioncost-lifetimevalue-ltvtocac-cacpaybackmonths.
 *
 * @example
 * ```ts
 * import { customerAcquisitionCost, lifetimeValue, ltvToCac } from 'kpi-kit';
 *
 * const ltv = lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1, churnRate: 0.05 }, { method: 'churn' });
 * const cac = customerAcquisitionCost({ salesAndMarketingCost: 50000, newCustomers: 100 });
 * ltvToCac({ lifetimeValue: ltv, customerAcquisitionCost: cac }).value?.toString(); // '4'
 * ltvToCac({ lifetimeValue: '1000', customerAcquisitionCost: 300 }, { round: { places: 2 } }).value?.toString(); // '3.33'
 * ltvToCac({ lifetimeValue: 1000, customerAcquisitionCost: 0 }).value; // null
 * ```
 */
export function ltvToCac(input: LtvToCacInput, options?: LtvToCacOptions): LtvToCacResult {
  const fn = 'ltvToCac';
  const record = requireInput(fn, input);
  const o = readOptions(fn, options, ['round']);
  const issues = new IssueCollector(fn);
  checkKeys(record, ['lifetimeValue', 'customerAcquisitionCost', 'currency'], issues);
  const round = readRound(o['round'], issues);
  const currencies = new CurrencyTracker(issues);
  currencies.see(record['currency'], ['currency']);
  const ltv = readMoneyOrResult(record['lifetimeValue'], ['lifetimeValue'], issues, currencies, false);
  const cac = readMoneyOrResult(record['customerAcquisitionCost'], ['customerAcquisitionCost'], issues, currencies, true);
  issues.throwIfAny();
  const l = (ltv as { amount: KpiDecimal | null }).amount;
  const c = (cac as { amount: KpiDecimal | null }).amount;
  let reason: string | null = null;
  let value: KpiDecimal | null = null;
  if (l === null) reason = 'the lifetime value is undefined (its result has value null)';
  else if (c === null) reason = 'the customer acquisition cost is undefined (its result has value null)';
  else {
    value = divide(l, c);
    if (value === null) reason = 'the customer acquisition cost is 0: the ratio is undefined';
  }
  return freezeResult({
    value: roundOrNull(value, round),
    reason,
    lifetimeValue: l,
    customerAcquisitionCost: c,
    currency: currencies.code,
    round,
  });
}
