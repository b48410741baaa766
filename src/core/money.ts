/**
 * Shared pieces of the money-valued metrics (finance, growth): reading money and rate inputs exactly, currency codes,
 * rounding on request, exact division that gives `null` (with a reason) instead of Infinity, and
 * frozen results holding Decimals.
 *
 * @module
 */
import { Decimal } from 'decimal.js';
import { type IssueSpec, type KpiPath, KpiInputError } from './errors.js';
import { type MoneyInput, KpiDecimal, moneyIssue, toDecimal } from './decimal.js';
import { COUNT, IssueCollector, describeRule, integerRange, isRecord } from './validate.js';

/**
 * A rounding mode, named as decimal.js names its constants: `'ROUND_HALF_EVEN'` (banker's
 * rounding), `'ROUND_HALF_UP'` (half away from zero), `'ROUND_HALF_DOWN'`, `'ROUND_HALF_CEIL'`,
 * `'ROUND_HALF_FLOOR'`, `'ROUND_UP'` (away from zero), `'ROUND_DOWN'` (towards zero, truncation),
 * `'ROUND_CEIL'` and `'ROUND_FLOOR'`.
 */
export type RoundingModeName =
  'ROUND_UP' | 'ROUND_DOWN' | 'ROUND_CEIL' | 'ROUND_FLOOR' | 'ROUND_HALF_UP' | 'ROUND_HALF_DOWN' | 'ROUND_HALF_EVEN' | 'ROUND_HALF_CEIL' | 'ROUND_HALF_FLOOR';

const ROUNDING_MODES: Readonly<Record<RoundingModeName, Decimal.Rounding>> = Object.freeze({
  ROUND_UP: Decimal.ROUND_UP,
  ROUND_DOWN: Decimal.ROUND_DOWN,
  ROUND_CEIL: Decimal.ROUND_CEIL,
  ROUND_FLOOR: Decimal.ROUND_FLOOR,
  ROUND_HALF_UP: Decimal.ROUND_HALF_UP,
  ROUND_HALF_DOWN: Decimal.ROUND_HALF_DOWN,
  ROUND_HALF_EVEN: Decimal.ROUND_HALF_EVEN,
  ROUND_HALF_CEIL: Decimal.ROUND_HALF_CEIL,
  ROUND_HALF_FLOOR: Decimal.ROUND_HALF_FLOOR,
});

/**
 * Rounding of a finance result, only when asked for: `places` decimal places (an integer from 0 to
 * 100) and a `mode` (default `'ROUND_HALF_EVEN'`). Without it results are exact (divisions keep 60
 * significant digits).
 */
export interface RoundOption {
  readonly places: number;
  readonly mode?: RoundingModeName;
}

/** The rounding a result was given, as echoed in it (`null`: none, the value is exact). */
export interface RoundSetting {
  readonly places: number;
  readonly mode: RoundingModeName;
}

/**
 * A rate or quantity read exactly: a number (taken as the decimal its shortest round-trip form
 * prints, `String(x)`: `1 / 3` is 0.3333333333333333), a decimal string or a Decimal.
 */
export type DecimalInput = number | string | Decimal;

/** An ISO 4217 currency code: three capital letters, e.g. `'EUR'`, `'USD'`, `'JPY'`. */
export type CurrencyCode = string;

const PLACES_RULE = integerRange(0, 100);
const CURRENCY = /^[A-Z]{3}$/;
const CURRENCY_EXPECTED = "an ISO 4217 currency code of three capital letters, like 'EUR'";

/** Validates `options.round`; `null` when absent. @internal */
export function readRound(value: unknown, issues: IssueCollector): RoundSetting | null {
  if (value === undefined) return null;
  const path: KpiPath = ['options', 'round'];
  if (!isRecord(value)) {
    issues.add({ code: 'invalid_type', path, input: value, expected: "an object like { places: 2, mode: 'ROUND_HALF_EVEN' }" });
    return null;
  }
  for (const key of Object.keys(value)) {
    if (key !== 'places' && key !== 'mode') {
      issues.add({ code: 'invalid_value', path: [...path, key], input: value[key], detail: `options.round.${key} is not known (known: places, mode)` });
    }
  }
  const { places, mode = 'ROUND_HALF_EVEN' } = value;
  let ok = true;
  if (places === undefined) {
    issues.add({ code: 'missing', path: [...path, 'places'], input: places, expected: describeRule(PLACES_RULE) });
    ok = false;
  } else {
    ok = issues.check(places, PLACES_RULE, [...path, 'places']);
  }
  if (typeof mode !== 'string' || !Object.hasOwn(ROUNDING_MODES, mode)) {
    issues.add({
      code: 'invalid_value',
      path: [...path, 'mode'],
      input: mode,
      expected: `one of ${Object.keys(ROUNDING_MODES)
        .map((m) => `'${m}'`)
        .join(', ')}`,
    });
    ok = false;
  }
  return ok ? Object.freeze({ places: places as number, mode: mode as RoundingModeName }) : null;
}

