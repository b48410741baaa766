/**
 * Average handle time.
 *
 * @module
 */
import { deepFreeze } from '../core/result.js';
import { COUNT, IssueCollector, isRecord } from '../core/validate.js';
import {
  type DurationAccumulatorFactory,
  type DurationMetricSpec,
  type DurationOptions,
  type DurationResult,
  INVALID,
  durationAccumulatorFactory,
  excludedCode,
  readDurationSettings,
  runDurationMetric,
} from './duration-metric.js';
import { type TicketMetric, ticketMetric } from './ticket-metric.js';
import { type Ticket, MAX_DURATION_MS } from './ticket.js';

/** Options of {@link averageHandleTime}. */
export type AverageHandleTimeOptions = DurationOptions;

/**
 * Input of {@link averageHandleTime}: tickets (or contacts) with `handleTimeMs`, a column of handle
 * times, or totals (`totalHandleTimeMs` over `handled` contacts).
 */
export type AverageHandleTimeInput =
  | { readonly tickets: readonly Pick<Ticket, 'handleTimeMs'>[] }
  | { readonly durations: ArrayLike<number>; readonly noHandleTime?: number }
  | { readonly totalHandleTimeMs: number; readonly handled: number };

/** Result of {@link averageHandleTime}; `excluded.noHandleTime` counts tickets without `handleTimeMs`. */
export type AverageHandleTimeResult = DurationResult<'noHandleTime'>;

const NO_HANDLE_TIME = excludedCode(0);

const spec: DurationMetricSpec<'noHandleTime'> = {
  metric: 'averageHandleTime',
  excludedKeys: ['noHandleTime'],
  fields: ['handleTimeMs'],
  required: [],
  calendar: false,
  extraOptions: {},
  read(t) {
    const ms = t['handleTimeMs'];
    if (ms === undefined || ms === null) return NO_HANDLE_TIME;
    return typeof ms === 'number' && ms >= 0 && ms <= MAX_DURATION_MS ? ms : INVALID;
  },
  explain: () => [],
};


function fromTotals(input: Record<string, unknown>, options: unknown): AverageHandleTimeResult {
  const fn = spec.metric;
  const settings = readDurationSettings(spec, options);
  const issues = new IssueCollector(fn);
  for (const key of Object.keys(input)) {
    if (key !== 'totalHandleTimeMs' && key !== 'handled') {
      issues.add({ code: 'ambiguous', path: [key], input: input[key], detail: `${fn}: ${key} cannot be given with totalHandleTimeMs and handled` });
    }
  }
  const total = input['totalHandleTimeMs'];
  const handled = input['handled'];
  if (total === undefined) issues.add({ code: 'missing', path: ['totalHandleTimeMs'], input: total, expected: 'a duration in ms' });
  else if (!(typeof total === 'number' && total >= 0 && Number.isFinite(total))) {
    issues.add({ code: typeof total === 'number' ? 'out_of_range' : 'invalid_type', path: ['totalHandleTimeMs'], input: total, expected: 'a duration in ms (a finite number ≥ 0)' });
  }
  if (handled === undefined) issues.add({ code: 'missing', path: ['handled'], input: handled, expected: 'a non-negative integer' });
  else issues.check(handled, COUNT, ['handled']);
  issues.throwIfAny();
  const n = handled as number;
  if (n === 0 && (total as number) > 0) {
    issues.add({ code: 'inconsistent', path: ['totalHandleTimeMs'], input: total, detail: `${fn}: totalHandleTimeMs (${String(total)}) cannot be positive with handled 0` });
    issues.throwIfAny();
  }
  const mean = n === 0 ? null : (total as number) / n;
  const percentiles: Record<string, null> = {};
  for (const p of settings.percentiles) percentiles[`p${String(p)}`] = null;
  return deepFreeze({
    value: mean,
    n,
    mean,
    median: null,
    percentiles,
    min: null,
    max: null,
    total: total as number,
    withinTarget: null,
    excluded: { noHandleTime: 0, invalid: 0, invalidIndices: [], invalidTickets: [] },
    time: 'calendar' as const,
  });
}

/**
 * Mergeable accumulator of {@link averageHandleTime} over tickets (`create`, `add`, `addAll`,
 * `merge`, `result`, `toJSON`, `fromJSON`).
 *
 * @example
 * ```ts
 * import { averageHandleTimeAccumulator } from 'kpi-kit';
 *
 * const acc = averageHandleTimeAccumulator.create();
 * acc.add({ handleTimeMs: 300_000 }).add({ handleTimeMs: 500_000 }).add({});
 * acc.result().value; // 400000
 * acc.result().excluded.noHandleTime; // 1
 * ```
 */
export const averageHandleTimeAccumulator: DurationAccumulatorFactory<AverageHandleTimeOptions, 'noHandleTime'> =
  /* @__PURE__ */ durationAccumulatorFactory(spec);

/**
 * Average handle time (AHT): (talk + hold + after-contact work) / handled contacts, in ms. Each
 * ticket's `handleTimeMs` is its talk + hold + after-contact work; the result also gives median,
 * percentiles, min and max. From totals (`{ totalHandleTimeMs, handled }`) only the mean exists.
 *
 * @param input - `{ tickets }`, `{ durations, noHandleTime? }` or `{ totalHandleTimeMs, handled }`.
 * @param options - {@link AverageHandleTimeOptions} (`percentiles`, `targetMs`, `onInvalid`).
 * @returns {@link AverageHandleTimeResult}; `value` is `null` when nothing was handled.
 * @throws {@link KpiInputError} for a negative, non-finite or non-numeric handle time (path
 *   `tickets[i].handleTimeMs`), or totals that are not a duration and a count.
 * @see METRICS.md §2; seeds 000 §6, 001 §5.
 *
 * @example
 * ```ts
 * import { averageHandleTime } from 'kpi-kit';
 *
 * // 6 min talk + 1 min hold + 3 min wrap-up = 10 min, and a 6-minute contact: AHT 8 min.
 * const minute = 60_000;
 * averageHandleTime({ tickets: [{ handleTimeMs: 10 * minute }, { handleTimeMs: 6 * minute }] }).value; // 480000
 * averageHandleTime({ totalHandleTimeMs: 16 * minute, handled: 2 }).value; // 480000
 * ```
 */
export const averageHandleTime: TicketMetric<(input: AverageHandleTimeInput, options?: AverageHandleTimeOptions) => AverageHandleTimeResult, typeof averageHandleTimeAccumulator> = /* @__PURE__ */ ticketMetric(
  function averageHandleTime(input: AverageHandleTimeInput, options?: AverageHandleTimeOptions): AverageHandleTimeResult {
    const record: unknown = input;
    if (isRecord(record) && (record['totalHandleTimeMs'] !== undefined || record['handled'] !== undefined)) {
      return fromTotals(record, options);
    }
    return runDurationMetric(spec, input, options);
  },
  averageHandleTimeAccumulator,
);
