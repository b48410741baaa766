/**
 * The protocol every record metric follows (ticket metrics, and the contact-centre metrics measured
 * from contacts), so that `byPeriod` and `bySegment` can drive any of them: the metric function
 * carries its accumulator factory as `metric.accumulator`, and the factory may say which records it
 * reads (`records`; tickets when absent).
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

/**
 * The records a metric reads, as `byPeriod` and `bySegment` need to know them: their name, the
 * timestamp fields that can place a record in a period (the first is the default `at`), and the
 * timestamp every record needs, which the metric itself checks.
 */
export interface MetricRecords<F extends string = string> {
  /** One record's name in messages: `'ticket'`, `'contact'`. */
  readonly record: string;
  /** The records' name in inputs and error paths: `'tickets'`, `'contacts'`. */
  readonly collection: string;
  /** The timestamp fields `byPeriod` can place records by; the first is the default. */
  readonly timestampFields: readonly F[];
  /**
   * The timestamp every record needs: placed by it, a record where it is missing or unreadable is
   * left undated, so that the metric reports it as invalid (under its `onInvalid`).
   */
  readonly required: F;
}

/** Makes accumulators of a ticket metric (or of another record metric, named by `records`). */
export interface TicketAccumulatorFactory<O, R, F extends string = string> {
  /** A new, empty accumulator with these options. */
  create(options?: O): TicketAccumulator<R>;
  /** The records the metric reads; absent for ticket metrics (tickets, placed by `createdAt` by default). */
  readonly records?: MetricRecords<F>;
}

/**
 * The records of every ticket metric: tickets, placed by `createdAt` (required) by default, or by
 * `firstResponseAt`, `resolvedAt` or `closedAt`.
 * @internal
 */
export const TICKET_RECORDS: MetricRecords<'createdAt' | 'firstResponseAt' | 'resolvedAt' | 'closedAt'> = Object.freeze({
  record: 'ticket',
  collection: 'tickets',
  timestampFields: Object.freeze(['createdAt', 'firstResponseAt', 'resolvedAt', 'closedAt'] as const),
  required: 'createdAt',
});

/**
 * The records a metric's accumulator factory declares, or {@link TICKET_RECORDS} when it declares
 * none (or something that is not a well-formed declaration).
 * @internal
 */
export function recordsOf(factory: unknown): MetricRecords {
  const r = (factory as { records?: unknown } | null | undefined)?.records as Partial<MetricRecords> | null | undefined;
  if (
    typeof r === 'object' &&
    r !== null &&
    typeof r.record === 'string' &&
    typeof r.collection === 'string' &&
    Array.isArray(r.timestampFields) &&
    r.timestampFields.length > 0 &&
    r.timestampFields.every((f) => typeof f === 'string') &&
    typeof r.required === 'string'
  ) {
    return r as MetricRecords;
  }
  return TICKET_RECORDS;
}

/** A ticket metric (or another record metric): the function, with its accumulator factory as `accumulator`. */
export type TicketMetric<F, A> = F & { readonly accumulator: A };

/**
 * Attaches a metric's accumulator factory to the metric function (`firstResponseTime.accumulator`).
 * @internal
 */
export function ticketMetric<F extends (...args: never[]) => unknown, A>(fn: F, accumulator: A): TicketMetric<F, A> {
  return Object.assign(fn, { accumulator });
}
