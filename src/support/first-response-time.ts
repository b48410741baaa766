/**
 * First response time.
 *
 * @module
 */
import { type IssueSpec, type KpiPath } from '../core/errors.js';
import {
  type DurationCalendar,
  type DurationMetricSpec,
  type DurationOptions,
  type DurationResult,
  INVALID,
  durationAccumulatorFactory,
  excludedCode,
  runDurationMetric,
} from './duration-metric.js';
import { MAX_EPOCH_MS } from '../time/timestamp.js';
import { type Ticket, AGREEMENT_MS, MAX_DURATION_MS, type TicketColumns } from './ticket.js';
import { type WithAccumulator, withAccumulator } from '../core/accumulator.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** Options of {@link firstResponseTime}. */
export interface FirstResponseTimeOptions extends DurationOptions {
  /**
   * Count business time only, with a calendar made by `businessCalendar` (working hours per weekday,
   * holidays, a time zone). Default: calendar time. Needs `firstResponseAt` timestamps. Its zone
   * also reads zone-less timestamps unless `timeZone` is given; anything not made by
   * `businessCalendar` is rejected.
   */
  readonly calendar?: DurationCalendar;
}

/** Input of {@link firstResponseTime}: tickets, or a column of first response times. */
export type FirstResponseTimeInput =
  ({ readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns }) | { readonly durations: ArrayLike<number>; readonly unanswered?: number };

/** Result of {@link firstResponseTime}; `excluded.unanswered` counts tickets without a response. */
export type FirstResponseTimeResult = DurationResult<'unanswered'>;

const UNANSWERED = excludedCode(0);

const spec: DurationMetricSpec<'unanswered'> = {
  metric: 'firstResponseTime',
  excludedKeys: ['unanswered'],
  fields: ['createdAt', 'firstResponseAt', 'firstResponseMs'],
  required: ['createdAt'],
  calendar: true,
  extraOptions: {},
  pair: { from: 'createdAt', to: 'firstResponseAt', ms: 'firstResponseMs' },
  read(t, reader, settings) {
    // Epoch-ms numbers are read inline, in an if/else rather than a conditional expression: a number
    // field then stays an unboxed double (no HeapNumber allocated per ticket).
    const c = t['createdAt'];
    let created = NaN;
    if (typeof c === 'number') {
      if (c >= -MAX_EPOCH_MS && c <= MAX_EPOCH_MS) created = c;
    } else created = reader.read(c);
    const at = t['firstResponseAt'];
    const ms = t['firstResponseMs'];
    if (at !== undefined && at !== null) {
      let responded = NaN;
      if (typeof at === 'number') {
        if (at >= -MAX_EPOCH_MS && at <= MAX_EPOCH_MS) responded = at;
      } else responded = reader.read(at);
      const raw = responded - created;
      if (!(raw >= 0)) return INVALID;
      if (ms !== undefined && ms !== null && !(typeof ms === 'number' && ms <= MAX_DURATION_MS && Math.abs(ms - raw) <= AGREEMENT_MS)) {
        return INVALID;
      }
      return settings.calendar === null ? raw : settings.calendar.duration(created, responded);
    }
    if (created !== created) return INVALID;
    if (ms === undefined || ms === null) return UNANSWERED;
    if (!(typeof ms === 'number' && ms >= 0 && ms <= MAX_DURATION_MS) || settings.calendar !== null) return INVALID;
    return ms;
  },
  explain(t, _reader, settings, path: KpiPath): IssueSpec[] {
    // The only reason left: a duration without a timestamp while counting business time.
    return settings.calendar !== null && (t['firstResponseAt'] === undefined || t['firstResponseAt'] === null)
      ? [
          {
            code: 'missing',
            path: [...path, 'firstResponseAt'],
            input: t['firstResponseAt'],
            expected: 'a timestamp: business hours cannot be counted from firstResponseMs alone',
          },
        ]
      : [];
  },
};

/**
 * Mergeable accumulator of {@link firstResponseTime}: `create(options)`, then `add(ticket)` /
 * `addAll(tickets)`, `merge(other)`, `result()`, `toJSON()`; `fromJSON(json, options)` restores one.
 * The result equals {@link firstResponseTime} over all tickets added, in any order or split.
 *
 * @example
 * ```ts
 * import { firstResponseTimeAccumulator } from 'kpi-kit';
 *
 * const monday = firstResponseTimeAccumulator.create().add({ createdAt: 0, firstResponseMs: 60_000 });
 * const tuesday = firstResponseTimeAccumulator.create().add({ createdAt: 0, firstResponseMs: 180_000 });
 * monday.merge(tuesday).result().value; // 120000
 * ```
 */
export const firstResponseTimeAccumulator: RecordMetricFactory<
  FirstResponseTimeOptions,
  DurationResult<'unanswered'>,
  TicketTimestampField
> = /* @__PURE__ */ durationAccumulatorFactory(spec);

/**
 * First response time: for each ticket with a first response, firstResponseAt − createdAt (or its
 * `firstResponseMs`), summarised as mean (the `value`), median, percentiles, min and max, in ms.
 * Tickets still unanswered are left out of the figures and counted in `excluded.unanswered`
 * (never averaged in as zero or as "time so far").
 *
 * Variants: business hours only (`calendar`); an SLA target (`targetMs` → `withinTarget`); any
 * percentiles (`percentiles: [90, 95, 99]`, R type 7, by selection).
 *
 * Cost: one pass, O(n) expected; memory one Float64Array of the durations.
 *
 * @param input - `{ tickets }` (each needs `createdAt`, and `firstResponseAt` or `firstResponseMs`
 *   once answered) or `{ durations, unanswered? }` (durations in ms, a number array or typed array).
 * @param options - {@link FirstResponseTimeOptions}.
 * @returns {@link FirstResponseTimeResult}; `value` is `null` when no ticket was answered.
 * @throws {@link KpiInputError} for a ticket that is not an object, a missing or malformed
 *   `createdAt`, a malformed `firstResponseAt`, a response before creation, a `firstResponseMs`
 *   that is negative or disagrees with the timestamps (path `tickets[i].field`); with
 *   `onInvalid: 'exclude'` such tickets are left out and listed in `excluded` instead.
 * @see docs/metrics.md#firstresponsetime (created 08:00, first reply 10:00 → 2 h).
 *
 * @example
 * ```ts
 * import { firstResponseTime } from 'kpi-kit';
 *
 * // The worked example of docs/metrics.md#firstresponsetime: created 08:00, first reply 10:00 → 2 h; a second ticket answered in 1 h; one unanswered.
 * const frt = firstResponseTime({
 *   tickets: [
 *     { createdAt: '2024-05-06T08:00:00Z', firstResponseAt: '2024-05-06T10:00:00Z' },
 *     { createdAt: '2024-05-06T09:00:00Z', firstResponseMs: 3_600_000 },
 *     { createdAt: '2024-05-06T11:00:00Z' },
 *   ],
 * });
 * frt.value; // 5400000
 * frt.median; // 5400000
 * frt.max / 3_600_000; // 2
 * frt.excluded.unanswered; // 1
 * ```
 */
export const firstResponseTime: WithAccumulator<
  (input: FirstResponseTimeInput, options?: FirstResponseTimeOptions) => FirstResponseTimeResult,
  typeof firstResponseTimeAccumulator
> = /* @__PURE__ */ withAccumulator(function firstResponseTime(input: FirstResponseTimeInput, options?: FirstResponseTimeOptions): FirstResponseTimeResult {
  return runDurationMetric(spec, input, options);
}, firstResponseTimeAccumulator);
