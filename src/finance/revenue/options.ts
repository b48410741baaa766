/**
 * The options of {@link revenue} and {@link revenueAccumulator}: validated, and normalised for the
 * accumulator's JSON state (defaults filled in, only the options that mean something).
 *
 * @module
 */
import type { JsonValue } from '../../core/accumulator.js';
import type { KpiPath } from '../../core/errors.js';
import { type RoundSetting, CurrencyTracker, DEFAULT_DISPLAY_DECIMALS, readDisplayDecimals, readRound } from '../../core/money.js';
import { BOOLEAN, IssueCollector, readOptions } from '../../core/validate.js';
import { type PeriodSettings, readPeriodOptions } from '../../time/period.js';

/** The options of {@link revenue}. */
export const OPTION_KEYS = ['period', 'timeZone', 'weekStartsOn', 'fill', 'round', 'displayDecimals'] as const;

/** The validated options of a revenue pass. */
export interface RevenueSettings {
  /** The periods, or `null` without `options.period`. */
  readonly period: PeriodSettings | null;
  readonly fill: boolean;
  readonly round: RoundSetting | null;
  /** Decimal places of the `display` texts. */
  readonly displayDecimals: number;
  /** The currency of the input, or `null`. */
  readonly currency: string | null;
  /**
   * The options normalised (what the accumulator's JSON state carries and `merge` compares):
   * `period`, `timeZone`, `weekStartsOn` (weeks only) and `fill` with a period; `round` with its
   * mode; `displayDecimals` when not the default 2; `currency`; each only when it means something.
   */
  readonly options: { readonly [key: string]: JsonValue };
}

/**
 * Reads the options of a revenue pass for `fn`: `o` holds the known keys (checked by the caller),
 * `currency` the currency of the input (read at `currencyPath`), and `input`, when given, is the
 * input of {@link revenue} (whose fields are checked too). Throws every problem at once; then
 * those of the period options (zone, week start).
 */
export function readSettings(
  fn: string,
  o: Record<string, unknown>,
  currency: unknown,
  currencyPath: KpiPath,
  input?: Record<string, unknown>,
): RevenueSettings {
  const issues = new IssueCollector(fn);
  const round = readRound(o['round'], issues);
  const displayDecimals = readDisplayDecimals(o['displayDecimals'], issues);
  const fill = o['fill'] ?? true;
  issues.check(fill, BOOLEAN, ['options', 'fill']);
  if (o['period'] === undefined) {
    for (const key of ['timeZone', 'weekStartsOn', 'fill'] as const) {
      if (o[key] !== undefined) {
        issues.add({ code: 'inconsistent', path: ['options', key], input: o[key], detail: `options.${key} has no meaning without options.period` });
      }
    }
  }
  for (const key of Object.keys(input ?? {})) {
    if (key !== 'lines' && key !== 'currency') {
      issues.add({ code: 'invalid_value', path: [key], input: input?.[key], detail: `${key} is not a field of the revenue input (known: lines, currency)` });
    }
  }
  new CurrencyTracker(issues).see(currency, currencyPath);
  issues.throwIfAny();
  const period =
    o['period'] === undefined ? null : readPeriodOptions(fn, { period: o['period'], timeZone: o['timeZone'], weekStartsOn: o['weekStartsOn'] }).settings;
  const code = typeof currency === 'string' ? currency : null;
  const options: Record<string, JsonValue> = {};
  if (period !== null) {
    options['period'] = period.period;
    options['timeZone'] = period.timeZone;
    if (period.period === 'week') options['weekStartsOn'] = period.weekStartsOn;
    options['fill'] = fill === true;
  }
  if (round !== null) options['round'] = { places: round.places, mode: round.mode };
  if (displayDecimals !== DEFAULT_DISPLAY_DECIMALS) options['displayDecimals'] = displayDecimals;
  if (code !== null) options['currency'] = code;
  return Object.freeze({ period, fill: fill === true, round, displayDecimals, currency: code, options: Object.freeze(options) });
}

/** Reads the options of a revenue accumulator (those of {@link revenue}, and `currency`). */
export function readAccumulatorSettings(fn: string, options: unknown): RevenueSettings {
  const o = readOptions(fn, options, [...OPTION_KEYS, 'currency']);
  return readSettings(fn, o, o['currency'], ['options', 'currency']);
}
