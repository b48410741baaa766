import { type KpiDecimal, type MoneyInput } from '../core/decimal.js';
import { IssueCollector, readOptions, requireInput } from '../core/validate.js';
import {
  type CurrencyCode,
  type RoundOption,
  type RoundSetting,
  CurrencyTracker,
  applyRound,
  checkKeys,
  displayOf,
  freezeResult,
  readDisplayDecimals,
  readMoney,
  readRound,
} from '../core/money.js';

/** The input of {@link netCash}: three amounts of one period, and optionally their currency. */
export interface NetCashInput {
  /** Operating cash flow of the period. */
  readonly operatingCashFlow: MoneyInput;
  /** Cash spent on investments in the period. */
  readonly investments: MoneyInput;
  /** Increase in working capital in the period (a decrease is negative). */
  readonly workingCapitalIncrease: MoneyInput;
  /** ISO 4217 code of the amounts; optional. */
  readonly currency?: CurrencyCode;
}

/** Options of {@link netCash}. */
export interface NetCashOptions {
  /** Rounding of `value` (default none: exact). */
  readonly round?: RoundOption;
  /** Decimal places of the `display` text (an integer from 0 to 100). Default 2; `value` is not affected. */
  readonly displayDecimals?: number;
}

/** The result of {@link netCash}. */
export interface NetCashResult {
  /** Operating cash flow − investments − increase in working capital, exact. */
  readonly value: KpiDecimal;
  /** `value` rounded half away from zero to `displayDecimals` places (default 2), e.g. `'80000.03'`. */
  readonly display: string;
  readonly operatingCashFlow: KpiDecimal;
  readonly investments: KpiDecimal;
  readonly workingCapitalIncrease: KpiDecimal;
  /** The currency of the amounts, when given. */
  readonly currency: CurrencyCode | null;
  /** The rounding applied to `value`, or `null` (exact). */
  readonly round: RoundSetting | null;
}

/**
 * Net cash of a period, as the growth-KPI guide behind docs/metrics.md#netcash-and-freecashflow
 * defines it: operating cash flow − investments − increase in
 * working capital. Exact: no binary floating point, so 120,000.10 − 30,000.05 − 10,000.02 is
 * exactly 80,000.03. Any amount may be negative (an operating outflow, a divestment, a decrease in
 * working capital).
 *
 * Caveat: an operating cash flow taken from a cash-flow statement (indirect method) already
 * includes the changes in working capital; subtracting the increase again counts it twice. Use
 * this definition with an operating cash flow before working-capital changes (as that guide does),
 * or use `freeCashFlow` (operating cash flow − capital expenditure) with a statement's figure.
 *
 * @param input - `{ operatingCashFlow, investments, workingCapitalIncrease, currency? }`.
 * @param options - {@link NetCashOptions}: `round` (none), `displayDecimals` (2).
 * @returns A {@link NetCashResult}: the value and the three amounts as Decimals.
 * @throws {@link KpiInputError} when an amount is missing or not a valid {@link MoneyInput} (for
 *   example a number with more than 15 significant digits such as `0.1 + 0.2`: pass a string or a
 *   Decimal), the currency code is invalid, a field is unknown, or an option is invalid.
 * @see docs/metrics.md#netcash-and-freecashflow.
 *
 * @example
 * ```ts
 * import { netCash } from 'kpi-kit';
 *
 * const r = netCash({ operatingCashFlow: '120000.10', investments: 30000.05, workingCapitalIncrease: '10000.02', currency: 'EUR' });
 * r.value.toString(); // '80000.03'
 * JSON.stringify({ net: r.value }); // '{"net":"80000.03"}'
 * netCash({ operatingCashFlow: '1000.005', investments: 0, workingCapitalIncrease: 0 }).display; // '1000.01'
 * netCash({ operatingCashFlow: 100, investments: 33.333, workingCapitalIncrease: 0 }, { round: { places: 2, mode: 'ROUND_HALF_UP' } }).value.toString(); // '66.67'
 * ```
 */
export function netCash(input: NetCashInput, options?: NetCashOptions): NetCashResult {
  const fn = 'netCash';
  const record = requireInput(fn, input);
  const o = readOptions(fn, options, ['round', 'displayDecimals']);
  const issues = new IssueCollector(fn);
  checkKeys(record, ['operatingCashFlow', 'investments', 'workingCapitalIncrease', 'currency'], issues);
  const round = readRound(o['round'], issues);
  const displayDecimals = readDisplayDecimals(o['displayDecimals'], issues);
  const currencies = new CurrencyTracker(issues);
  currencies.see(record['currency'], ['currency']);
  const operatingCashFlow = readMoney(record['operatingCashFlow'], ['operatingCashFlow'], issues);
  const investments = readMoney(record['investments'], ['investments'], issues);
  const workingCapitalIncrease = readMoney(record['workingCapitalIncrease'], ['workingCapitalIncrease'], issues);
  issues.throwIfAny();
  const ocf = operatingCashFlow as KpiDecimal;
  const value = applyRound(ocf.minus(investments as KpiDecimal).minus(workingCapitalIncrease as KpiDecimal), round);
  return freezeResult({
    value,
    display: displayOf(value, displayDecimals) as string,
    operatingCashFlow: ocf,
    investments: investments as KpiDecimal,
    workingCapitalIncrease: workingCapitalIncrease as KpiDecimal,
    currency: currencies.code,
    round,
  });
}