/**
 * The default number of decimal places of the `display` text of a money result: 2, the minor unit
 * of most ISO 4217 currencies (pass `displayDecimals: 0` for JPY or KRW, 3 for KWD or BHD).
 */
export const DEFAULT_DISPLAY_DECIMALS = 2;

const DISPLAY_DECIMALS_RULE = integerRange(0, 100);

/**
 * Validates `options.displayDecimals` (an integer from 0 to 100; default
 * {@link DEFAULT_DISPLAY_DECIMALS}). Returns the default after an issue. @internal
 */
export function readDisplayDecimals(value: unknown, issues: IssueCollector): number {
  if (value === undefined) return DEFAULT_DISPLAY_DECIMALS;
  return issues.check(value, DISPLAY_DECIMALS_RULE, ['options', 'displayDecimals']) ? (value as number) : DEFAULT_DISPLAY_DECIMALS;
}

/**
 * The display text of a money amount: rounded to `decimals` places half away from zero
 * (decimal.js `ROUND_HALF_UP`: 0.125 → '0.13', −0.125 → '-0.13'), as Microsoft Excel's `ROUND`
 * and the euro conversion rule of Council Regulation (EC) No 1103/97, art. 5, round (see
 * docs/metrics.md#finance-family-kpi-kitfinance), with
 * exactly `decimals` places and no exponent (`'25.00'`); `null` for `null`. A negative amount that
 * rounds to zero is shown as `'0.00'`, not `'-0.00'`. @internal
 */
export function displayOf(value: KpiDecimal | null, decimals: number): string | null {
  if (value === null) return null;
  const rounded = value.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  return (rounded.isZero() ? new KpiDecimal(0) : rounded).toFixed(decimals);
}

/** Rounds `value` as asked (`null`: unchanged). @internal */
export function applyRound(value: KpiDecimal, round: RoundSetting | null): KpiDecimal {
  if (round === null) return value;
  const rounded = value.toDecimalPlaces(round.places, ROUNDING_MODES[round.mode]);
  return rounded.isZero() ? new KpiDecimal(0) : rounded;
}

/** Like {@link applyRound}, passing `null` through. @internal */
export function roundOrNull(value: KpiDecimal | null, round: RoundSetting | null): KpiDecimal | null {
  return value === null ? null : applyRound(value, round);
}

/**
 * Reads a money amount exactly ({@link MoneyInput} rules) into a KpiDecimal, or records why not and
 * returns `null`. A missing value (`undefined`) is `missing`. @internal
 */
export function readMoney(value: unknown, path: KpiPath, issues: IssueCollector): KpiDecimal | null {
  const issue = moneyIssue(value, path);
  if (issue === null) return toDecimal(value, path, issues.fn);
  issues.add(issue);
  return null;
}

/** Like {@link readMoney}, and the amount must be ≥ 0. @internal */
export function readNonNegativeMoney(value: unknown, path: KpiPath, issues: IssueCollector): KpiDecimal | null {
  const amount = readMoney(value, path, issues);
  if (amount !== null && amount.isNegative()) {
    issues.add({ code: 'out_of_range', path, input: value, expected: 'a non-negative amount' });
    return null;
  }
  return amount;
}

/** Bounds of an exact decimal quantity (a rate, a share, a number of months). @internal */
export interface DecimalBounds {
  readonly min: number;
  readonly max?: number;
  /** Whether `min` itself is excluded. */
  readonly minOpen?: boolean;
  /** The rule in words, following "must be". */
  readonly expected: string;
}

/**
 * Reads a rate or quantity exactly and checks its bounds; `null` (issue recorded) when invalid.
 * Strings and Decimals follow the money rules (every digit kept); a number is taken as the decimal
 * of its shortest round-trip form, what `String(x)` prints — so `0.05` is exactly 0.05 and a share
 * computed in floating point, like `1 / 3` (`0.3333333333333333`), is accepted as the 16-digit
 * decimal it prints (unlike money, where such a number is refused as float residue). @internal
 */
