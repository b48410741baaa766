/**
 * The public types of {@link revenue} and {@link revenueAccumulator}: lines, input, options and
 * result.
 *
 * @module
 */
import type { KpiDecimal, MoneyInput } from '../../core/decimal.js';
import type { CurrencyCode, RoundOption, RoundSetting } from '../../core/money.js';
import type { PeriodUnit } from '../../time/period.js';
import type { TimestampInput } from '../../time/timestamp.js';

/**
 * One revenue line: an amount (a refund is negative), and optionally its stream (`'new sales'`,
 * `'repeat sales'`, `'interest'`, `'late fees'`, `'service fees'`, `'subscriptions'`, `'add-ons'`,
 * `'other'`, or any name of yours), its date and its currency.
 */
export interface RevenueLine {
  readonly amount: MoneyInput;
  /** The revenue stream; lines without one are grouped under `stream: null`. */
  readonly stream?: string | null;
  /** When the revenue was earned: a `Date`, an ISO-8601 string or epoch ms. Read only with `options.period`. */
  readonly date?: TimestampInput | null;
  /** ISO 4217 code; optional, but all codes given in one call must agree. */
  readonly currency?: CurrencyCode | null;
}

/** The input of {@link revenue}. */
export interface RevenueInput {
  readonly lines: readonly RevenueLine[];
  /** ISO 4217 code of every line; optional (a line's own code must then agree with it). */
  readonly currency?: CurrencyCode;
}

/** Options of {@link revenue}. */
export interface RevenueOptions {
  /** Also total the revenue per calendar period (`'day'`, `'week'`, `'month'`, `'quarter'`) by `date`. Default none. */
  readonly period?: PeriodUnit;
  /** IANA time zone in which periods begin at local midnight, and zone-less dates are read. Default `'UTC'`; needs `period`. */
  readonly timeZone?: string;
  /** First day of the week (0 = Sunday … 6 = Saturday) for weekly periods. Default 1 (Monday); needs `period`. */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** Whether periods without lines between the first and the last are listed (with revenue 0). Default `true`; needs `period`. */
  readonly fill?: boolean;
  /** Rounding of every total in the result (default none: exact). */
  readonly round?: RoundOption;
  /**
   * Decimal places of the `display` text of every total (an integer from 0 to 100). Default 2;
   * the totals themselves are not affected.
   */
  readonly displayDecimals?: number;
}

/** Options of {@link revenueAccumulator}: those of {@link revenue}, and the currency of the input. */
export interface RevenueAccumulatorOptions extends RevenueOptions {
  /** ISO 4217 code of every line, as `RevenueInput.currency`; optional (a line's own code must then agree with it). */
  readonly currency?: CurrencyCode;
}

/** Revenue of one stream. */
export interface RevenueStream {
  /** The stream (`null`: lines without a stream). */
  readonly stream: string | null;
  /** Its revenue. */
  readonly value: KpiDecimal;
  /** `value` rounded half away from zero to `displayDecimals` places (default 2). */
  readonly display: string;
  /** Its number of lines. */
  readonly lineCount: number;
}

/** The change of revenue from one period to the next. */
export interface RevenueGrowth {
  /** Key of the earlier period. */
  readonly from: string;
  /** Key of the later period. */
  readonly to: string;
  /** Later revenue − earlier revenue. */
  readonly absolute: KpiDecimal;
  /** `absolute / |earlier revenue|` (0.25 is +25 %), to 60 significant digits; `null` when the earlier revenue is 0 (see `reason`). */
  readonly relative: KpiDecimal | null;
  /** Why `relative` is `null`; `null` when it is not. */
  readonly reason: string | null;
}

/** Revenue of one calendar period. */
export interface RevenuePeriod {
  /** The period's label: `'2024-03-31'` (day), `'2024-03-25'` (week, its first day), `'2024-03'`, `'2024-Q1'`. */
  readonly key: string;
  /** Epoch ms of its first instant (local midnight in the time zone). */
  readonly startMs: number;
  /** Epoch ms of the first instant of the next period. */
  readonly endMs: number;
  /** Its revenue. */
  readonly value: KpiDecimal;
  /** `value` rounded half away from zero to `displayDecimals` places (default 2). */
  readonly display: string;
  /** Its number of lines. */
  readonly lineCount: number;
  /** Revenue per stream in the period (streams with lines in it, ordered as in `byStream`). */
  readonly byStream: readonly RevenueStream[];
  /** The change from the period before (the row before); `null` for the first. */
  readonly growth: RevenueGrowth | null;
}

/** The result of {@link revenue}. */
export interface RevenueResult {
  /** Total revenue of all lines, exact (`0` for no lines). */
  readonly value: KpiDecimal;
  /** `value` rounded half away from zero to `displayDecimals` places (default 2), e.g. `'1234.50'`. */
  readonly display: string;
  /** Number of lines. */
  readonly lineCount: number;
  /** The currency of the lines, when given. */
  readonly currency: CurrencyCode | null;
  /** Revenue per stream, by stream name (`null`, lines without a stream, last). */
  readonly byStream: readonly RevenueStream[];
  /** Revenue per period, ascending; `null` without `options.period`. */
  readonly byPeriod: readonly RevenuePeriod[] | null;
  /** Lines without a date (with `options.period`): their revenue and count, in the total too; `null` when none. */
  readonly undated: { readonly value: KpiDecimal; readonly display: string; readonly lineCount: number } | null;
  /** The last period's change from the one before; `null` with fewer than two periods. */
  readonly growth: RevenueGrowth | null;
  /** The period unit, or `null`. */
  readonly period: PeriodUnit | null;
  /** The time zone of the periods, or `null` without periods. */
  readonly timeZone: string | null;
  /** The rounding applied to the totals, or `null` (exact). */
  readonly round: RoundSetting | null;
}
