/**
 * The protocol every ticket metric follows, so that `byPeriod` and `bySegment` can drive any of
 * them: the metric function carries its accumulator factory as `metric.accumulator`.
 *
 * @module
 */

/** An accumulator of a ticket metric, as `byPeriod` and `bySegment` drive it. */
export interface TicketAccumulator<R> {
  /** The metric it computes. */
  readonly metric: string;
  /** Tickets added so far. */
  readonly n: number;
  /** Adds one ticket; `index` names it in errors and in `excluded` (default: the count so far). */
  add(ticket: unknown, index?: number): this;
  /** Adds another accumulator of the same metric and options. */
  merge(other: TicketAccumulator<R>): this;
  /** The metric over every ticket added. */
  result(): R;
  /**
   * A hint that about `tickets` more tickets will be added or merged, so that storage (the
   * durations kept for quantiles) is sized once. Never changes a result.
   */
  reserve?(tickets: number): void;
}

/** Makes accumulators of a ticket metric. */
export interface TicketAccumulatorFactory<O, R> {
  /** A new, empty accumulator with these options. */
  create(options?: O): TicketAccumulator<R>;
}

/** A ticket metric: the function, with its accumulator factory as `accumulator`. */
export type TicketMetric<F, A> = F & { readonly accumulator: A };

/**
 * Attaches a metric's accumulator factory to the metric function (`firstResponseTime.accumulator`).
 * @internal
 */
export function ticketMetric<F extends (...args: never[]) => unknown, A>(fn: F, accumulator: A): TicketMetric<F, A> {
  return Object.assign(fn, { accumulator });
}
