/**
 * Agent wait time.
 *
 * @module
 */
import { type WithAccumulator, withAccumulator } from '../core/accumulator.js';
import { durationAccumulatorFactory, runDurationMetric } from './duration-metric.js';
import { type StatusDurationInput, type StatusDurationOptions, type StatusDurationResult, statusDurationSpec } from './status-duration.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** Options of {@link agentWaitTime}: those of the duration metrics, without `calendar` (the clock was chosen when `agentWaitMs` was measured). */
export type AgentWaitTimeOptions = StatusDurationOptions;

/** Input of {@link agentWaitTime}: tickets (their `agentWaitMs`), or a column of durations in ms with the count of tickets not measured. */
export type AgentWaitTimeInput = StatusDurationInput;

/** Result of {@link agentWaitTime}; `excluded.unmeasured` counts tickets without `agentWaitMs`. */
export type AgentWaitTimeResult = StatusDurationResult;

const spec = statusDurationSpec('agentWaitTime', 'agentWaitMs', (t) => t['agentWaitMs']);

/**
 * Mergeable accumulator of {@link agentWaitTime} (`create`, `add`, `addAll`, `merge`, `result`, `toJSON`,
 * `fromJSON`); its result equals {@link agentWaitTime} over the same tickets, in any order or split, and
 * it works in `byPeriod` and `bySegment`.
 *
 * @example
 * ```ts
 * import { agentWaitTimeAccumulator } from 'kpi-kit';
 *
 * const a = agentWaitTimeAccumulator.create().add({ createdAt: 0, agentWaitMs: 60_000 });
 * const b = agentWaitTimeAccumulator.create().add({ createdAt: 0, agentWaitMs: 180_000 });
 * a.merge(b).result().value; // 120000
 * ```
 */
export const agentWaitTimeAccumulator: RecordMetricFactory<AgentWaitTimeOptions, AgentWaitTimeResult, TicketTimestampField> =
  /* @__PURE__ */ durationAccumulatorFactory(spec);

/**
 * Agent wait time over tickets: each ticket's `agentWaitMs` (time in `pending`, as the help desk
 * reports it per ticket, or as `ticketMetrics` fills it in), summarised as mean (the `value`),
 * median, percentiles, min, max and total, in ms. Tickets without `agentWaitMs` were not measured (a
 * ticket with no status change yet, an export without the column): they are left out of the figures
 * and counted in `excluded.unmeasured`, never averaged in as zero.
 *
 * There is no `calendar` option: the durations are summed status intervals, so the clock (calendar
 * or business hours) is the one they were measured in — the export's, or `ticketMetrics`'
 * `ticketClock` option. Variants: an SLA target (`targetMs` → `withinTarget`); any percentiles
 * (R type 7, by selection).
 *
 * @param input - `{ tickets }` (each needs `createdAt`; `agentWaitMs` when measured) or
 *   `{ durations, unmeasured? }` (durations in ms, a number array or typed array).
 * @param options - {@link AgentWaitTimeOptions}.
 * @returns {@link AgentWaitTimeResult}; `value` is `null` when no ticket was measured.
 * @throws {@link KpiInputError} for a ticket that is not an object, a missing or malformed
 *   `createdAt`, a `agentWaitMs` that is not a duration (a finite number from 0 to 100 years) (path
 *   `tickets[i].field`); with `onInvalid: 'exclude'` such tickets are left out and listed in
 *   `excluded` instead.
 * @see docs/metrics.md#agentwaittime; Zendesk "About native Support time duration metrics": "the combined total time spent in the Pending status"; Ticket Metrics API `agent_wait_time_in_minutes`.
 *
 * @example
 * ```ts
 * import { agentWaitTime } from 'kpi-kit';
 *
 * const H = 3_600_000;
 * const r = agentWaitTime({ tickets: [{ createdAt: 0, agentWaitMs: 2 * H }, { createdAt: 0, agentWaitMs: 0 }, { createdAt: 0, agentWaitMs: null }] });
 * r.value / H; // 1
 * r.excluded.unmeasured; // 1
 * ```
 */
export const agentWaitTime: WithAccumulator<
  (input: AgentWaitTimeInput, options?: AgentWaitTimeOptions) => AgentWaitTimeResult,
  typeof agentWaitTimeAccumulator
> = /* @__PURE__ */ withAccumulator(function agentWaitTime(input: AgentWaitTimeInput, options?: AgentWaitTimeOptions): AgentWaitTimeResult {
  return runDurationMetric(spec, input, options);
}, agentWaitTimeAccumulator);
