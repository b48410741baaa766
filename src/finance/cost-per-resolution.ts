import { type KpiDecimal, type MoneyInput, ExactSum } from '../core/decimal.js';
import { IssueCollector, fail, isRecord, oneOf, readOptions, requireInput, selectForm } from '../core/validate.js';
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
  readMoney,
  readDisplayDecimals,
  readNonNegativeMoney,
  readRound,
  roundOrNull,
} from '../core/money.js';

/** One line of operating cost: a label (`'salaries'`, `'overheads'`, `'technology'`, ...) and its amount. */
export interface CostLine {
  readonly label: string;
  readonly amount: MoneyInput;
  /** ISO 4217 code of the amount; optional, but all codes given in one call must agree. */
  readonly currency?: CurrencyCode;
}

/** Counts shared by both input forms of {@link costPerResolution}. */
interface CostPerResolutionCounts {
  /** Tickets in the period (a non-negative integer); the divisor of the default basis `'tickets'`. */
  readonly ticketCount?: number;
  /** Tickets resolved in the period (a non-negative integer); the divisor with `basis: 'resolved'`. */
  readonly resolved?: number;
  /** ISO 4217 code of the amounts; optional. */
  readonly currency?: CurrencyCode;
}

/** The operating cost of support in the period as one total. */
export interface CostPerResolutionTotalInput extends CostPerResolutionCounts {
  readonly operatingCost: MoneyInput;
}

/** The operating cost of support in the period as lines (salaries, overheads, technology, ...). */
export interface CostPerResolutionLinesInput extends CostPerResolutionCounts {
  readonly costs: readonly CostLine[];
}

/** The input of {@link costPerResolution}: a total `operatingCost` or `costs` lines, and the counts. */
export type CostPerResolutionInput = CostPerResolutionTotalInput | CostPerResolutionLinesInput;

/** Options of {@link costPerResolution}. */
export interface CostPerResolutionOptions {
  /**
   * What the cost is divided by: `'tickets'` (default; `ticketCount`, the tickets in the period)
   * or `'resolved'` (`resolved`, the tickets resolved in the period).
   */
  readonly basis?: CostPerResolutionBasis;
  /** Rounding of `value` (default none: exact to 60 significant digits). */
  readonly round?: RoundOption;
  /**
   * Decimal places of the `display` text (an integer from 0 to 100). Default 2, the minor unit of
   * most currencies; `value` is not affected.
   */
  readonly displayDecimals?: number;
}

/** The count {@link costPerResolution} divides by: `'tickets'` (`ticketCount`) or `'resolved'`. */
export type CostPerResolutionBasis = 'tickets' | 'resolved';

/** The result of {@link costPerResolution}. */
export interface CostPerResolutionResult {
  /** Operating cost per ticket (or per resolved ticket), exact; `null` when the denominator is 0 (see `reason`). */
  readonly value: KpiDecimal | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  /**
   * `value` for people: rounded half away from zero to `displayDecimals` places (default 2), with
   * exactly that many places (`'33.33'`, `'25.00'`); `null` when `value` is `null`.
   */
  readonly display: string | null;
  /** The operating cost: the total given, or the exact sum of the lines. */
  readonly operatingCost: KpiDecimal;
  /** The cost per label (labels in order of first appearance, repeated labels summed); `null` for a total. */
  readonly costs: readonly { readonly label: string; readonly amount: KpiDecimal }[] | null;
  /** The count divided by: `'tickets'` or `'resolved'`. */
  readonly basis: CostPerResolutionBasis;
  /** Its value: the operating cost was divided by this count. */
  readonly denominator: number;
  /** Tickets in the period, when given. */
  readonly ticketCount: number | null;
  /** Resolved tickets, when given. */
  readonly resolved: number | null;
  /** The currency of the amounts, when given. */
  readonly currency: CurrencyCode | null;
  /** The rounding applied to `value`, or `null` (exact). */
  readonly round: RoundSetting | null;
}

const BASES = ['tickets', 'resolved'] as const;
const BASIS_RULE = oneOf(BASES);

