/**
 * Reopens per ticket.
 *
 * @module
 */
import { type WithAccumulator, withAccumulator } from '../core/accumulator.js';
import {
  type CountDistributionInput,
  type CountDistributionOptions,
  type CountDistributionResult,
  type CountMetricSpec,
  countAccumulatorFactory,
  runCountMetric,
} from './count-distribution.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** Options of {@link reopensPerTicket}. */
export type ReopensPerTicketOptions = CountDistributionOptions;

/** Input of {@link reopensPerTicket}: tickets (their `reopenCount`), or a column of reopen counts with the count of tickets not counted. */
export type ReopensPerTicketInput = CountDistributionInput;

/** Result of {@link reopensPerTicket}; `excluded.unmeasured` counts tickets without `reopenCount`. */
export type ReopensPerTicketResult = CountDistributionResult;

const spec: CountMetricSpec = { metric: 'reopensPerTicket', field: 'reopenCount', get: (t) => t['reopenCount'], noun: 'reopens' };

/**
 * Mergeable accumulator of {@link reopensPerTicket} (`create`, `add`, `addAll`, `merge`, `result`,
 * `toJSON`, `fromJSON`; its state is the histogram); its result equals {@link reopensPerTicket}
 * over the same tickets, in any order or split, and it works in `byPeriod` and `bySegment`.
 *
 * @example
 * ```ts
 * import { reopensPerTicketAccumulator } from 'kpi-kit';
 *
 * const acc = reopensPerTicketAccumulator.create();
 * acc.addAll([{ createdAt: 0, reopenCount: 0 }, { createdAt: 0, reopenCount: 2 }]);
 * acc.result().atLeastOne; // { count: 1, share: 0.5 }
 * ```
 */
export const reopensPerTicketAccumulator: RecordMetricFactory<ReopensPerTicketOptions, ReopensPerTicketResult, TicketTimestampField> =
  /* @__PURE__ */ countAccumulatorFactory(spec);

/**
 * Reopens per ticket: the distribution over tickets of each ticket's `reopenCount` — changes from
 * solved or closed back to new, open, pending or on-hold (Zendesk's `reopens`; `ticketMetrics`
 * fills it in) — as the mean (the `value`: total reopens / tickets measured), median and
 * percentiles (R type 7), min, max, total, the tickets never reopened (`zero`) and reopened at
 * least once (`atLeastOne`), and the histogram `{ value, count }[]`. Tickets without
 * `reopenCount` are left out and counted in `excluded.unmeasured`, never taken as 0.
 *
 * `atLeastOne.count` is the numerator of `reopenRate` over the same tickets (when their `reopened`
 * flag says `reopenCount > 0`, as `ticketMetrics`' tickets do); `atLeastOne.share` divides it by
 * every measured ticket, where `reopenRate` divides by the tickets resolved at least once — the two
 * agree over tickets that were all resolved at least once.
 *
 * @param input - `{ tickets }` (each needs `createdAt`; `reopenCount` when counted) or
 *   `{ counts, unmeasured? }` (reopen counts, a number array or typed array) or
 *   `{ histogram, unmeasured? }` (tickets per count: `{ value, count }[]`, any order, as a result's
 *   `histogram` or a `GROUP BY` gives it).
 * @param options - {@link ReopensPerTicketOptions}.
 * @returns {@link ReopensPerTicketResult}; `value` is `null` when no ticket was counted.
 * @throws {@link KpiInputError} for a ticket that is not an object, a missing or malformed
 *   `createdAt`, a `reopenCount` that is not a non-negative integer (path `tickets[i].reopenCount`);
 *   with `onInvalid: 'exclude'` such tickets are left out and listed in `excluded` instead.
 * @see docs/metrics.md#reopensperticket; Zendesk API reference, Ticket Metrics (`reopens`: "Total
 *   number of times the ticket was reopened").
 *
 * @example
 * ```ts
 * import { reopensPerTicket } from 'kpi-kit';
 *
 * const r = reopensPerTicket({
 *   tickets: [
 *     { createdAt: 0, reopenCount: 0 },
 *     { createdAt: 0, reopenCount: 0 },
 *     { createdAt: 0, reopenCount: 0 },
 *     { createdAt: 0, reopenCount: 2 },
 *     { createdAt: 0 },
 *   ],
 * });
 * r.value; // 0.5
 * r.atLeastOne; // { count: 1, share: 0.25 }
 * r.max; // 2
 * r.excluded.unmeasured; // 1
 * ```
 */
export const reopensPerTicket: WithAccumulator<
  (input: ReopensPerTicketInput, options?: ReopensPerTicketOptions) => ReopensPerTicketResult,
  typeof reopensPerTicketAccumulator
> = /* @__PURE__ */ withAccumulator(function reopensPerTicket(input: ReopensPerTicketInput, options?: ReopensPerTicketOptions): ReopensPerTicketResult {
  return runCountMetric(spec, input, options);
}, reopensPerTicketAccumulator);
