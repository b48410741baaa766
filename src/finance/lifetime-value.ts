import { type KpiDecimal, type MoneyInput, KpiDecimal as Dec } from '../core/decimal.js';
import { IssueCollector, oneOf, readOptions, requireInput } from '../core/validate.js';
import {
  type CurrencyCode,
  type DecimalInput,
  type RateOrResult,
  type RoundOption,
  type RoundSetting,
  CurrencyTracker,
  NON_NEGATIVE_BOUNDS,
  SHARE_BOUNDS,
  checkKeys,
  displayOf,
  divide,
  freezeResult,
  readDecimal,
  readDisplayDecimals,
  readNonNegativeMoney,
  readRateOrResult,
  readRound,
  roundOrNull,
} from '../core/money.js';

/** Input of {@link lifetimeValue} with `method: 'lifespan'` (the default). */
export interface LifespanLifetimeValueInput {
  /** Average customer lifespan in months (≥ 0; fractions allowed). */
  readonly lifespanMonths: DecimalInput;
  /** Expected monthly revenue per customer. */
  readonly monthlyRevenue: MoneyInput;
  readonly currency?: CurrencyCode;
}

/** Input of {@link lifetimeValue} with `method: 'churn'`. */
export interface ChurnLifetimeValueInput {
  /** Average revenue per account (customer) per period, usually a month. */
  readonly averageRevenuePerAccount: MoneyInput;
  /** Gross margin as a share in [0, 1] (0.8 is 80 %). */
  readonly grossMargin: DecimalInput;
  /**
   * Churn rate per period, a share in [0, 1]: a number (a float share such as `1 / 3` is taken as
   * the decimal `String(x)` prints), a decimal string, a Decimal, or a `churnRate` result itself
   * (read from its counts, exactly).
   */
  readonly churnRate: RateOrResult;
  readonly currency?: CurrencyCode;
}

/** Input of {@link lifetimeValue} with `method: 'discounted'`: retention r (or churn, r = 1 − churn) and discount rate d per period. */
export interface DiscountedLifetimeValueInput {
  readonly averageRevenuePerAccount: MoneyInput;
  readonly grossMargin: DecimalInput;
  /** Retention rate per period, a share in [0, 1] (or a `retentionRate` result); or give `churnRate` instead. */
  readonly retentionRate?: RateOrResult;
  /** Churn rate per period (retention = 1 − churn), or a `churnRate` result; or give `retentionRate` instead. */
  readonly churnRate?: RateOrResult;
  /** Discount rate per period (≥ 0; 0.01 is 1 % a month). */
  readonly discountRate: DecimalInput;
  readonly currency?: CurrencyCode;
}

/** The input of {@link lifetimeValue}, by method. */
export type LifetimeValueInput = LifespanLifetimeValueInput | ChurnLifetimeValueInput | DiscountedLifetimeValueInput;

/** The LTV formulas: see {@link lifetimeValue}. */
export type LifetimeValueMethod = 'lifespan' | 'churn' | 'discounted';

/** Options of {@link lifetimeValue}. */
export interface LifetimeValueOptions {
  /** The formula: `'lifespan'` (default), `'churn'` or `'discounted'`. */
  readonly method?: LifetimeValueMethod;
  /** Rounding of `value` (default none: exact to 60 significant digits). */
  readonly round?: RoundOption;
  /** Decimal places of the `display` text (an integer from 0 to 100). Default 2; `value` is not affected. */
  readonly displayDecimals?: number;
}

/** The result of {@link lifetimeValue}. */
export interface LifetimeValueResult {
  /** Lifetime value per customer; `null` when undefined (zero churn without discounting: see `reason`). */
  readonly value: KpiDecimal | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  /** `value` rounded half away from zero to `displayDecimals` places (default 2), e.g. `'1197.60'`; `null` when `value` is. */
  readonly display: string | null;
  /** The method used. */
  readonly method: LifetimeValueMethod;
  /** What one customer brings per period: monthly revenue (lifespan) or ARPA × gross margin (churn, discounted). */
  readonly perPeriod: KpiDecimal;
  /**
   * The periods it is multiplied by: the lifespan in months; 1 / churn (churn); r / (1 + d − r)
   * (discounted). `null` when unbounded.
   */
  readonly lifetimePeriods: KpiDecimal | null;
  /** The currency of the amounts, when given. */
  readonly currency: CurrencyCode | null;
  /** The rounding applied to `value`, or `null` (exact). */
  readonly round: RoundSetting | null;
}