function readCosts(
  value: unknown,
  issues: IssueCollector,
  currencies: CurrencyTracker,
): { total: KpiDecimal; lines: { label: string; amount: KpiDecimal }[] } | null {
  if (!Array.isArray(value)) {
    issues.add({ code: 'invalid_type', path: ['costs'], input: value, expected: 'an array of { label, amount } lines' });
    return null;
  }
  const sum = new ExactSum({ fn: issues.fn, path: ['costs'] });
  const byLabel = new Map<string, ExactSum>();
  value.forEach((line: unknown, i) => {
    if (!isRecord(line)) {
      issues.add({ code: 'invalid_type', path: ['costs', i], input: line, expected: 'a { label, amount } object' });
      return;
    }
    const { label, amount, currency } = line;
    let ok = true;
    if (typeof label !== 'string' || label.length === 0) {
      issues.add({ code: label === undefined ? 'missing' : 'invalid_type', path: ['costs', i, 'label'], input: label, expected: 'a non-empty string' });
      ok = false;
    }
    ok = currencies.see(currency, ['costs', i, 'currency']) && ok;
    // Cost lines may be negative (a credit or refund); the total may not.
    const a = readMoney(amount, ['costs', i, 'amount'], issues);
    if (!ok || a === null) return;
    sum.add(a);
    let group = byLabel.get(label as string);
    if (group === undefined) byLabel.set(label as string, (group = new ExactSum()));
    group.add(a);
  });
  if (!issues.ok) return null;
  const lines = [...byLabel].map(([label, s]) => ({ label, amount: s.toDecimal() }));
  return { total: sum.toDecimal(), lines };
}

/**
 * Cost per resolution: the operating cost of support in a period (salaries, overheads, technology)
 * divided by the tickets in the period — or, with `basis: 'resolved'`, by the tickets resolved in
 * it. Money is exact: the cost lines are summed without binary floating point and the division
 * keeps 60 significant digits; rounding of `value` happens only when `round` asks for it. For
 * people, `display` gives the value rounded to 2 places (`displayDecimals`), half away from zero.
 *
 * Formula: cost per resolution = operating cost / ticketCount (basis `'tickets'`, default) or
 * operating cost / resolved (basis `'resolved'`); the result's `denominator` is that count.
 *
 * Resolved tickets may exceed the tickets of the period (tickets opened earlier are resolved in
 * it), so the two counts are not checked against each other. Cost lines may be negative (credits),
 * the operating cost in total may not.
 *
 * @param input - `{ operatingCost, ticketCount }` or `{ costs: [{ label, amount }], ticketCount }`,
 *   with `resolved` for basis `'resolved'` and an optional `currency` (lines may carry one too).
 * @param options - {@link CostPerResolutionOptions}: `basis` (`'tickets'`), `round` (none),
 *   `displayDecimals` (2).
 * @returns A {@link CostPerResolutionResult}; `value` and `display` are `null` with a `reason` when
 *   the count is 0.
 * @throws {@link KpiInputError} when an amount is not a valid {@link MoneyInput} (a number with
 *   more than 15 significant digits, a malformed string, ...), the operating cost is negative, a
 *   count is not a non-negative integer, `resolved` is missing for `basis: 'resolved'` (or
 *   `ticketCount` for `'tickets'`), a field is unknown, currencies are mixed, a cost line is
 *   malformed (naming its index), or an option is invalid.
 * @see docs/metrics.md#costperresolution.
 *
 * @example
 * ```ts
 * import { costPerResolution } from 'kpi-kit';
 *
 * const r = costPerResolution({
 *   costs: [
 *     { label: 'salaries', amount: '42000.00' },
 *     { label: 'overheads', amount: 5000.5 },
 *     { label: 'technology', amount: '2999.50' },
 *   ],
 *   ticketCount: 2000,
 *   resolved: 1600,
 * });
 * r.value?.toString(); // '25'
 * r.display; // '25.00'
 * r.operatingCost.toString(); // '50000'
 * costPerResolution({ operatingCost: '50000', ticketCount: 2000, resolved: 1600 }, { basis: 'resolved' }).denominator; // 1600
 * const third = costPerResolution({ operatingCost: 100, ticketCount: 3 });
 * third.value?.toString(); // '33.3333333333333333333333333333333333333333333333333333333333'
 * third.display; // '33.33'
 * costPerResolution({ operatingCost: 100, ticketCount: 3 }, { round: { places: 2 } }).value?.toString(); // '33.33'
 * costPerResolution({ operatingCost: 100, ticketCount: 0 }).reason; // 'ticketCount is 0: the cost per ticket is undefined'
 * JSON.stringify(costPerResolution({ operatingCost: '0.3', ticketCount: 2 }).value); // '"0.15"'
 * ```
 */
