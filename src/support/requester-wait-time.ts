/**
 * Requester wait time.
 *
 * @module
 */
import { type WithAccumulator, withAccumulator } from '../core/accumulator.js';
import { durationAccumulatorFactory, runDurationMetric } from './duration-metric.js';
import { type StatusDurationInput, type StatusDurationOptions, type StatusDurationResult, statusDurationSpec } from './status-duration.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** Options of {@link requesterWaitTime}: those of the duration metrics, without `calendar` (the clock was chosen when `requesterWaitMs` was measured). */
export type RequesterWaitTimeOptions = StatusDurationOptions;

/** Input of {@link requesterWaitTime}: tickets (their `requesterWaitMs`), or a column of durations in ms with the count of tickets not measured. */
export type RequesterWaitTimeInput = StatusDurationInput;

/** Result of {@link requesterWaitTime}; `excluded.unmeasured` counts tickets without `requesterWaitMs`. */
export type RequesterWaitTimeResult = StatusDurationResult;

const spec = statusDurationSpec('requesterWaitTime', 'requesterWaitMs', (t) => t['requesterWaitMs']);

/**
 * Mergeable accumulator of {@link requesterWaitTime} (`create`, `add`, `addAll`, `merge`, `result`, `toJSON`,
 * `fromJSON`); its result equals {@link requesterWaitTime} over the same tickets, in any order or split, and
 * it works in `byPeriod` and `bySegment`.
 *
 * @example
 * ```ts
 * import { requesterWaitTimeAccumulator } from 'kpi-kit';
 *
 * const a = requesterWaitTimeAccumulator.create().add({ createdAt: 0, requesterWaitMs: 60_000 });
 * const b = requesterWaitTimeAccumulator.create().add({ createdAt: 0, requesterWaitMs: 180_000 });
 * a.merge(b).result().value; // 120000
 * ```
 */
export const requesterWaitTimeAccumulator: RecordMetricFactory<RequesterWaitTimeOptions, RequesterWaitTimeResult, TicketTimestampField> =
  /* @__PURE__ */ durationAccumulatorFactory(spec);

/**
 * Requester wait time over tickets: each ticket's `requesterWaitMs` (time in `new`, `open` and `on-hold`, as the help desk
 * reports it per ticket, or as `ticketMetrics` fills it in), summarised as mean (the `value`),
 * median, percentiles, min, max and total, in ms. Tickets without `requesterWaitMs` were not measured (a
 * ticket with no status change yet, an export without the column): they are left out of the figures
 * and counted in `excluded.unmeasured`, never averaged in as zero.
 *
 * There is no `calendar` option: the durations are summed status intervals, so the clock (calendar
 * or business hours) is the one they were measured in — the export's, or `ticketMetrics`'
 * `ticketClock` option. Variants: an SLA target (`targetMs` → `withinTarget`); any percentiles
 * (R type 7, by selection).
 *
 * @param input - `{ tickets }` (each needs `createdAt`; `requesterWaitMs` when measured) or
 *   `{ durations, unmeasured? }` (durations in ms, a number array or typed array).
 * @param options - {@link RequesterWaitTimeOptions}.
 * @returns {@link RequesterWaitTimeResult}; `value` is `null` when no ticket was measured.
 * @throws {@link KpiInputError} for a ticket that is not an object, a missing or malformed
 *   `createdAt`, a `requesterWaitMs` that is not a duration (a finite number from 0 to 100 years) (path
 *   `tickets[i].field`); with `onInvalid: 'exclude'` such tickets are left out and listed in
 *   `excluded` instead.
 * @see docs/metrics.md#requesterwaittime; Zendesk "About native Support time duration metrics": "the combined total time spent in the New, Open, and On-hold statuses"; Ticket Metrics API `requester_wait_time_in_minutes`.
 *
 * @example
 * ```ts
 * import { requesterWaitTime } from 'kpi-kit';
 *
 * const H = 3_600_000;
 * const r = requesterWaitTime({ tickets: [{ createdAt: 0, requesterWaitMs: 3 * H }, { createdAt: 0, requesterWaitMs: 5 * H }, { createdAt: 0 }] });
 * r.value / H; // 4
 * r.excluded.unmeasured; // 1
 * ```
 */
export const requesterWaitTime: WithAccumulator<
  (input: RequesterWaitTimeInput, options?: RequesterWaitTimeOptions) => RequesterWaitTimeResult,
  typeof requesterWaitTimeAccumulator
> = /* @__PURE__ */ withAccumulator(function requesterWaitTime(input: RequesterWaitTimeInput, options?: RequesterWaitTimeOptions): RequesterWaitTimeResult {
  return runDurationMetric(spec, input, options);
}, requesterWaitTimeAccumulator);
