import { type KpiDecimal, type MoneyInput, ExactSum } from '../core/decimal.js';
import { IssueCollector, fail, isRecord, oneOf, readOptions, requireInput, selectForm } from '../core/validate.js';
import {
  type CurrencyCode,
  type RoundOption,
  type RoundSetting,
  CurrencyTracker,
  divide,
  freezeResult,
  readCount,
  readMoney,
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
  /** Tickets in the period (a non-negative integer); the default denominator. */
  readonly tickets?: number;
  /** Tickets resolved in the period (a non-negative integer); the denominator with `denominator: 'resolved'`. */
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
   * What the cost is divided by: `'tickets'` (default; tickets in the period) or
   * `'resolved'` (tickets resolved in the period; needs `resolved`).
   */
  readonly denominator?: 'tickets' | 'resolved';
  /** Rounding of `value` (default none: exact to 60 significant digits). */
  readonly round?: RoundOption;
}

/** The result of {@link costPerResolution}. */
export interface CostPerResolutionResult {
  /** Operating cost per ticket (or per resolved ticket); `null` when the denominator is 0 (see `reason`). */
  readonly value: KpiDecimal | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  /** The operating cost: the total given, or the exact sum of the lines. */
  readonly operatingCost: KpiDecimal;
  /** The cost per label (labels in order of first appearance, repeated labels summed); `null` for a total. */
  readonly costs: readonly { readonly label: string; readonly amount: KpiDecimal }[] | null;
  /** The denominator used. */
  readonly denominator: 'tickets' | 'resolved';
  /** Its count. */
  readonly count: number;
  /** Tickets in the period, when given. */
  readonly tickets: number | null;
  /** Resolved tickets, when given. */
  readonly resolved: number | null;
  /** The currency of the amounts, when given. */
  readonly currency: CurrencyCode | null;
  /** The rounding applied to `value`, or `null` (exact). */
  readonly round: RoundSetting | null;
}

const DENOMINATORS = ['tickets', 'resolved'] as const;
const DENOMINATOR_RULE = oneOf(DENOMINATORS);

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
 * divided by the tickets in the period — or, with `denominator: 'resolved'`, by the tickets
 * resolved in it. Money is exact: the cost lines are summed without binary floating point and the
 * division keeps 60 significant digits; rounding happens only when `round` asks for it.
 *
 * Formula: cost per resolution = operating cost / tickets (default) or / resolved tickets.
 *
 * Resolved tickets may exceed the tickets of the period (tickets opened earlier are resolved in
 * it), so the two counts are not checked against each other. Cost lines may be negative (credits),
 * the operating cost in total may not.
 *
 * @param input - `{ operatingCost, tickets }` or `{ costs: [{ label, amount }], tickets }`, with
 *   `resolved` for the resolved denominator and an optional `currency` (lines may carry one too).
 * @param options - {@link CostPerResolutionOptions}: `denominator` (`'tickets'`), `round` (none).
 * @returns A {@link CostPerResolutionResult}; `value` is `null` with a `reason` when the count is 0.
 * @throws {@link KpiInputError} when an amount is not a valid {@link MoneyInput} (a number with
 *   more than 15 significant digits, a malformed string, ...), the operating cost is negative, a
 *   count is not a non-negative integer, `resolved` is missing for `denominator: 'resolved'`,
 *   currencies are mixed, a cost line is malformed (naming its index), or an option is invalid.
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
 *   tickets: 2000,
 *   resolved: 1600,
 * });
 * r.value?.toString(); // '25'
 * r.operatingCost.toString(); // '50000'
 * costPerResolution({ operatingCost: '50000', tickets: 2000, resolved: 1600 }, { denominator: 'resolved' }).value?.toString(); // '31.25'
 * costPerResolution({ operatingCost: 100, tickets: 3 }, { round: { places: 2 } }).value?.toString(); // '33.33'
 * costPerResolution({ operatingCost: 100, tickets: 0 }).value; // null
 * JSON.stringify(costPerResolution({ operatingCost: '0.3', tickets: 2 }).value); // '"0.15"'
 * ```
 */
export function costPerResolution(input: CostPerResolutionInput, options?: CostPerResolutionOptions): CostPerResolutionResult {
  const fn = 'costPerResolution';
  const record = requireInput(fn, input);
  const form = selectForm(fn, record, [
    { name: 'total', fields: ['operatingCost'] },
    { name: 'lines', fields: ['costs'] },
  ]);
  const o = readOptions(fn, options, ['denominator', 'round']);
  const issues = new IssueCollector(fn);
  const denominator = (o['denominator'] ?? 'tickets') as 'tickets' | 'resolved';
  issues.check(denominator, DENOMINATOR_RULE, ['options', 'denominator']);
  const round = readRound(o['round'], issues);
  const currencies = new CurrencyTracker(issues);
  currencies.see(record['currency'], ['currency']);
  const tickets = record['tickets'] === undefined && denominator === 'resolved' ? null : readCount(record['tickets'], ['tickets'], issues);
  const resolved = record['resolved'] === undefined && denominator !== 'resolved' ? null : readCount(record['resolved'], ['resolved'], issues);
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
  const count = (denominator === 'tickets' ? tickets : resolved) as number;
  const value = roundOrNull(divide(operatingCost, count), round);
  return freezeResult({
    value,
    reason: value === null ? `${denominator} is 0: the cost per ${denominator === 'tickets' ? 'ticket' : 'resolved ticket'} is undefined` : null,
    operatingCost,
    costs: lines,
    denominator,
    count,
    tickets,
    resolved,
    currency: currencies.code,
    round,
  });
}