export function costPerResolution(input: CostPerResolutionInput, options?: CostPerResolutionOptions): CostPerResolutionResult {
  const fn = 'costPerResolution';
  const record = requireInput(fn, input);
  const form = selectForm(fn, record, [
    { name: 'total', fields: ['operatingCost'] },
    { name: 'lines', fields: ['costs'] },
  ]);
  const o = readOptions(fn, options, ['basis', 'round', 'displayDecimals']);
  const issues = new IssueCollector(fn);
  const basis = (o['basis'] ?? 'tickets') as CostPerResolutionBasis;
  issues.check(basis, BASIS_RULE, ['options', 'basis']);
  const round = readRound(o['round'], issues);
  const displayDecimals = readDisplayDecimals(o['displayDecimals'], issues);
  checkKeys(record, [form === 'total' ? 'operatingCost' : 'costs', 'ticketCount', 'resolved', 'currency'], issues);
  const currencies = new CurrencyTracker(issues);
  currencies.see(record['currency'], ['currency']);
  const onlyResolved = record['ticketCount'] === undefined && record['resolved'] !== undefined && o['basis'] === undefined;
  const ticketCount =
    record['ticketCount'] === undefined && basis === 'resolved' ? null : onlyResolved ? null : readCount(record['ticketCount'], ['ticketCount'], issues);
  if (onlyResolved) {
    issues.add({
      code: 'missing',
      path: ['ticketCount'],
      input: undefined,
      detail: "ticketCount is required by the default basis 'tickets'; to divide by the tickets resolved, pass { basis: 'resolved' }",
    });
  }
  const resolved = record['resolved'] === undefined && basis !== 'resolved' ? null : readCount(record['resolved'], ['resolved'], issues);
  let operatingCost: KpiDecimal | null = null;
  let lines: { label: string; amount: KpiDecimal }[] | null = null;
  if (form === 'total') {
    operatingCost = readNonNegativeMoney(record['operatingCost'], ['operatingCost'], issues);
  } else {
    const read = readCosts(record['costs'], issues, currencies);
    if (read !== null) {
      operatingCost = read.total;
      lines = read.lines;
      if (operatingCost.isNegative()) {
        issues.add({
          code: 'out_of_range',
          path: ['costs'],
          input: record['costs'],
          detail: `the operating cost (the sum of costs) must be non-negative, got ${operatingCost.toString()}`,
        });
      }
    }
  }
  issues.throwIfAny();
  if (operatingCost === null) return fail(fn, { code: 'missing', path: ['operatingCost'], input: undefined, expected: 'an amount' });
  const denominator = (basis === 'tickets' ? ticketCount : resolved) as number;
  const value = roundOrNull(divide(operatingCost, denominator), round);
  return freezeResult({
    value,
    reason:
      value === null
        ? `${basis === 'tickets' ? 'ticketCount' : 'resolved'} is 0: the cost per ${basis === 'tickets' ? 'ticket' : 'resolved ticket'} is undefined`
        : null,
    display: displayOf(value, displayDecimals),
    operatingCost,
    costs: lines,
    basis,
    denominator,
    ticketCount,
    resolved,
    currency: currencies.code,
    round,
  });
}