export function readDecimal(value: unknown, path: KpiPath, bounds: DecimalBounds, issues: IssueCollector): KpiDecimal | null {
  if (value === undefined) {
    issues.add({ code: 'missing', path, input: value, expected: bounds.expected });
    return null;
  }
  let d: KpiDecimal;
  if (typeof value === 'number' && Number.isFinite(value)) {
    d = new KpiDecimal(Object.is(value, -0) ? 0 : String(value));
  } else {
    try {
      d = toDecimal(value, path, issues.fn);
    } catch (error) {
      if (!(error instanceof KpiInputError)) throw error;
      issues.add({ code: error.code, path, input: value, expected: bounds.expected });
      return null;
    }
  }
  const low = bounds.minOpen ? d.lte(bounds.min) : d.lt(bounds.min);
  const high = bounds.max !== undefined && d.gt(bounds.max);
  if (low || high) {
    issues.add({ code: 'out_of_range', path, input: value, expected: bounds.expected });
    return null;
  }
  return d;
}

/**
 * A rate as a number, decimal string or Decimal ({@link DecimalInput}), or the result of the
 * metric that gives it (`{ value, reason }`, e.g. the result of `churnRate` or `retentionRate`):
 * its `value` is taken; a result whose `value` is `null` is refused, naming its `reason`.
 */
export type RateOrResult = DecimalInput | { readonly value: number | null; readonly reason?: string | null };

/**
 * Reads a {@link RateOrResult} with {@link readDecimal}: a plain object that is not a Decimal is
 * read as a result (its `value`, path `[...path, 'value']`); a `null` value is an `out_of_range`
 * issue that quotes the result's `reason`. When the result carries the counts its value is the
 * ratio of (`customersLost / denominator` of churnRate, `retained / customersAtStart` of
 * retentionRate) and they give that value, the rate is their exact ratio to 60 significant digits
 * rather than the float. `null` (issue recorded) when invalid. @internal
 */
export function readRateOrResult(value: unknown, path: KpiPath, bounds: DecimalBounds, issues: IssueCollector): KpiDecimal | null {
  if (!isRecord(value) || Decimal.isDecimal(value)) return readDecimal(value, path, bounds, issues);
  const inner = value['value'];
  if (inner === null) {
    const reason = value['reason'];
    issues.add({
      code: 'out_of_range',
      path: [...path, 'value'],
      input: inner,
      detail:
        `${formatWhere(path)} is a result whose value is null` +
        (typeof reason === 'string' && reason !== '' ? ` (${reason})` : '') +
        `: there is no rate to use; pass ${bounds.expected} instead`,
    });
    return null;
  }
  // A churnRate or retentionRate result: its exact ratio from the counts, when they give its value.
  for (const [num, den] of RESULT_RATIOS) {
    const n = value[num];
    const d = value[den];
    if (typeof n === 'number' && typeof d === 'number' && Number.isFinite(n) && Number.isFinite(d) && n >= 0 && d > 0 && n / d === inner) {
      return readDecimal(new KpiDecimal(n).div(d), [...path, 'value'], bounds, issues);
    }
  }
  return readDecimal(inner, [...path, 'value'], bounds, issues);
}

/** The counts whose ratio is the value of a rate result: churnRate's, then retentionRate's. */
const RESULT_RATIOS: readonly (readonly [string, string])[] = [
  ['customersLost', 'denominator'],
  ['retained', 'customersAtStart'],
];

/** Reads a count (a non-negative safe integer); `null` (issue recorded) when invalid. @internal */
export function readCount(value: unknown, path: KpiPath, issues: IssueCollector): number | null {
  if (value === undefined) {
    issues.add({ code: 'missing', path, input: value, expected: describeRule(COUNT) });
    return null;
  }
  return issues.check(value, COUNT, path) ? (value as number) : null;
}

/** Whether a value is a valid currency code. @internal */
export function isCurrency(value: unknown): value is string {
  return typeof value === 'string' && CURRENCY.test(value);
}

/**
 * Tracks the currency of the amounts of one call: optional everywhere, but all the codes given
 * must agree (mixing currencies in one sum is an error). @internal
 */
export class CurrencyTracker {
  private seen: string | null = null;
  private seenAt: KpiPath = [];

  constructor(private readonly issues: IssueCollector) {}

