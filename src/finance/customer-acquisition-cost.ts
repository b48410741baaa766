import { type KpiDecimal, type MoneyInput } from '../core/decimal.js';
import { IssueCollector, oneOf, readOptions, requireInput } from '../core/validate.js';
import {
  type CurrencyCode,
  type RoundOption,
  type RoundSetting,
  CurrencyTracker,
  checkKeys,
  displayOf,
  divide,
  freezeResult,
  readCount,
  readDisplayDecimals,
  readNonNegativeMoney,
  roundOrNull,
  readRound,
} from '../core/money.js';

/**
 * The input of {@link customerAcquisitionCost}: the blended figures (all sales and marketing cost,
 * all new customers), the paid figures (paid acquisition cost, customers acquired through it), or
 * both; `options.method` chooses which are used.
 */
export interface CustomerAcquisitionCostInput {
  /** Total sales and marketing cost of the period (blended). */
  readonly salesAndMarketingCost?: MoneyInput;
  /** New customers acquired in the period (a non-negative integer). */
  readonly newCustomers?: number;
  /** Paid acquisition cost of the period (advertising and other paid channels). */
  readonly paidCost?: MoneyInput;
  /** New customers acquired through paid channels. */
  readonly paidNewCustomers?: number;
  /** ISO 4217 code of the amounts; optional. */
  readonly currency?: CurrencyCode;
}

/** Options of {@link customerAcquisitionCost}. */
export interface CustomerAcquisitionCostOptions {
  /**
   * `'blended'` (default): sales and marketing cost / new customers; `'paid'`: paid
   * cost / customers acquired through paid channels.
   */
  readonly method?: 'blended' | 'paid';
  /** Rounding of `value` (default none: exact to 60 significant digits). */
  readonly round?: RoundOption;
  /** Decimal places of the `display` text (an integer from 0 to 100). Default 2; `value` is not affected. */
  readonly displayDecimals?: number;
}

/** The result of {@link customerAcquisitionCost}. */
export interface CustomerAcquisitionCostResult {
  /** Cost per new customer; `null` when there are no new customers (see `reason`). */
  readonly value: KpiDecimal | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  /** `value` rounded half away from zero to `displayDecimals` places (default 2), e.g. `'400.00'`; `null` when `value` is. */
  readonly display: string | null;
  /** The method used. */
  readonly method: 'blended' | 'paid';
  /** The cost divided (sales and marketing cost, or paid cost). */
  readonly cost: KpiDecimal;
  /** The count of customers it is divided by (new customers, or paid new customers). */
  readonly customerCount: number;
  /** The currency of the amounts, when given. */
  readonly currency: CurrencyCode | null;
  /** The rounding applied to `value`, or `null` (exact). */
  readonly round: RoundSetting | null;
}

const METHOD_RULE = oneOf(['blended', 'paid']);
const FIELDS = ['salesAndMarketingCost', 'newCustomers', 'paidCost', 'paidNewCustomers', 'currency'];

/**
 * Customer acquisition cost (CAC): what it cost to win one new customer in a period. Blended CAC
 * (the default) divides the total sales and marketing cost by all new customers; paid CAC divides
 * the paid acquisition cost by the customers those paid channels brought. Exact: the division
 * keeps 60 significant digits, rounding only on request; `display` is the value to 2 places.
 *
 * Formula: blended CAC = sales and marketing cost / new customers; paid CAC = paid cost / paid
 * new customers.
 *
 * When both sets of figures are given they must be consistent: paid new customers cannot exceed
 * new customers, nor the paid cost the sales and marketing cost.
 *
 * @param input - {@link CustomerAcquisitionCostInput}: `{ salesAndMarketingCost, newCustomers }`
 *   for blended, `{ paidCost, paidNewCustomers }` for paid, optional `currency`.
 * @param options - {@link CustomerAcquisitionCostOptions}: `method` (`'blended'`), `round` (none),
 *   `displayDecimals` (2).
 * @returns A {@link CustomerAcquisitionCostResult}; `value` is `null` with a `reason` for 0 customers.
 * @throws {@link KpiInputError} when a field the method needs is missing, a cost is negative or not
 *   a valid {@link MoneyInput}, a count is not a non-negative integer, the paid figures exceed the
 *   blended ones, a field is unknown, or an option is invalid.
 * @see docs/metrics.md#customeracquisitioncost-lifetimevalue-ltvtocac-cacpaybackmonths.
 *
 * @example
 * ```ts
 * import { customerAcquisitionCost } from 'kpi-kit';
 *
 * const input = { salesAndMarketingCost: '50000.00', newCustomers: 125, paidCost: 20000, paidNewCustomers: 40 };
 * customerAcquisitionCost(input).value?.toString(); // '400'
 * customerAcquisitionCost(input).display; // '400.00'
 * customerAcquisitionCost(input).customerCount; // 125
 * customerAcquisitionCost(input, { method: 'paid' }).value?.toString(); // '500'
 * customerAcquisitionCost({ salesAndMarketingCost: 1000, newCustomers: 0 }).reason; // 'no new customers: the cost per new customer is undefined'
 * ```
 */
export function customerAcquisitionCost(input: CustomerAcquisitionCostInput, options?: CustomerAcquisitionCostOptions): CustomerAcquisitionCostResult {
  const fn = 'customerAcquisitionCost';
  const record = requireInput(fn, input);
  const o = readOptions(fn, options, ['method', 'round', 'displayDecimals']);
  const issues = new IssueCollector(fn);
  const method = (o['method'] ?? 'blended') as 'blended' | 'paid';
  issues.check(method, METHOD_RULE, ['options', 'method']);
  const round = readRound(o['round'], issues);
  const displayDecimals = readDisplayDecimals(o['displayDecimals'], issues);
  checkKeys(record, FIELDS, issues);
  const currencies = new CurrencyTracker(issues);
  currencies.see(record['currency'], ['currency']);
  const read = (costKey: string, countKey: string, required: boolean): { cost: KpiDecimal | null; count: number | null } => {
    if (!required && record[costKey] === undefined && record[countKey] === undefined) return { cost: null, count: null };
    return { cost: readNonNegativeMoney(record[costKey], [costKey], issues), count: readCount(record[countKey], [countKey], issues) };
  };
  const blended = read('salesAndMarketingCost', 'newCustomers', method === 'blended');
  const paid = read('paidCost', 'paidNewCustomers', method === 'paid');
  if (blended.count !== null && paid.count !== null && paid.count > blended.count) {
    issues.add({
      code: 'inconsistent',
      path: ['paidNewCustomers'],
      input: paid.count,
      detail: `paidNewCustomers (${paid.count}) cannot exceed newCustomers (${blended.count})`,
    });
  }
  if (blended.cost !== null && paid.cost !== null && paid.cost.gt(blended.cost)) {
    issues.add({
      code: 'inconsistent',
      path: ['paidCost'],
      input: record['paidCost'],
      detail: `paidCost (${paid.cost.toString()}) cannot exceed salesAndMarketingCost (${blended.cost.toString()})`,
    });
  }
  issues.throwIfAny();
  const used = method === 'blended' ? blended : paid;
  const cost = used.cost as KpiDecimal;
  const customerCount = used.count as number;
  const value = roundOrNull(divide(cost, customerCount), round);
  return freezeResult({
    value,
    reason: value === null ? `no ${method === 'paid' ? 'paid ' : ''}new customers: the cost per new customer is undefined` : null,
    display: displayOf(value, displayDecimals),
    method,
    cost,
    customerCount,
    currency: currencies.code,
    round,
  });
}
