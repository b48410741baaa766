/**
 * Revenue per calendar period, and its growth from one period to the next.
 *
 * @module
 */
import { ExactSum, type KpiDecimal } from '../../core/decimal.js';
import { type RoundSetting, applyRound, displayOf, divide } from '../../core/money.js';
import { fail } from '../../core/validate.js';
import type { PeriodBucketer } from '../../time/period.js';
import type { RevenueGrowth, RevenuePeriod, RevenueStream } from './types.js';

/** The most periods `fill` may list. */
const MAX_FILLED_PERIODS = 100_000;

/** The lines of one period: its ordinal, their sum, and their sums by stream. */
export interface PeriodRow {
  readonly k: number;
  readonly sum: ExactSum;
  readonly streams: Map<string | null, ExactSum>;
}

/** The change from `before` (period `from`) to `after` (period `to`), rounded as asked. */
function growthOf(from: string, to: string, before: KpiDecimal, after: KpiDecimal, round: RoundSetting | null): RevenueGrowth {
  const absolute = after.minus(before);
  const relative = divide(absolute, before.abs());
  return {
    from,
    to,
    absolute: applyRound(absolute, round),
    relative: relative === null ? null : applyRound(relative, round),
    reason: relative === null ? `the revenue of ${from} is 0: the relative change is undefined` : null,
  };
}

/** The rows in order, with the periods between the first and the last that have no lines when `fill` (at most 100,000). */
function filled(fn: string, rows: PeriodRow[], fill: boolean, unit: string): PeriodRow[] {
  rows.sort((a, b) => a.k - b.k);
  if (!fill || rows.length < 2) return rows;
  const first = (rows[0] as PeriodRow).k;
  const last = (rows[rows.length - 1] as PeriodRow).k;
  if (last - first + 1 > MAX_FILLED_PERIODS) {
    fail(fn, {
      code: 'out_of_range',
      path: ['options', 'fill'],
      input: true,
      detail: `the dates span ${last - first + 1} ${unit}s, more than ${MAX_FILLED_PERIODS} to list; check the dates or pass fill: false`,
    });
  }
  const out: PeriodRow[] = [];
  let j = 0;
  for (let k = first; k <= last; k++) {
    const row = rows[j] as PeriodRow;
    if (row.k === k) {
      out.push(row);
      j++;
    } else {
      out.push({ k, sum: new ExactSum(), streams: new Map() });
    }
  }
  return out;
}

/**
 * The periods of the rows, ascending (filled when asked), each with its revenue, its streams and
 * its growth over the row before; and the last growth.
 */
export function periodsOf(
  fn: string,
  rows: PeriodRow[],
  bucketer: PeriodBucketer,
  settings: { readonly fill: boolean; readonly round: RoundSetting | null; readonly displayDecimals: number; readonly unit: string },
  streamsOf: (streams: Map<string | null, ExactSum>) => RevenueStream[],
): { readonly byPeriod: RevenuePeriod[]; readonly growth: RevenueGrowth | null } {
  const { round } = settings;
  const byPeriod: RevenuePeriod[] = [];
  let growth: RevenueGrowth | null = null;
  let previous: { key: string; value: KpiDecimal } | null = null;
  for (const row of filled(fn, rows, settings.fill, settings.unit)) {
    const p = bucketer.period(row.k);
    const exact = row.sum.toDecimal();
    const g = previous === null ? null : growthOf(previous.key, p.key, previous.value, exact, round);
    const value = applyRound(exact, round);
    byPeriod.push({
      key: p.key,
      startMs: p.startMs,
      endMs: p.endMs,
      value,
      display: displayOf(value, settings.displayDecimals) as string,
      lineCount: row.sum.count,
      byStream: streamsOf(row.streams),
      growth: g,
    });
    previous = { key: p.key, value: exact };
    growth = g;
  }
  return { byPeriod, growth };
}
