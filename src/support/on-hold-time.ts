/**
 * On-hold time.
 *
 * @module
 */
import { type WithAccumulator, withAccumulator } from '../core/accumulator.js';
import { durationAccumulatorFactory, runDurationMetric } from './duration-metric.js';
import { type StatusDurationInput, type StatusDurationOptions, type StatusDurationResult, statusDurationSpec } from './status-duration.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** Options of {@link onHoldTime}: those of the duration metrics, without `calendar` (the clock was chosen when `onHoldMs` was measured). */
export type OnHoldTimeOptions = StatusDurationOptions;

/** Input of {@link onHoldTime}: tickets (their `onHoldMs`), or a column of durations in ms with the count of tickets not measured. */
export type OnHoldTimeInput = StatusDurationInput;

/** Result of {@link onHoldTime}; `excluded.unmeasured` counts tickets without `onHoldMs`. */
export type OnHoldTimeResult = StatusDurationResult;

const spec = statusDurationSpec('onHoldTime', 'onHoldMs', (t) => t['onHoldMs']);

/**
 * Mergeable accumulator of {@link onHoldTime} (`create`, `add`, `addAll`, `merge`, `result`, `toJSON`,
 * `fromJSON`); its result equals {@link onHoldTime} over the same tickets, in any order or split, and
 * it works in `byPeriod` and `bySegment`.
 *
 * @example
 * ```ts
 * import { onHoldTimeAccumulator } from 'kpi-kit';
 *
 * const a = onHoldTimeAccumulator.create().add({ createdAt: 0, onHoldMs: 60_000 });
 * const b = onHoldTimeAccumulator.create().add({ createdAt: 0, onHoldMs: 180_000 });
 * a.merge(b).result().value; // 120000
 * ```
 */
export const onHoldTimeAccumulator: RecordMetricFactory<OnHoldTimeOptions, OnHoldTimeResult, TicketTimestampField> =
  /* @__PURE__ */ durationAccumulatorFactory(spec);

/**
 * On-hold time over tickets: each ticket's `onHoldMs` (time in `on-hold`, as the help desk
 * reports it per ticket, or as `ticketMetrics` fills it in), summarised as mean (the `value`),
 * median, percentiles, min, max and total, in ms. Tickets without `onHoldMs` were not measured (a
 * ticket with no status change yet, an export without the column): they are left out of the figures
 * and counted in `excluded.unmeasured`, never averaged in as zero.
 *
 * There is no `calendar` option: the durations are summed status intervals, so the clock (calendar
 * or business hours) is the one they were measured in — the export's, or `ticketMetrics`'
 * `ticketClock` option. Variants: an SLA target (`targetMs` → `withinTarget`); any percentiles
 * (R type 7, by selection).
 *
 * @param input - `{ tickets }` (each needs `createdAt`; `onHoldMs` when measured) or
 *   `{ durations, unmeasured? }` (durations in ms, a number array or typed array).
 * @param options - {@link OnHoldTimeOptions}.
 * @returns {@link OnHoldTimeResult}; `value` is `null` when no ticket was measured.
 * @throws {@link KpiInputError} for a ticket that is not an object, a missing or malformed
 *   `createdAt`, a `onHoldMs` that is not a duration (a finite number from 0 to 100 years) (path
 *   `tickets[i].field`); with `onInvalid: 'exclude'` such tickets are left out and listed in
 *   `excluded` instead.
 * @see docs/metrics.md#onholdtime; Zendesk "About native Support time duration metrics": "the combined total time spent in the On-hold status"; Ticket Metrics API `on_hold_time_in_minutes`.
 *
 * @example
 * ```ts
 * import { onHoldTime } from 'kpi-kit';
 *
 * const H = 3_600_000;
 * const r = onHoldTime({ tickets: [{ createdAt: 0, onHoldMs: 0 }, { createdAt: 0, onHoldMs: 0 }, { createdAt: 0, onHoldMs: 6 * H }] });
 * r.value / H; // 2
 * r.median; // 0
 * ```
 */
export const onHoldTime: WithAccumulator<(input: OnHoldTimeInput, options?: OnHoldTimeOptions) => OnHoldTimeResult, typeof onHoldTimeAccumulator> =
  /* @__PURE__ */ withAccumulator(function onHoldTime(input: OnHoldTimeInput, options?: OnHoldTimeOptions): OnHoldTimeResult {
    return runDurationMetric(spec, input, options);
  }, onHoldTimeAccumulator);
