/**
 * The revenue accumulator: the revenue pass plugged into core's accumulator engine.
 *
 * @module
 */
import { type AccumulatorFactory, type Kernel, accumulatorFactory, problemsOf } from '../../core/accumulator.js';
import { type IssueSpec, issueSpecOf } from '../../core/errors.js';
import { RevenueState } from './lines.js';
import { readAccumulatorSettings } from './options.js';
import { FN, revenueResult } from './result.js';
import type { RevenueAccumulatorOptions, RevenueResult } from './types.js';

/** The kernel of a revenue accumulator made with `options` (validated for `fn`). */
function revenueKernel(options: unknown, fn: string): Kernel<RevenueState, RevenueResult> {
  const settings = readAccumulatorSettings(fn, options);
  return {
    metric: FN,
    options: settings.options,
    collection: 'lines',
    throwOnInvalid: false,
    init: () => new RevenueState(settings),
    add(state, record, index) {
      const found: { specs: readonly IssueSpec[] | null } = { specs: null };
      state.addAll([record], index, (_, specs) => {
        found.specs = problemsOf(specs);
      });
      return found.specs;
    },
    addAll: (state, records, base, reject) => state.addAll(records, base, reject),
    merge: (into, from) => into.merge(from),
    result: (state, invalid) =>
      revenueResult(
        state,
        invalid.listed.map((r) => ({ index: r.index, specs: r.issues.map(issueSpecOf) })),
        invalid.count,
      ),
    toJSON: (state) => state.toJSON(),
    restore(json, issues, invalid) {
      const state = RevenueState.restore(json, settings, issues);
      // Lines that carried a currency but were invalid for another reason are invalid lines
      // (checked once the rest is sound, so that one problem is not reported twice).
      if (!issues.ok) return state;
      const indices = new Set(invalid.indices);
      for (const [code, c] of state.currencies.byCode) {
        if (c.invalid > invalid.count || c.firstInvalid.some((i) => !indices.has(i))) {
          issues.add({
            code: 'inconsistent',
            path: ['state', 'currencies'],
            input: code,
            detail: `state.currencies: the invalid lines carrying ${code} (${c.invalid}) must be among the invalid lines (${invalid.count})`,
          });
        }
      }
      return state;
    },
    counted: (state) => state.cells.counted(),
  };
}

/**
 * A mergeable accumulator of {@link revenue} (also `revenue.accumulator`), on kpi-kit's one
 * accumulator contract: `create(options)`, then `add(line)` / `addAll(lines)`, `merge` other
 * accumulators, and `result()`, which equals `revenue({ lines, currency }, options)` over every line
 * added and merged, whatever the split and order. `toJSON()` is the versioned state of every
 * accumulator (`{ format, version, metric: 'revenue', options, seen, invalid, state }`), small and
 * plain — per period and stream an exact decimal string and a line count, per currency code a count
 * and the first indices — so shards reduced in workers, edge functions or a job queue merge exactly
 * through `revenueAccumulator.fromJSON(json)`, which needs nothing else: the options travel in the
 * state, normalised (`period`, `timeZone`, `weekStartsOn` for weeks and `fill` with a period;
 * `round` with its mode; `displayDecimals` when not 2; `currency`).
 *
 * Invalid lines do not throw when added: like {@link revenue}, `result()` throws one
 * {@link KpiInputError} listing the first 100 problems by line index (and counting all), as one
 * pass over the lines in index order finds them — including lines whose currency differs from the
 * input's or from the first line's that carries one. Lines are indexed by their position: `add`
 * gives the next index (`n`), `addAll(lines, offset)` gives line `i` the index `offset + i` (`offset`
 * defaults to `n`); give the shards of one array their offsets for the errors to name the lines as
 * one pass would. The state keeps a listed problem's message, and its input only when that is a
 * JSON value (a string, a finite number, a boolean or null).
 *
 * Options: those of {@link revenue}, and `currency` (the input's currency code).
 *
 * Cost: `addAll` is the loop of {@link revenue}; `merge` and `result` are linear in the cells
 * (periods × streams) and the currency codes.
 *
 * @throws {@link KpiInputError} from `create` for invalid options (as {@link revenue}); from `add`
 *   for an index that is not a non-negative integer; from `addAll` when `lines` is not an array or
 *   `offset` not a non-negative integer; from `merge`, with code `'incompatible'`, for an accumulator
 *   made with other (normalised) options, naming the first that differs; from `fromJSON` for a
 *   state that is not one `toJSON()` writes (format, version, options not normalised, counts that
 *   are negative, fractional or inconsistent, sums that are not exact decimal strings, ...); from
 *   `result` for invalid lines.
 * @see docs/metrics.md#revenue
 *
 * @example
 * ```ts
 * import { revenue, revenueAccumulator } from 'kpi-kit';
 *
 * const january = revenueAccumulator.create({ period: 'month', currency: 'EUR' });
 * january.addAll([
 *   { amount: 0.1, stream: 'subscriptions', date: '2024-01-15' },
 *   { amount: '0.2', stream: 'subscriptions', date: '2024-01-20' },
 * ]);
 * const february = revenueAccumulator.create({ period: 'month', currency: 'EUR' });
 * february.addAll([{ amount: '100.00', stream: 'add-ons', date: '2024-02-03' }], 2);
 *
 * const shipped = JSON.parse(JSON.stringify(february)); // e.g. from a worker
 * shipped.options; // { period: 'month', timeZone: 'UTC', fill: true, currency: 'EUR' }
 * shipped.state.cells; // [{ period: '2024-02', startMs: 1706745600000, stream: 'add-ons', value: '100', lineCount: 1 }]
 * const r = january.merge(revenueAccumulator.fromJSON(shipped)).result();
 * r.value.toString(); // '100.3'
 * r.byPeriod?.map((p) => p.key); // ['2024-01', '2024-02']
 * january.n; // 3
 * revenue.accumulator === revenueAccumulator; // true
 * ```
 */
export const revenueAccumulator: AccumulatorFactory<RevenueAccumulatorOptions, RevenueResult> = /* @__PURE__ */ accumulatorFactory<
  RevenueAccumulatorOptions,
  RevenueResult
>(FN, revenueKernel);
