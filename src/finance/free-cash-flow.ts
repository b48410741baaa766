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

/** The input of {@link freeCashFlow}. */
export interface FreeCashFlowInput {
  /** Operating cash flow of the period (as a cash-flow statement reports it). */
  readonly operatingCashFlow: MoneyInput;
  /** Capital expenditure of the period (purchases of property, plant, equipment, software). */
  readonly capitalExpenditure: MoneyInput;
  /** ISO 4217 code of the amounts; optional. */
  readonly currency?: CurrencyCode;
}

/** Options of {@link freeCashFlow}. */
export interface FreeCashFlowOptions {
  /** Rounding of `value` (default none: exact). */
  readonly round?: RoundOption;
  /** Decimal places of the `display` text (an integer from 0 to 100). Default 2; `value` is not affected. */
  readonly displayDecimals?: number;
}

/** The result of {@link freeCashFlow}. */
export interface FreeCashFlowResult {
  /** Operating cash flow − capital expenditure, exact. */
  readonly value: KpiDecimal;
  /** `value` rounded half away from zero to `displayDecimals` places (default 2), e.g. `'80000.03'`. */
  readonly display: string;
  readonly operatingCashFlow: KpiDecimal;
  readonly capitalExpenditure: KpiDecimal;
  /** The currency of the amounts, when given. */
  readonly currency: CurrencyCode | null;
  /** The rounding applied to `value`, or `null` (exact). */
  readonly round: RoundSetting | null;
}

/**
 * Free cash flow of a period: operating cash flow − capital expenditure, exact. Unlike `netCash`,
 * it takes the operating cash flow of a cash-flow statement as it is, which already
 * includes the changes in working capital, so nothing is counted twice.
 *
 * @param input - `{ operatingCashFlow, capitalExpenditure, currency? }`.
 * @param options - {@link FreeCashFlowOptions}: `round` (none), `displayDecimals` (2).
 * @returns A {@link FreeCashFlowResult}.
 * @throws {@link KpiInputError} when an amount is missing or not a valid {@link MoneyInput}, the
 *   currency code is invalid, a field is unknown, or an
 *   option is invalid.
 * @see docs/metrics.md#netcash-and-freecashflow (the note on `netCash`); CFA Institute, "Free cash flow valuation" (FCF = CFO − capital expenditure).
 *
 * @example
 * ```ts
 * import { freeCashFlow } from 'kpi-kit';
 *
 * freeCashFlow({ operatingCashFlow: '120000.10', capitalExpenditure: '45000.25' }).value.toString(); // '74999.85'
 * freeCashFlow({ operatingCashFlow: 0.3, capitalExpenditure: 0.1 }).value.toString(); // '0.2'
 * freeCashFlow({ operatingCashFlow: 0.3, capitalExpenditure: 0.1 }).display; // '0.20'
 * ```
 */
export function freeCashFlow(input: FreeCashFlowInput, options?: FreeCashFlowOptions): FreeCashFlowResult {
  const fn = 'freeCashFlow';
  const record = requireInput(fn, input);
  const o = readOptions(fn, options, ['round', 'displayDecimals']);
  const issues = new IssueCollector(fn);
  checkKeys(record, ['operatingCashFlow', 'capitalExpenditure', 'currency'], issues);
  const round = readRound(o['round'], issues);
  const displayDecimals = readDisplayDecimals(o['displayDecimals'], issues);
  const currencies = new CurrencyTracker(issues);
  currencies.see(record['currency'], ['currency']);
  const operatingCashFlow = readMoney(record['operatingCashFlow'], ['operatingCashFlow'], issues);
  const capitalExpenditure = readMoney(record['capitalExpenditure'], ['capitalExpenditure'], issues);
  issues.throwIfAny();
  const ocf = operatingCashFlow as KpiDecimal;
  const capex = capitalExpenditure as KpiDecimal;
  const value = applyRound(ocf.minus(capex), round);
  return freezeResult({
    value,
    display: displayOf(value, displayDecimals) as string,
    operatingCashFlow: ocf,
    capitalExpenditure: capex,
    currency: currencies.code,
    round,
  });
}
