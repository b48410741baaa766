/**
 * Agent work time.
 *
 * @module
 */
import { type WithAccumulator, withAccumulator } from '../core/accumulator.js';
import { durationAccumulatorFactory, runDurationMetric } from './duration-metric.js';
import { type StatusDurationInput, type StatusDurationOptions, type StatusDurationResult, statusDurationSpec } from './status-duration.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** Options of {@link agentWorkTime}: those of the duration metrics, without `calendar` (the clock was chosen when `agentWorkMs` was measured). */
export type AgentWorkTimeOptions = StatusDurationOptions;

/** Input of {@link agentWorkTime}: tickets (their `agentWorkMs`), or a column of durations in ms with the count of tickets not measured. */
export type AgentWorkTimeInput = StatusDurationInput;

/** Result of {@link agentWorkTime}; `excluded.unmeasured` counts tickets without `agentWorkMs`. */
export type AgentWorkTimeResult = StatusDurationResult;

const spec = statusDurationSpec('agentWorkTime', 'agentWorkMs', (t) => t['agentWorkMs']);

/**
 * Mergeable accumulator of {@link agentWorkTime} (`create`, `add`, `addAll`, `merge`, `result`, `toJSON`,
 * `fromJSON`); its result equals {@link agentWorkTime} over the same tickets, in any order or split, and
 * it works in `byPeriod` and `bySegment`.
 *
 * @example
 * ```ts
 * import { agentWorkTimeAccumulator } from 'kpi-kit';
 *
 * const a = agentWorkTimeAccumulator.create().add({ createdAt: 0, agentWorkMs: 60_000 });
 * const b = agentWorkTimeAccumulator.create().add({ createdAt: 0, agentWorkMs: 180_000 });
 * a.merge(b).result().value; // 120000
 * ```
 */
export const agentWorkTimeAccumulator: RecordMetricFactory<AgentWorkTimeOptions, AgentWorkTimeResult, TicketTimestampField> =
  /* @__PURE__ */ durationAccumulatorFactory(spec);

/**
 * Agent work time over tickets: each ticket's `agentWorkMs` (time in `new` and `open`, as the help desk
 * reports it per ticket, or as `ticketMetrics` fills it in), summarised as mean (the `value`),
 * median, percentiles, min, max and total, in ms. Tickets without `agentWorkMs` were not measured (a
 * ticket with no status change yet, an export without the column): they are left out of the figures
 * and counted in `excluded.unmeasured`, never averaged in as zero.
 *
 * There is no `calendar` option: the durations are summed status intervals, so the clock (calendar
 * or business hours) is the one they were measured in — the export's, or `ticketMetrics`'
 * `ticketClock` option. Variants: an SLA target (`targetMs` → `withinTarget`); any percentiles
 * (R type 7, by selection).
 *
 * @param input - `{ tickets }` (each needs `createdAt`; `agentWorkMs` when measured) or
 *   `{ durations, unmeasured? }` (durations in ms, a number array or typed array).
 * @param options - {@link AgentWorkTimeOptions}.
 * @returns {@link AgentWorkTimeResult}; `value` is `null` when no ticket was measured.
 * @throws {@link KpiInputError} for a ticket that is not an object, a missing or malformed
 *   `createdAt`, a `agentWorkMs` that is not a duration (a finite number from 0 to 100 years) (path
 *   `tickets[i].field`); with `onInvalid: 'exclude'` such tickets are left out and listed in
 *   `excluded` instead.
 * @see docs/metrics.md#agentworktime; Zendesk Ticket Metric Events API: `agent_work_time` is active in New and Open and pauses "when a ticket status is changed to pending or on-hold".
 *
 * @example
 * ```ts
 * import { agentWorkTime } from 'kpi-kit';
 *
 * const H = 3_600_000;
 * const r = agentWorkTime({ tickets: [{ createdAt: 0, agentWorkMs: H }, { createdAt: 0, agentWorkMs: 3 * H }] });
 * r.value / H; // 2
 * r.n; // 2
 * ```
 */
export const agentWorkTime: WithAccumulator<
  (input: AgentWorkTimeInput, options?: AgentWorkTimeOptions) => AgentWorkTimeResult,
  typeof agentWorkTimeAccumulator
> = /* @__PURE__ */ withAccumulator(function agentWorkTime(input: AgentWorkTimeInput, options?: AgentWorkTimeOptions): AgentWorkTimeResult {
  return runDurationMetric(spec, input, options);
}, agentWorkTimeAccumulator);