  /** Notes the currency at `path` (`undefined` or `null`: none given). Returns false when it is invalid or disagrees. */
  see(value: unknown, path: KpiPath): boolean {
    if (value === undefined || value === null) return true;
    if (!isCurrency(value)) {
      this.issues.add(currencyCodeIssue(value, path));
      return false;
    }
    if (this.seen === null) {
      this.seen = value;
      this.seenAt = path;
      return true;
    }
    if (value === this.seen) return true;
    this.issues.add(currencyMixIssue(value, path, this.seen, this.seenAt));
    return false;
  }

  /** The currency of the amounts, or `null` when none was given. */
  get code(): string | null {
    return this.seen;
  }
}

/** The issue of an invalid currency code at `path`. @internal */
export function currencyCodeIssue(value: unknown, path: KpiPath): IssueSpec {
  return { code: 'invalid_value', path, input: value, expected: CURRENCY_EXPECTED };
}

/** The issue of a currency `value` at `path` that differs from `seen`, first given at `seenAt`. @internal */
export function currencyMixIssue(value: string, path: KpiPath, seen: string, seenAt: KpiPath): IssueSpec {
  return {
    code: 'inconsistent',
    path,
    input: value,
    detail: `currencies cannot be mixed: ${formatWhere(path)} is ${value} but ${formatWhere(seenAt)} is ${seen}; convert the amounts to one currency first`,
  };
}

function formatWhere(path: KpiPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out === '' ? 'input' : out;
}

/**
 * `numerator / denominator` exactly (60 significant digits), or `null` when the denominator is
 * zero. @internal
 */
export function divide(numerator: KpiDecimal, denominator: KpiDecimal | number): KpiDecimal | null {
  const d = typeof denominator === 'number' ? new KpiDecimal(denominator) : denominator;
  if (d.isZero()) return null;
  const q = numerator.div(d);
  return q.isZero() ? new KpiDecimal(0) : q;
}

/**
 * Freezes a result: the object and every plain object or array inside it, leaving Decimal values
 * as they are (decimal.js values are immutable through their API). Returns it. @internal
 */
export function freezeResult<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Decimal.isDecimal(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) freezeResult((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * A money amount, or the result of a finance metric that gives one (`{ value, currency }`, e.g. the
 * result of `lifetimeValue` or `customerAcquisitionCost`): its `value` is taken (`null` stays
 * `null`: the metric was undefined) and its `currency` checked against the others.
 */
export type MoneyOrResult = MoneyInput | { readonly value: MoneyInput | null; readonly currency?: CurrencyCode | null };

/**
 * Reads a {@link MoneyOrResult}: `{ amount }` with `amount` null when a result's value is null;
 * `null` (issue recorded) when invalid. @internal
 */
export function readMoneyOrResult(
  value: unknown,
  path: KpiPath,
  issues: IssueCollector,
  currencies: CurrencyTracker,
  nonNegative: boolean,
): { readonly amount: KpiDecimal | null } | null {
  if (isRecord(value) && !Decimal.isDecimal(value)) {
    const ok = currencies.see(value['currency'], [...path, 'currency']);
    if (value['value'] === null) return ok ? { amount: null } : null;
    const amount = nonNegative ? readNonNegativeMoney(value['value'], [...path, 'value'], issues) : readMoney(value['value'], [...path, 'value'], issues);
    return ok && amount !== null ? { amount } : null;
  }
  const amount = nonNegative ? readNonNegativeMoney(value, path, issues) : readMoney(value, path, issues);
  return amount === null ? null : { amount };
}

/** A share in [0, 1], read exactly. @internal */
export const SHARE_BOUNDS: DecimalBounds = Object.freeze({ min: 0, max: 1, expected: 'a share from 0 to 1 (0.05 is 5 %)' });
/** A non-negative quantity, read exactly. @internal */
export const NON_NEGATIVE_BOUNDS: DecimalBounds = Object.freeze({ min: 0, expected: 'a non-negative number' });

/** Adds an issue for every key of `input` not in `known` (a misspelt field is an error). @internal */
export function checkKeys(input: Record<string, unknown>, known: readonly string[], issues: IssueCollector, hint?: (key: string) => string | undefined): void {
  for (const key of Object.keys(input)) {
    if (known.includes(key)) continue;
    const extra = hint?.(key);
    issues.add({
      code: 'invalid_value',
      path: [key],
      input: input[key],
      detail: extra ?? `${key} is not a field of the input of ${issues.fn} (known: ${known.join(', ')})`,
    });
  }
}
