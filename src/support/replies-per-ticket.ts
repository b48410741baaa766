/**
 * Replies per ticket.
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

/** Options of {@link repliesPerTicket}. */
export type RepliesPerTicketOptions = CountDistributionOptions;

/** Input of {@link repliesPerTicket}: tickets (their `replyCount`), or a column of reply counts with the count of tickets not counted. */
export type RepliesPerTicketInput = CountDistributionInput;

/** Result of {@link repliesPerTicket}; `excluded.unmeasured` counts tickets without `replyCount`. */
export type RepliesPerTicketResult = CountDistributionResult;

const spec: CountMetricSpec = { metric: 'repliesPerTicket', field: 'replyCount', get: (t) => t['replyCount'], noun: 'replies' };

/**
 * Mergeable accumulator of {@link repliesPerTicket} (`create`, `add`, `addAll`, `merge`, `result`,
 * `toJSON`, `fromJSON`; its state is the histogram); its result equals {@link repliesPerTicket}
 * over the same tickets, in any order or split, and it works in `byPeriod` and `bySegment`.
 *
 * @example
 * ```ts
 * import { repliesPerTicketAccumulator } from 'kpi-kit';
 *
 * const a = repliesPerTicketAccumulator.create().add({ createdAt: 0, replyCount: 1 });
 * const b = repliesPerTicketAccumulator.create().add({ createdAt: 0, replyCount: 3 });
 * a.merge(b).result().value; // 2
 * ```
 */
export const repliesPerTicketAccumulator: RecordMetricFactory<RepliesPerTicketOptions, RepliesPerTicketResult, TicketTimestampField> =
  /* @__PURE__ */ countAccumulatorFactory(spec);

/**
 * Replies per ticket: the distribution over tickets of each ticket's `replyCount` — public agent
 * replies, the creation comment excepted (Zendesk's `replies`; `ticketMetrics` fills it in) —
 * as the mean (the `value`: total replies / tickets measured), median and percentiles (R type 7),
 * min, max, total, the tickets with no reply (`zero`) and with at least one (`atLeastOne`), and the
 * histogram `{ value, count }[]`. Tickets without `replyCount` are left out and counted in
 * `excluded.unmeasured`, never taken as 0.
 *
 * Cost: one pass; memory one bin per distinct count (the state is the histogram, so merging is
 * exact and the JSON state small).
 *
 * @param input - `{ tickets }` (each needs `createdAt`; `replyCount` when counted) or
 *   `{ counts, unmeasured? }` (reply counts, a number array or typed array) or
 *   `{ histogram, unmeasured? }` (tickets per count: `{ value, count }[]`, any order, as a result's
 *   `histogram` or a `GROUP BY` gives it).
 * @param options - {@link RepliesPerTicketOptions}.
 * @returns {@link RepliesPerTicketResult}; `value` is `null` when no ticket was counted.
 * @throws {@link KpiInputError} for a ticket that is not an object, a missing or malformed
 *   `createdAt`, a `replyCount` that is not a non-negative integer (path `tickets[i].replyCount`);
 *   with `onInvalid: 'exclude'` such tickets are left out and listed in `excluded` instead.
 * @see docs/metrics.md#repliesperticket; Zendesk API reference, Ticket Metrics (`replies`: "The
 *   number of public replies added to a ticket by an agent").
 *
 * @example
 * ```ts
 * import { repliesPerTicket } from 'kpi-kit';
 *
 * const r = repliesPerTicket({ counts: [0, 1, 1, 2, 6] });
 * r.value; // 2
 * r.median; // 1
 * r.percentiles.p90; // 4.4
 * r.zero; // { count: 1, share: 0.2 }
 * r.histogram; // [{ value: 0, count: 1 }, { value: 1, count: 2 }, { value: 2, count: 1 }, { value: 6, count: 1 }]
 * ```
 */
export const repliesPerTicket: WithAccumulator<
  (input: RepliesPerTicketInput, options?: RepliesPerTicketOptions) => RepliesPerTicketResult,
  typeof repliesPerTicketAccumulator
> = /* @__PURE__ */ withAccumulator(function repliesPerTicket(input: RepliesPerTicketInput, options?: RepliesPerTicketOptions): RepliesPerTicketResult {
  return runCountMetric(spec, input, options);
}, repliesPerTicketAccumulator);
