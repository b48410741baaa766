/**
 * First resolution time.
 *
 * @module
 */
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
import { type Ticket, type TicketColumns } from './ticket.js';
import { type WithAccumulator, withAccumulator } from '../core/accumulator.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** Options of {@link firstResolutionTime}. */
export interface FirstResolutionTimeOptions extends DurationOptions {
  /**
   * Count business time only, with a calendar made by `businessCalendar` (working hours per weekday,
   * holidays, a time zone). Default: calendar time. Its zone also reads zone-less timestamps unless
   * `timeZone` is given.
   */
  readonly calendar?: DurationCalendar;
}

/** Input of {@link firstResolutionTime}: tickets, or a column of first resolution times with the count of tickets never resolved. */
export type FirstResolutionTimeInput =
  ({ readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns }) | { readonly durations: ArrayLike<number>; readonly unresolved?: number };

/** Result of {@link firstResolutionTime}; `excluded.unresolved` counts tickets without a first resolution. */
export type FirstResolutionTimeResult = DurationResult<'unresolved'>;

const UNRESOLVED = excludedCode(0);

const spec: DurationMetricSpec<'unresolved'> = {
  metric: 'firstResolutionTime',
  excludedKeys: ['unresolved'],
  fields: ['createdAt', 'firstResolvedAt'],
  required: ['createdAt'],
  calendar: true,
  extraOptions: {},
  pair: { from: 'createdAt', to: 'firstResolvedAt', ms: null },
  read(t, reader, settings) {
    // Epoch-ms numbers inline, in an if/else: a number field stays an unboxed double.
    const c = t['createdAt'];
    let created = NaN;
    if (typeof c === 'number') {
      if (c >= -MAX_EPOCH_MS && c <= MAX_EPOCH_MS) created = c;
    } else created = reader.read(c);
    if (created !== created) return INVALID;
    const at = t['firstResolvedAt'];
    if (at === undefined || at === null) return UNRESOLVED;
    let resolved = NaN;
    if (typeof at === 'number') {
      if (at >= -MAX_EPOCH_MS && at <= MAX_EPOCH_MS) resolved = at;
    } else resolved = reader.read(at);
    const raw = resolved - created;
    if (!(raw >= 0)) return INVALID;
    return settings.calendar === null ? raw : settings.calendar.duration(created, resolved);
  },
  // Every reason a ticket is invalid is one of the ticket's own rules (ticketIssues finds it).
  explain: () => [],
};

/**
 * Mergeable accumulator of {@link firstResolutionTime} (`create`, `add`, `addAll`, `merge`,
 * `result`, `toJSON`, `fromJSON`); its result equals {@link firstResolutionTime} over the same
 * tickets, in any order or split, and it works in `byPeriod` and `bySegment`.
 *
 * @example
 * ```ts
 * import { firstResolutionTimeAccumulator } from 'kpi-kit';
 *
 * const acc = firstResolutionTimeAccumulator.create();
 * acc.addAll([{ createdAt: 0, firstResolvedAt: 60_000 }, { createdAt: 0 }]);
 * acc.result().value; // 60000
 * acc.result().excluded.unresolved; // 1
 * ```
 */
export const firstResolutionTimeAccumulator: RecordMetricFactory<FirstResolutionTimeOptions, FirstResolutionTimeResult, TicketTimestampField> =
  /* @__PURE__ */ durationAccumulatorFactory(spec);

/**
 * First resolution time: for each ticket resolved at least once, firstResolvedAt − createdAt (the
 * time to its first resolution, even when it was reopened later), summarised as mean (the `value`),
 * median, percentiles, min, max and total, in ms. Tickets never resolved are left out and counted
 * in `excluded.unresolved` — never averaged in as zero or as "time so far". Where `resolutionTime`
 * measures to the last resolution (Zendesk's full resolution time), this measures to the first.
 *
 * Variants: business hours only (`calendar`); an SLA target (`targetMs` → `withinTarget`); any
 * percentiles (R type 7, by selection).
 *
 * @param input - `{ tickets }` (each needs `createdAt`, and `firstResolvedAt` once resolved; not
 *   before `createdAt`) or `{ durations, unresolved? }`
 *   (durations in ms, a number array or typed array).
 * @param options - {@link FirstResolutionTimeOptions}.
 * @returns {@link FirstResolutionTimeResult}; `value` is `null` when no ticket was resolved.
 * @throws {@link KpiInputError} for a ticket that is not an object, a missing or malformed
 *   `createdAt`, a malformed `firstResolvedAt`, or a first resolution before the creation (path
 *   `tickets[i].field`); with `onInvalid: 'exclude'` such tickets are left out and listed in
 *   `excluded` instead.
 * @see docs/metrics.md#firstresolutiontime; Zendesk, "About native Support time duration metrics"
 *   (first resolution time: "Duration between ticket creation and its first resolution"), Ticket
 *   Metrics API `first_resolution_time_in_minutes`.
 *
 * @example
 * ```ts
 * import { firstResolutionTime } from 'kpi-kit';
 *
 * const hour = 3_600_000;
 * const r = firstResolutionTime({
 *   tickets: [
 *     // Solved at 12:00, reopened, solved again at 16:00: the first resolution took 4 h.
 *     { createdAt: '2024-05-06T08:00:00Z', firstResolvedAt: '2024-05-06T12:00:00Z', resolvedAt: '2024-05-06T16:00:00Z' },
 *     { createdAt: '2024-05-06T09:00:00Z', firstResolvedAt: '2024-05-06T11:00:00Z' },
 *     { createdAt: '2024-05-06T10:00:00Z', status: 'open' },
 *   ],
 * });
 * r.value / hour; // 3
 * r.excluded.unresolved; // 1
 * ```
 */
export const firstResolutionTime: WithAccumulator<
  (input: FirstResolutionTimeInput, options?: FirstResolutionTimeOptions) => FirstResolutionTimeResult,
  typeof firstResolutionTimeAccumulator
> = /* @__PURE__ */ withAccumulator(function firstResolutionTime(
  input: FirstResolutionTimeInput,
  options?: FirstResolutionTimeOptions,
): FirstResolutionTimeResult {
  return runDurationMetric(spec, input, options);
}, firstResolutionTimeAccumulator);
