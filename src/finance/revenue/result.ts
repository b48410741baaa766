/**
 * The result of a revenue pass: the problems of the lines as one pass in index order finds them
 * (thrown), else the totals by stream and period.
 *
 * @module
 */
import { ExactSum, type KpiDecimal } from '../../core/decimal.js';
import { type IssueSpec, KpiInputError, MAX_ISSUES } from '../../core/errors.js';
import { applyRound, displayOf, freezeResult } from '../../core/money.js';
import { UNDATED, compareStreams } from './cells.js';
import { type CurrencyCheck, checkCurrencies } from './currencies.js';
import type { RevenueState } from './lines.js';
import { type PeriodRow, periodsOf } from './periods.js';
import type { RevenueResult, RevenueStream } from './types.js';

/** The metric, and the function named in the errors of the lines. */
export const FN = 'revenue';

/** An invalid line with its problems, as the caller kept it. */
export interface ListedLine {
  readonly index: number;
  readonly specs: readonly IssueSpec[];
}

/**
 * Throws the problems of the lines, as one pass over them in index order finds them: a line that
 * carries another currency code than the input's (or than the first line's that carries one) is
 * invalid for that, and its other problems are not reported. `listed` are the first invalid lines
 * by index (at least the first 100; each once), `count` all of them.
 */
function throwIfInvalid(check: CurrencyCheck, listed: readonly ListedLine[], count: number): void {
  const candidates: { readonly index: number; readonly spec: IssueSpec }[] = [...check.issues];
  const skip = new Map(check.invalidAt);
  for (const line of listed) {
    const left = skip.get(line.index) ?? 0;
    if (left > 0) {
      skip.set(line.index, left - 1);
      continue;
    }
    for (const spec of line.specs) candidates.push({ index: line.index, spec });
  }
  // Stable: at one index (only where indices were given twice), the currency first.
  candidates.sort((a, b) => a.index - b.index);
  const total = Math.max(count - check.invalid + check.count, candidates.length);
  if (total === 0) return;
  const specs = candidates.slice(0, MAX_ISSUES).map((c) => c.spec);
  if (specs.length === 0) {
    // Only from a tampered state: invalid lines counted but none listed.
    specs.push({ code: 'inconsistent', path: ['lines'], input: total, detail: `${total} lines are invalid, but the state kept none of their problems` });
  }
  throw new KpiInputError(FN, specs, total);
}

/** Adds `sum` to the sum of `key` in `sums`. */
function addTo(sums: Map<string | null, ExactSum>, key: string | null, sum: ExactSum): void {
  let s = sums.get(key);
  if (s === undefined) sums.set(key, (s = new ExactSum()));
  s.merge(sum);
}

/**
 * The revenue of the lines of `state`, or the error listing the invalid ones: `listed` are the
 * first invalid lines by index (at least 100 of them where there are as many; each with its
 * problems), `count` how many lines were invalid.
 */
export function revenueResult(state: RevenueState, listed: readonly ListedLine[], count: number): RevenueResult {
  const { round, fill, period, displayDecimals } = state.settings;
  const display = (value: KpiDecimal): string => displayOf(value, displayDecimals) as string;
  const check = checkCurrencies(FN, state.currencies, state.settings.currency);
  throwIfInvalid(check, listed, count);
  const bucketer = state.periods;
  const rounded = (s: ExactSum): KpiDecimal => applyRound(s.toDecimal(), round);
  const total = new ExactSum();
  const streamTotals = new Map<string | null, ExactSum>();
  const rows = new Map<number, PeriodRow>();
  for (const { k, stream, sum } of state.cells.cells()) {
    total.merge(sum);
    addTo(streamTotals, stream, sum);
    if (bucketer === null) continue;
    let row = rows.get(k);
    if (row === undefined) rows.set(k, (row = { k, sum: new ExactSum(), streams: new Map() }));
    row.sum.merge(sum);
    row.streams.set(stream, sum);
  }
  const order = [...streamTotals.keys()].sort(compareStreams);
  const streamsOf = (sums: Map<string | null, ExactSum>): RevenueStream[] =>
    order
      .filter((s) => sums.has(s))
      .map((s) => {
        const value = rounded(sums.get(s) as ExactSum);
        return { stream: s, value, display: display(value), lineCount: (sums.get(s) as ExactSum).count };
      });
  const undated = rows.get(UNDATED) ?? null;
  rows.delete(UNDATED);
  const periods =
    bucketer === null || period === null ? null : periodsOf(FN, [...rows.values()], bucketer, { fill, round, displayDecimals, unit: period.period }, streamsOf);
  const value = rounded(total);
  const undatedValue = undated === null ? null : rounded(undated.sum);
  return freezeResult({
    value,
    display: display(value),
    lineCount: total.count,
    currency: check.currency,
    byStream: streamsOf(streamTotals),
    byPeriod: periods === null ? null : periods.byPeriod,
    undated: undated === null || undatedValue === null ? null : { value: undatedValue, display: display(undatedValue), lineCount: undated.sum.count },
    growth: periods === null ? null : periods.growth,
    period: period === null ? null : period.period,
    timeZone: period === null ? null : period.timeZone,
    round,
  });
}