const METHODS: readonly LifetimeValueMethod[] = ['lifespan', 'churn', 'discounted'];
const METHOD_RULE = oneOf(METHODS);
const FIELDS: Readonly<Record<LifetimeValueMethod, readonly string[]>> = {
  lifespan: ['lifespanMonths', 'monthlyRevenue', 'currency'],
  churn: ['averageRevenuePerAccount', 'grossMargin', 'churnRate', 'currency'],
  discounted: ['averageRevenuePerAccount', 'grossMargin', 'retentionRate', 'churnRate', 'discountRate', 'currency'],
};

/**
 * Customer lifetime value (LTV): what one customer is worth over their time as a customer. Three
 * named methods, as the field uses the word for all of them:
 *
 * - `'lifespan'` (default): average lifespan in months × expected monthly revenue per
 *   customer;
 * - `'churn'`: ARPA × gross margin / churn rate per period — the expected lifetime is
 *   1 / churn periods; `null` when churn is 0 (unbounded);
 * - `'discounted'`: margin × r / (1 + d − r), with margin = ARPA × gross margin, retention r (or
 *   1 − churn) and discount rate d per period: the present value of the margins of a customer who
 *   stays each period with probability r, first margin one period out; `null` when d = 0 and r = 1.
 *
 * Exact: inputs are read as decimals (0.05 is exactly 0.05) and divisions keep 60 significant
 * digits, so ARPA 100, margin 1, churn 0.05 gives exactly 2000. Rates given as numbers are taken
 * as the decimal of their shortest round-trip form (`String(x)`), so a share computed in floating
 * point — `churnRate(...).value`, e.g. 1 / 3 — is accepted as `0.3333333333333333`. Better, pass
 * the `churnRate` (or `retentionRate`) result itself: its rate is then read from its counts
 * (`customersLost / denominator`, `retained / customersAtStart`) to 60 significant digits, so one
 * customer lost of three gives a lifetime of exactly 3 periods. A result whose `value` is `null`
 * is refused with its `reason`.
 * `display` is the value for people, to 2 places.
 *
 * @param input - The fields of the method: {@link LifespanLifetimeValueInput},
 *   {@link ChurnLifetimeValueInput} or {@link DiscountedLifetimeValueInput}.
 * @param options - {@link LifetimeValueOptions}: `method` (`'lifespan'`), `round` (none),
 *   `displayDecimals` (2).
 * @returns A {@link LifetimeValueResult}: `value`, `perPeriod` and `lifetimePeriods`, whose product it is.
 * @throws {@link KpiInputError} when a field of the method is missing or invalid (a negative amount
 *   or lifespan, a rate outside [0, 1], a negative discount rate, a rate result whose value is
 *   `null` — the message quotes its reason), a field of another method is
 *   given (the message names the method it belongs to), both or neither of `retentionRate` and
 *   `churnRate` are given for `'discounted'`, or an option is invalid.
 * @see docs/metrics.md#customeracquisitioncost-lifetimevalue-ltvtocac-cacpaybackmonths.
 * @see Gupta and Lehmann, "Customers as assets", Journal of Interactive Marketing 17(1), 2003 (margin × r / (1 + d − r)).
 *
 * @example
 * ```ts
 * import { churnRate, lifetimeValue } from 'kpi-kit';
 *
 * lifetimeValue({ lifespanMonths: 24, monthlyRevenue: '49.90' }).value?.toString(); // '1197.6'
 * const churn = lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1, churnRate: 0.05 }, { method: 'churn' });
 * churn.value?.toString(); // '2000'
 * churn.lifetimePeriods?.toString(); // '20'
 * lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 0.8, retentionRate: 0.9, discountRate: 0.1 }, { method: 'discounted' }).value?.toString(); // '360'
 * lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1, churnRate: 0 }, { method: 'churn' }).value; // null
 *
 * // A churnRate result, or its float value (1 of 3 customers lost: 0.3333333333333333).
 * const churned = churnRate({ customersAtStart: 3, customersLost: 1 });
 * const ltv = lifetimeValue({ averageRevenuePerAccount: 30, grossMargin: 1, churnRate: churned }, { method: 'churn' });
 * ltv.value?.toString(); // '90'
 * ltv.display; // '90.00'
 * lifetimeValue({ averageRevenuePerAccount: 30, grossMargin: 1, churnRate: churned.value ?? 0 }, { method: 'churn' }).display; // '90.00'
 * ```
 */
export function lifetimeValue(input: LifetimeValueInput, options?: LifetimeValueOptions): LifetimeValueResult {
  const fn = 'lifetimeValue';
  const record = requireInput(fn, input);
  const o = readOptions(fn, options, ['method', 'round', 'displayDecimals']);
  const issues = new IssueCollector(fn);
  const method = (o['method'] ?? 'lifespan') as LifetimeValueMethod;
  if (!issues.check(method, METHOD_RULE, ['options', 'method'])) issues.throwIfAny();
  const round = readRound(o['round'], issues);
  const displayDecimals = readDisplayDecimals(o['displayDecimals'], issues);
  checkKeys(record, FIELDS[method], issues, (key) => {
    const owner = METHODS.find((m) => FIELDS[m].includes(key));
    return owner === undefined
      ? undefined
      : `${key} is a field of method '${owner}', not of '${method}'${o['method'] === undefined ? ` (the default); pass { method: '${owner}' }` : ''}`;
  });
  const currencies = new CurrencyTracker(issues);
  currencies.see(record['currency'], ['currency']);

  let perPeriod: KpiDecimal | null;
  let periods: KpiDecimal | null = null;
  let reason: string | null = null;
  if (method === 'lifespan') {
    const months = readDecimal(record['lifespanMonths'], ['lifespanMonths'], NON_NEGATIVE_BOUNDS, issues);
    perPeriod = readNonNegativeMoney(record['monthlyRevenue'], ['monthlyRevenue'], issues);
    issues.throwIfAny();
    periods = months;
  } else {
    const arpa = readNonNegativeMoney(record['averageRevenuePerAccount'], ['averageRevenuePerAccount'], issues);
    const margin = readDecimal(record['grossMargin'], ['grossMargin'], SHARE_BOUNDS, issues);
    if (method === 'churn') {
      const churn = readRateOrResult(record['churnRate'], ['churnRate'], SHARE_BOUNDS, issues);
      issues.throwIfAny();
      periods = divide(new Dec(1), churn as KpiDecimal);
      if (periods === null) reason = 'churnRate is 0: customers never leave, so the lifetime value is unbounded';
    } else {
      const hasRetention = record['retentionRate'] !== undefined;
      if (hasRetention === (record['churnRate'] !== undefined)) {
        issues.add({
          code: hasRetention ? 'ambiguous' : 'missing',
          path: [hasRetention ? 'churnRate' : 'retentionRate'],
          input: record[hasRetention ? 'churnRate' : 'retentionRate'],
          detail: `method 'discounted' needs exactly one of retentionRate and churnRate (retention = 1 − churn)`,
        });
      }
      const key = hasRetention ? 'retentionRate' : 'churnRate';
      const rate = record[key] === undefined ? null : readRateOrResult(record[key], [key], SHARE_BOUNDS, issues);
      const discount = readDecimal(record['discountRate'], ['discountRate'], NON_NEGATIVE_BOUNDS, issues);
      issues.throwIfAny();
      const r = hasRetention ? (rate as KpiDecimal) : new Dec(1).minus(rate as KpiDecimal);
      periods = divide(r, new Dec(1).plus(discount as KpiDecimal).minus(r));
      if (periods === null) reason = 'retention is 1 and the discount rate 0: the lifetime value is unbounded';
    }
    perPeriod = (arpa as KpiDecimal).times(margin as KpiDecimal);
  }
  const pp = perPeriod as KpiDecimal;
  const exact = periods === null ? null : pp.times(periods);
  const value = roundOrNull(exact === null || !exact.isZero() ? exact : new Dec(0), round);
  return freezeResult({
    value,
    reason,
    display: displayOf(value, displayDecimals),
    method,
    perPeriod: pp,
    lifetimePeriods: periods,
    currency: currencies.code,
    round,
  });
}
